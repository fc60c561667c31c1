//! The soak: 10,000 questions from 500 users in 20 channels over about 5 minutes (mentions,
//! DMs, `/ask` and vote clicks), through the fake Discord over TLS (serenity's ratelimiter on,
//! as in production) with faults injected, against the bot in a child process so that its
//! memory is its own. Ignored by default; run it (it prints a report) with
//!
//! ```sh
//! cargo test --release --test bot_tests -- --ignored --exact soak::soak --nocapture
//! ```
//!
//! The fake delivers events as Discord does: the invalid session and the dead peer end in a new
//! session, which gets nothing of what was sent in the gap. The report counts those events
//! apart: messages the bot's catch-up answered from the channels' history, first DMs of users
//! the bot had never seen (a bot cannot list its DM channels; it opens those of the users it
//! has seen), and interactions, which no bot can answer late. Only the rest counts as lost.
//!
//! `FACTBOT_SOAK_USERS` and `FACTBOT_SOAK_PER_USER` shrink it for a quick try. The bot process
//! samples its RSS and glibc's heap statistics every second (the report shows both).
//! `FACTBOT_SOAK_WRAP="heaptrack -o FILE"` runs the bot process under a tool, and
//! `FACTBOT_SOAK_EXIT_HARD=1` makes it exit without freeing anything, so that a heap profiler's
//! "leaked" is what the bot held at the end.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use factbot::config::Config;
use serde_json::{json, Value};
use tokio::io::AsyncReadExt;

use crate::support::*;

/// Each user's questions are this far apart: two in any 30-s window, under the default rate
/// limit (5 per 30 s), so only the flooders' bursts meet it.
const SPACING: Duration = Duration::from_secs(15);
const CHANNELS: u64 = 20;
/// Users who once send six mentions at once: five answers and one rate-limit notice each.
const FLOODERS: u64 = 10;
const BURST: u64 = 6;
/// Questions asked in the first seconds, before any fault, give the latency without faults.
const QUIET: Duration = Duration::from_secs(18);
const FAULTS_FROM: Duration = Duration::from_secs(20);
const NOTICE: &str = "faster than I can keep up";
const USER_BASE: u64 = 100_000;
const DM_BASE: u64 = 900_000;
/// The fake's heartbeat interval: a dead peer is noticed within two (serenity), then the
/// shard restarts after serenity's 5-s wait; Discord's 41.25 s would stall the soak ~90 s.
const HEARTBEAT: Duration = Duration::from_secs(5);

const QUESTIONS: &[&str] = &[
    "When was al-Asad Air Base attacked?",
    "how many US troops are in Iraq?",
    "how many troups r in irak",
    "What does Iraq want?",
    "how many attacks in syria",
    "who won the world cup?",
    "Who leads the coalition against the Islamic State group?",
    "What did the Pentagon say about the talks?",
    "when did the talks start",
    "what is the capital of France?",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Mention,
    Dm,
    Ask,
    Click,
}

#[derive(Debug, Clone, Copy)]
struct Planned {
    at: Duration,
    user: u64,
    kind: Kind,
    question: usize,
}

fn kind_for(n: u64) -> Kind {
    match n % 10 {
        0..=3 => Kind::Mention,
        4 | 5 => Kind::Dm,
        6..=8 => Kind::Ask,
        _ => Kind::Click,
    }
}

/// The traffic: per user, questions `SPACING` apart from a phase spread over the users; the
/// flooders' first six come at once.
fn schedule(users: u64, per_user: u64) -> Vec<Planned> {
    let mut plan = Vec::new();
    for u in 0..users {
        let question = |k: u64| ((u * 7 + k * 3) % QUESTIONS.len() as u64) as usize;
        if u < FLOODERS && per_user >= BURST {
            let burst = Duration::from_secs(25 + 10 * u);
            for k in 0..BURST {
                plan.push(Planned {
                    at: burst,
                    user: u,
                    kind: Kind::Mention,
                    question: question(k),
                });
            }
            for j in 0..per_user - BURST {
                plan.push(Planned {
                    at: burst + Duration::from_secs(35 + 10 * j),
                    user: u,
                    kind: kind_for(u + j),
                    question: question(BURST + j),
                });
            }
            continue;
        }
        let phase = SPACING.mul_f64(u as f64 / users as f64);
        for k in 0..per_user {
            plan.push(Planned {
                at: phase + SPACING * k as u32,
                user: u,
                kind: kind_for(u + k),
                question: question(k),
            });
        }
    }
    plan.sort_by_key(|p| p.at);
    plan
}

#[derive(Debug, Clone, Copy)]
enum Fault {
    Rest500,
    Callback500,
    RouteLimit,
    RouteLimitNoRetryAfter,
    GlobalLimit(f64),
    Slow,
    GatewayDrop,
    InvalidSession,
    DeadPeer,
}

/// The faults, from `FAULTS_FROM` to `end`.
fn faults(end: Duration) -> Vec<(Duration, Fault)> {
    let mut f = Vec::new();
    let every = |first: u64, step: u64, fault: Fault, f: &mut Vec<(Duration, Fault)>| {
        let mut t = first;
        while Duration::from_secs(t) < end {
            f.push((Duration::from_secs(t), fault));
            t += step;
        }
    };
    every(FAULTS_FROM.as_secs(), 10, Fault::Rest500, &mut f);
    every(25, 20, Fault::Callback500, &mut f);
    every(22, 15, Fault::RouteLimit, &mut f);
    every(27, 25, Fault::RouteLimitNoRetryAfter, &mut f);
    every(35, 20, Fault::Slow, &mut f);
    for (t, fault) in [
        (50, Fault::GlobalLimit(1.0)),
        (140, Fault::GlobalLimit(2.0)),
        (230, Fault::GlobalLimit(1.0)),
        (120, Fault::InvalidSession),
        (210, Fault::DeadPeer),
    ] {
        if Duration::from_secs(t) < end {
            f.push((Duration::from_secs(t), fault));
        }
    }
    let mut t = 30;
    while Duration::from_secs(t) < end {
        if t != 120 && t != 210 {
            f.push((Duration::from_secs(t), Fault::GatewayDrop));
        }
        t += 30;
    }
    f.sort_by_key(|(t, _)| *t);
    f
}

async fn inject(fake: &FakeDiscord, fault: Fault) {
    match fault {
        Fault::Rest500 => fake.fail_next("POST", "/channels/", 500, 3),
        Fault::Callback500 => fake.fail_next("POST", "/callback", 500, 2),
        Fault::RouteLimit => fake.fail_next_with("POST", "/channels/", 429, 2, Some(0.5), false),
        Fault::RouteLimitNoRetryAfter => {
            fake.fail_next_with("POST", "/channels/", 429, 2, None, false)
        }
        Fault::GlobalLimit(s) => fake.global_429_next(s),
        Fault::Slow => fake.slow_next("", "", Duration::from_secs(2), 10),
        Fault::GatewayDrop => fake.drop_gateway().await,
        Fault::InvalidSession => {
            fake.invalidate_next_resume();
            fake.close_gateway(4000).await;
        }
        Fault::DeadPeer => fake.zombie_gateway().await,
    }
}

/// A question sent: its event id and kind.
#[derive(Debug, Clone, Copy)]
struct Sent {
    id: u64,
    kind: Kind,
    at: Duration,
    user: u64,
}

async fn send(fake: &FakeDiscord, p: Planned, vote_on: &Value) -> Sent {
    let user = USER_BASE + p.user;
    let q = QUESTIONS[p.question];
    let id = match p.kind {
        Kind::Mention => {
            let msg = Msg {
                channel: CHANNEL_ID + 100 + p.user % CHANNELS,
                ..Msg::mention(q).by_user(user)
            };
            id_of(&fake.send_message(msg).await)
        }
        Kind::Dm => {
            let msg = Msg {
                channel: DM_BASE + p.user,
                ..Msg::dm(q).by_user(user)
            };
            id_of(&fake.send_message(msg).await)
        }
        Kind::Ask => {
            let options = json!([{"name": "question", "type": 3, "value": q}]);
            fake.send_interaction(2, "ask", options, user, &[], 0).await
        }
        Kind::Click => {
            let custom = format!("fbv:u:{}:a:al-asad-attack", 1_000 + p.user);
            fake.click(&custom, vote_on, user).await
        }
    };
    Sent {
        id,
        kind: p.kind,
        at: p.at,
        user: p.user,
    }
}

fn is_interaction(kind: Kind) -> bool {
    matches!(kind, Kind::Ask | Kind::Click)
}

fn id_of(msg: &Value) -> u64 {
    msg["id"].as_str().and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// What reached the fake for one question.
#[derive(Debug, Default, Clone)]
struct Outcome {
    /// Replies delivered: messages referencing it, or its interaction's answer (a direct
    /// response, or the edit of a deferred one).
    delivered: u32,
    notice: bool,
    /// When the first reply (or, for an interaction, the first acknowledgement) arrived.
    first: Option<Instant>,
    ack: Option<Instant>,
    deferred: bool,
}

fn outcomes(fake: &FakeDiscord) -> HashMap<u64, Outcome> {
    let mut by_id: HashMap<u64, Outcome> = HashMap::new();
    // A reply to question `id` with `body` arrived at `at`.
    let deliver = |by_id: &mut HashMap<u64, Outcome>, id: u64, body: &Value, at: Instant| {
        let o = by_id.entry(id).or_default();
        o.delivered += 1;
        o.notice |= body["content"].as_str().is_some_and(|c| c.contains(NOTICE));
        o.first.get_or_insert(at);
    };
    for r in fake.requests() {
        if r.status >= 300 {
            continue;
        }
        let segs: Vec<&str> = r.path.split('/').collect();
        if r.method == "POST" && segs.len() >= 6 && segs[3] == "channels" && segs[5] == "messages" {
            let Some(id) = r.body["message_reference"]["message_id"]
                .as_str()
                .and_then(|s| s.parse::<u64>().ok())
            else {
                continue;
            };
            deliver(&mut by_id, id, &r.body, r.at);
        } else if r.method == "POST" && r.path.ends_with("/callback") {
            // /api/v10/interactions/<id>/<token>/callback
            let Some(id) = segs.get(4).and_then(|s| s.parse::<u64>().ok()) else {
                continue;
            };
            let o = by_id.entry(id).or_default();
            o.ack.get_or_insert(r.at);
            if r.body["type"] == 5 {
                o.deferred = true;
            } else {
                deliver(&mut by_id, id, &r.body["data"], r.at);
            }
        } else if r.method == "PATCH" && r.path.contains("/webhooks/") {
            let Some(id) = r
                .path
                .split("/itoken-")
                .nth(1)
                .and_then(|s| s.split('/').next())
                .and_then(|s| s.parse::<u64>().ok())
            else {
                continue;
            };
            deliver(&mut by_id, id, &r.body, r.at);
        }
    }
    by_id
}

/// For each interaction acknowledged more than 3 s after its event: when it was dispatched
/// (seconds into the soak), every request the bot made for it (offset from the event, status,
/// how long the fake held the response back), and the faults injected in the 5 s before.
fn late_acks(
    fake: &FakeDiscord,
    sent: &[Sent],
    o: &HashMap<u64, Outcome>,
    start: Instant,
    end: Duration,
) -> String {
    let requests = fake.requests();
    let faults = faults(end);
    let mut out = String::new();
    for s in sent {
        if !matches!(s.kind, Kind::Ask | Kind::Click) {
            continue;
        }
        let (Some(dispatched), Some(ack)) =
            (fake.dispatched_at(s.id), o.get(&s.id).and_then(|o| o.ack))
        else {
            continue;
        };
        if ack.saturating_duration_since(dispatched) <= Duration::from_secs(3) {
            continue;
        }
        let t = dispatched.saturating_duration_since(start);
        out.push_str(&format!(
            "  late ack: {:?} {} dispatched at {:.3} s, acked after {:.3} s:",
            s.kind,
            s.id,
            t.as_secs_f64(),
            ack.saturating_duration_since(dispatched).as_secs_f64()
        ));
        let cb = format!("/interactions/{}/", s.id);
        let tok = format!("/itoken-{}/", s.id);
        for r in &requests {
            if r.path.contains(&cb) || r.path.contains(&tok) {
                let kind = if r.path.ends_with("/callback") {
                    if r.body["type"] == 5 {
                        "defer"
                    } else {
                        "direct"
                    }
                } else {
                    "edit"
                };
                out.push_str(&format!(
                    " [{kind} +{:.3} s -> {}{}]",
                    r.at.saturating_duration_since(dispatched).as_secs_f64(),
                    r.status,
                    r.delayed
                        .map(|d| format!(" held {:.1} s", d.as_secs_f64()))
                        .unwrap_or_default()
                ));
            }
        }
        let near: Vec<String> = faults
            .iter()
            .filter(|(at, _)| {
                *at <= t + Duration::from_secs(3) && *at + Duration::from_secs(5) >= t
            })
            .map(|(at, f)| format!("{f:?}@{}", at.as_secs()))
            .collect();
        out.push_str(&format!(" faults near: {}\n", near.join(", ")));
    }
    out
}

/// Open file descriptors of a process (its sockets among them).
fn fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| d.count())
        .unwrap_or(0)
}

/// When the bot logged that it paused for a global rate limit (wall clock, from its log).
fn global_pauses_logged(log: &std::path::Path) -> Vec<std::time::SystemTime> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .filter(|l| l.contains("Discord REST paused") && l.contains("reason=Global"))
        .filter_map(|l| {
            // Lines start with an RFC 3339 timestamp (ANSI colour codes around it).
            let start = l.find("20")?;
            let stamp = l[start..].split_whitespace().next()?;
            let stamp: String = stamp.chars().take_while(|c| *c != '\u{1b}').collect();
            chrono::DateTime::parse_from_rfc3339(&stamp).ok()
        })
        .map(std::time::SystemTime::from)
        .collect()
}

fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
#[ignore = "a 5-minute soak; run with --ignored --exact soak::soak --nocapture"]
fn soak() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run_soak());
}

async fn run_soak() {
    let users = env_u64("FACTBOT_SOAK_USERS", 500);
    let per_user = env_u64("FACTBOT_SOAK_PER_USER", 20);
    let mut fake = FakeDiscord::start().await;
    fake.set_heartbeat_interval(HEARTBEAT);
    let (tls_addr, ca_pem) = fake.serve_tls().await;
    let fake = Arc::new(fake);
    let dir = tempdir();
    let knowledge = copy_of(&knowledge_dir());
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &ca_pem).expect("write CA");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\n[discord]\nguild_id = {GUILD_ID}\n[admins]\nuser_ids = [{ADMIN_USER_ID}]\n\
             [knowledge]\ndir = {:?}\n",
            dir.path().join("data").display().to_string(),
            knowledge.path().display().to_string()
        ),
    )
    .expect("write config");
    let log = dir.path().join("bot.log");
    let heap_log = dir.path().join("heap.log");
    let exe = std::env::current_exe().expect("test binary");
    // FACTBOT_SOAK_WRAP runs the bot process under a tool, e.g. "heaptrack -o /tmp/bot" (its
    // RSS figures are then the tool's process, not the bot's).
    let wrap = std::env::var("FACTBOT_SOAK_WRAP").unwrap_or_default();
    let mut wrap = wrap.split_whitespace();
    let mut command = match wrap.next() {
        Some(tool) => {
            let mut c = std::process::Command::new(tool);
            c.args(wrap).arg(exe);
            c
        }
        None => std::process::Command::new(exe),
    };
    let mut child = command
        .args([
            "--ignored",
            "--exact",
            "soak::soak_bot_process",
            "--nocapture",
        ])
        .env("FACTBOT_SOAK_CONFIG", &config)
        .env("FACTBOT_SOAK_CA", &ca)
        .env("FACTBOT_SOAK_ADDR", tls_addr.to_string())
        .env("FACTBOT_SOAK_HEAP", &heap_log)
        .env(
            "RUST_LOG",
            std::env::var("FACTBOT_SOAK_LOG").unwrap_or_else(|_| "warn".into()),
        )
        .stdin(std::process::Stdio::piped())
        .stdout(std::fs::File::create(&log).expect("log file"))
        .stderr(std::fs::File::create(dir.path().join("bot.err")).expect("log file"))
        .spawn()
        .expect("start the bot process");
    let pid = child.id();
    fake.wait_ready().await;
    let rss_start = rss_kb(pid);
    let wall_start = wall_ms();

    let plan = schedule(users, per_user);
    let total = plan.len();
    let end = plan.last().map(|p| p.at).unwrap_or_default() + Duration::from_secs(1);
    let vote_on = fake.bot_message();
    println!(
        "soak: {total} questions from {users} users over {:?}; bot pid {pid}",
        end
    );
    let start = tokio::time::Instant::now();
    let injector = {
        let fake = fake.clone();
        tokio::spawn(async move {
            for (at, fault) in faults(end) {
                tokio::time::sleep_until(start + at).await;
                inject(&fake, fault).await;
            }
        })
    };
    // (seconds, RSS in KiB, open fds) every 10 s.
    let samples = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sampler = {
        let samples = samples.clone();
        tokio::spawn(async move {
            let mut t = 0;
            loop {
                tokio::time::sleep_until(start + Duration::from_secs(t)).await;
                if let Ok(mut s) = samples.lock() {
                    s.push((t, rss_kb(pid), fds(pid)));
                }
                t += 10;
            }
        })
    };
    let rss_1min = {
        let pid_rss = tokio::spawn(async move {
            tokio::time::sleep_until(start + Duration::from_secs(60)).await;
            rss_kb(pid)
        });
        let mut tasks = Vec::with_capacity(total);
        for p in plan {
            tokio::time::sleep_until(start + p.at).await;
            let fake = fake.clone();
            let vote_on = vote_on.clone();
            tasks.push(tokio::spawn(async move { send(&fake, p, &vote_on).await }));
        }
        let mut sent = Vec::with_capacity(total);
        for t in tasks {
            if let Ok(s) = t.await {
                sent.push(s);
            }
        }
        (pid_rss.await.unwrap_or(0), sent)
    };
    let (rss_1min, sent) = rss_1min;
    let _ = injector.await;
    // Drain: until every question has its reply, or two minutes. An interaction Discord never
    // delivered (dispatched while the bot had no session) cannot have one.
    let drain_deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let o = outcomes(&fake);
        let never: std::collections::HashSet<u64> = fake.undelivered().into_iter().collect();
        let done = sent
            .iter()
            .filter(|s| {
                o.get(&s.id).is_some_and(|o| o.delivered > 0)
                    || (is_interaction(s.kind) && never.contains(&s.id))
            })
            .count();
        if done == sent.len() || Instant::now() > drain_deadline {
            break;
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    // A moment for any late double to show.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let rss_end = rss_kb(pid);
    let stats_id = fake
        .send_interaction(2, "stats", json!([]), ADMIN_USER_ID, &[], 0)
        .await;
    let stats = fake.wait_interaction_reply(stats_id).await;
    let guard_line = embed_description(&stats)
        .lines()
        .find(|l| l.starts_with("Discord REST"))
        .unwrap_or_default()
        .to_string();

    let o = outcomes(&fake);
    // Events the gateway never delivered: the messages among them can only have been answered
    // by the catch-up, the interactions not at all (as on Discord).
    let never: std::collections::HashSet<u64> = fake.undelivered().into_iter().collect();
    let mut caught_up = 0;
    let mut never_delivered = 0;
    // A user's first DM, if the gateway never delivered it and the bot had seen nothing of
    // that user before: a bot cannot list its DM channels, and it opens the DM channels only
    // of users it has seen, so no catch-up can find it.
    let mut first_dm = HashMap::new();
    let mut first_delivered = HashMap::new();
    for s in &sent {
        let first = match s.kind {
            Kind::Dm => first_dm.entry(s.user).or_insert(s.id),
            _ if never.contains(&s.id) => continue,
            _ => first_delivered.entry(s.user).or_insert(s.id),
        };
        *first = (*first).min(s.id);
    }
    let unreachable: std::collections::HashSet<u64> = first_dm
        .iter()
        .filter(|(user, id)| {
            never.contains(id) && first_delivered.get(user).is_none_or(|seen| seen > id)
        })
        .map(|(_, id)| *id)
        .collect();
    let mut lost_unreachable = 0;
    let mut lost = Vec::new();
    let mut doubled = Vec::new();
    let mut notices = 0;
    let mut by_kind: HashMap<Kind, usize> = HashMap::new();
    let mut acks = Vec::new();
    let mut deferred = 0;
    let mut quiet = Vec::new();
    let mut all_latency = Vec::new();
    for s in &sent {
        *by_kind.entry(s.kind).or_default() += 1;
        let out = o.get(&s.id).cloned().unwrap_or_default();
        if never.contains(&s.id) {
            if is_interaction(s.kind) {
                never_delivered += 1;
                continue;
            }
            caught_up += usize::from(out.delivered > 0);
        }
        match out.delivered {
            0 if unreachable.contains(&s.id) => lost_unreachable += 1,
            0 => lost.push(*s),
            1 => {}
            _ => doubled.push(*s),
        }
        notices += usize::from(out.notice);
        deferred += usize::from(out.deferred);
        let Some(dispatched) = fake.dispatched_at(s.id) else {
            continue;
        };
        if matches!(s.kind, Kind::Ask | Kind::Click) {
            if let Some(ack) = out.ack {
                acks.push(ack.saturating_duration_since(dispatched));
            }
        }
        if let Some(first) = out.first {
            let latency = first.saturating_duration_since(dispatched);
            all_latency.push(latency);
            if s.at < QUIET {
                quiet.push(latency);
            }
        }
    }
    acks.sort();
    quiet.sort();
    all_latency.sort();
    let requests = fake.requests();
    let invalid = requests
        .iter()
        .filter(|r| matches!(r.status, 401 | 403 | 429))
        .count();
    let windows = fake.global_windows();
    let during = fake.requests_during_global();
    // Of those, the ones that reached the fake after the bot had logged its pause for that
    // limit (the rest were on their way before the bot had read the 429).
    let paused_at = global_pauses_logged(&log);
    let after_told = during
        .iter()
        .filter(|(r, w)| {
            let started = std::time::SystemTime::now() - w.start.elapsed();
            paused_at
                .iter()
                .filter(|p| **p >= started)
                .min()
                .is_some_and(|p| r.wall > *p)
        })
        .count();
    let in_flight = requests
        .iter()
        .filter(|r| windows.iter().any(|w| r.at >= w.start && r.at <= w.known))
        .count()
        .saturating_sub(windows.len());
    let slow_acks = acks.iter().filter(|a| **a > Duration::from_secs(3)).count();
    let slow_detail = late_acks(&fake, &sent, &o, start.into_std(), end);
    let growth = if rss_1min > 0 {
        (rss_end as f64 - rss_1min as f64) / rss_1min as f64 * 100.0
    } else {
        f64::NAN
    };

    let mut report = String::new();
    report.push_str(&format!(
        "questions {total} (mentions {}, DMs {}, /ask {}, clicks {}) from {users} users in {CHANNELS} channels over {:.0} s\n",
        by_kind.get(&Kind::Mention).unwrap_or(&0),
        by_kind.get(&Kind::Dm).unwrap_or(&0),
        by_kind.get(&Kind::Ask).unwrap_or(&0),
        by_kind.get(&Kind::Click).unwrap_or(&0),
        end.as_secs_f64()
    ));
    report.push_str(&format!(
        "sent {}; lost {} (and {lost_unreachable} first DMs of a user the bot had never seen, sent \
         while it had no session: no catch-up can find them); doubled {}; rate-limit notices {notices} (expected {}); \
         never delivered by the gateway (no session to take them): {} messages, of which {caught_up} \
         answered by the catch-up, and {never_delivered} interactions (cannot be caught up; not counted as lost)\n",
        sent.len(),
        lost.len(),
        doubled.len(),
        if per_user >= BURST {
            FLOODERS.min(users)
        } else {
            0
        },
        sent.iter()
            .filter(|s| !is_interaction(s.kind) && never.contains(&s.id))
            .count()
    ));
    report.push_str(&format!(
        "interactions acknowledged: p50 {:?}, p99 {:?}, max {:?}; over 3 s: {slow_acks} of {}; deferred {deferred}\n",
        percentile(&acks, 0.5),
        percentile(&acks, 0.99),
        acks.last().copied().unwrap_or_default(),
        acks.len()
    ));
    report.push_str(&slow_detail);
    report.push_str(&format!(
        "event to reply without faults (first {} s, {} questions): p50 {:?}, p99 {:?}; with faults, all: p50 {:?}, p99 {:?}\n",
        QUIET.as_secs(),
        quiet.len(),
        percentile(&quiet, 0.5),
        percentile(&quiet, 0.99),
        percentile(&all_latency, 0.5),
        percentile(&all_latency, 0.99)
    ));
    report.push_str(&format!(
        "REST requests {}; invalid (401/403/429) at the fake {invalid} in {:.0} s (ban line 10,000 in 10 min)\n",
        requests.len(),
        end.as_secs_f64()
    ));
    report.push_str(&format!(
        "global 429s {}; requests reaching the fake during one, after its 429 was written: {} \
         (after the bot had logged the pause: {after_told}); in flight while the 429 was written: {in_flight}\n",
        windows.len(),
        during.len()
    ));
    report.push_str(&format!("bot's own count: {guard_line}\n"));
    report.push_str(&format!(
        "RSS: start {} MiB, 1 min {} MiB, end {} MiB (growth from 1 min {growth:.1}%)\n",
        rss_start / 1024,
        rss_1min / 1024,
        rss_end / 1024
    ));
    let heap = heap_samples(&heap_log);
    let at = |secs: u128| sample_at(&heap, wall_start + secs * 1000);
    let wall_end = wall_ms();
    let mib = |kb: u64| kb as f64 / 1024.0;
    let last = heap.iter().rev().find(|s| s.wall_ms <= wall_end).copied();
    if let (Some(h0), Some(h1), Some(h2)) = (at(0), at(60), last) {
        report.push_str(&format!(
            "heap in use (glibc mallinfo2, in the bot process): start {:.1} MiB, 1 min {:.1} MiB, end {:.1} MiB \
             (growth from 1 min {:.1}%); free in its arenas (pages given back by malloc_trim included): {:.1}, {:.1}, {:.1} MiB\n",
            mib(h0.in_use_kb),
            mib(h1.in_use_kb),
            mib(h2.in_use_kb),
            (h2.in_use_kb as f64 - h1.in_use_kb as f64) / h1.in_use_kb.max(1) as f64 * 100.0,
            mib(h0.free_kb),
            mib(h1.free_kb),
            mib(h2.free_kb),
        ));
        report.push_str("heap in use / free in arenas / RSS (MiB) every 10 s:");
        let mut t = 0;
        while let Some(h) = at(t).filter(|h| h.wall_ms <= wall_end) {
            report.push_str(&format!(
                " {t}s {:.1}/{:.1}/{:.1}",
                mib(h.in_use_kb),
                mib(h.free_kb),
                mib(h.rss_kb)
            ));
            t += 10;
        }
        report.push('\n');
    }
    report.push_str("RSS MiB / open fds every 10 s:");
    sampler.abort();
    let samples = samples.lock().map(|s| s.clone()).unwrap_or_default();
    for (t, rss, fd) in &samples {
        report.push_str(&format!(" {t}s {:.1}/{fd}", *rss as f64 / 1024.0));
    }
    report.push('\n');
    println!("{report}");
    if let Ok(path) = std::env::var("FACTBOT_SOAK_REPORT") {
        let _ = std::fs::write(path, &report);
    }
    if !lost.is_empty() || !doubled.is_empty() {
        println!("lost: {lost:?}\ndoubled: {doubled:?}");
    }

    // Stop the bot: its stdin closing is its shutdown signal.
    drop(child.stdin.take());
    let stopped = tokio::task::spawn_blocking(move || child.wait()).await;
    println!(
        "bot process exited: {stopped:?}; its log: {}",
        log.display()
    );
    if std::env::var("FACTBOT_SOAK_KEEP").is_ok() {
        std::mem::forget(dir);
    }
    assert!(lost.is_empty(), "{} questions lost", lost.len());
    assert!(
        doubled.is_empty(),
        "{} questions answered twice",
        doubled.len()
    );
    assert_eq!(
        after_told, 0,
        "requests sent during a global 429 the bot knew of"
    );
    assert!(percentile(&acks, 0.99) < Duration::from_secs(3));
    assert!(invalid < 1_000);
    let _ = std::io::stdout().flush();
}

/// One sample of the bot process's memory: when (ms since the Unix epoch), its RSS, and what
/// glibc's allocator says of its heap (`mallinfo2`): bytes handed out and not freed (`in_use`,
/// the memory the bot holds), and free bytes the allocator keeps (`free`).
#[derive(Debug, Clone, Copy, PartialEq)]
struct HeapSample {
    wall_ms: u128,
    rss_kb: u64,
    in_use_kb: u64,
    free_kb: u64,
}

impl HeapSample {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn now(pid: u32) -> HeapSample {
        // SAFETY: mallinfo2 only reads the allocator's counters (glibc >= 2.33).
        let info = unsafe { libc::mallinfo2() };
        HeapSample {
            wall_ms: wall_ms(),
            rss_kb: rss_kb(pid),
            in_use_kb: ((info.uordblks + info.hblkhd) / 1024) as u64,
            free_kb: (info.fordblks / 1024) as u64,
        }
    }

    /// Without glibc, the RSS alone.
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    fn now(pid: u32) -> HeapSample {
        HeapSample {
            wall_ms: wall_ms(),
            rss_kb: rss_kb(pid),
            in_use_kb: 0,
            free_kb: 0,
        }
    }

    fn line(&self) -> String {
        format!(
            "{} {} {} {}\n",
            self.wall_ms, self.rss_kb, self.in_use_kb, self.free_kb
        )
    }

    fn parse(line: &str) -> Option<HeapSample> {
        let mut f = line.split_whitespace();
        Some(HeapSample {
            wall_ms: f.next()?.parse().ok()?,
            rss_kb: f.next()?.parse().ok()?,
            in_use_kb: f.next()?.parse().ok()?,
            free_kb: f.next()?.parse().ok()?,
        })
    }
}

fn wall_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
}

/// The bot process's samples (written by itself every second), from the file it appends to.
fn heap_samples(path: &std::path::Path) -> Vec<HeapSample> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(HeapSample::parse)
        .collect()
}

/// The first sample taken at or after `wall_ms`.
fn sample_at(samples: &[HeapSample], wall_ms: u128) -> Option<HeapSample> {
    samples.iter().find(|s| s.wall_ms >= wall_ms).copied()
}

/// The bot process of the soak (started by `soak`; does nothing on its own).
#[test]
#[ignore = "the soak's bot process, started by soak::soak"]
fn soak_bot_process() {
    let Ok(config) = std::env::var("FACTBOT_SOAK_CONFIG") else {
        return;
    };
    init_test_logging();
    if let Ok(path) = std::env::var("FACTBOT_SOAK_HEAP") {
        // Samples the process's own memory every second, off the bot's runtime.
        std::thread::spawn(move || {
            let pid = std::process::id();
            loop {
                let line = HeapSample::now(pid).line();
                let written = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .and_then(|mut f| f.write_all(line.as_bytes()));
                if written.is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        });
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let ca = std::fs::read_to_string(std::env::var("FACTBOT_SOAK_CA").expect("CA path"))
            .expect("CA");
        let addr = std::env::var("FACTBOT_SOAK_ADDR")
            .expect("address")
            .parse()
            .expect("socket address");
        let http = tls_http(addr, &ca);
        let interactions = tls_interaction_http(addr, &ca);
        let config = Config::from_toml(&std::fs::read_to_string(config).expect("config"))
            .expect("valid config");
        let shutdown = async {
            let mut rest = Vec::new();
            let _ = tokio::io::stdin().read_to_end(&mut rest).await;
            if std::env::var("FACTBOT_SOAK_EXIT_HARD").is_ok() {
                // Exits with everything still allocated, so that a heap profiler's "leaked at
                // exit" is what the bot held at the end of the soak.
                std::process::exit(0);
            }
        };
        factbot::bot::run_with_http(config, http, interactions, shutdown)
            .await
            .expect("the bot ran and stopped cleanly");
    });
}
