//! The state every handler shares: the current matcher (swapped whole on reload), the store's
//! recorder, counters, the rate limiter and the config.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;

use crate::config::Config;
use crate::engine::Matcher;
use crate::store::{Recorder, ReloadNotifier};

use super::guard::RestGuard;
use super::ratelimit::RateLimiter;
use super::stats::Stats;

pub struct State {
    pub config: Config,
    /// Readers take one `Arc<Matcher>` per question; reload stores a new one atomically.
    pub matcher: ArcSwap<Matcher>,
    pub stats: Stats,
    /// Questions and votes on their way to the store.
    pub recorder: Recorder,
    /// With a PostgreSQL store: tells the other processes to reload (set once the database
    /// has answered, which may be after start).
    pub notifier: std::sync::OnceLock<ReloadNotifier>,
    pub limiter: RateLimiter,
    /// Everything sent to Discord's REST API goes through it (no retry storms).
    pub guard: Arc<RestGuard>,
    /// Serializes reloads (slash command, SIGHUP, watcher) so diffs are against the right base.
    pub reload_lock: tokio::sync::Mutex<()>,
    /// Serializes `/source add` and `/source remove`: each sees the other's result.
    pub source_lock: tokio::sync::Mutex<()>,
    /// The missing-Message-Content-intent warning is logged once, not per message.
    pub intent_warned: AtomicBool,
    /// Handlers running now: shutdown waits for them before flushing the store.
    in_flight: AtomicUsize,
}

/// poise's user data: cheap to clone into background tasks.
pub type Data = Arc<State>;
pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// Counts a running handler until dropped.
pub struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl State {
    pub fn new(
        config: Config,
        matcher: Matcher,
        recorder: Recorder,
        notifier: Option<ReloadNotifier>,
        guard: Arc<RestGuard>,
    ) -> State {
        let limiter = RateLimiter::new(
            config.limits.questions_per_window,
            Duration::from_secs(config.limits.window_secs),
        );
        State {
            config,
            matcher: ArcSwap::from_pointee(matcher),
            stats: Stats::new(),
            recorder,
            notifier: notifier.map(std::sync::OnceLock::from).unwrap_or_default(),
            limiter,
            guard,
            reload_lock: tokio::sync::Mutex::new(()),
            source_lock: tokio::sync::Mutex::new(()),
            intent_warned: AtomicBool::new(false),
            in_flight: AtomicUsize::new(0),
        }
    }

    pub fn enter(&self) -> InFlight<'_> {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        InFlight(&self.in_flight)
    }

    /// Waits until no handler is running (or `timeout`), so their records are queued.
    pub async fn wait_idle(&self, timeout: Duration) {
        let deadline = tokio::time::Instant::now() + timeout;
        while self.in_flight.load(Ordering::SeqCst) > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}
