//! Reload triggers besides `/reload`: SIGHUP, and (with `knowledge.watch = true`) a poller that
//! notices changed files. Polling mtimes every few seconds costs nothing for a folder of TOML
//! and text files and needs no platform-specific watcher dependency.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::reload;
use super::state::Data;

/// Every file under a directory with its modification time and size, sorted: what the
/// watcher compares from one poll to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint(Vec<(PathBuf, Option<SystemTime>, u64)>);

impl Fingerprint {
    fn read_now(dir: &Path) -> Fingerprint {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let Ok(meta) = entry.metadata() else { continue };
                if meta.is_dir() {
                    stack.push(path);
                } else {
                    out.push((path, meta.modified().ok(), meta.len()));
                }
            }
        }
        out.sort();
        Fingerprint(out)
    }

    /// Reads `dir`'s fingerprint on a blocking thread.
    pub async fn read(dir: PathBuf) -> Fingerprint {
        tokio::task::spawn_blocking(move || Fingerprint::read_now(&dir))
            .await
            .unwrap_or(Fingerprint(Vec::new()))
    }
}

/// Polls the knowledge directory; reloads once a change has settled (two equal polls), so an
/// editor's several writes make one reload, not a burst of failing half-written ones.
/// `loaded` is the directory as it was when the serving base was read.
pub async fn watch_dir(data: Data, loaded: Fingerprint) {
    let dir = data.config.knowledge.dir.clone();
    let interval = Duration::from_secs(data.config.knowledge.watch_interval_secs);
    let mut last = loaded;
    tracing::info!(dir = %dir.display(), interval_secs = interval.as_secs(), "watching the knowledge directory");
    loop {
        tokio::time::sleep(interval).await;
        let now = Fingerprint::read(dir.clone()).await;
        if now == last {
            continue;
        }
        // Wait until the files stop changing.
        let mut settled = now;
        loop {
            tokio::time::sleep(interval).await;
            let again = Fingerprint::read(dir.clone()).await;
            if again == settled {
                break;
            }
            settled = again;
        }
        last = settled;
        // Errors are logged by reload itself; the old base keeps serving.
        let _ = reload::reload(&data, "file watcher").await;
    }
}

/// Reloads on every SIGHUP, the conventional "re-read your config" signal.
#[cfg(unix)]
pub async fn reload_on_sighup(data: Data) {
    use tokio::signal::unix::{signal, SignalKind};
    let mut hup = match signal(SignalKind::hangup()) {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "cannot listen for SIGHUP; reload with /reload instead");
            return;
        }
    };
    while hup.recv().await.is_some() {
        let _ = reload::reload_and_announce(&data, "SIGHUP").await;
    }
}

#[cfg(not(unix))]
pub async fn reload_on_sighup(_data: Data) {}
