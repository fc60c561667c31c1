//! The state every handler shares: the current matcher (swapped whole on reload), stats, the
//! rate limiter and the config.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;

use crate::config::Config;
use crate::engine::Matcher;

use super::ratelimit::RateLimiter;
use super::stats::Stats;

pub struct State {
    pub config: Config,
    /// Readers take one `Arc<Matcher>` per question; reload stores a new one atomically.
    pub matcher: ArcSwap<Matcher>,
    pub stats: Stats,
    pub limiter: RateLimiter,
    /// Serializes reloads (slash command, SIGHUP, watcher) so diffs are against the right base.
    pub reload_lock: tokio::sync::Mutex<()>,
    /// The missing-Message-Content-intent warning is logged once, not per message.
    pub intent_warned: AtomicBool,
}

/// poise's user data: cheap to clone into background tasks.
pub type Data = Arc<State>;
pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Context<'a> = poise::Context<'a, Data, Error>;

impl State {
    pub fn new(config: Config, matcher: Matcher) -> State {
        let stats = Stats::new(config.data_dir.join("refused.jsonl"));
        let limiter = RateLimiter::new(
            config.limits.questions_per_window,
            Duration::from_secs(config.limits.window_secs),
        );
        State {
            config,
            matcher: ArcSwap::from_pointee(matcher),
            stats,
            limiter,
            reload_lock: tokio::sync::Mutex::new(()),
            intent_warned: AtomicBool::new(false),
        }
    }
}
