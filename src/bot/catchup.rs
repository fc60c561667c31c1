//! Catching up on messages missed across a new gateway session.
//!
//! Discord replays the events a client missed only when it RESUMEs its session. When serenity
//! identifies again instead (an invalid session, a dead peer it gave up on), the new session
//! starts empty: questions asked by mention or DM meanwhile are in their channels' history and
//! nowhere else. So the bot remembers, per channel, the newest message it has seen, and on a
//! READY that is not a shard's first it reads each channel's history after that message and
//! handles the messages as if their MESSAGE_CREATE had arrived.
//!
//! Interactions (`/ask`, clicks) cannot be caught up: they are not in any history, and their
//! token must be answered within 3 seconds of the event, long gone by the next session.
//! Bots cannot list their DM channels, so a DM channel the bot never saw a message in is
//! unknown to it. A user's first DM sent while the bot was away is found another way: for the
//! users who lately addressed the bot (a mention, a reply to it, a command, a click) and whose
//! DM channel it does not follow, the bot opens the DM channel (Discord returns the existing
//! one, with its newest message's id) and reads it when that message is recent. Only those
//! users: Discord asks bots to open DMs only on a user's action. Anyone else's first DM in
//! that time goes unanswered.
//!
//! Handling is idempotent: every message the bot handles is claimed by id first
//! (`Handled::claim`), so one that arrives both live on the new session and in the history read
//! (or twice from the gateway) is answered once.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use poise::serenity_prelude as serenity;
use tokio::time::Instant;

use super::guard::SendError;
use super::state::Data;

/// Messages older than this are not caught up: an answer that late is no longer wanted.
pub const MAX_AGE: Duration = Duration::from_secs(5 * 60);
/// Messages per history request (Discord's maximum).
pub const PAGE: u8 = 100;
/// History requests per channel and catch-up at the most: a channel that was that busy keeps
/// its older messages unanswered rather than hold back the other channels.
pub const MAX_PAGES: usize = 5;
/// Channels read at once: the catch-up shares the REST guard's pace with live replies, and
/// should not take all of it.
pub const CONCURRENCY: usize = 4;
/// Channels remembered at the most (the least recently active are forgotten first).
pub const MAX_CHANNELS: usize = 2_000;
/// Users whose DM channel a catch-up opens at the most (the most recently active first): one
/// request each, and Discord limits how fast a bot may open DMs (code 40003).
pub const MAX_DM_PROBES: usize = 100;
/// How lately a user must have addressed the bot for a catch-up to look for their first DM:
/// someone who used the bot a moment before the disconnect is the one likely to DM it.
pub const DM_PROBE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Users remembered at the most (the least recently active are forgotten first).
pub const MAX_USERS: usize = 2_000;
/// Handled message ids remembered at the most, and for how long: longer than `MAX_AGE`, so a
/// message caught up is never one the bot forgot it answered.
pub const MAX_HANDLED: usize = 50_000;
pub const HANDLED_FOR: Duration = Duration::from_secs(15 * 60);
/// How long the catch-up waits for the guilds to be back in the cache (they arrive by
/// GUILD_CREATE after READY) before it reads their channels anyway: a mention of the bot's
/// role is only recognized with the guild cached.
pub const GUILD_WAIT: Duration = Duration::from_secs(10);

/// Discord's epoch (2015-01-01) in ms since the Unix epoch: snowflakes count from it.
const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

/// The smallest snowflake made at `t` (every id made at or after it is not smaller).
pub fn snowflake_at(t: SystemTime) -> u64 {
    let ms = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    ms.saturating_sub(DISCORD_EPOCH_MS) << 22
}

/// What the bot knows of a channel it has seen traffic in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Channel {
    pub id: u64,
    /// None for a DM channel.
    pub guild: Option<u64>,
    /// The newest message seen in it.
    pub last: u64,
}

/// What the bot knows of a user who addressed it: the DM channel with them, if a message
/// showed it, and their newest message or interaction (a snowflake, so also when).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct User {
    dm: Option<u64>,
    last: u64,
}

#[derive(Debug, Default)]
struct Followed {
    channels: HashMap<u64, (Channel, u64)>,
    users: HashMap<u64, (User, u64)>,
    /// Bumped at each message: the second fields above, so the least recent can go first.
    clock: u64,
}

/// Inserts or updates `key` in a map bounded to `max` entries, each stamped with the time it
/// was last touched (`now`); the least recently touched goes when a new key would overflow.
fn touch<V>(
    map: &mut HashMap<u64, (V, u64)>,
    max: usize,
    key: u64,
    now: u64,
    update: impl FnOnce(&mut V),
    new: impl FnOnce() -> V,
) {
    if let Some((v, touched)) = map.get_mut(&key) {
        update(v);
        *touched = now;
        return;
    }
    if map.len() >= max {
        let oldest = map.iter().min_by_key(|(_, (_, t))| *t).map(|(k, _)| *k);
        if let Some(k) = oldest {
            map.remove(&k);
        }
    }
    map.insert(key, (new(), now));
}

/// The newest message seen per channel (at most `MAX_CHANNELS`), and the users who
/// addressed the bot lately (at most `MAX_USERS`).
#[derive(Debug)]
pub struct Seen {
    inner: Mutex<Followed>,
    max: usize,
    max_users: usize,
}

impl Default for Seen {
    fn default() -> Self {
        Seen::new(MAX_CHANNELS, MAX_USERS)
    }
}

impl Seen {
    pub fn new(max: usize, max_users: usize) -> Seen {
        Seen {
            inner: Mutex::new(Followed::default()),
            max: max.max(1),
            max_users: max_users.max(1),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Followed> {
        // A few ids that stay consistent even if a holder panicked.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Notes message `id` in `channel` (of `guild`, None for a DM).
    pub fn saw(&self, channel: u64, guild: Option<u64>, id: u64) {
        let mut c = self.lock();
        c.clock += 1;
        let now = c.clock;
        let update = |ch: &mut Channel| {
            ch.last = ch.last.max(id);
            ch.guild = ch.guild.or(guild);
        };
        let new = || Channel {
            id: channel,
            guild,
            last: id,
        };
        touch(&mut c.channels, self.max, channel, now, update, new);
    }

    /// Notes a message or interaction `id` by which `user` addressed the bot, in the DM
    /// channel `dm` if it was one (`id` 0 only notes the channel).
    pub fn saw_user(&self, user: u64, dm: Option<u64>, id: u64) {
        let mut c = self.lock();
        c.clock += 1;
        let now = c.clock;
        let update = |u: &mut User| {
            u.dm = dm.or(u.dm);
            u.last = u.last.max(id);
        };
        let max = self.max_users;
        touch(&mut c.users, max, user, now, update, || User {
            dm,
            last: id,
        });
    }

    /// Users who addressed the bot since `since` (a snowflake) and whose DM channel it does
    /// not follow (unknown, or forgotten among the channels), the most recently active first,
    /// at most `max`.
    pub fn users_without_dm(&self, since: u64, max: usize) -> Vec<u64> {
        let followed = self.lock();
        let mut users: Vec<(u64, u64)> = followed
            .users
            .iter()
            .filter(|(_, (u, _))| {
                u.last >= since && u.dm.is_none_or(|dm| !followed.channels.contains_key(&dm))
            })
            .map(|(id, (u, _))| (*id, u.last))
            .collect();
        drop(followed);
        users.sort_by_key(|&(_, last)| std::cmp::Reverse(last));
        users.into_iter().take(max).map(|(id, _)| id).collect()
    }

    /// Stops following a channel (the bot may not read it, or it is gone).
    pub fn forget(&self, channel: u64) {
        self.lock().channels.remove(&channel);
    }

    /// The channels of one shard (`shard` of `total`; DMs go to shard 0), as Discord assigns
    /// guilds: `(guild_id >> 22) % total`.
    pub fn of_shard(&self, shard: u32, total: u32) -> Vec<Channel> {
        let total = u64::from(total.max(1));
        self.lock()
            .channels
            .values()
            .map(|(c, _)| *c)
            .filter(|c| c.guild.map_or(0, |g| (g >> 22) % total) == u64::from(shard))
            .collect()
    }

    pub fn len(&self) -> usize {
        self.lock().channels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Default)]
struct HandledInner {
    ids: HashSet<u64>,
    order: VecDeque<(u64, Instant)>,
}

/// The messages the bot has handled (answered or is answering), recent ones only: claiming a
/// message twice fails, so a message answered live is not answered again when the catch-up
/// reads it (or the gateway repeats it).
#[derive(Debug)]
pub struct Handled {
    inner: Mutex<HandledInner>,
    max: usize,
    keep: Duration,
}

impl Default for Handled {
    fn default() -> Self {
        Handled::new(MAX_HANDLED, HANDLED_FOR)
    }
}

impl Handled {
    pub fn new(max: usize, keep: Duration) -> Handled {
        Handled {
            inner: Mutex::new(HandledInner::default()),
            max: max.max(1),
            keep,
        }
    }

    /// True the first time for `id`, false if it was claimed already.
    pub fn claim(&self, id: u64) -> bool {
        self.claim_at(id, Instant::now())
    }

    pub fn claim_at(&self, id: u64, now: Instant) -> bool {
        let mut h = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        while let Some(&(old, at)) = h.order.front() {
            if h.order.len() < self.max && now.saturating_duration_since(at) < self.keep {
                break;
            }
            h.order.pop_front();
            h.ids.remove(&old);
        }
        if !h.ids.insert(id) {
            return false;
        }
        h.order.push_back((id, now));
        true
    }

    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .ids
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Which shards have had a READY in this process: the first of each is a start, any later
/// one a new session after a disconnect.
#[derive(Debug, Default)]
pub struct Readies(Mutex<HashSet<u32>>);

impl Readies {
    /// Notes a READY of `shard`; true if it had one before.
    pub fn again(&self, shard: u32) -> bool {
        !self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(shard)
    }
}

/// What one catch-up did, for the log.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub channels: usize,
    pub requests: usize,
    /// Messages read from the histories (the bot's own and old ones included).
    pub read: usize,
    /// Messages handed to the message handler (it still decides whether they want a reply).
    pub handled: usize,
    /// Channels whose catch-up stopped at `MAX_PAGES`.
    pub truncated: usize,
    pub failed: usize,
    /// DM channels opened for users seen lately without one known.
    pub dm_opened: usize,
}

impl Report {
    fn add(&mut self, r: Report) {
        self.channels += r.channels;
        self.requests += r.requests;
        self.read += r.read;
        self.handled += r.handled;
        self.truncated += r.truncated;
        self.failed += r.failed;
        self.dm_opened += r.dm_opened;
    }
}

/// What a catch-up task looks at.
enum Work {
    /// A channel the bot has seen traffic in.
    Channel(Channel),
    /// A user seen lately whose DM channel the bot does not know.
    User(u64),
}

/// Catches up the channels of the shard that just started a new session, then (on shard 0,
/// which gets the DMs) the DM channels of users seen lately with none known (see the module
/// docs). Runs in its own task; every request goes through the REST guard.
pub async fn run(ctx: serenity::Context, data: Data, shard: Option<serenity::ShardInfo>) {
    let (id, total) = shard.map_or((0, 1), |s| (s.id.0, s.total));
    let mut channels = data.seen.of_shard(id, total);
    // The most recently active first: they are the likeliest to hold missed questions, and
    // the reads share the REST pace with live replies (a soak's 500 channels took 20 s).
    channels.sort_by_key(|c| std::cmp::Reverse(c.last));
    // Users without a DM channel known are listed now, not after the channels: a user whose
    // first DM was missed may DM again live before the catch-up gets to them, and their DM
    // channel is then known, but not what they sent in it before.
    let users_since = snowflake_at(SystemTime::now() - DM_PROBE_WINDOW);
    let dms_here = id == 0;
    let users = if dms_here {
        data.seen.users_without_dm(users_since, MAX_DM_PROBES)
    } else {
        Vec::new()
    };
    if channels.is_empty() && users.is_empty() {
        return;
    }
    tracing::info!(
        shard = id,
        channels = channels.len(),
        users = users.len(),
        "new gateway session: catching up on messages sent while disconnected"
    );
    wait_for_guilds(&ctx, &channels).await;
    let floor = snowflake_at(SystemTime::now() - MAX_AGE);
    let mut report = Report {
        channels: channels.len(),
        ..Report::default()
    };
    // DMs first: each is addressed to the bot, where most guild messages are not.
    let work = users
        .iter()
        .map(|&u| Work::User(u))
        .chain(channels.into_iter().map(Work::Channel));
    let refused = Arc::new(AtomicBool::new(false));
    report.add(run_all(&ctx, &data, work, floor, &refused).await);
    // Then the users first seen in a message the catch-up read.
    if dms_here && !refused.load(Ordering::Relaxed) {
        let room = MAX_DM_PROBES.saturating_sub(users.len());
        let listed: HashSet<u64> = users.into_iter().collect();
        let more: Vec<u64> = data
            .seen
            .users_without_dm(users_since, MAX_DM_PROBES)
            .into_iter()
            .filter(|u| !listed.contains(u))
            .take(room)
            .collect();
        let more = more.into_iter().map(Work::User);
        report.add(run_all(&ctx, &data, more, floor, &refused).await);
    }
    tracing::info!(
        shard = id,
        channels = report.channels,
        dm_channels_opened = report.dm_opened,
        requests = report.requests,
        read = report.read,
        handled = report.handled,
        truncated = report.truncated,
        failed = report.failed,
        "catch-up done"
    );
}

/// Does the work, `CONCURRENCY` tasks at a time, with messages no older than `floor`.
/// `refused` is set once Discord refuses to open a DM channel (too many opened, code 40003),
/// and no more are opened in this catch-up.
async fn run_all(
    ctx: &serenity::Context,
    data: &Data,
    mut pending: impl Iterator<Item = Work>,
    floor: u64,
    refused: &Arc<AtomicBool>,
) -> Report {
    let mut report = Report::default();
    let mut running = tokio::task::JoinSet::new();
    loop {
        while running.len() < CONCURRENCY {
            let Some(work) = pending.next() else { break };
            let (ctx, data, refused) = (ctx.clone(), data.clone(), Arc::clone(refused));
            running.spawn(async move {
                match work {
                    Work::Channel(c) => channel_catch_up(&ctx, &data, c, floor).await,
                    Work::User(u) => first_dm_catch_up(&ctx, &data, u, floor, &refused).await,
                }
            });
        }
        let Some(done) = running.join_next().await else {
            break;
        };
        match done {
            Ok(r) => report.add(r),
            Err(e) => {
                report.failed += 1;
                tracing::error!(error = %e, "a catch-up task failed");
            }
        }
    }
    report
}

/// Waits (at most `GUILD_WAIT`) until the guilds of `channels` are cached again.
async fn wait_for_guilds(ctx: &serenity::Context, channels: &[Channel]) {
    let guilds: HashSet<u64> = channels.iter().filter_map(|c| c.guild).collect();
    let deadline = Instant::now() + GUILD_WAIT;
    while !guilds
        .iter()
        .all(|g| ctx.cache.guild(serenity::GuildId::new(*g)).is_some())
    {
        if Instant::now() >= deadline {
            tracing::warn!(
                "guilds not back in the cache; catching up anyway (mentions of the bot's role \
                 may go unnoticed)"
            );
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Opens the DM channel with `user` (Discord returns the one there is, with the id of its
/// newest message) and catches it up when that message is newer than `floor`: a user's first
/// DM, sent while the bot was away. The channel is followed only once a message in it has
/// been read, so a read that fails leaves the user to be looked for again next time.
async fn first_dm_catch_up(
    ctx: &serenity::Context,
    data: &Data,
    user: u64,
    floor: u64,
    refused: &AtomicBool,
) -> Report {
    let mut report = Report::default();
    if refused.load(Ordering::Relaxed) {
        return report;
    }
    report.requests = 1;
    let user_id = serenity::UserId::new(user);
    let dm = match data
        .guard
        .send("catch-up", || user_id.create_dm_channel(&ctx.http))
        .await
    {
        Ok(dm) => dm,
        Err(e) => {
            report.failed += 1;
            if matches!(e, SendError::Rejected(_)) {
                refused.store(true, Ordering::Relaxed);
            }
            tracing::warn!(user, error = %e, "cannot open a DM channel to catch up");
            return report;
        }
    };
    report.dm_opened = 1;
    let channel = dm.id.get();
    // The channel, not a new message of theirs (id 0 leaves when they last wrote).
    data.seen.saw_user(user, Some(channel), 0);
    let newest = dm.last_message_id.map_or(0, |m| m.get());
    if newest < floor {
        return report;
    }
    let unread = Channel {
        id: channel,
        guild: None,
        last: floor,
    };
    report.add(channel_catch_up(ctx, data, unread, floor).await);
    report
}

/// Reads one channel's history after the newest message seen (and no older than `floor`),
/// oldest page first, and hands each message to the message handler in its own task, as the
/// gateway's events are.
async fn channel_catch_up(
    ctx: &serenity::Context,
    data: &Data,
    channel: Channel,
    floor: u64,
) -> Report {
    let mut report = Report::default();
    let id = serenity::ChannelId::new(channel.id);
    let mut after = channel.last.max(floor);
    let mut handlers = tokio::task::JoinSet::new();
    for page in 0.. {
        if page == MAX_PAGES {
            report.truncated += 1;
            tracing::warn!(
                channel = channel.id,
                pages = MAX_PAGES,
                "catch-up stopped: older messages in this channel stay unanswered"
            );
            break;
        }
        let query = serenity::GetMessages::new()
            .after(serenity::MessageId::new(after))
            .limit(PAGE);
        report.requests += 1;
        let batch = match data
            .guard
            .send("catch-up", || id.messages(&ctx.http, query))
            .await
        {
            Ok(b) => b,
            Err(e) => {
                report.failed += 1;
                // Refused for what it is (no Read Message History, a channel gone): asking
                // again after the next disconnect would only add invalid requests.
                if matches!(e, SendError::Rejected(_)) {
                    data.seen.forget(channel.id);
                }
                tracing::warn!(channel = channel.id, error = %e, "cannot read a channel's history to catch up");
                break;
            }
        };
        let full = batch.len() >= usize::from(PAGE);
        let mut batch = batch;
        // Discord returns a page newest first; handle in the order they were sent.
        batch.sort_by_key(|m| m.id);
        for mut msg in batch {
            report.read += 1;
            after = after.max(msg.id.get());
            // The REST API leaves out `guild_id`, which says whether a message is a DM.
            msg.guild_id = channel.guild.map(serenity::GuildId::new);
            data.seen.saw(channel.id, channel.guild, msg.id.get());
            if msg.author.bot {
                continue;
            }
            report.handled += 1;
            let (ctx, data) = (ctx.clone(), data.clone());
            handlers.spawn(async move {
                let _busy = data.enter();
                if let Err(e) = super::events::on_message(&ctx, &msg, &data).await {
                    tracing::error!(message = msg.id.get(), error = %e, "handling a caught-up message failed");
                }
            });
        }
        if !full {
            break;
        }
    }
    while handlers.join_next().await.is_some() {}
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handled_ids_are_claimed_once_and_forgotten_when_old_or_too_many() {
        let h = Handled::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(h.claim_at(1, t0));
        assert!(!h.claim_at(1, t0), "claimed twice");
        assert!(h.claim_at(2, t0));
        assert!(h.claim_at(3, t0));
        // A fourth pushes the oldest out.
        assert!(h.claim_at(4, t0));
        assert_eq!(h.len(), 3);
        assert!(h.claim_at(1, t0), "forgotten once over the bound");
        // Past `keep`, everything older goes.
        let later = t0 + Duration::from_secs(61);
        assert!(h.claim_at(5, later));
        assert_eq!(h.len(), 1);
    }

    #[test]
    fn the_newest_message_per_channel_is_kept_and_the_least_recent_channel_goes_first() {
        let s = Seen::new(2, 2);
        s.saw(10, Some(7), 100);
        s.saw(10, Some(7), 90);
        s.saw(11, None, 5);
        assert_eq!(
            s.of_shard(0, 1)
                .into_iter()
                .find(|c| c.id == 10)
                .map(|c| c.last),
            Some(100),
            "the newest, not the last to arrive"
        );
        s.saw(10, Some(7), 101);
        s.saw(12, None, 1);
        let mut ids: Vec<u64> = s.of_shard(0, 1).iter().map(|c| c.id).collect();
        ids.sort();
        assert_eq!(ids, [10, 12], "11 was the least recently active");
    }

    #[test]
    fn users_are_looked_for_unless_their_dm_channel_is_followed() {
        let s = Seen::new(10, 10);
        s.saw_user(1, None, 100); // addressed the bot in a guild
        s.saw_user(2, Some(20), 200); // in a DM, which is followed
        s.saw(20, None, 200);
        s.saw_user(3, Some(30), 300); // a DM channel known but not followed
        s.saw_user(4, None, 50); // too long ago
        assert_eq!(s.users_without_dm(60, 10), [3, 1], "most recent first");
        assert_eq!(s.users_without_dm(60, 1), [3]);
        s.forget(20);
        assert_eq!(
            s.users_without_dm(60, 10),
            [3, 2, 1],
            "forgotten: looked for again"
        );
        // Noting the channel alone (id 0) keeps when the user last wrote.
        s.saw_user(1, Some(10), 0);
        s.saw(10, None, 400);
        assert_eq!(s.users_without_dm(60, 10), [3, 2]);
        assert_eq!(s.users_without_dm(250, 10), [3]);
    }

    #[test]
    fn channels_are_split_by_shard_as_discord_splits_guilds() {
        let s = Seen::default();
        let guild_on_1 = 1u64 << 22; // (id >> 22) % 2 == 1
        s.saw(1, Some(guild_on_1), 1);
        s.saw(2, Some(0), 1);
        s.saw(3, None, 1);
        let ids = |shard| {
            let mut v: Vec<u64> = s.of_shard(shard, 2).iter().map(|c| c.id).collect();
            v.sort();
            v
        };
        assert_eq!(ids(0), [2, 3], "DMs go to shard 0");
        assert_eq!(ids(1), [1]);
    }

    #[test]
    fn a_shard_is_ready_again_after_its_first_ready() {
        let r = Readies::default();
        assert!(!r.again(0));
        assert!(!r.again(1));
        assert!(r.again(0));
    }

    #[test]
    fn snowflakes_count_ms_from_discords_epoch() {
        let t = UNIX_EPOCH + Duration::from_millis(DISCORD_EPOCH_MS + 1_000);
        assert_eq!(snowflake_at(t), 1_000 << 22);
        assert_eq!(snowflake_at(UNIX_EPOCH), 0);
    }
}
