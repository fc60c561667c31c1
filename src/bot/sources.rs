//! Admins add and remove articles from Discord (`/source add`, `/source remove`).
//!
//! Adding drafts the article into a staging copy of the knowledge directory, validates that
//! whole base, moves the new source into place, and reloads (the swap is the same atomic one as
//! `/reload`). Nothing is changed unless every step succeeds, so on any error the old base keeps
//! serving. Adds and removes are serialised by `State::source_lock`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use thiserror::Error;

use crate::draft;
use crate::knowledge::{self, load_dir};

use super::reload::{self, ReloadReport};
use super::state::State;

/// Largest article accepted.
pub const MAX_ARTICLE_BYTES: usize = 200 * 1024;
/// Longest source id accepted.
const MAX_ID_CHARS: usize = 64;

#[derive(Debug, Error)]
pub enum SourceError {
    #[error("the file must be a plain-text article (.txt, UTF-8): {0}")]
    NotText(String),
    #[error("the article is {0} bytes; the limit is 200 KB ({MAX_ARTICLE_BYTES} bytes)")]
    TooLarge(usize),
    #[error("published date {0}")]
    BadDate(#[from] knowledge::DateError),
    #[error(
        "\"{0}\" is not a usable source id: use lowercase letters, digits and '-' (at most 64)"
    )]
    BadId(String),
    #[error("the file name \"{0}\" is not acceptable (no paths, backslashes or NUL)")]
    BadFileName(String),
    #[error("a source \"{0}\" already exists; remove it first or pick another id")]
    Duplicate(String),
    #[error("there is no source \"{0}\"")]
    NotFound(String),
    #[error("the drafted article did not pass the check:\n{}", .0.join("\n"))]
    Check(Vec<String>),
    #[error("drafting failed: {0}")]
    Draft(#[from] draft::DraftError),
    #[error("cannot download the attachment: {0}")]
    Download(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("reloading failed; the previous base keeps serving:\n{}", .0.join("\n"))]
    Reload(Vec<String>),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SourceError + '_ {
    move |source| SourceError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A source id that stays inside `sources/`: lowercase ASCII letters, digits and '-'.
pub fn check_id(id: &str) -> Result<(), SourceError> {
    let ok = !id.is_empty()
        && id.chars().count() <= MAX_ID_CHARS
        && !id.starts_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(SourceError::BadId(id.replace('\0', "\\0")))
    }
}

/// An attachment's name: one plain file name ending in `.txt`. Returns its stem (the default id).
pub fn check_file_name(name: &str) -> Result<&str, SourceError> {
    let escapes = name.is_empty()
        || name.contains(['/', '\\', '\0'])
        || name.contains("..")
        || name.starts_with('.');
    if escapes {
        return Err(SourceError::BadFileName(name.replace('\0', "\\0")));
    }
    let lower = name.to_ascii_lowercase();
    if !lower.ends_with(".txt") {
        return Err(SourceError::NotText(format!(
            "\"{name}\" does not end in .txt"
        )));
    }
    Ok(&name[..name.len() - 4])
}

/// The article's text: at most 200 KB of UTF-8 without NUL bytes.
pub fn check_text(bytes: Vec<u8>, content_type: Option<&str>) -> Result<String, SourceError> {
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Err(SourceError::TooLarge(bytes.len()));
    }
    if let Some(ct) = content_type {
        if !ct.trim().to_ascii_lowercase().starts_with("text/") {
            return Err(SourceError::NotText(format!("its type is {ct}")));
        }
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| SourceError::NotText("it is not UTF-8 text".into()))?;
    if text.contains('\0') {
        return Err(SourceError::NotText("it holds NUL bytes".into()));
    }
    if text.trim().is_empty() {
        return Err(SourceError::NotText("it is empty".into()));
    }
    Ok(text)
}

/// The knowledge base's own reading, so `/source add` refuses what `check` would.
pub fn parse_date(published: &str) -> Result<NaiveDate, SourceError> {
    Ok(knowledge::parse_date(published)?)
}

/// What `/source add` reports.
#[derive(Debug, Clone)]
pub struct Added {
    pub id: String,
    pub title: String,
    pub facts: usize,
    pub topics: Vec<String>,
    pub reused_topics: Vec<String>,
    /// The first lines of the extractive summary.
    pub summary: Vec<String>,
    pub report: ReloadReport,
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), SourceError> {
    std::fs::create_dir_all(to).map_err(io(to))?;
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        let name = entry.file_name();
        // Staging and partial folders of other operations are not part of the base.
        if name.to_string_lossy().starts_with(".incoming-") {
            continue;
        }
        let target = to.join(&name);
        let kind = entry.file_type().map_err(io(&entry.path()))?;
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target).map_err(io(&target))?;
        }
    }
    Ok(())
}

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Drafts `text` as source `meta.id`, validates the whole new base, saves the source under the
/// knowledge directory and reloads. `who` names the admin, for logs.
pub async fn add(
    state: &State,
    text: String,
    meta: draft::Meta,
    who: &str,
) -> Result<Added, SourceError> {
    check_id(&meta.id)?;
    let _one_at_a_time = state.source_lock.lock().await;
    let kb = state.config.knowledge.dir.clone();
    let target = kb.join("sources").join(&meta.id);
    if target.exists() {
        return Err(SourceError::Duplicate(meta.id.clone()));
    }
    let staging = Scratch(state.config.data_dir.join(format!(
        "staging-{}-{}",
        meta.id,
        crate::store::now_ms()
    )));
    // Draft and validate off the async runtime: copying and loading are blocking work.
    let staged = staging.0.clone();
    let kb_copy = kb.clone();
    let id = meta.id.clone();
    let drafted = tokio::task::spawn_blocking(move || -> Result<draft::Draft, SourceError> {
        copy_tree(&kb_copy, &staged)?;
        let d = draft::write(&staged, &text, &meta, false)?;
        if let Err(e) = load_dir(&staged) {
            return Err(SourceError::Check(
                e.diagnostics.iter().map(|d| d.to_string()).collect(),
            ));
        }
        // Move the new source next to `sources/`, then rename it in: one atomic step, so a
        // reload never sees half a source.
        let partial = kb_copy.join(format!(".incoming-{id}"));
        let _ = std::fs::remove_dir_all(&partial);
        copy_tree(&staged.join("sources").join(&id), &partial)?;
        let target = kb_copy.join("sources").join(&id);
        if target.exists() {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(SourceError::Duplicate(id));
        }
        std::fs::rename(&partial, &target).map_err(io(&target))?;
        Ok(d)
    })
    .await
    .map_err(|e| SourceError::Io {
        path: kb.clone(),
        source: std::io::Error::other(e.to_string()),
    })??;
    drop(staging);

    let trigger = format!("/source add {} by {who}", drafted.meta.id);
    match reload::reload_and_announce(state, &trigger).await {
        Ok(report) => {
            let sentences: Vec<&str> = drafted.facts.iter().map(|f| f.sentence.as_str()).collect();
            let summary = knowledge::summary::extractive(&sentences)
                .into_iter()
                .filter_map(|i| sentences.get(i).map(|s| s.to_string()))
                .take(3)
                .collect();
            tracing::info!(source = %drafted.meta.id, facts = drafted.facts.len(), who, "source added");
            Ok(Added {
                id: drafted.meta.id.clone(),
                title: drafted.title.clone(),
                facts: drafted.facts.len(),
                topics: drafted.topics.iter().map(|t| t.title.clone()).collect(),
                reused_topics: drafted.reused_topics.clone(),
                summary,
                report,
            })
        }
        Err(e) => {
            // Validated a moment ago, so this is rare (someone edited the base meanwhile):
            // take the new source out again so the files match what is served.
            let _ = std::fs::remove_dir_all(&target);
            Err(SourceError::Reload(e.details()))
        }
    }
}

/// What `/source remove` reports.
#[derive(Debug, Clone)]
pub struct Removed {
    pub id: String,
    pub backup: PathBuf,
    pub report: ReloadReport,
}

/// Takes source `id` out of the knowledge directory (moved to `data_dir/removed-sources/`, as a
/// backup) and reloads; on a failed reload it is put back.
pub async fn remove(state: &State, id: &str, who: &str) -> Result<Removed, SourceError> {
    check_id(id)?;
    let _one_at_a_time = state.source_lock.lock().await;
    let source = state.config.knowledge.dir.join("sources").join(id);
    if !source.is_dir() {
        return Err(SourceError::NotFound(id.to_string()));
    }
    let backups = state.config.data_dir.join("removed-sources");
    std::fs::create_dir_all(&backups).map_err(io(&backups))?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let backup = backups.join(format!("{id}-{stamp}"));
    if std::fs::rename(&source, &backup).is_err() {
        // Another file system: copy, then remove.
        copy_tree(&source, &backup)?;
        std::fs::remove_dir_all(&source).map_err(io(&source))?;
    }
    let trigger = format!("/source remove {id} by {who}");
    match reload::reload_and_announce(state, &trigger).await {
        Ok(report) => {
            tracing::info!(source = id, backup = %backup.display(), who, "source removed");
            Ok(Removed {
                id: id.to_string(),
                backup,
                report,
            })
        }
        Err(e) => {
            if std::fs::rename(&backup, &source).is_err() {
                let _ = copy_tree(&backup, &source);
            }
            Err(SourceError::Reload(e.details()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_cannot_escape() {
        for bad in ["../x", "/etc", "a\\b", "a\0b", "", "-x", "A", "a/b", ".."] {
            assert!(check_id(bad).is_err(), "{bad:?}");
        }
        assert!(check_id("new-article-2").is_ok());
        for bad in [
            "../x.txt",
            "/etc/passwd.txt",
            "a\\b.txt",
            "a\0.txt",
            ".hidden.txt",
        ] {
            assert!(
                matches!(check_file_name(bad), Err(SourceError::BadFileName(_))),
                "{bad:?}"
            );
        }
        assert!(matches!(
            check_file_name("photo.png"),
            Err(SourceError::NotText(_))
        ));
        assert_eq!(check_file_name("story.TXT").ok(), Some("story"));
    }

    #[test]
    fn text_checks() {
        assert!(matches!(
            check_text(vec![b'a'; MAX_ARTICLE_BYTES + 1], None),
            Err(SourceError::TooLarge(_))
        ));
        assert!(matches!(
            check_text(vec![0xff, 0xfe], None),
            Err(SourceError::NotText(_))
        ));
        assert!(matches!(
            check_text(b"hi".to_vec(), Some("image/png")),
            Err(SourceError::NotText(_))
        ));
        assert!(check_text(b"News.".to_vec(), Some("text/plain; charset=utf-8")).is_ok());
        assert!(parse_date("2024-02-30").is_err());
        assert!(parse_date("2024-02-29").is_ok());
        let short = parse_date("24-01-25").expect_err("a two-digit year");
        assert!(short.to_string().contains("four-digit year"), "{short}");
    }
}
