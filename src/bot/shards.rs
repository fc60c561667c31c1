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
//! reports "connected, no latency" too, until its first acknowledgement (up to one heartbeat
//! interval: serenity counts the IDENTIFY or the RESUME as the last heartbeat sent), so a
//! shard counts as stuck only when it had reported a latency since it last changed stage (the
//! stage changes come as events, [`StageEvents`]), and has reported "connected, no latency"
//! for [`STUCK_AFTER`] since. Were the notice ever given wrongly, it would make the manager's
//! next wait end early, as serenity itself does after every restart from inside a runner
//! (`restart_shard` sends one more notice once `restart` returns).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use poise::serenity_prelude as serenity;
use serenity::{ConnectionStage, ShardId, ShardManager};
use tokio::time::Instant;

/// How long a shard must report "connected, no latency", after it had reported a latency, to be
/// taken as stuck in a restart: long enough for the event of a change of stage that explains
/// it (a resume) to have come.
pub const STUCK_AFTER: Duration = Duration::from_millis(250);

/// What is known of each shard, from the manager's reports and the stage events.
#[derive(Debug, Default)]
pub struct Watch {
    shards: Mutex<HashMap<ShardId, ShardWatch>>,
}

#[derive(Debug, Default, Clone, Copy)]
struct ShardWatch {
    /// A heartbeat acknowledgement (a latency) was reported since the last change of stage.
    acknowledged: bool,
    /// Since when it has reported "connected, no latency" after that.
    silent_since: Option<Instant>,
    /// The notice was given for this stretch of silence.
    notified: bool,
}

impl Watch {
    /// A shard changed stage (connecting, identifying, resuming, connected ...): whatever it
    /// reports next is a new connection's or a resumed one's.
    pub fn stage_changed(&self, id: ShardId) {
        self.lock().insert(id, ShardWatch::default());
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
            if latency.is_some() {
                *shard = ShardWatch {
                    acknowledged: true,
                    ..ShardWatch::default()
                };
            } else if stage == ConnectionStage::Connected && shard.acknowledged {
                let since = *shard.silent_since.get_or_insert(now);
                if !shard.notified && now.duration_since(since) >= STUCK_AFTER {
                    shard.notified = true;
                    stuck.push(id);
                }
            } else {
                shard.silent_since = None;
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
        self.0.stage_changed(event.shard_id);
    }
}

/// Every `every`, gives the shutdown notice for each shard stuck in a restart wait; runs until
/// aborted.
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
            tracing::warn!(
                shard = id.0,
                "gateway heartbeat unacknowledged: restarting the shard without serenity's 5-s wait"
            );
            manager.shutdown_finished(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHARD: ShardId = ShardId(0);
    const LIVE: Option<Duration> = Some(Duration::from_millis(40));

    fn report(
        stage: ConnectionStage,
        latency: Option<Duration>,
    ) -> Vec<(ShardId, ConnectionStage, Option<Duration>)> {
        vec![(SHARD, stage, latency)]
    }

    fn silent() -> Vec<(ShardId, ConnectionStage, Option<Duration>)> {
        report(ConnectionStage::Connected, None)
    }

    #[test]
    fn an_acknowledged_shard_gone_silent_long_enough_is_stuck_once() {
        let watch = Watch::default();
        let t0 = Instant::now();
        watch.stage_changed(SHARD);
        assert!(watch
            .stuck(t0, report(ConnectionStage::Connected, LIVE))
            .is_empty());
        let t1 = t0 + Duration::from_secs(40);
        assert!(watch.stuck(t1, silent()).is_empty());
        assert!(watch.stuck(t1 + STUCK_AFTER / 2, silent()).is_empty());
        assert_eq!(watch.stuck(t1 + STUCK_AFTER, silent()), vec![SHARD]);
        // Once per stretch: not again while it lasts.
        assert!(watch.stuck(t1 + STUCK_AFTER * 4, silent()).is_empty());
        // Acknowledged again, then silent again: a new restart.
        let t2 = t1 + Duration::from_secs(10);
        assert!(watch
            .stuck(t2, report(ConnectionStage::Connected, LIVE))
            .is_empty());
        assert!(watch.stuck(t2 + STUCK_AFTER, silent()).is_empty());
        assert_eq!(watch.stuck(t2 + STUCK_AFTER * 2, silent()), vec![SHARD]);
    }

    #[test]
    fn a_new_or_resumed_connection_awaiting_its_first_acknowledgement_is_not_stuck() {
        let watch = Watch::default();
        let t0 = Instant::now();
        // A new connection: connected, no latency until the first heartbeat is acknowledged,
        // up to one heartbeat interval (41.25 s on Discord).
        watch.stage_changed(SHARD);
        for s in 0..42 {
            assert!(watch
                .stuck(t0 + Duration::from_secs(s), silent())
                .is_empty());
        }
        let t1 = t0 + Duration::from_secs(42);
        assert!(watch
            .stuck(t1, report(ConnectionStage::Connected, LIVE))
            .is_empty());
        // The connection drops and is resumed: the manager may show "connected, no latency"
        // a moment before the stage event comes; the event wipes the stretch out.
        let t2 = t1 + Duration::from_secs(20);
        assert!(watch.stuck(t2, silent()).is_empty());
        watch.stage_changed(SHARD);
        for s in 0..42 {
            assert!(watch
                .stuck(t2 + Duration::from_secs(s), silent())
                .is_empty());
        }
    }

    #[test]
    fn a_shard_in_any_other_stage_is_not_stuck() {
        let watch = Watch::default();
        let t0 = Instant::now();
        assert!(watch
            .stuck(t0, report(ConnectionStage::Connected, LIVE))
            .is_empty());
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
