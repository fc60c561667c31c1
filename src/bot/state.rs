//! The state every handler shares: the current matcher (swapped whole on reload), the store's
//! recorder, counters, the rate limiter and the config.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use poise::serenity_prelude as serenity;

use crate::config::Config;
use crate::engine::Matcher;
use crate::store::{Recorder, ReloadNotifier};

use super::catchup::{Handled, Readies, Seen};
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
    /// The client for interaction responses (see `InteractionHttp`).
    pub interactions: InteractionHttp,
    /// The newest message seen per channel, for the catch-up after a new gateway session.
    pub seen: Seen,
    /// Messages handled recently: none is answered twice.
    pub handled: Handled,
    /// Shards that have had their first READY.
    pub readies: Readies,
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

/// A serenity client for the interaction endpoints only, with serenity's ratelimiter off.
/// Discord does not bind those endpoints to the global rate limit, and during a global pause
/// the guard write-locks serenity's route table, which every request of a client with the
/// ratelimiter on must take: an interaction response through it would wait out the pause.
pub struct InteractionHttp(pub serenity::Http);

impl InteractionHttp {
    /// The application id must be set (from READY) before an interaction response is sent:
    /// serenity builds the webhook routes that edit a response from it.
    pub fn set_application_id(&self, id: serenity::ApplicationId) {
        self.0.set_application_id(id);
    }
}

impl std::ops::Deref for InteractionHttp {
    type Target = serenity::Http;
    fn deref(&self) -> &serenity::Http {
        &self.0
    }
}

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
        interactions: InteractionHttp,
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
            interactions,
            seen: Seen::default(),
            handled: Handled::default(),
            readies: Readies::default(),
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
