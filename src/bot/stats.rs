//! Counters for curators: what was answered, what was refused, and which refused questions come
//! up most (those are the facts worth adding). Refusals are also appended to a JSON-lines file so
//! the list survives restarts and can be read with `jq`.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde::Serialize;

/// Refused questions kept in memory for `/stats`; beyond this only the file has them.
const MAX_TRACKED_REFUSALS: usize = 10_000;

#[derive(Debug)]
pub struct Stats {
    answered: AtomicU64,
    refused: AtomicU64,
    send_failures: AtomicU64,
    /// Normalized question → (times asked, one original wording).
    refusals: Mutex<HashMap<String, (u64, String)>>,
    log_path: PathBuf,
}

#[derive(Serialize)]
struct RefusalLine<'a> {
    time: String,
    question: &'a str,
    via: &'a str,
    suggestions: Vec<&'a str>,
}

/// A snapshot for `/stats`.
#[derive(Debug, Clone)]
pub struct StatsSnapshot {
    pub answered: u64,
    pub refused: u64,
    pub send_failures: u64,
    /// Most-asked refused questions, most frequent first.
    pub top_refused: Vec<(String, u64)>,
}

impl Stats {
    pub fn new(log_path: PathBuf) -> Stats {
        Stats {
            answered: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            send_failures: AtomicU64::new(0),
            refusals: Mutex::new(HashMap::new()),
            log_path,
        }
    }

    pub fn record_answered(&self) {
        self.answered.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a refusal and appends it to the refusal log. A failing log write is reported by
    /// the caller's logs but never stops the bot from answering.
    pub fn record_refused(
        &self,
        question: &str,
        via: &str,
        suggestions: &[&str],
    ) -> std::io::Result<()> {
        self.refused.fetch_add(1, Ordering::Relaxed);
        let key = question
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if let Ok(mut map) = self.refusals.lock() {
            if map.len() < MAX_TRACKED_REFUSALS || map.contains_key(&key) {
                map.entry(key)
                    .or_insert_with(|| (0, question.to_string()))
                    .0 += 1;
            }
        }
        let line = RefusalLine {
            time: chrono::Utc::now().to_rfc3339(),
            question,
            via,
            suggestions: suggestions.to_vec(),
        };
        let mut text = serde_json::to_string(&line).map_err(std::io::Error::other)?;
        text.push('\n');
        // One write of a whole line under O_APPEND, so concurrent refusals never interleave.
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log_path)?;
        file.write_all(text.as_bytes())
    }

    pub fn record_send_failure(&self) {
        self.send_failures.fetch_add(1, Ordering::Relaxed);
    }

    pub fn snapshot(&self, top: usize) -> StatsSnapshot {
        let mut top_refused: Vec<(String, u64)> = self
            .refusals
            .lock()
            .map(|m| m.values().map(|(n, q)| (q.clone(), *n)).collect())
            .unwrap_or_default();
        top_refused.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        top_refused.truncate(top);
        StatsSnapshot {
            answered: self.answered.load(Ordering::Relaxed),
            refused: self.refused.load(Ordering::Relaxed),
            send_failures: self.send_failures.load(Ordering::Relaxed),
            top_refused,
        }
    }

    pub fn log_path(&self) -> &std::path::Path {
        &self.log_path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_counted_ranked_and_logged() {
        let dir = std::env::temp_dir().join(format!("factbot-stats-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let stats = Stats::new(dir.join("refused.jsonl"));
        stats.record_answered();
        for q in ["Who won?", "who  WON?", "What time?"] {
            stats.record_refused(q, "test", &[]).expect("log write");
        }
        let s = stats.snapshot(5);
        assert_eq!((s.answered, s.refused), (1, 3));
        assert_eq!(s.top_refused[0], ("Who won?".to_string(), 2));
        let log = std::fs::read_to_string(stats.log_path()).expect("log");
        assert_eq!(log.lines().count(), 3);
        let _ = std::fs::remove_dir_all(dir);
    }
}
