//! Counters since this process started (the store keeps the full history, across processes).

use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Stats {
    answered: AtomicU64,
    refused: AtomicU64,
    send_failures: AtomicU64,
}

/// A snapshot for `/stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsSnapshot {
    pub answered: u64,
    pub refused: u64,
    pub send_failures: u64,
}

impl Stats {
    pub fn new() -> Stats {
        Stats::default()
    }

    pub fn record_answered(&self) {
        self.answered.fetch_add(1, Ordering::Relaxed);
    }

    pub fn record_refused(&self) {
        self.refused.fetch_add(1, Ordering::Relaxed);
    }

    pub fn record_send_failure(&self) {
        self.send_failures.fetch_add(1, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> StatsSnapshot {
        StatsSnapshot {
            answered: self.answered.load(Ordering::Relaxed),
            refused: self.refused.load(Ordering::Relaxed),
            send_failures: self.send_failures.load(Ordering::Relaxed),
        }
    }
}
