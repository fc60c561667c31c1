//! Lets serenity's restart of a shard whose gateway went silent through at once.
//!
//! When a heartbeat goes unacknowledged (the peer is dead: TCP still open, no frames, no close
//! frame), serenity 0.12.5's shard runner asks the shard manager to restart it, from inside
//! its own loop (`ShardRunner::request_restart` → `ShardManager::restart_shard`). The manager
//! asks that same runner to shut down and waits for its notice that it has, but the runner is
//! the one waiting on the manager, so the notice never comes and the manager gives up only
//! after a hard-coded 5 s (`ShardManager::shutdown`'s `TIMEOUT`; neither `ClientBuilder` nor
//! `ShardManagerOptions` sets it).
//!
//! The notice, `ShardManager::shutdown_finished`, is public: [`unblock_restarts`] gives it in
//! the runner's stead. It knows the runner is stuck in that wait by what the runner tells the
//! manager just before it asks (`update_manager`): still connected, and no latency, as the
//! last heartbeat sent has no acknowledgement. A runner reports a latency at each
//! acknowledgement, and a stage at each change of stage. A new connection or a resumed one
//! reports "connected, no latency" too, until its first acknowledgement, about one heartbeat
//! interval later (serenity counts the IDENTIFY, or the Resumed event, as a heartbeat sent,
//! and sends the first one an interval after it). So a shard counts as stuck when it has
//! reported "connected, no latency" for [`STUCK_AFTER`] and, since it last changed stage (the
//! changes come as events, [`StageEvents`]), either:
//! - it had reported a latency; or
//! - it never did, for one and a half heartbeat intervals (as read between the
//!   acknowledgements seen so far): the first heartbeat has gone unacknowledged, and serenity
//!   gives up at two intervals. The notice is then given a little before the runner asks, and
//!   the manager's wait finds it at once.
//!
//! Only restarts asked for while connected are seen so: one after an invalid session, or after
//! a failure while resuming or identifying, still waits the 5 s (Discord asks a bot to wait 1
//! to 5 s before identifying after an invalid session anyway). Nor is the watch needed after
//! serenity's first restart from inside a runner: `restart_shard` sends one more notice once
//! `restart` returns, which the next wait finds at once. A notice given wrongly would do the
//! same: end the manager's next wait early.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use poise::serenity_prelude as serenity;
use serenity::{ConnectionStage, ShardId, ShardManager};
use tokio::time::Instant;

/// How long a shard must report "connected, no latency" to be taken as stuck in a restart:
/// long enough for the event of a change of stage that explains it (a resume) to have come.
pub const STUCK_AFTER: Duration = Duration::from_millis(250);

/// What the log says when the watch lets a restart through.
pub const RESTART_NOTICE: &str =
    "gateway heartbeat unacknowledged: restarting the shard without serenity's 5-s wait";

/// What is known of each shard, from the manager's reports and the stage events.
#[derive(Debug, Default)]
pub struct Watch {
    shards: Mutex<HashMap<ShardId, ShardWatch>>,
}

#[derive(Debug, Default, Clone, Copy)]
struct ShardWatch {
    /// Since when it has reported "connected, no latency" after that.
    silent_since: Option<Instant>,
    /// The notice was given for this stretch of silence.
    notified: bool,
    /// When it last changed stage.
    stage_since: Option<Instant>,
    /// The last latency reported: a new value is a new acknowledgement.
    last_latency: Option<Duration>,
    /// When the last heartbeat acknowledgement (a new latency) since the last change of
    /// stage was seen; None: none since.
    last_ack_at: Option<Instant>,
    /// The last few times between two acknowledgements with no change of stage between.
    gaps: [Option<Duration>; GAPS],
}

/// How many times between acknowledgements the heartbeat interval is read from. Discord may
/// ask for a heartbeat at any time (op 1), and the acknowledgement of that one comes sooner
/// than the interval: the longest of the last few is the interval, to within a reading.
const GAPS: usize = 4;

impl ShardWatch {
    /// The heartbeat interval, as read from the acknowledgements seen.
    fn interval(&self) -> Option<Duration> {
        self.gaps.iter().flatten().max().copied()
    }

    /// Whether the first heartbeat since the last change of stage has gone unacknowledged.
    fn first_heartbeat_missed(&self, now: Instant) -> bool {
        match (self.stage_since, self.interval()) {
            (Some(since), Some(interval)) => now.duration_since(since) >= interval * 3 / 2,
            _ => false,
        }
    }

    /// A new acknowledgement, seen at `now`.
    fn acknowledged_at(&mut self, now: Instant) {
        if let Some(at) = self.last_ack_at {
            self.gaps.rotate_right(1);
            self.gaps[0] = Some(now.duration_since(at));
        }
        self.last_ack_at = Some(now);
    }
}

impl Watch {
    /// A shard changed stage (connecting, identifying, resuming, connected ...): whatever it
    /// reports next is a new connection's or a resumed one's.
    pub fn stage_changed(&self, id: ShardId, now: Instant) {
        let mut shards = self.lock();
        let shard = shards.entry(id).or_default();
        *shard = ShardWatch {
            stage_since: Some(now),
            last_latency: shard.last_latency,
            gaps: shard.gaps,
            ..ShardWatch::default()
        };
    }

    /// Reads one report of each shard (its stage and latency, as the manager has them); gives
    /// the shards stuck in a restart wait, each once per stretch of silence.
    pub fn stuck(
        &self,
        now: Instant,
        reports: impl IntoIterator<Item = (ShardId, ConnectionStage, Option<Duration>)>,
    ) -> Vec<ShardId> {
        let mut shards = self.lock();
        let mut stuck = Vec::new();
        for (id, stage, latency) in reports {
            let shard = shards.entry(id).or_default();
            if let Some(latency) = latency {
                // A latency the manager already had is no new acknowledgement (a stage
                // change reports the last one again).
                if shard.last_latency != Some(latency) {
                    shard.last_latency = Some(latency);
                    shard.acknowledged_at(now);
                }
                shard.silent_since = None;
                shard.notified = false;
                continue;
            }
            if stage != ConnectionStage::Connected {
                shard.silent_since = None;
                continue;
            }
            // Either way, silent for a moment at least: the stage event that explains the
            // silence (a resume) may come just after the manager shows it.
            let since = *shard.silent_since.get_or_insert(now);
            let stuck_now = now.duration_since(since) >= STUCK_AFTER
                && (shard.last_ack_at.is_some() || shard.first_heartbeat_missed(now));
            if stuck_now && !shard.notified {
                shard.notified = true;
                stuck.push(id);
            }
        }
        stuck
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ShardId, ShardWatch>> {
        // The map holds plain flags: one left by a panicking holder is still usable.
        self.shards.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Tells the [`Watch`] of each change of a shard's stage.
pub struct StageEvents(pub Arc<Watch>);

#[serenity::async_trait]
impl serenity::EventHandler for StageEvents {
    async fn shard_stage_update(
        &self,
        _: serenity::Context,
        event: serenity::ShardStageUpdateEvent,
    ) {
        self.0.stage_changed(event.shard_id, Instant::now());
    }
}

/// Every `every`, gives the shutdown notice for each shard stuck in a restart wait asked for
/// while connected (see the module's notes); runs until aborted.
pub async fn unblock_restarts(manager: Arc<ShardManager>, watch: Arc<Watch>, every: Duration) {
    loop {
        tokio::time::sleep(every).await;
        let reports: Vec<_> = manager
            .runners
            .lock()
            .await
            .iter()
            .map(|(&id, info)| (id, info.stage, info.latency))
            .collect();
        for id in watch.stuck(Instant::now(), reports) {
            tracing::warn!(shard = id.0, "{RESTART_NOTICE}");
            manager.shutdown_finished(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHARD: ShardId = ShardId(0);

    fn report(
        stage: ConnectionStage,
        latency: Option<Duration>,
    ) -> Vec<(ShardId, ConnectionStage, Option<Duration>)> {
        vec![(SHARD, stage, latency)]
    }

    fn silent() -> Vec<(ShardId, ConnectionStage, Option<Duration>)> {
        report(ConnectionStage::Connected, None)
    }

    /// The n-th acknowledgement's latency: each differs, as measured latencies do.
    fn ack(n: u64) -> Vec<(ShardId, ConnectionStage, Option<Duration>)> {
        report(
            ConnectionStage::Connected,
            Some(Duration::from_micros(40_000 + n)),
        )
    }

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    #[test]
    fn an_acknowledged_shard_gone_silent_long_enough_is_stuck_once() {
        let watch = Watch::default();
        let t0 = Instant::now();
        watch.stage_changed(SHARD, t0);
        assert!(watch.stuck(t0, ack(1)).is_empty());
        let t1 = t0 + secs(40.0);
        assert!(watch.stuck(t1, silent()).is_empty());
        assert!(watch.stuck(t1 + STUCK_AFTER / 2, silent()).is_empty());
        assert_eq!(watch.stuck(t1 + STUCK_AFTER, silent()), vec![SHARD]);
        // Once per stretch: not again while it lasts.
        assert!(watch.stuck(t1 + STUCK_AFTER * 4, silent()).is_empty());
        // Acknowledged again, then silent again: a new restart.
        let t2 = t1 + secs(10.0);
        assert!(watch.stuck(t2, ack(2)).is_empty());
        assert!(watch.stuck(t2 + STUCK_AFTER, silent()).is_empty());
        assert_eq!(watch.stuck(t2 + STUCK_AFTER * 2, silent()), vec![SHARD]);
    }

    #[test]
    fn a_new_or_resumed_connection_awaiting_its_first_acknowledgement_is_not_stuck() {
        let watch = Watch::default();
        let interval = 41.25;
        let t0 = Instant::now();
        // A new connection: connected, no latency until the first heartbeat, one interval
        // after the IDENTIFY, is acknowledged.
        watch.stage_changed(SHARD, t0);
        for tenth in 0..=412 {
            let at = t0 + secs(f64::from(tenth) / 10.0);
            assert!(watch.stuck(at, silent()).is_empty());
        }
        let t1 = t0 + secs(interval + 0.1);
        assert!(watch.stuck(t1, ack(1)).is_empty());
        assert!(watch.stuck(t1 + secs(interval), ack(2)).is_empty());
        // The connection drops and is resumed: the manager may show "connected, no latency"
        // a moment before the stage event comes; the event wipes the stretch out, and the
        // first acknowledgement comes an interval after the RESUME.
        let t2 = t1 + secs(2.0 * interval + 3.0);
        assert!(watch.stuck(t2, silent()).is_empty());
        watch.stage_changed(SHARD, t2);
        for tenth in 1..=412 {
            let at = t2 + secs(f64::from(tenth) / 10.0);
            assert!(watch.stuck(at, silent()).is_empty());
        }
        assert!(watch.stuck(t2 + secs(interval + 0.2), ack(3)).is_empty());
        // A change of stage that reports the last latency again is no acknowledgement.
        let t3 = t2 + secs(2.0 * interval);
        watch.stage_changed(SHARD, t3);
        assert!(watch.stuck(t3, ack(3)).is_empty());
        for tenth in 1..=412 {
            let at = t3 + secs(f64::from(tenth) / 10.0);
            assert!(watch.stuck(at, silent()).is_empty());
        }
    }

    #[test]
    fn a_first_heartbeat_unacknowledged_for_one_and_a_half_intervals_is_stuck() {
        let watch = Watch::default();
        let t0 = Instant::now();
        watch.stage_changed(SHARD, t0);
        // Without an interval measured (one acknowledgement seen), no guess is made.
        assert!(watch.stuck(t0 + secs(5.0), ack(1)).is_empty());
        watch.stage_changed(SHARD, t0 + secs(6.0));
        for s in 7..60 {
            assert!(watch.stuck(t0 + secs(f64::from(s)), silent()).is_empty());
        }
        // Two acknowledgements 5 s apart: the interval is known.
        let t1 = t0 + secs(60.0);
        watch.stage_changed(SHARD, t1);
        assert!(watch.stuck(t1 + secs(5.0), ack(2)).is_empty());
        assert!(watch.stuck(t1 + secs(10.0), ack(3)).is_empty());
        // A resumed connection whose peer dies before the first heartbeat is acknowledged:
        // serenity gives up at 10 s; the notice comes at 7.5 s.
        let t2 = t1 + secs(12.0);
        watch.stage_changed(SHARD, t2);
        assert!(watch.stuck(t2 + secs(0.1), silent()).is_empty());
        assert!(watch.stuck(t2 + secs(7.4), silent()).is_empty());
        assert_eq!(watch.stuck(t2 + secs(7.5), silent()), vec![SHARD]);
        assert!(watch.stuck(t2 + secs(9.0), silent()).is_empty());
    }

    #[test]
    fn a_heartbeat_discord_asks_for_does_not_shorten_the_interval() {
        let watch = Watch::default();
        let t0 = Instant::now();
        watch.stage_changed(SHARD, t0);
        // Every 5 s, and once 0.3 s after one because Discord asked (op 1).
        for (n, at) in [5.0, 10.0, 10.3, 15.3].into_iter().enumerate() {
            assert!(watch.stuck(t0 + secs(at), ack(n as u64)).is_empty());
        }
        // A resume whose first acknowledgement comes 5.2 s later: not stuck on the way.
        let t1 = t0 + secs(17.0);
        watch.stage_changed(SHARD, t1);
        for tenth in 1..52 {
            let at = t1 + secs(f64::from(tenth) / 10.0);
            assert!(watch.stuck(at, silent()).is_empty(), "at {tenth}");
        }
        assert!(watch.stuck(t1 + secs(5.2), ack(9)).is_empty());
        // The silence right after a change of stage waits its moment too, in either rule.
        let t2 = t1 + secs(60.0);
        watch.stage_changed(SHARD, t2);
        assert!(watch.stuck(t2 + secs(8.0), silent()).is_empty());
        assert_eq!(
            watch.stuck(t2 + secs(8.0) + STUCK_AFTER, silent()),
            vec![SHARD]
        );
    }

    #[test]
    fn a_shard_in_any_other_stage_is_not_stuck() {
        let watch = Watch::default();
        let t0 = Instant::now();
        assert!(watch.stuck(t0, ack(1)).is_empty());
        for (i, stage) in [
            ConnectionStage::Connecting,
            ConnectionStage::Handshake,
            ConnectionStage::Identifying,
            ConnectionStage::Resuming,
            ConnectionStage::Disconnected,
        ]
        .into_iter()
        .enumerate()
        {
            let at = t0 + STUCK_AFTER * (i as u32 * 2);
            assert!(watch.stuck(at, report(stage, None)).is_empty(), "{stage:?}");
        }
    }
}
