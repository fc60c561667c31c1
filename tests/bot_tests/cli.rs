//! `factbot run` as a process: token errors exit 1 with one clear line; SIGTERM shuts down
//! cleanly; `log.format = "json"` logs JSON lines.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

pub(crate) fn write_config(
    dir: &Path,
    api_url: &str,
    kb: &Path,
    extra: &str,
) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    let toml = format!(
        "data_dir = {:?}\n[discord]\napi_url = {api_url:?}\nguild_id = {GUILD_ID}\n[knowledge]\ndir = {:?}\n{extra}",
        dir.join("data").display().to_string(),
        kb.display().to_string()
    );
    std::fs::write(&path, toml).expect("write config");
    path
}

fn factbot() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_factbot"));
    c.env_remove("DISCORD_TOKEN").env_remove("RUST_LOG");
    c
}

/// Waits for a child process to exit, killing it after the timeout.
fn wait_exit(child: &mut std::process::Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("factbot did not exit in time");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `factbot run --config CONFIG` as a child process with the test token, its log read as it
/// comes (a full pipe would block the bot's writes and its exit).
pub(crate) struct Running {
    child: std::process::Child,
    logs: Option<std::thread::JoinHandle<String>>,
}

impl Running {
    pub(crate) fn start(config: &Path) -> Running {
        let mut child = factbot()
            .args(["run", "--config"])
            .arg(config)
            .env("DISCORD_TOKEN", TOKEN)
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        let logs = child.stderr.take().map(|mut e| {
            std::thread::spawn(move || {
                let mut out = String::new();
                let _ = std::io::Read::read_to_string(&mut e, &mut out);
                out
            })
        });
        Running { child, logs }
    }

    /// Sends a signal (`TERM`, `HUP`) to the process.
    pub(crate) fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{name}");
    }

    pub(crate) fn has_exited(&mut self) -> bool {
        !matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits for the process to exit (killing it after the timeout): its status and log.
    pub(crate) async fn wait(mut self) -> (std::process::ExitStatus, String) {
        tokio::task::spawn_blocking(move || {
            let status = wait_exit(&mut self.child);
            let logs = self.logs.take().and_then(|t| t.join().ok());
            (status, logs.unwrap_or_default())
        })
        .await
        .expect("join")
    }
}

/// A test that fails half-way leaves no bot running.
impl Drop for Running {
    fn drop(&mut self) {
        if !self.has_exited() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[test]
fn missing_token_is_one_line_and_exit_1() {
    let dir = tempdir();
    let config = write_config(dir.path(), "http://127.0.0.1:9", &knowledge_dir(), "");
    let out = factbot()
        .args(["run", "--config"])
        .arg(&config)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("DISCORD_TOKEN"), "{stderr}");
}

#[test]
fn invalid_config_is_a_clear_error() {
    let dir = tempdir();
    let config = write_config(dir.path(), "ftp://nope", &knowledge_dir(), "");
    let out = factbot()
        .args(["run", "--config"])
        .arg(&config)
        .env("DISCORD_TOKEN", "x")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("discord.api_url"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_token_exits_1_without_showing_it() {
    let fake = FakeDiscord::start().await;
    let dir = tempdir();
    let config = write_config(dir.path(), &fake.api_url(), &knowledge_dir(), "");
    let out = factbot()
        .args(["run", "--config"])
        .arg(&config)
        .env("DISCORD_TOKEN", "not-the-right-token-xyz")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.trim().lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error:") && last.contains("rejected the bot token"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("not-the-right-token-xyz"),
        "the token is never logged: {stderr}"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_shuts_down_cleanly_with_json_logs() {
    let fake = FakeDiscord::start().await;
    let dir = tempdir();
    let config = write_config(
        dir.path(),
        &fake.api_url(),
        &knowledge_dir(),
        "[log]\nformat = \"json\"\n",
    );
    let bot = Running::start(&config);
    fake.wait_ready().await;
    let msg = fake
        .send_message(Msg::mention("When was al-Asad Air Base attacked?"))
        .await;
    fake.wait_reply_to(&msg).await;
    bot.signal("TERM");
    let (status, stderr) = bot.wait().await;
    assert!(
        status.success(),
        "clean exit on SIGTERM: {status:?}\n{stderr}"
    );
    let mut saw_question = false;
    for line in stderr.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        if v["span"]["name"] == "question" {
            saw_question |=
                v["span"]["fact_id"] == "al-asad-attack" && v["span"]["latency_us"].is_number();
        }
    }
    assert!(
        saw_question,
        "a question span with fact id and latency: {stderr}"
    );
    assert!(stderr.contains("shutting down"), "{stderr}");
    assert!(!stderr.contains(TOKEN), "the token is never logged");
}

/// SIGTERM in the middle of a burst: every question the bot handled is in the store after it
/// exits (the queue is flushed on the way out), and `factbot stats` reads them back.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_during_a_burst_loses_no_handled_question() {
    let fake = FakeDiscord::start().await;
    let dir = tempdir();
    let config = write_config(
        dir.path(),
        &fake.api_url(),
        &knowledge_dir(),
        "[limits]\nquestions_per_window = 10000\n",
    );
    let bot = Running::start(&config);
    fake.wait_ready().await;
    let questions = [
        "When was al-Asad Air Base attacked?",
        "how many US troops are in Iraq?",
        "who won the world cup in 1954?",
    ];
    let mut sent = Vec::new();
    let mut terminated = false;
    for i in 0..200 {
        let question = Msg::mention(questions[i % questions.len()]);
        // Once the bot is told to stop it closes its gateway, and the rest of the burst has
        // nowhere to go.
        let msg = if terminated {
            match fake.try_send_message(question) {
                Some(msg) => msg,
                None => break,
            }
        } else {
            fake.send_message(question).await
        };
        sent.push(msg["id"].as_str().unwrap_or_default().to_string());
        if i == 100 {
            // Mid-burst, once some answers are out.
            fake.wait_for("a few replies", |reqs| {
                (reqs
                    .iter()
                    .filter(|r| r.path.ends_with("/messages"))
                    .count()
                    >= 20)
                    .then_some(())
            })
            .await;
            bot.signal("TERM");
            terminated = true;
        }
    }
    let (status, stderr) = bot.wait().await;
    assert!(status.success(), "clean exit: {status:?}\n{stderr}");
    assert!(stderr.contains("store: queue flushed"), "{stderr}");

    // Every question that got a reply was handled, so it must be stored.
    let replied: std::collections::HashSet<String> = fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/messages") && r.status < 300)
        .filter_map(|r| {
            r.body["message_reference"]["message_id"]
                .as_str()
                .map(str::to_string)
        })
        .collect();
    assert!(replied.len() >= 20, "{}", replied.len());
    let db = factbot::store::SqliteStore::open(&dir.path().join("data/factbot.sqlite3"))
        .await
        .expect("store");
    let stored: std::collections::HashSet<String> =
        sqlx::query_scalar::<_, i64>("SELECT id FROM questions")
            .fetch_all(db.pool())
            .await
            .expect("ids")
            .into_iter()
            .map(|id| id.to_string())
            .collect();
    let missing: Vec<&String> = replied.difference(&stored).collect();
    assert!(missing.is_empty(), "handled but not stored: {missing:?}");
    eprintln!(
        "{} questions sent, {} answered before the shutdown, {} stored",
        sent.len(),
        replied.len(),
        stored.len()
    );

    // The same store through the command line.
    let out = factbot()
        .args(["stats", "--json", "--config"])
        .arg(&config)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let total = report["answered"].as_i64().unwrap_or(0) + report["refused"].as_i64().unwrap_or(0);
    assert_eq!(total as usize, stored.len(), "{report}");
    assert!(report["per_day"].as_array().is_some_and(|d| !d.is_empty()));
    let out = factbot()
        .args(["stats", "--refused", "--csv", "--config"])
        .arg(&config)
        .output()
        .expect("runs");
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.starts_with("time,via,question,normalized,confidence\n"),
        "{csv}"
    );
    assert!(csv.contains("who won the world cup in 1954?"), "{csv}");
}
