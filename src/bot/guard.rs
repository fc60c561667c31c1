//! A guard in front of Discord's REST API, so that the bot never storms it.
//!
//! serenity 0.12.5's ratelimiter, on a global 429, takes its global lock and releases it at
//! once, then sleeps in the limited task alone: every other request keeps going. A route
//! answered 429 with a Retry-After is retried without limit. Discord bans an IP for an hour
//! after 10,000 invalid requests (401, 403, 429) in 10 minutes. The guard:
//!
//! - **pauses everything during a global rate limit** but the interaction responses Discord
//!   exempts from it (`Pacing::Interaction`): the bot's own sends wait before they start, and
//!   requests already inside serenity (its own retries, poise's internal responses) wait on
//!   serenity's route table, which the guard write-locks until the pause ends;
//! - **counts invalid requests** in a sliding 10-minute window and, from `soft_limit` on (a
//!   tenth of the ban line by default), stops all sends for `cooldown` at each new one;
//! - **retries a failed send a bounded number of times**, and only when resending cannot post
//!   a message twice (a 5xx, a 429, a connection that was never made);
//! - **paces sends** under Discord's global limit of 50 a second and keeps at most
//!   `max_in_flight` requests going, so that what a pause or a gateway outage held back does
//!   not go out all at once (nor open a connection per request);
//! - **prunes serenity's route table**, which keeps a bucket per interaction forever.
//!
//! With a custom `discord.api_url` serenity's ratelimiter is off (it would bypass the proxy),
//! so there is no route table to lock and no Retry-After to read: a 429 then pauses every send
//! for `unknown_429_pause`.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use poise::serenity_prelude as serenity;
use thiserror::Error;
use tokio::time::Instant;

/// serenity's table of route buckets: every request it makes write-locks it first.
pub type Routes = Arc<
    tokio::sync::RwLock<
        HashMap<
            serenity::http::RatelimitingBucket,
            Arc<tokio::sync::Mutex<serenity::http::Ratelimit>>,
        >,
    >,
>;

/// Discord's ban line: this many invalid requests in `INVALID_WINDOW` gets the IP banned.
pub const BAN_LINE: usize = 10_000;
/// The window Discord counts invalid requests over.
pub const INVALID_WINDOW: Duration = Duration::from_secs(600);

#[derive(Debug, Clone)]
pub struct GuardLimits {
    /// Invalid requests are counted over this window (Discord's: 10 minutes).
    pub window: Duration,
    /// From this many invalid requests in the window on, every new one stops all sends for
    /// `cooldown`.
    pub soft_limit: usize,
    pub cooldown: Duration,
    /// Attempts per send, the first included, not counting those met by a 429.
    pub max_attempts: u32,
    /// Retries per send after a 429. A rate limit says "later", not "broken": a reply that
    /// met three 500s and then a rate limit was dropped when both counted alike (a soak lost 3
    /// of 400 replies so). The pause every 429 begins, and the deadline, bound them.
    pub max_rate_limited: u32,
    /// How long one send (its waits and retries included) may take before it is given up.
    pub deadline: Duration,
    /// How long a 429 with no Retry-After the guard could read pauses every send.
    pub unknown_429_pause: Duration,
    /// The wait before the first retry of a 5xx or a failed connection (doubling after).
    pub retry_backoff: Duration,
    /// Sends per second at the most, in bursts of as many (Discord's global limit is 50): the
    /// sends a pause held back go out at this pace, not all at once.
    pub sends_per_second: u32,
    /// Requests in flight at the most: a burst (the backlog after a gateway outage or a pause)
    /// queues here instead of opening a connection per request. Discord allows 50 requests a
    /// second; at ~100 ms a request, 16 in flight carry 160.
    pub max_in_flight: usize,
}

impl Default for GuardLimits {
    fn default() -> Self {
        GuardLimits {
            window: INVALID_WINDOW,
            soft_limit: BAN_LINE / 10,
            cooldown: Duration::from_secs(30),
            max_attempts: 4,
            max_rate_limited: 8,
            deadline: Duration::from_secs(60),
            unknown_429_pause: Duration::from_secs(1),
            retry_backoff: Duration::from_millis(250),
            sends_per_second: 45,
            max_in_flight: 16,
        }
    }
}

#[derive(Debug, Error)]
pub enum SendError<E = serenity::Error>
where
    E: std::fmt::Display,
{
    #[error("Discord refused the request: {0}")]
    Rejected(E),
    #[error("gave up after {attempts} attempts: {last}")]
    GaveUp { attempts: u32, last: E },
    #[error("the interaction was already acknowledged")]
    AlreadyAcknowledged,
    #[error("not sent: Discord's rate limit outlasted the deadline")]
    Paused,
    #[error("not sent: it could not start in time")]
    Late,
    #[error("no answer from Discord within {0:?}")]
    Timeout(Duration),
}

impl<E: std::fmt::Display> SendError<E> {
    /// Whether the request may still go out some other way (it was refused for being late or
    /// failed in a way a retry could fix), as opposed to being refused for what it is.
    pub fn is_transient(&self) -> bool {
        !matches!(
            self,
            SendError::Rejected(_) | SendError::AlreadyAcknowledged
        )
    }
}

/// What kind of send: whether it waits for the pacing, and which pauses hold it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pacing {
    Paced,
    /// Interaction responses (the callback, and the interaction webhooks that edit it or follow
    /// up): not paced, so a deferral does not queue behind messages, and not held by a global
    /// pause. Discord's docs, Interactions → Receiving and Responding → Endpoints: "The
    /// endpoints below are not bound to the application's Global Rate Limit"
    /// (https://discord.com/developers/docs/interactions/receiving-and-responding#endpoints).
    /// Holding them risks the 3-second acknowledgement for nothing. They must go through a
    /// client without serenity's ratelimiter (`state::InteractionHttp`), or the route table the
    /// guard locks during the pause holds them anyway. A cooldown (too many invalid requests)
    /// or a 429 the guard could not read still holds them: Discord's ban counts every invalid
    /// request, theirs too.
    Interaction,
}

impl Pacing {
    /// Whether a pause for `reason` holds a send of this kind.
    fn held_by(self, reason: PauseReason) -> bool {
        !(self == Pacing::Interaction && reason == PauseReason::Global)
    }
}

/// Why sends are paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseReason {
    /// Discord's global rate limit (a 429 with `X-RateLimit-Global`).
    Global,
    /// A 429 whose scope and Retry-After the guard could not read.
    Unknown429,
    /// Too many invalid requests in the window.
    Cooldown,
}

/// Counters for `/stats` and the soak.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GuardSnapshot {
    /// Invalid requests (401, 403, 429) counted in the current window; 429s serenity retried
    /// itself are known only from its ratelimit callback, which also reports pre-emptive waits,
    /// so this is an upper bound.
    pub invalid_in_window: usize,
    pub invalid_total: u64,
    pub global_pauses: u64,
    pub cooldowns: u64,
    pub retries: u64,
    pub failed: u64,
    /// Sends that had to wait for a pause to end.
    pub held: u64,
}

#[derive(Debug, Default)]
struct Inner {
    paused_until: Option<Instant>,
    reason: Option<PauseReason>,
    invalid: VecDeque<Instant>,
    /// A task holds serenity's route table for the current pause.
    holding_routes: bool,
    /// The pacing's theoretical arrival time (GCRA): sends may start while it is at most a
    /// second ahead of now.
    paced_until: Option<Instant>,
}

#[derive(Debug, Default)]
struct Counters {
    invalid_total: AtomicU64,
    global_pauses: AtomicU64,
    cooldowns: AtomicU64,
    retries: AtomicU64,
    failed: AtomicU64,
    held: AtomicU64,
}

#[derive(Debug)]
pub struct RestGuard {
    limits: GuardLimits,
    routes: Option<Routes>,
    in_flight: tokio::sync::Semaphore,
    inner: Mutex<Inner>,
    counters: Counters,
}

/// What a failed attempt means for the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Refused for what it is (400, 404, ...): retrying gets the same answer.
    Final {
        invalid: bool,
    },
    AlreadyAcknowledged,
    /// Safe to send again after a pause of every send (429) or a backoff (5xx, no connection).
    Retry {
        invalid: bool,
        pause_all: bool,
    },
}

/// How a request failed, as far as retrying goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Discord answered with this status and JSON error code.
    Status { status: u16, code: isize },
    /// No connection was made: nothing reached Discord.
    Connect,
    /// Anything else (a transport error after the request may have gone out, bad input).
    Other,
}

/// Errors the guard can read a `Failure` from.
pub trait Attempted: std::fmt::Display {
    fn failure(&self) -> Failure;
}

impl Attempted for serenity::Error {
    fn failure(&self) -> Failure {
        match self {
            serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(r)) => Failure::Status {
                status: r.status_code.as_u16(),
                code: r.error.code,
            },
            serenity::Error::Http(serenity::HttpError::Request(r)) if r.is_connect() => {
                Failure::Connect
            }
            _ => Failure::Other,
        }
    }
}

fn verdict(f: Failure) -> Verdict {
    match f {
        Failure::Status { status: 429, .. } => Verdict::Retry {
            invalid: true,
            pause_all: true,
        },
        Failure::Status {
            status: 401 | 403, ..
        } => Verdict::Final { invalid: true },
        // "Interaction has already been acknowledged."
        Failure::Status {
            status: 400,
            code: 40060,
        } => Verdict::AlreadyAcknowledged,
        Failure::Status { status, .. } if status >= 500 => Verdict::Retry {
            invalid: false,
            pause_all: false,
        },
        // Nothing reached Discord: sending again cannot double anything. Any other transport
        // error may have come after Discord took the request, so it is not retried.
        Failure::Connect => Verdict::Retry {
            invalid: false,
            pause_all: false,
        },
        _ => Verdict::Final { invalid: false },
    }
}

impl RestGuard {
    /// A guard for `http`: with serenity's ratelimiter on, it also locks serenity's route
    /// table during pauses.
    pub fn new(http: &serenity::Http, limits: GuardLimits) -> RestGuard {
        RestGuard::with_routes(http.ratelimiter.as_ref().map(|r| r.routes()), limits)
    }

    pub fn with_routes(routes: Option<Routes>, limits: GuardLimits) -> RestGuard {
        RestGuard {
            in_flight: tokio::sync::Semaphore::new(limits.max_in_flight.max(1)),
            limits,
            routes,
            inner: Mutex::new(Inner::default()),
            counters: Counters::default(),
        }
    }

    pub fn limits(&self) -> &GuardLimits {
        &self.limits
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The state is a few numbers that stay consistent even if a holder panicked.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// When the current pause ends, if sends are paused at `now`.
    pub fn paused_until(&self, now: Instant) -> Option<(Instant, PauseReason)> {
        let inner = self.lock();
        match (inner.paused_until, inner.reason) {
            (Some(u), Some(r)) if u > now => Some((u, r)),
            _ => None,
        }
    }

    pub fn snapshot(&self) -> GuardSnapshot {
        let now = Instant::now();
        let window = self.limits.window;
        let invalid_in_window = self
            .lock()
            .invalid
            .iter()
            .filter(|t| now.saturating_duration_since(**t) < window)
            .count();
        let c = &self.counters;
        GuardSnapshot {
            invalid_in_window,
            invalid_total: c.invalid_total.load(Ordering::Relaxed),
            global_pauses: c.global_pauses.load(Ordering::Relaxed),
            cooldowns: c.cooldowns.load(Ordering::Relaxed),
            retries: c.retries.load(Ordering::Relaxed),
            failed: c.failed.load(Ordering::Relaxed),
            held: c.held.load(Ordering::Relaxed),
        }
    }

    /// Drops the buckets of serenity's route table that no request is using and whose limit
    /// has reset: serenity keeps one per interaction (its response route is bucketed by
    /// interaction id) and never removes any, so the table grows with every interaction.
    pub async fn prune_routes(&self) -> usize {
        let Some(routes) = &self.routes else {
            return 0;
        };
        let now = std::time::SystemTime::now();
        let mut table = routes.write().await;
        let before = table.len();
        table.retain(|_, bucket| {
            if Arc::strong_count(bucket) > 1 {
                return true;
            }
            match bucket.try_lock() {
                Ok(limit) => limit.reset().is_some_and(|reset| reset > now),
                Err(_) => true,
            }
        });
        before - table.len()
    }

    /// Prunes serenity's route table every `every` (see `prune_routes`); runs until aborted.
    pub async fn prune_routes_every(self: Arc<Self>, every: Duration) {
        loop {
            tokio::time::sleep(every).await;
            let pruned = self.prune_routes().await;
            tracing::debug!(pruned, "serenity route buckets pruned");
        }
    }

    /// Pauses every send until `until` (a pause already running longer is kept).
    pub fn pause(self: &Arc<Self>, until: Instant, reason: PauseReason) {
        let spawn_holder = {
            let mut inner = self.lock();
            if inner.paused_until.is_none_or(|u| u < until) {
                inner.paused_until = Some(until);
                inner.reason = Some(reason);
            }
            let spawn = self.routes.is_some() && !inner.holding_routes;
            if spawn {
                inner.holding_routes = true;
            }
            spawn
        };
        tracing::warn!(
            reason = ?reason,
            pause_ms = until.saturating_duration_since(Instant::now()).as_millis() as u64,
            "Discord REST paused: nothing is sent until the pause ends"
        );
        if spawn_holder {
            let guard = self.clone();
            match tokio::runtime::Handle::try_current() {
                Ok(handle) => {
                    handle.spawn(async move { guard.hold_routes().await });
                }
                Err(_) => self.lock().holding_routes = false,
            }
        }
    }

    /// Holds serenity's route table until the pause ends: every request serenity starts or
    /// retries meanwhile waits for it.
    async fn hold_routes(self: Arc<Self>) {
        let Some(routes) = self.routes.clone() else {
            return;
        };
        let _table = routes.write().await;
        loop {
            let until = {
                let mut inner = self.lock();
                match inner.paused_until {
                    Some(u) if u > Instant::now() => u,
                    _ => {
                        inner.holding_routes = false;
                        break;
                    }
                }
            };
            tokio::time::sleep_until(until).await;
        }
        tracing::info!("Discord REST pause over");
    }

    /// Counts one invalid request at `now`; from the soft limit on, pauses everything for the
    /// cooldown.
    pub fn record_invalid(self: &Arc<Self>, now: Instant) {
        self.counters.invalid_total.fetch_add(1, Ordering::Relaxed);
        let count = {
            let mut inner = self.lock();
            let window = self.limits.window;
            while inner
                .invalid
                .front()
                .is_some_and(|t| now.saturating_duration_since(*t) >= window)
            {
                inner.invalid.pop_front();
            }
            inner.invalid.push_back(now);
            // Bounded memory: past the ban line the exact count no longer matters.
            if inner.invalid.len() > BAN_LINE {
                inner.invalid.pop_front();
            }
            inner.invalid.len()
        };
        if count >= self.limits.soft_limit {
            self.counters.cooldowns.fetch_add(1, Ordering::Relaxed);
            tracing::error!(
                invalid = count,
                window_secs = self.limits.window.as_secs(),
                ban_line = BAN_LINE,
                "too many invalid Discord requests: cooling down"
            );
            self.pause(now + self.limits.cooldown, PauseReason::Cooldown);
        }
    }

    /// serenity's ratelimit callback (via the event handler): a global 429 pauses everything
    /// for its Retry-After; any other report is a route 429 serenity retries itself, or a
    /// pre-emptive wait (serenity does not say which), counted as invalid to be safe.
    pub fn on_ratelimit(self: &Arc<Self>, info: &serenity::RatelimitInfo) {
        let now = Instant::now();
        if info.global {
            self.counters.global_pauses.fetch_add(1, Ordering::Relaxed);
            self.pause(now + info.timeout, PauseReason::Global);
        } else {
            tracing::debug!(path = %info.path, timeout_ms = info.timeout.as_millis() as u64, "route rate limited");
        }
        self.record_invalid(now);
    }

    /// Whether a pause holds a send of kind `pacing` at `now`, and until when.
    fn holds(&self, pacing: Pacing, now: Instant) -> Option<Instant> {
        self.paused_until(now)
            .filter(|(_, reason)| pacing.held_by(*reason))
            .map(|(until, _)| until)
    }

    /// Waits until sends of kind `pacing` may go (or `start_by`, then `Late`; or `deadline`,
    /// then `Paused`).
    async fn ready<E: std::fmt::Display>(
        &self,
        start_by: Instant,
        deadline: Instant,
        pacing: Pacing,
    ) -> Result<(), SendError<E>> {
        let mut held = false;
        loop {
            let now = Instant::now();
            let Some(until) = self.holds(pacing, now) else {
                return Ok(());
            };
            if !held {
                self.counters.held.fetch_add(1, Ordering::Relaxed);
                held = true;
            }
            if until > deadline {
                tokio::time::sleep_until(deadline).await;
                return Err(SendError::Paused);
            }
            if until > start_by {
                tokio::time::sleep_until(start_by).await;
                return Err(SendError::Late);
            }
            tokio::time::sleep_until(until).await;
        }
    }

    /// Reserves a slot in the pacing at `now`: when the send may start (none, and nothing
    /// reserved, if that would be after `start_by`).
    fn pace(&self, now: Instant, start_by: Instant) -> Option<Instant> {
        let rate = self.limits.sends_per_second.max(1);
        let interval = Duration::from_secs(1) / rate;
        let burst = interval * rate;
        let mut inner = self.lock();
        let tat = inner.paced_until.map_or(now, |t| t.max(now));
        let slot = tat.checked_sub(burst).map_or(now, |t| t.max(now));
        if slot > start_by {
            return None;
        }
        inner.paced_until = Some(tat + interval);
        Some(slot)
    }

    /// Waits out pauses, then (for a paced send) the pacing; `Late` if that would pass
    /// `start_by`.
    async fn clear<E: std::fmt::Display>(
        &self,
        start_by: Instant,
        deadline: Instant,
        pacing: Pacing,
    ) -> Result<(), SendError<E>> {
        loop {
            self.ready(start_by, deadline, pacing).await?;
            if pacing != Pacing::Paced {
                return Ok(());
            }
            let now = Instant::now();
            let Some(slot) = self.pace(now, start_by) else {
                return Err(SendError::Late);
            };
            if slot <= now {
                return Ok(());
            }
            tokio::time::sleep_until(slot).await;
            // A pause may have begun meanwhile.
            if self.holds(pacing, Instant::now()).is_none() {
                return Ok(());
            }
        }
    }

    /// Sends through the guard with the default deadline.
    pub async fn send<T, E, F, Fut>(
        self: &Arc<Self>,
        what: &'static str,
        attempt: F,
    ) -> Result<T, SendError<E>>
    where
        E: Attempted,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let deadline = Instant::now() + self.limits.deadline;
        self.send_by(what, deadline, deadline, Pacing::Paced, attempt)
            .await
    }

    /// Sends through the guard: waits out pauses (and the pacing, if `pacing` says so),
    /// retries what is safe to retry, at most `max_attempts` times; no attempt starts after
    /// `start_by` (`Late`) and none runs past `deadline`.
    pub async fn send_by<T, E, F, Fut>(
        self: &Arc<Self>,
        what: &'static str,
        start_by: Instant,
        deadline: Instant,
        pacing: Pacing,
        mut attempt: F,
    ) -> Result<T, SendError<E>>
    where
        E: Attempted,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let mut backoff = self.limits.retry_backoff;
        // Attempts made, and those of them met by a 429.
        let (mut n, mut rate_limited) = (0, 0);
        loop {
            n += 1;
            let permit = loop {
                self.clear(start_by, deadline, pacing).await?;
                let permit = match tokio::time::timeout_at(start_by, self.in_flight.acquire()).await
                {
                    Ok(Ok(p)) => p,
                    _ => return Err(SendError::Late),
                };
                // A pause may have begun while this send queued for a slot.
                if self.holds(pacing, Instant::now()).is_none() {
                    break permit;
                }
            };
            let now = Instant::now();
            if now > start_by {
                return Err(SendError::Late);
            }
            let result = match tokio::time::timeout_at(deadline, attempt()).await {
                Ok(r) => r,
                Err(_) => {
                    self.counters.failed.fetch_add(1, Ordering::Relaxed);
                    return Err(SendError::Timeout(self.limits.deadline));
                }
            };
            // The slot is free again before any backoff.
            drop(permit);
            let e = match result {
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            let now = Instant::now();
            match verdict(e.failure()) {
                Verdict::AlreadyAcknowledged => return Err(SendError::AlreadyAcknowledged),
                Verdict::Final { invalid } => {
                    if invalid {
                        self.record_invalid(now);
                    }
                    self.counters.failed.fetch_add(1, Ordering::Relaxed);
                    return Err(SendError::Rejected(e));
                }
                Verdict::Retry { invalid, pause_all } => {
                    if invalid {
                        self.record_invalid(now);
                    }
                    if pause_all {
                        rate_limited += 1;
                    }
                    let failed = n - rate_limited;
                    if failed >= self.limits.max_attempts
                        || rate_limited > self.limits.max_rate_limited
                    {
                        self.counters.failed.fetch_add(1, Ordering::Relaxed);
                        tracing::warn!(what, attempts = n, error = %e, "giving up on a Discord request");
                        return Err(SendError::GaveUp {
                            attempts: n,
                            last: e,
                        });
                    }
                    self.counters.retries.fetch_add(1, Ordering::Relaxed);
                    tracing::info!(what, attempt = n, error = %e, "Discord request failed; retrying");
                    if pause_all && pacing == Pacing::Interaction {
                        // Not global (Discord exempts these endpoints from it): the limit is
                        // this interaction's route alone, so only this send waits.
                        tokio::time::sleep_until(now + self.limits.unknown_429_pause).await;
                    } else if pause_all {
                        // A 429 that reached us carries nothing the guard can read (serenity
                        // retries the ones with a Retry-After itself): slow everything down.
                        self.pause(now + self.limits.unknown_429_pause, PauseReason::Unknown429);
                    } else {
                        let wake = now + backoff;
                        if wake > start_by && start_by < deadline {
                            return Err(SendError::Late);
                        }
                        if wake > deadline {
                            self.counters.failed.fetch_add(1, Ordering::Relaxed);
                            return Err(SendError::GaveUp {
                                attempts: n,
                                last: e,
                            });
                        }
                        tokio::time::sleep_until(wake).await;
                        backoff *= 2;
                    }
                }
            }
        }
    }
}

/// Forwards serenity's ratelimit reports to the guard (serenity calls event handlers for them,
/// not the framework).
pub struct GuardEvents(pub Arc<RestGuard>);

#[serenity::async_trait]
impl serenity::EventHandler for GuardEvents {
    async fn ratelimit(&self, info: serenity::RatelimitInfo) {
        self.0.on_ratelimit(&info);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(limits: GuardLimits) -> Arc<RestGuard> {
        Arc::new(RestGuard::with_routes(None, limits))
    }

    /// Real time, scaled down: a tenth of a second stands for a second.
    fn fast() -> GuardLimits {
        GuardLimits {
            unknown_429_pause: ms(100),
            retry_backoff: ms(5),
            ..GuardLimits::default()
        }
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[derive(Debug)]
    struct TestError(Failure);

    impl std::fmt::Display for TestError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{:?}", self.0)
        }
    }

    impl Attempted for TestError {
        fn failure(&self) -> Failure {
            self.0
        }
    }

    fn http_error(status: u16, code: isize) -> TestError {
        TestError(Failure::Status { status, code })
    }

    type R = Result<(), TestError>;

    #[tokio::test]
    async fn server_errors_are_retried_a_bounded_number_of_times() {
        let g = guard(fast());
        let mut calls = 0;
        let r: Result<(), SendError<TestError>> = g
            .send("test", || {
                calls += 1;
                async { Err(http_error(500, 0)) }
            })
            .await;
        assert!(
            matches!(r, Err(SendError::GaveUp { attempts: 4, .. })),
            "{r:?}"
        );
        assert_eq!(calls, 4);
        assert_eq!(g.snapshot().retries, 3);
        assert_eq!(
            g.snapshot().invalid_total,
            0,
            "a 500 is not an invalid request"
        );
    }

    #[tokio::test]
    async fn refusals_are_not_retried_and_auth_failures_count_as_invalid() {
        let g = guard(fast());
        for (status, invalid) in [(400, 0), (403, 1), (401, 2), (404, 2)] {
            let mut calls = 0;
            let r: Result<(), SendError<TestError>> = g
                .send("test", || {
                    calls += 1;
                    async move { Err(http_error(status, 0)) }
                })
                .await;
            assert!(matches!(r, Err(SendError::Rejected(_))), "{status}: {r:?}");
            assert_eq!(calls, 1, "{status} is not retried");
            assert_eq!(g.snapshot().invalid_total, invalid, "after {status}");
        }
        let r: Result<(), SendError<TestError>> = g
            .send("test", || async { Err(http_error(400, 40060)) })
            .await;
        assert!(matches!(r, Err(SendError::AlreadyAcknowledged)));
    }

    #[tokio::test]
    async fn rate_limits_after_server_errors_do_not_use_up_the_attempts() {
        let g = guard(GuardLimits {
            unknown_429_pause: ms(5),
            ..fast()
        });
        // Three 500s, then two 429s, then through: the reply lands.
        let mut calls = 0;
        let r = g
            .send("test", || {
                calls += 1;
                let status = match calls {
                    1..=3 => Some(500),
                    4 | 5 => Some(429),
                    _ => None,
                };
                async move { status.map_or(Ok(()), |s| Err(http_error(s, 0))) }
            })
            .await;
        assert!(r.is_ok(), "{r:?}");
        assert_eq!(calls, 6);
        // Rate limits alone are bounded too.
        let mut calls = 0;
        let r: Result<(), SendError<TestError>> = g
            .send("test", || {
                calls += 1;
                async { Err(http_error(429, 0)) }
            })
            .await;
        assert!(matches!(r, Err(SendError::GaveUp { .. })), "{r:?}");
        assert_eq!(calls, 9, "the first attempt and eight retries after a 429");
    }

    #[tokio::test]
    async fn a_429_pauses_every_send() {
        let g = guard(fast());
        let mut calls = 0;
        let started = Instant::now();
        let r = g
            .send("test", || {
                calls += 1;
                let first = calls == 1;
                async move {
                    if first {
                        Err(http_error(429, 0))
                    } else {
                        Ok(())
                    }
                }
            })
            .await;
        assert!(r.is_ok());
        assert_eq!(calls, 2);
        assert!(started.elapsed() >= ms(100), "waited out the pause");
        assert_eq!(g.snapshot().invalid_total, 1);
    }

    #[tokio::test]
    async fn nothing_starts_during_a_global_pause() {
        let g = guard(fast());
        let t0 = Instant::now();
        g.pause(t0 + ms(500), PauseReason::Global);
        let started = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let g = g.clone();
            let started = started.clone();
            tasks.push(tokio::spawn(async move {
                g.send("test", || {
                    started.lock().unwrap().push(Instant::now());
                    async { R::Ok(()) }
                })
                .await
            }));
        }
        for t in tasks {
            assert!(t.await.expect("task").is_ok());
        }
        let started = started.lock().unwrap();
        assert_eq!(started.len(), 10);
        assert!(started.iter().all(|t| *t >= t0 + ms(500)));
        assert_eq!(g.snapshot().held, 10);
    }

    #[tokio::test]
    async fn interaction_responses_pass_a_global_pause_but_not_a_cooldown() {
        let g = guard(fast());
        let send = |pacing: Pacing| {
            let g = g.clone();
            async move {
                let by = Instant::now() + Duration::from_secs(5);
                g.send_by("test", by, by, pacing, || async {
                    Ok::<_, TestError>(Instant::now())
                })
                .await
                .expect("sent")
            }
        };
        let t0 = Instant::now();
        g.pause(t0 + ms(500), PauseReason::Global);
        let (answer, message) = tokio::join!(send(Pacing::Interaction), send(Pacing::Paced));
        assert!(
            answer < t0 + ms(100),
            "the interaction response went at once"
        );
        assert!(message >= t0 + ms(500), "the message waited for the end");
        assert_eq!(g.snapshot().held, 1, "only the message was held");
        let t1 = Instant::now();
        g.pause(t1 + ms(300), PauseReason::Cooldown);
        assert!(send(Pacing::Interaction).await >= t1 + ms(300));
    }

    #[tokio::test]
    async fn idle_serenity_buckets_are_pruned() {
        let routes: Routes = Arc::default();
        let bucket = |id: u64| {
            serenity::http::Route::InteractionResponse {
                interaction_id: serenity::InteractionId::new(id),
                token: "t",
            }
            .ratelimiting_bucket()
        };
        let in_use = Arc::new(tokio::sync::Mutex::new(serenity::http::Ratelimit::default()));
        {
            let mut table = routes.write().await;
            for id in 1..=100 {
                table.insert(bucket(id), Arc::default());
            }
            table.insert(bucket(101), in_use.clone());
        }
        let g = RestGuard::with_routes(Some(routes.clone()), fast());
        assert_eq!(g.prune_routes().await, 100);
        assert_eq!(
            routes.read().await.len(),
            1,
            "the bucket a request holds stays"
        );
    }

    #[tokio::test]
    async fn no_more_than_max_in_flight_at_once() {
        let g = guard(GuardLimits {
            max_in_flight: 3,
            ..fast()
        });
        let now = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let most = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..12 {
            let (g, now, most) = (g.clone(), now.clone(), most.clone());
            tasks.push(tokio::spawn(async move {
                g.send("test", || {
                    let (now, most) = (now.clone(), most.clone());
                    async move {
                        let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(n, Ordering::SeqCst);
                        tokio::time::sleep(ms(20)).await;
                        now.fetch_sub(1, Ordering::SeqCst);
                        R::Ok(())
                    }
                })
                .await
            }));
        }
        for t in tasks {
            assert!(t.await.expect("task").is_ok());
        }
        assert_eq!(most.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn sends_are_paced_after_a_burst() {
        let g = guard(GuardLimits {
            sends_per_second: 20,
            ..fast()
        });
        let t0 = Instant::now();
        for _ in 0..30 {
            let r = g.send("test", || async { R::Ok(()) }).await;
            assert!(r.is_ok());
        }
        // 20 at once, then 10 at 20 a second.
        let took = t0.elapsed();
        assert!(took >= ms(450), "{took:?}");
        assert!(took < ms(1500), "{took:?}");
    }

    #[tokio::test]
    async fn late_sends_say_so_and_long_pauses_give_up() {
        let g = guard(fast());
        let t0 = Instant::now();
        g.pause(t0 + ms(300), PauseReason::Global);
        let r = g
            .send_by(
                "test",
                t0 + ms(200),
                t0 + ms(6000),
                Pacing::Paced,
                || async { R::Ok(()) },
            )
            .await;
        assert!(matches!(r, Err(SendError::Late)), "{r:?}");
        assert!(Instant::now() >= t0 + ms(200));
        g.pause(t0 + Duration::from_secs(600), PauseReason::Global);
        let t1 = Instant::now();
        let r = g
            .send_by(
                "test",
                t1 + ms(300),
                t1 + ms(300),
                Pacing::Paced,
                || async { R::Ok(()) },
            )
            .await;
        assert!(matches!(r, Err(SendError::Paused)), "{r:?}");
    }

    #[tokio::test]
    async fn invalid_requests_past_the_soft_limit_cool_down_and_age_out() {
        let g = guard(GuardLimits {
            soft_limit: 100,
            ..fast()
        });
        let t0 = Instant::now();
        for _ in 0..99 {
            g.record_invalid(t0);
        }
        assert!(g.paused_until(t0).is_none(), "under the soft limit");
        g.record_invalid(t0);
        let (until, reason) = g.paused_until(t0).expect("cooling down");
        assert_eq!(reason, PauseReason::Cooldown);
        assert_eq!(until, t0 + Duration::from_secs(30));
        assert_eq!(g.snapshot().invalid_in_window, 100);
        // Ten minutes later the window is empty again.
        let later = t0 + INVALID_WINDOW + Duration::from_secs(1);
        g.record_invalid(later);
        assert_eq!(g.lock().invalid.len(), 1);
    }
}
