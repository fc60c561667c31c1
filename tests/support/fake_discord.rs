//! A fake Discord on 127.0.0.1 speaking enough of the real protocol for serenity 0.12 + poise 0.7:
//! the REST API (hand-rolled HTTP/1.1 with keep-alive, JSON bodies) and the gateway (websocket,
//! text frames, HELLO → IDENTIFY → READY → GUILD_CREATE, heartbeats, RESUME, close codes).
//!
//! Every REST request is recorded so tests can await what the bot sent; failures (429, 500) can
//! be injected per route.
//!
//! Sessions behave as Discord's do: each event of a session is numbered, and one dispatched
//! while no connection carries the session is kept for it; a RESUME replays what came after the
//! client's last sequence number, while a fresh IDENTIFY starts a new session and the old one's
//! missed events are never delivered (users' messages stay in the channel's history, served by
//! `GET /channels/{id}/messages`). Before the first IDENTIFY, dispatching waits for the session,
//! so a test does not race the bot's start-up.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Notify};
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message as WsMessage;

pub const TOKEN: &str = "fake-token.for.tests";
pub const BOT_ID: u64 = 1_000;
pub const APP_ID: u64 = 1_000;
pub const GUILD_ID: u64 = 2_000;
pub const CHANNEL_ID: u64 = 3_000;
pub const AUTO_CHANNEL_ID: u64 = 3_001;
pub const DM_CHANNEL_ID: u64 = 3_002;
pub const USER_ID: u64 = 4_000;
pub const ADMIN_USER_ID: u64 = 4_001;
pub const ADMIN_ROLE_ID: u64 = 5_000;
pub const OTHER_ROLE_ID: u64 = 5_001;
/// The bot's managed role (Discord creates one per bot, tagged with its user id).
pub const BOT_ROLE_ID: u64 = 5_002;

/// How long any wait in a test may take before it fails (generous for a loaded 2-core CI).
pub const WAIT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub body: Value,
    /// The status the fake answered with.
    pub status: u16,
    /// Whether it came over the TLS port.
    pub tls: bool,
    /// When the request (its head and body) had arrived.
    pub at: Instant,
    /// The same, on the wall clock (to compare with another process's logs).
    pub wall: std::time::SystemTime,
    /// How long its response was held back (a slow Discord), if it was.
    pub delayed: Option<Duration>,
}

#[derive(Debug)]
struct Failure {
    method: String,
    path_contains: String,
    status: u16,
    remaining: u32,
    /// For 429s: the Retry-After header (seconds), or none at all.
    retry_after: Option<f64>,
    /// For 429s: Discord's global rate limit (`X-RateLimit-Global: true`; every request is
    /// answered 429 until it ends).
    global: bool,
}

/// A global rate limit the fake imposed: from the moment its 429 was written (`known`) to
/// `end`, a well-behaved client sends nothing.
#[derive(Debug, Clone, Copy)]
pub struct GlobalWindow {
    /// When the first 429 of the window was decided.
    pub start: Instant,
    /// When that 429 had been written to the client.
    pub known: Instant,
    pub end: Instant,
}

#[derive(Debug)]
struct Slow {
    method: String,
    path_contains: String,
    delay: Duration,
    remaining: u32,
}

enum GatewayCommand {
    /// An event with its sequence number in the session.
    Dispatch(u64, String, Value),
    Close(u16),
    Drop,
    /// Go silent: no frames, no heartbeat ACKs, no close reply, the TCP connection kept open.
    Zombie,
}

#[derive(Default)]
struct Inner {
    http_addr: Mutex<Option<SocketAddr>>,
    ws_url: Mutex<String>,
    requests: Mutex<Vec<Recorded>>,
    changed: Notify,
    failures: Mutex<Vec<Failure>>,
    gateway: Mutex<Gateway>,
    /// Every channel's messages as the REST API returns them, by id.
    history: Mutex<HashMap<u64, BTreeMap<u64, Value>>>,
    /// Each user's DM channel with the bot: the channel of their DMs, or one opened for them
    /// by `POST /users/@me/channels`.
    dm_channels: Mutex<HashMap<u64, u64>>,
    identifies: AtomicU32,
    resumes: AtomicU32,
    /// Answer IDENTIFY with this close code instead of READY (4004 bad token, 4014 intents).
    identify_close: Mutex<Option<u16>>,
    /// Answer the next RESUME with op 9 (invalid session, not resumable) and end the session.
    invalidate_resume: std::sync::atomic::AtomicBool,
    connections: AtomicU32,
    /// Attachment files served at /attachments/<id>/<name> (no auth, like Discord's CDN).
    files: Mutex<std::collections::HashMap<String, (String, Vec<u8>)>>,
    /// Responses held back before they are written (a slow Discord).
    slow: Mutex<Vec<Slow>>,
    /// The global rate limits imposed so far (the last one may be running).
    globals: Mutex<Vec<GlobalWindow>>,
    /// Interactions that got their first response (a second one is refused with 40060).
    acknowledged: Mutex<HashSet<String>>,
    /// When each event carrying an id (message, interaction) was dispatched.
    dispatched: Mutex<HashMap<u64, Instant>>,
    /// The HELLO heartbeat interval in milliseconds (0: Discord's 41,250).
    heartbeat_ms: AtomicU64,
    /// Zombie connections wait for this before letting go of their socket.
    shutdown: Notify,
}

/// Discord's epoch (2015-01-01), in ms since the Unix epoch: snowflakes count from it.
pub const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

/// A new id, a snowflake as Discord's are: its top bits are the ms since Discord's epoch, so
/// ids grow with time and say when they were made (the bot reads a message's age from its id).
/// Unique across the fakes of one test process (two bots on one store key questions by them).
pub fn snowflake() -> u64 {
    static LAST: AtomicU64 = AtomicU64::new(0);
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
        .saturating_sub(DISCORD_EPOCH_MS);
    let now = ms << 22;
    let mut prev = LAST.load(Ordering::SeqCst);
    loop {
        let next = now.max(prev + 1);
        match LAST.compare_exchange(prev, next, Ordering::SeqCst, Ordering::SeqCst) {
            Ok(_) => return next,
            Err(p) => prev = p,
        }
    }
}

/// The events a session keeps for a RESUME (Discord's buffer is finite too).
const SESSION_LOG: usize = 5_000;

/// One gateway session, as Discord keeps it between connections.
struct Session {
    id: String,
    /// The last sequence number given out.
    seq: u64,
    /// Its dispatches, oldest first: (sequence number, event, data, whether it was handed to a
    /// live connection). A RESUME replays those after the client's sequence number.
    log: VecDeque<(u64, String, Value, bool)>,
}

/// The gateway's state: the connection carrying the session now, and the session.
#[derive(Default)]
struct Gateway {
    live: Option<mpsc::UnboundedSender<GatewayCommand>>,
    /// None before the first IDENTIFY, and from the moment a session can no longer be
    /// resumed (invalidated, or closed by the client with 1000/1001) until the next IDENTIFY.
    session: Option<Session>,
    /// Sessions started so far.
    sessions: u32,
    /// Ids of events no session ever delivered: dispatched while there was no session to
    /// hold them, or held by a session that was then replaced without a RESUME.
    undelivered: Vec<u64>,
}

impl Gateway {
    /// Ends the current session: what it held and never handed to a connection is lost, as
    /// on Discord when a client identifies again instead of resuming.
    fn end_session(&mut self) {
        if let Some(old) = self.session.take() {
            let lost = old.log.iter().filter(|(_, _, _, sent)| !sent);
            self.undelivered
                .extend(lost.filter_map(|(_, _, d, _)| event_id(d)));
        }
        self.live = None;
    }
}

/// The id of an event carrying one (a message, an interaction).
fn event_id(data: &Value) -> Option<u64> {
    data["id"].as_str().and_then(|s| s.parse().ok())
}

/// What happened to a dispatched event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Handed to the live connection.
    Sent,
    /// Kept by the session for its RESUME: no connection carries it now.
    Held,
    /// No session can receive it (one ended and no new one has started): never delivered.
    Dropped,
}

pub struct FakeDiscord {
    pub http_addr: SocketAddr,
    pub ws_addr: SocketAddr,
    inner: Arc<Inner>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
        self.inner.shutdown.notify_waiters();
    }
}

/// A reqwest client that reaches the fake's TLS port at `addr` as https://discord.com,
/// trusting the fake's CA (`ca_pem`, from `serve_tls`).
fn tls_client(addr: SocketAddr, ca_pem: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(ca_pem.as_bytes()).expect("CA"))
        .resolve("discord.com", addr)
        .build()
        .expect("client")
}

/// A serenity HTTP client (its ratelimiter on) that reaches the fake's TLS port at `addr` as
/// https://discord.com, trusting the fake's CA (`ca_pem`, from `serve_tls`).
pub fn tls_http(addr: SocketAddr, ca_pem: &str) -> poise::serenity_prelude::Http {
    poise::serenity_prelude::HttpBuilder::new(TOKEN)
        .client(tls_client(addr, ca_pem))
        .build()
}

/// The bot's client for interaction responses, as `tls_http` but with serenity's ratelimiter
/// off (as `factbot::bot::run` builds it).
pub fn tls_interaction_http(addr: SocketAddr, ca_pem: &str) -> factbot::bot::InteractionHttp {
    factbot::bot::InteractionHttp(
        poise::serenity_prelude::HttpBuilder::new(TOKEN)
            .client(tls_client(addr, ca_pem))
            .ratelimiter_disabled(true)
            .build(),
    )
}

pub fn user_json(id: u64, name: &str, bot: bool) -> Value {
    json!({
        "id": id.to_string(), "username": name, "discriminator": "0", "global_name": null,
        "avatar": null, "bot": bot, "public_flags": 0
    })
}

fn timestamp() -> &'static str {
    "2024-01-25T12:00:00.000000+00:00"
}

/// A message as Discord delivers it (gateway MESSAGE_CREATE or a REST response).
#[allow(clippy::too_many_arguments)] // one argument per Discord field the tests vary
pub fn message_json(
    id: u64,
    channel: u64,
    guild: Option<u64>,
    author: Value,
    content: &str,
    mentions: Vec<Value>,
    mention_roles: Vec<u64>,
    referenced: Option<Value>,
    embeds: Value,
) -> Value {
    let mut m = json!({
        "id": id.to_string(), "channel_id": channel.to_string(), "author": author,
        "content": content, "timestamp": timestamp(), "edited_timestamp": null, "tts": false,
        "mention_everyone": content.contains("@everyone"), "mentions": mentions,
        "mention_roles": mention_roles.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        "attachments": [], "embeds": embeds, "pinned": false, "type": 0, "flags": 0,
        "components": []
    });
    if let Some(g) = guild {
        m["guild_id"] = json!(g.to_string());
        m["member"] = json!({"roles": [], "joined_at": timestamp(), "deaf": false, "mute": false, "flags": 0});
    }
    if let Some(r) = referenced {
        m["message_reference"] = json!({"message_id": r["id"], "channel_id": r["channel_id"]});
        m["referenced_message"] = r;
        m["type"] = json!(19);
    }
    m
}

/// What a test user sends.
#[derive(Debug, Clone)]
pub struct Msg {
    pub channel: u64,
    pub guild: Option<u64>,
    pub author: u64,
    pub content: String,
    pub mentions_bot: bool,
    pub referenced: Option<Value>,
    pub author_is_bot: bool,
}

impl Msg {
    /// In the guild channel, mentioning the bot.
    pub fn mention(question: &str) -> Msg {
        Msg {
            channel: CHANNEL_ID,
            guild: Some(GUILD_ID),
            author: USER_ID,
            content: format!("<@{BOT_ID}> {question}"),
            mentions_bot: true,
            referenced: None,
            author_is_bot: false,
        }
    }

    pub fn dm(text: &str) -> Msg {
        Msg {
            channel: DM_CHANNEL_ID,
            guild: None,
            content: text.to_string(),
            mentions_bot: false,
            ..Msg::mention("")
        }
    }

    /// In a guild channel without mentioning the bot.
    pub fn plain(channel: u64, text: &str) -> Msg {
        Msg {
            channel,
            content: text.to_string(),
            mentions_bot: false,
            ..Msg::mention("")
        }
    }

    pub fn by_user(mut self, user: u64) -> Msg {
        self.author = user;
        self
    }
}

/// An interaction as Discord delivers it (`kind` 2 = command, 4 = autocomplete).
pub fn interaction_json(
    id: u64,
    kind: u8,
    command: &str,
    options: Value,
    user: u64,
    roles: &[u64],
    permissions: u64,
) -> Value {
    json!({
        "id": id.to_string(), "application_id": APP_ID.to_string(), "type": kind,
        "data": {"id": "9000", "name": command, "type": 1, "options": options, "guild_id": GUILD_ID.to_string()},
        "guild_id": GUILD_ID.to_string(), "channel_id": CHANNEL_ID.to_string(),
        "member": {
            "user": user_json(user, "asker", false), "roles": roles.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            "joined_at": timestamp(), "deaf": false, "mute": false, "flags": 0, "pending": false,
            "permissions": permissions.to_string(), "nick": null, "avatar": null, "premium_since": null
        },
        "token": format!("itoken-{id}"), "version": 1, "app_permissions": "0",
        "locale": "en-US", "guild_locale": "en-US", "entitlements": [],
        "attachment_size_limit": 8_388_608, "authorizing_integration_owners": {"0": GUILD_ID.to_string()},
        "context": 0
    })
}

fn role_json(id: u64, name: &str) -> Value {
    json!({
        "id": id.to_string(), "name": name, "color": 0, "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
        "hoist": false, "icon": null, "unicode_emoji": null, "position": 0, "permissions": "0",
        "managed": false, "mentionable": true, "flags": 0
    })
}

pub fn guild_json() -> Value {
    // Built in parts: one json! literal this size exceeds the macro recursion limit.
    let mut g = json!({
        "id": GUILD_ID.to_string(), "name": "Test Guild", "icon": null, "icon_hash": null, "splash": null,
        "discovery_splash": null, "owner_id": ADMIN_USER_ID.to_string(), "afk_channel_id": null,
        "afk_timeout": 300, "verification_level": 0, "default_message_notifications": 0,
        "explicit_content_filter": 0, "emojis": [], "features": [], "mfa_level": 0,
        "application_id": null, "system_channel_id": null
    });
    let more = json!({
        "system_channel_flags": 0, "rules_channel_id": null, "vanity_url_code": null, "description": null,
        "banner": null, "premium_tier": 0, "preferred_locale": "en-US", "public_updates_channel_id": null,
        "nsfw_level": 0, "premium_progress_bar_enabled": false, "stickers": [], "joined_at": timestamp(),
        "large": false, "member_count": 3, "members": []
    });
    let rest = json!({
        "threads": [], "presences": [], "voice_states": [], "stage_instances": [],
        "guild_scheduled_events": [], "unavailable": false, "max_video_channel_users": 25,
        "safety_alerts_channel_id": null
    });
    let channel = |id: u64, name: &str, position: u32| {
        json!({"id": id.to_string(), "type": 0, "guild_id": GUILD_ID.to_string(), "name": name,
               "position": position, "permission_overwrites": [], "nsfw": false})
    };
    for part in [more, rest] {
        if let (Some(g), Value::Object(p)) = (g.as_object_mut(), part) {
            g.extend(p);
        }
    }
    let mut bot_role = role_json(BOT_ROLE_ID, "factbot");
    bot_role["managed"] = json!(true);
    bot_role["tags"] = json!({"bot_id": BOT_ID.to_string()});
    g["roles"] = json!([
        role_json(GUILD_ID, "@everyone"),
        role_json(ADMIN_ROLE_ID, "curators"),
        role_json(OTHER_ROLE_ID, "readers"),
        bot_role
    ]);
    g["channels"] = json!([
        channel(CHANNEL_ID, "news", 0),
        channel(AUTO_CHANNEL_ID, "ask-here", 1)
    ]);
    g
}

pub fn app_json() -> Value {
    json!({
        "id": APP_ID.to_string(), "name": "factbot", "icon": null, "description": "",
        "bot_public": true, "bot_require_code_grant": false, "verify_key": "00", "team": null,
        "owner": user_json(ADMIN_USER_ID, "owner", false), "flags": 0
    })
}

impl FakeDiscord {
    pub async fn start() -> FakeDiscord {
        let http = TcpListener::bind("127.0.0.1:0").await.expect("bind http");
        let ws = TcpListener::bind("127.0.0.1:0").await.expect("bind ws");
        let http_addr = http.local_addr().expect("addr");
        let ws_addr = ws.local_addr().expect("addr");
        let inner = Arc::new(Inner::default());
        *inner.http_addr.lock().unwrap() = Some(http_addr);
        *inner.ws_url.lock().unwrap() = format!("ws://{ws_addr}");
        let i1 = inner.clone();
        let http_task = tokio::spawn(async move {
            while let Ok((stream, _)) = http.accept().await {
                tokio::spawn(serve_http(stream, i1.clone(), false));
            }
        });
        let i2 = inner.clone();
        let ws_task = tokio::spawn(async move {
            while let Ok((stream, _)) = ws.accept().await {
                tokio::spawn(serve_gateway(stream, i2.clone()));
            }
        });
        FakeDiscord {
            http_addr,
            ws_addr,
            inner,
            tasks: vec![http_task, ws_task],
        }
    }

    /// Also serves the REST API over TLS on a second port, with a certificate for discord.com
    /// signed by a fresh test CA. Returns (address, CA certificate PEM): a client that resolves
    /// discord.com to that address and trusts the CA talks to the fake as if to Discord.
    pub async fn serve_tls(&mut self) -> (SocketAddr, String) {
        let ca_key = rcgen::KeyPair::generate().expect("CA key");
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "factbot test CA");
        let ca = ca_params.self_signed(&ca_key).expect("CA cert");
        let leaf_key = rcgen::KeyPair::generate().expect("leaf key");
        let leaf = rcgen::CertificateParams::new(vec!["discord.com".to_string()])
            .expect("leaf params")
            .signed_by(&leaf_key, &ca, &ca_key)
            .expect("leaf cert");
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut server = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(
                vec![leaf.der().clone()],
                rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into()),
            )
            .expect("server config");
        server.alpn_protocols = vec![b"http/1.1".to_vec()];
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(server));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind tls");
        let addr = listener.local_addr().expect("addr");
        let inner = self.inner.clone();
        self.tasks.push(tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                let inner = inner.clone();
                tokio::spawn(async move {
                    if let Ok(tls) = acceptor.accept(stream).await {
                        serve_http(tls, inner, true).await;
                    }
                });
            }
        }));
        (addr, ca.pem())
    }

    /// Serves TLS (see `serve_tls`) and returns the bot's two serenity HTTP clients that reach
    /// the fake as https://discord.com: serenity's ratelimiter on, and the one for interaction
    /// responses without it.
    pub async fn tls_http(
        &mut self,
    ) -> (poise::serenity_prelude::Http, factbot::bot::InteractionHttp) {
        let (tls_addr, ca_pem) = self.serve_tls().await;
        (
            tls_http(tls_addr, &ca_pem),
            tls_interaction_http(tls_addr, &ca_pem),
        )
    }

    pub fn api_url(&self) -> String {
        format!("http://{}", self.http_addr)
    }

    pub fn next_id(&self) -> u64 {
        snowflake()
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.requests.lock().unwrap().clone()
    }

    /// Makes the gateway refuse every IDENTIFY with `code`.
    pub fn refuse_identify(&self, code: u16) {
        *self.inner.identify_close.lock().unwrap() = Some(code);
    }

    /// Makes the gateway answer the next RESUME with op 9 INVALID_SESSION (d: false).
    pub fn invalidate_next_resume(&self) {
        self.inner.invalidate_resume.store(true, Ordering::SeqCst);
    }

    pub fn identifies(&self) -> u32 {
        self.inner.identifies.load(Ordering::SeqCst)
    }

    pub fn resumes(&self) -> u32 {
        self.inner.resumes.load(Ordering::SeqCst)
    }

    /// Waits until `check` finds something in the recorded requests.
    pub async fn wait_for<T>(&self, what: &str, check: impl Fn(&[Recorded]) -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let notified = self.inner.changed.notified();
            if let Some(t) = check(&self.inner.requests.lock().unwrap()) {
                return t;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                let reqs: Vec<String> = self
                    .requests()
                    .iter()
                    .map(|r| format!("{} {} {}", r.method, r.path, r.status))
                    .collect();
                panic!(
                    "timed out waiting for {what}; requests so far:\n{}",
                    reqs.join("\n")
                );
            }
        }
    }

    /// Waits until nothing matching `check` has been sent for `quiet` (for "stays silent").
    pub async fn assert_none_within(
        &self,
        quiet: Duration,
        what: &str,
        check: impl Fn(&Recorded) -> bool,
    ) {
        tokio::time::sleep(quiet).await;
        let found: Vec<Recorded> = self.requests().into_iter().filter(|r| check(r)).collect();
        assert!(found.is_empty(), "expected no {what}, got {found:#?}");
    }

    pub async fn wait_for_request(&self, what: &str, pred: impl Fn(&Recorded) -> bool) -> Recorded {
        self.wait_for(what, |reqs| reqs.iter().find(|r| pred(r)).cloned())
            .await
    }

    /// Waits until the bot is connected and has registered its commands (the end of start-up).
    pub async fn wait_ready(&self) -> Recorded {
        self.wait_for_request("command registration", |r| {
            r.method == "PUT" && r.path.ends_with("/commands")
        })
        .await
    }

    /// Injects `status` for the next `times` requests whose method and path match (a 429 is a
    /// route limit with Retry-After: 1).
    pub fn fail_next(&self, method: &str, path_contains: &str, status: u16, times: u32) {
        let retry_after = (status == 429).then_some(1.0);
        self.fail_next_with(method, path_contains, status, times, retry_after, false);
    }

    /// Injects a 429 (`retry_after` seconds, or no Retry-After header at all; `global` for
    /// Discord's global limit) for the next `times` matching requests. `method` "" matches any.
    pub fn fail_next_with(
        &self,
        method: &str,
        path_contains: &str,
        status: u16,
        times: u32,
        retry_after: Option<f64>,
        global: bool,
    ) {
        self.inner.failures.lock().unwrap().push(Failure {
            method: method.to_string(),
            path_contains: path_contains.to_string(),
            status,
            remaining: times,
            retry_after,
            global,
        });
    }

    /// The next REST request (any route but the interaction endpoints, which Discord's global
    /// limit does not cover) starts a global rate limit of `retry_after` seconds: it and every
    /// such request until the end are answered 429 global.
    pub fn global_429_next(&self, retry_after: f64) {
        self.fail_next_with("", "", 429, 1, Some(retry_after), true);
    }

    /// Holds the responses to the next `times` matching requests for `delay` (the request is
    /// recorded on arrival). `method` "" matches any.
    pub fn slow_next(&self, method: &str, path_contains: &str, delay: Duration, times: u32) {
        self.inner.slow.lock().unwrap().push(Slow {
            method: method.to_string(),
            path_contains: path_contains.to_string(),
            delay,
            remaining: times,
        });
    }

    /// The global rate limits imposed so far.
    pub fn global_windows(&self) -> Vec<GlobalWindow> {
        self.inner.globals.lock().unwrap().clone()
    }

    /// Requests that arrived during a global rate limit after its 429 had been written, with
    /// the window: a client that heeds the limit sends none. The interaction endpoints are left
    /// out: Discord does not bind them to the global limit.
    pub fn requests_during_global(&self) -> Vec<(Recorded, GlobalWindow)> {
        let windows = self.global_windows();
        self.requests()
            .into_iter()
            .filter(|r| !is_interaction_endpoint(&r.path))
            .filter_map(|r| {
                windows
                    .iter()
                    .find(|w| r.at > w.known && r.at < w.end)
                    .map(|w| (r, *w))
            })
            .collect()
    }

    /// When the event with this id (a message or an interaction) was dispatched.
    pub fn dispatched_at(&self, id: u64) -> Option<Instant> {
        self.inner.dispatched.lock().unwrap().get(&id).copied()
    }

    /// The heartbeat interval HELLO announces to new connections (Discord's is 41.25 s).
    pub fn set_heartbeat_interval(&self, interval: Duration) {
        self.inner
            .heartbeat_ms
            .store(interval.as_millis() as u64, Ordering::SeqCst);
    }

    /// Gateway connections accepted so far.
    pub fn connections(&self) -> u32 {
        self.inner.connections.load(Ordering::SeqCst)
    }

    /// Whether a session is live now (identified or resumed, not dropped).
    pub fn is_live(&self) -> bool {
        self.gateway().live.is_some()
    }

    fn gateway(&self) -> std::sync::MutexGuard<'_, Gateway> {
        self.inner.gateway.lock().unwrap()
    }

    /// Makes the live gateway connection a dead peer: it sends nothing more (no heartbeat
    /// ACKs), ignores everything including a close frame, and keeps the TCP connection open.
    pub async fn zombie_gateway(&self) {
        let _ = self.take_live().await.send(GatewayCommand::Zombie);
    }

    /// Dispatches a gateway event as Discord would: on the live connection, or kept by the
    /// session for its RESUME, or (no session to receive it) never delivered. Before the bot's
    /// first IDENTIFY it waits for the session.
    pub async fn dispatch(&self, event: &str, data: Value) -> Delivery {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let notified = self.inner.changed.notified();
            if let Some(d) = deliver(&self.inner, event, &data, false) {
                return d;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!("no gateway session ever started to dispatch {event} on");
            }
        }
    }

    /// Dispatches a gateway event if a connection is live now; false when there is none (the
    /// bot has shut its gateway down, say), and then the event goes nowhere.
    pub fn try_dispatch(&self, event: &str, data: Value) -> bool {
        deliver(&self.inner, event, &data, true) == Some(Delivery::Sent)
    }

    /// Ids of the events (messages, interactions) that no session delivered, as on Discord:
    /// dispatched while no session could take them, or held by a session that was replaced by a
    /// new IDENTIFY instead of resumed. Users' messages among them are still in the history.
    pub fn undelivered(&self) -> Vec<u64> {
        self.gateway().undelivered.clone()
    }

    /// Sends a message from a user (posted in its channel's history, then dispatched); returns
    /// its JSON (for replies and assertions).
    pub async fn send_message(&self, msg: Msg) -> Value {
        let m = self.user_message(msg);
        self.post_and_dispatch(&m).await;
        m
    }

    /// [`Self::send_message`] if a gateway connection is live now; None when there is none.
    pub fn try_send_message(&self, msg: Msg) -> Option<Value> {
        let m = self.user_message(msg);
        let sent = self.try_dispatch("MESSAGE_CREATE", m.clone());
        if sent {
            self.post_message(&m);
        }
        sent.then_some(m)
    }

    /// Adds a message to its channel's history (without dispatching it).
    pub fn post_message(&self, message: &Value) {
        post(&self.inner, message);
    }

    /// Posts a message made by `user_message` and dispatches it; says what became of it.
    pub async fn post_and_dispatch(&self, message: &Value) -> Delivery {
        self.post_message(message);
        self.dispatch("MESSAGE_CREATE", message.clone()).await
    }

    /// The channel's history, oldest first, as `GET /channels/{id}/messages` serves it.
    pub fn history(&self, channel: u64) -> Vec<Value> {
        self.inner
            .history
            .lock()
            .unwrap()
            .get(&channel)
            .map(|h| h.values().cloned().collect())
            .unwrap_or_default()
    }

    /// A user's message as the gateway sends it, with a new id.
    pub fn user_message(&self, msg: Msg) -> Value {
        let id = self.next_id();
        let mut mentions = Vec::new();
        if msg.mentions_bot {
            mentions.push(user_json(BOT_ID, "factbot", true));
        }
        let author = user_json(
            msg.author,
            if msg.author_is_bot {
                "otherbot"
            } else {
                "asker"
            },
            msg.author_is_bot,
        );
        let roles = parse_role_mentions(&msg.content);
        message_json(
            id,
            msg.channel,
            msg.guild,
            author,
            &msg.content,
            mentions,
            roles,
            msg.referenced,
            json!([]),
        )
    }

    /// Waits for the bot's message replying to `msg` (by message reference).
    pub async fn wait_reply_to(&self, msg: &Value) -> Recorded {
        let id = msg["id"].as_str().unwrap_or_default().to_string();
        self.wait_for_request(&format!("a reply to message {id}"), |r| {
            r.method == "POST"
                && r.path.contains("/messages")
                && r.status < 300
                && r.body["message_reference"]["message_id"].as_str() == Some(id.as_str())
        })
        .await
    }

    /// A message of the bot's as Discord would deliver it with a click (only its id matters).
    pub fn bot_message(&self) -> Value {
        self.bot_message_with_embeds(json!([]))
    }

    /// A message of the bot's with its embeds, as Discord delivers it in a reply's
    /// `referenced_message`.
    pub fn bot_message_with_embeds(&self, embeds: Value) -> Value {
        message_json(
            self.next_id(),
            CHANNEL_ID,
            Some(GUILD_ID),
            user_json(BOT_ID, "factbot", true),
            "",
            vec![],
            vec![],
            None,
            embeds,
        )
    }

    /// The status of every attempt to reply to `msg` (by message reference), in order.
    pub fn reply_attempts(&self, msg: &Value) -> Vec<u16> {
        self.requests()
            .iter()
            .filter(|r| r.body["message_reference"]["message_id"] == msg["id"])
            .map(|r| r.status)
            .collect()
    }

    /// All successful replies to `msg`.
    pub fn replies_to(&self, msg: &Value) -> Vec<Recorded> {
        let id = msg["id"].as_str().unwrap_or_default();
        self.requests()
            .into_iter()
            .filter(|r| {
                r.method == "POST"
                    && r.path.contains("/messages")
                    && r.status < 300
                    && r.body["message_reference"]["message_id"].as_str() == Some(id)
            })
            .collect()
    }

    /// Sends an interaction; returns its id.
    pub async fn send_interaction(
        &self,
        kind: u8,
        command: &str,
        options: Value,
        user: u64,
        roles: &[u64],
        permissions: u64,
    ) -> u64 {
        let id = self.next_id();
        let i = interaction_json(id, kind, command, options, user, roles, permissions);
        self.dispatch("INTERACTION_CREATE", i).await;
        id
    }

    /// Dispatches a ready-made interaction (see the `*_interaction_json` helpers); returns its id.
    pub async fn send_interaction_json(&self, interaction: Value) -> u64 {
        let id = interaction["id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        self.dispatch("INTERACTION_CREATE", interaction).await;
        id
    }

    /// A click on a button with `custom_id` under the bot's `message`; returns the interaction id.
    pub async fn click(&self, custom_id: &str, message: &Value, user: u64) -> u64 {
        let id = self.next_id();
        let mut i = interaction_json(id, 3, "", json!([]), user, &[], 0);
        i["data"] = json!({"custom_id": custom_id, "component_type": 2});
        i["message"] = message.clone();
        self.send_interaction_json(i).await
    }

    /// "Apps → <name>" on `target` (a message command); returns the interaction id.
    pub async fn message_command(&self, name: &str, target: &Value, user: u64) -> u64 {
        let id = self.next_id();
        let mut i = interaction_json(id, 2, name, json!([]), user, &[], 0);
        let target_id = target["id"].clone();
        let mut messages = serde_json::Map::new();
        messages.insert(
            target_id.as_str().unwrap_or_default().to_string(),
            target.clone(),
        );
        i["data"] = json!({
            "id": "9001", "name": name, "type": 3, "target_id": target_id,
            "guild_id": GUILD_ID.to_string(), "resolved": {"messages": messages}
        });
        self.send_interaction_json(i).await
    }

    /// Serves `bytes` as an attachment and returns its JSON (for an interaction's `resolved`).
    pub fn attachment(&self, filename: &str, content_type: &str, bytes: &[u8]) -> Value {
        let id = self.next_id();
        // Names a test sends may be hostile ("../x"): the served path uses the id only.
        let path = format!("/attachments/{id}/file");
        self.inner
            .files
            .lock()
            .unwrap()
            .insert(path.clone(), (content_type.to_string(), bytes.to_vec()));
        json!({
            "id": id.to_string(), "filename": filename, "size": bytes.len(),
            "url": format!("{}{path}", self.api_url()), "proxy_url": format!("{}{path}", self.api_url()),
            "content_type": content_type
        })
    }

    /// `/source add` (a subcommand with an attachment option) by `user` with `permissions`.
    pub async fn source_add(
        &self,
        attachment: &Value,
        options: Value,
        user: u64,
        permissions: u64,
    ) -> u64 {
        let id = self.next_id();
        let mut opts = vec![json!({"name": "file", "type": 11, "value": attachment["id"].clone()})];
        if let Value::Array(more) = options {
            opts.extend(more);
        }
        let mut i = interaction_json(
            id,
            2,
            "source",
            json!([{"name": "add", "type": 1, "options": opts}]),
            user,
            &[],
            permissions,
        );
        let mut files = serde_json::Map::new();
        files.insert(
            attachment["id"].as_str().unwrap_or_default().to_string(),
            attachment.clone(),
        );
        i["data"]["resolved"] = json!({"attachments": files});
        self.send_interaction_json(i).await
    }

    /// Waits for the first reply of interaction `id` that has content or embeds: the callback
    /// itself, or the follow-up / edited original after a deferral.
    pub async fn wait_interaction_reply(&self, id: u64) -> Value {
        let cb_prefix = format!("/interactions/{id}/");
        let token = format!("/itoken-{id}");
        self.wait_for(&format!("a reply to interaction {id}"), |reqs| {
            reqs.iter().find_map(|r| {
                let body = if r.path.contains(&cb_prefix) && r.path.ends_with("/callback") {
                    r.body["data"].clone()
                } else if r.path.contains("/webhooks/")
                    && r.path.contains(&token)
                    && r.method != "GET"
                {
                    r.body.clone()
                } else {
                    return None;
                };
                let has = body["content"].as_str().is_some_and(|c| !c.is_empty())
                    || body["embeds"].as_array().is_some_and(|e| !e.is_empty());
                has.then_some(body)
            })
        })
        .await
    }

    /// Waits for the initial callback to interaction `id`.
    pub async fn wait_callback(&self, id: u64) -> Recorded {
        let prefix = format!("/interactions/{id}/");
        self.wait_for_request(&format!("callback to interaction {id}"), |r| {
            r.path.contains(&prefix) && r.path.ends_with("/callback")
        })
        .await
    }

    /// Waits for a follow-up message (sent after a deferral or as a second message).
    pub async fn wait_followup(&self, id: u64) -> Recorded {
        let token = format!("/itoken-{id}");
        self.wait_for_request(&format!("follow-up to interaction {id}"), |r| {
            r.path.contains("/webhooks/") && r.path.contains(&token) && r.method != "GET"
        })
        .await
    }

    /// Takes the live connection (waiting for one), so no further event is sent on it; its
    /// session stays, for a RESUME.
    async fn take_live(&self) -> mpsc::UnboundedSender<GatewayCommand> {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let notified = self.inner.changed.notified();
            if let Some(tx) = self.gateway().live.take() {
                return tx;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!("no live gateway session");
            }
        }
    }

    /// Closes the gateway connection with a close code (e.g. 4000 "unknown error").
    pub async fn close_gateway(&self, code: u16) {
        let _ = self.take_live().await.send(GatewayCommand::Close(code));
    }

    /// Drops the TCP connection without a close frame.
    pub async fn drop_gateway(&self) {
        let _ = self.take_live().await.send(GatewayCommand::Drop);
    }

    /// Waits until the session was resumed at least `n` times in all.
    pub async fn wait_resumes(&self, n: u32) {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let notified = self.inner.changed.notified();
            if self.resumes() >= n && self.is_live() {
                return;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                panic!(
                    "the bot did not resume (resumes: {}, identifies: {})",
                    self.resumes(),
                    self.identifies()
                );
            }
        }
    }
}

fn parse_role_mentions(content: &str) -> Vec<u64> {
    content
        .split("<@&")
        .skip(1)
        .filter_map(|s| s.split('>').next()?.parse().ok())
        .collect()
}

async fn serve_http<S>(stream: S, inner: Arc<Inner>, tls: bool)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin + 'static,
{
    let (reader, mut writer) = tokio::io::split(stream);
    let mut reader = BufReader::new(reader);
    loop {
        let mut request_line = String::new();
        match reader.read_line(&mut request_line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("").to_string();
        let path = parts.next().unwrap_or("").to_string();
        let mut content_length = 0usize;
        let mut authorization = None;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                let k = k.trim().to_ascii_lowercase();
                if k == "content-length" {
                    content_length = v.trim().parse().unwrap_or(0);
                } else if k == "authorization" {
                    authorization = Some(v.trim().to_string());
                }
            }
        }
        let mut body = vec![0u8; content_length];
        if reader.read_exact(&mut body).await.is_err() {
            return;
        }
        if method == "GET" && path.starts_with("/attachments/") {
            let file = inner.files.lock().unwrap().get(&path).cloned();
            let (status, ctype, bytes) = match file {
                Some((ctype, bytes)) => (200, ctype, bytes),
                None => (404, "text/plain".to_string(), b"not found".to_vec()),
            };
            let head = format!(
                "HTTP/1.1 {status} OK\r\ncontent-type: {ctype}\r\ncontent-length: {}\r\n\r\n",
                bytes.len()
            );
            if writer.write_all(head.as_bytes()).await.is_err()
                || writer.write_all(&bytes).await.is_err()
            {
                return;
            }
            continue;
        }
        let at = Instant::now();
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let (status, extra_headers, response) =
            respond(&inner, &method, &path, authorization.as_deref(), &body);
        let delay = {
            let mut slow = inner.slow.lock().unwrap();
            slow.iter_mut()
                .find(|s| {
                    s.remaining > 0
                        && (s.method.is_empty() || s.method == method)
                        && path.contains(&s.path_contains)
                })
                .map(|s| {
                    s.remaining -= 1;
                    s.delay
                })
        };
        inner.requests.lock().unwrap().push(Recorded {
            method,
            path,
            authorization,
            body,
            status,
            tls,
            at,
            wall: std::time::SystemTime::now(),
            delayed: delay,
        });
        inner.changed.notify_waiters();
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        let text = if status == 204 {
            String::new()
        } else {
            response.to_string()
        };
        let reason = match status {
            200 => "OK",
            204 => "No Content",
            401 => "Unauthorized",
            404 => "Not Found",
            400 => "Bad Request",
            429 => "Too Many Requests",
            _ => "Error",
        };
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{extra_headers}\r\n",
            text.len()
        );
        if writer.write_all(head.as_bytes()).await.is_err()
            || writer.write_all(text.as_bytes()).await.is_err()
            || writer.flush().await.is_err()
        {
            return;
        }
        if status == 429 && extra_headers.contains("x-ratelimit-global: true") {
            // The client can know of the limit from now on.
            let now = Instant::now();
            let mut globals = inner.globals.lock().unwrap();
            if let Some(w) = globals.last_mut() {
                if w.known < w.start {
                    w.known = now;
                }
            }
        }
    }
}

fn respond(
    inner: &Inner,
    method: &str,
    full_path: &str,
    auth: Option<&str>,
    body: &Value,
) -> (u16, String, Value) {
    let path = full_path
        .split('?')
        .next()
        .unwrap_or("")
        .trim_start_matches("/api/v10");
    if auth != Some(&format!("Bot {TOKEN}")) {
        return (
            401,
            String::new(),
            json!({"message": "401: Unauthorized", "code": 0}),
        );
    }
    let now = Instant::now();
    // Discord's interaction endpoints (the response callback, and the interaction webhooks that
    // edit it or follow up) "are not bound to the application's Global Rate Limit" (Discord's
    // docs, Receiving and Responding → Endpoints): a global limit neither answers them 429 nor
    // is started by one.
    let interaction_endpoint = is_interaction_endpoint(path);
    if !interaction_endpoint {
        // During a global rate limit every other request is answered 429 until it ends.
        let globals = inner.globals.lock().unwrap();
        if let Some(w) = globals.last().filter(|w| now < w.end) {
            return global_429(w.end.saturating_duration_since(now).as_secs_f64());
        }
    }
    {
        let mut failures = inner.failures.lock().unwrap();
        if let Some(f) = failures.iter_mut().find(|f| {
            f.remaining > 0
                && !(f.global && interaction_endpoint)
                && (f.method.is_empty() || f.method == method)
                && path.contains(&f.path_contains)
        }) {
            f.remaining -= 1;
            if f.status == 429 && f.global {
                let retry_after = f.retry_after.unwrap_or(1.0);
                let end = now + Duration::from_secs_f64(retry_after);
                // `known` is set once the 429 has been written.
                let known = now - Duration::from_nanos(1);
                inner.globals.lock().unwrap().push(GlobalWindow {
                    start: now,
                    known,
                    end,
                });
                return global_429(retry_after);
            }
            if f.status == 429 {
                // A route limit: Discord sends X-RateLimit-Global only for the global one.
                let headers = match f.retry_after {
                    Some(s) => format!("retry-after: {s}\r\nx-ratelimit-scope: user\r\n"),
                    None => "x-ratelimit-scope: user\r\n".to_string(),
                };
                let body = json!({"message": "You are being rate limited.",
                    "retry_after": f.retry_after.unwrap_or(0.0), "global": false});
                return (429, headers, body);
            }
            let body = json!({"message": "500: Internal Server Error", "code": 0});
            return (f.status, String::new(), body);
        }
    }
    let ws_url = inner.ws_url.lock().unwrap().clone();
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let new_id = snowflake;
    let bot_message = |channel: u64| {
        let mut m = message_json(
            new_id(),
            channel,
            None,
            user_json(BOT_ID, "factbot", true),
            body["content"].as_str().unwrap_or(""),
            vec![],
            vec![],
            None,
            body.get("embeds").cloned().unwrap_or(json!([])),
        );
        if let Some(r) = body.get("message_reference") {
            m["message_reference"] = r.clone();
        }
        m
    };
    match (method, segs.as_slice()) {
        ("GET", ["gateway"]) => (200, String::new(), json!({"url": ws_url})),
        ("GET", ["gateway", "bot"]) => (
            200,
            String::new(),
            json!({"url": ws_url, "shards": 1, "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}}),
        ),
        ("GET", ["users", "@me"]) => (200, String::new(), {
            let mut u = user_json(BOT_ID, "factbot", true);
            u["verified"] = json!(true);
            u["mfa_enabled"] = json!(false);
            u
        }),
        ("GET", ["oauth2", "applications", "@me"]) => (200, String::new(), app_json()),
        ("PUT", ["applications", _, .., "commands"]) => {
            let cmds: Vec<Value> = body
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|mut c| {
                    c["id"] = json!(new_id().to_string());
                    c["application_id"] = json!(APP_ID.to_string());
                    c["version"] = json!("1");
                    if c.get("type").is_none() {
                        c["type"] = json!(1);
                    }
                    if c.get("description").is_none() {
                        c["description"] = json!("");
                    }
                    c
                })
                .collect();
            (200, String::new(), Value::Array(cmds))
        }
        ("POST", ["channels", channel, "messages"]) => {
            let channel = channel.parse().unwrap_or(0);
            let m = bot_message(channel);
            post(inner, &m);
            (200, String::new(), m)
        }
        ("GET", ["channels", channel, "messages"]) => channel_messages(inner, channel, full_path),
        ("POST", ["users", "@me", "channels"]) => open_dm(inner, body),
        ("POST", ["channels", channel, "messages", _, "threads"]) => {
            let thread = new_id();
            (
                200,
                String::new(),
                json!({
                    "id": thread.to_string(), "type": 11, "guild_id": GUILD_ID.to_string(),
                    "parent_id": channel.to_string(), "name": body["name"].clone(),
                    "owner_id": BOT_ID.to_string(), "message_count": 0, "member_count": 1,
                    "rate_limit_per_user": 0, "flags": 0, "total_message_sent": 0,
                    "thread_metadata": {"archived": false, "auto_archive_duration": 1440,
                        "archive_timestamp": timestamp(), "locked": false}
                }),
            )
        }
        ("POST", ["interactions", id, _, "callback"]) => {
            // Discord takes one first response per interaction.
            if inner.acknowledged.lock().unwrap().insert(id.to_string()) {
                (204, String::new(), Value::Null)
            } else {
                (
                    400,
                    String::new(),
                    json!({"message": "Interaction has already been acknowledged.", "code": 40060}),
                )
            }
        }
        ("POST", ["webhooks", _, _])
        | ("PATCH", ["webhooks", _, _, "messages", _])
        | ("GET", ["webhooks", _, _, "messages", _]) => {
            (200, String::new(), bot_message(CHANNEL_ID))
        }
        _ => (
            404,
            String::new(),
            json!({"message": "404: Not Found", "code": 0}),
        ),
    }
}

/// The interaction response callback and the interaction webhooks (edit, follow up), with or
/// without the API prefix.
pub fn is_interaction_endpoint(path: &str) -> bool {
    let path = path.trim_start_matches("/api/v10");
    path.starts_with("/interactions/") || path.starts_with("/webhooks/")
}

fn global_429(retry_after: f64) -> (u16, String, Value) {
    (
        429,
        format!("retry-after: {retry_after:.3}\r\nx-ratelimit-global: true\r\nx-ratelimit-scope: global\r\n"),
        json!({"message": "You are being rate limited.", "retry_after": retry_after, "global": true}),
    )
}

fn frame(op: u8, t: Option<&str>, s: Option<u64>, d: Value) -> WsMessage {
    WsMessage::Text(json!({"op": op, "t": t, "s": s, "d": d}).to_string())
}

/// Dispatches an event (see `FakeDiscord::dispatch`); None if no session has started yet (the
/// caller waits for one). With `only_live`, an event no connection takes now goes nowhere and
/// is not counted.
fn deliver(inner: &Inner, event: &str, data: &Value, only_live: bool) -> Option<Delivery> {
    let mut gw = inner.gateway.lock().unwrap();
    if only_live && gw.live.is_none() {
        return Some(Delivery::Dropped);
    }
    if gw.sessions == 0 {
        return None;
    }
    let id = event_id(data);
    if let Some(id) = id {
        inner.dispatched.lock().unwrap().insert(id, Instant::now());
    }
    let Gateway {
        live,
        session,
        undelivered,
        ..
    } = &mut *gw;
    let Some(session) = session.as_mut() else {
        undelivered.extend(id);
        return Some(Delivery::Dropped);
    };
    session.seq += 1;
    let seq = session.seq;
    let sent = live.as_ref().is_some_and(|tx| {
        tx.send(GatewayCommand::Dispatch(
            seq,
            event.to_string(),
            data.clone(),
        ))
        .is_ok()
    });
    session
        .log
        .push_back((seq, event.to_string(), data.clone(), sent));
    if session.log.len() > SESSION_LOG {
        session.log.pop_front();
    }
    Some(if sent { Delivery::Sent } else { Delivery::Held })
}

/// Marks a dispatch the connection could not write as not delivered (a RESUME still replays
/// it; a new session never gets it).
fn unsent(inner: &Inner, seq: u64) {
    let mut gw = inner.gateway.lock().unwrap();
    if let Some(entry) = gw
        .session
        .as_mut()
        .and_then(|s| s.log.iter_mut().find(|e| e.0 == seq))
    {
        entry.3 = false;
    }
}

/// Adds a message to its channel's history, as the REST API returns it (without the
/// gateway-only `guild_id` and `member`).
fn post(inner: &Inner, message: &Value) {
    let (Some(id), Some(channel)) = (
        event_id(message),
        message["channel_id"]
            .as_str()
            .and_then(|s| s.parse::<u64>().ok()),
    ) else {
        return;
    };
    let by_user = message["author"]["bot"].as_bool() != Some(true);
    if message.get("guild_id").is_none() && by_user {
        if let Some(user) = message["author"]["id"]
            .as_str()
            .and_then(|s| s.parse::<u64>().ok())
        {
            inner.dm_channels.lock().unwrap().insert(user, channel);
        }
    }
    let mut stored = message.clone();
    if let Some(m) = stored.as_object_mut() {
        m.remove("guild_id");
        m.remove("member");
    }
    inner
        .history
        .lock()
        .unwrap()
        .entry(channel)
        .or_default()
        .insert(id, stored);
}

/// `POST /users/@me/channels` as Discord serves it: the DM channel with `recipient_id` (the
/// one there is, or a new one), with the id of its newest message.
fn open_dm(inner: &Inner, body: &Value) -> (u16, String, Value) {
    let recipient = match &body["recipient_id"] {
        Value::String(s) => s.parse::<u64>().ok(),
        v => v.as_u64(),
    };
    let Some(user) = recipient else {
        return (
            400,
            String::new(),
            json!({"message": "Invalid Form Body", "code": 50035, "errors": {"recipient_id": {"_errors": []}}}),
        );
    };
    let channel = *inner
        .dm_channels
        .lock()
        .unwrap()
        .entry(user)
        .or_insert_with(snowflake);
    let last = inner
        .history
        .lock()
        .unwrap()
        .get(&channel)
        .and_then(|h| h.keys().next_back().copied());
    (
        200,
        String::new(),
        json!({
            "id": channel.to_string(), "type": 1,
            "last_message_id": last.map(|id| id.to_string()),
            "recipients": [user_json(user, "asker", false)],
        }),
    )
}

/// `GET /channels/{id}/messages` as Discord serves it: `limit` 1-100 (default 50); the page
/// just `before` an id, the one just `after` it, or the newest, always newest first.
fn channel_messages(inner: &Inner, channel: &str, full_path: &str) -> (u16, String, Value) {
    let query: HashMap<&str, &str> = full_path
        .split_once('?')
        .map(|(_, q)| q.split('&').filter_map(|kv| kv.split_once('=')).collect())
        .unwrap_or_default();
    let invalid = |field: &str| {
        (
            400,
            String::new(),
            json!({"message": "Invalid Form Body", "code": 50035, "errors": {field: {"_errors": []}}}),
        )
    };
    let limit = match query.get("limit").map(|v| v.parse::<usize>()) {
        None => 50,
        Some(Ok(n @ 1..=100)) => n,
        Some(_) => return invalid("limit"),
    };
    let bound = |key: &str| match query.get(key).map(|v| v.parse::<u64>()) {
        None => Ok(None),
        Some(Ok(id)) => Ok(Some(id)),
        Some(Err(_)) => Err(invalid(key)),
    };
    let (after, before) = match (bound("after"), bound("before")) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    if query.contains_key("around") {
        // Not served: nothing the bot does asks for it.
        return invalid("around");
    }
    let Ok(channel) = channel.parse::<u64>() else {
        return (
            404,
            String::new(),
            json!({"message": "Unknown Channel", "code": 10003}),
        );
    };
    let history = inner.history.lock().unwrap();
    let Some(h) = history.get(&channel) else {
        return (200, String::new(), json!([]));
    };
    let page: Vec<Value> = match (after, before) {
        // The `limit` messages right after the id (the oldest of those after it), still
        // newest first.
        (Some(a), _) => {
            let mut page: Vec<Value> = h
                .range(a.saturating_add(1)..)
                .take(limit)
                .map(|(_, m)| m.clone())
                .collect();
            page.reverse();
            page
        }
        (None, Some(b)) => h
            .range(..b)
            .rev()
            .take(limit)
            .map(|(_, m)| m.clone())
            .collect(),
        (None, None) => h.values().rev().take(limit).cloned().collect(),
    };
    (200, String::new(), Value::Array(page))
}

async fn serve_gateway(stream: TcpStream, inner: Arc<Inner>) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    inner.connections.fetch_add(1, Ordering::SeqCst);
    let heartbeat = match inner.heartbeat_ms.load(Ordering::SeqCst) {
        0 => 41_250,
        ms => ms,
    };
    if ws
        .send(frame(
            10,
            None,
            None,
            json!({"heartbeat_interval": heartbeat}),
        ))
        .await
        .is_err()
    {
        return;
    }
    inner.changed.notify_waiters();
    let (tx, mut rx) = mpsc::unbounded_channel::<GatewayCommand>();
    let ws_url = inner.ws_url.lock().unwrap().clone();
    let is_mine = |gw: &Gateway| gw.live.as_ref().is_some_and(|l| l.same_channel(&tx));
    loop {
        tokio::select! {
            incoming = ws.next() => {
                let Some(Ok(msg)) = incoming else { break };
                let WsMessage::Text(text) = msg else {
                    if let WsMessage::Close(frame) = &msg {
                        // A client that closes with 1000 or 1001 ends its session: Discord
                        // will not resume it.
                        let code = frame.as_ref().map(|f| u16::from(f.code));
                        if matches!(code, Some(1000 | 1001)) {
                            let mut gw = inner.gateway.lock().unwrap();
                            if is_mine(&gw) {
                                gw.end_session();
                            }
                        }
                        break;
                    }
                    continue;
                };
                let Ok(v) = serde_json::from_str::<Value>(&text) else { continue };
                match v["op"].as_u64() {
                    Some(1) if ws.send(frame(11, None, None, Value::Null)).await.is_err() => break,
                    Some(1) => {}
                    Some(2) => {
                        let refuse = *inner.identify_close.lock().unwrap();
                        if let Some(code) = refuse {
                            inner.identifies.fetch_add(1, Ordering::SeqCst);
                            let frame = CloseFrame { code: CloseCode::from(code), reason: "refused".into() };
                            let _ = ws.send(WsMessage::Close(Some(frame))).await;
                            tokio::time::sleep(Duration::from_millis(100)).await;
                            break;
                        }
                        // A new session: the old one's held events are never delivered. Live
                        // from now: events dispatched meanwhile go out after READY and
                        // GUILD_CREATE (numbered 1 and 2), because this branch sends those first.
                        let session_id = {
                            let mut gw = inner.gateway.lock().unwrap();
                            gw.end_session();
                            gw.sessions += 1;
                            let id = format!("fake-session-{}", gw.sessions);
                            gw.session = Some(Session { id: id.clone(), seq: 2, log: VecDeque::new() });
                            gw.live = Some(tx.clone());
                            id
                        };
                        inner.identifies.fetch_add(1, Ordering::SeqCst);
                        let ready = json!({
                            "v": 10, "user": {"id": BOT_ID.to_string(), "username": "factbot", "discriminator": "0",
                                "global_name": null, "avatar": null, "bot": true, "verified": true, "mfa_enabled": false},
                            "guilds": [{"id": GUILD_ID.to_string(), "unavailable": true}],
                            "session_id": session_id, "resume_gateway_url": ws_url.clone(),
                            "shard": [0, 1], "application": {"id": APP_ID.to_string(), "flags": 0}
                        });
                        if ws.send(frame(0, Some("READY"), Some(1), ready)).await.is_err() { break }
                        if ws.send(frame(0, Some("GUILD_CREATE"), Some(2), guild_json())).await.is_err() { break }
                        inner.changed.notify_waiters();
                    }
                    Some(6) => {
                        let session_id = v["d"]["session_id"].as_str().unwrap_or_default();
                        let client_seq = v["d"]["seq"].as_u64().unwrap_or(0);
                        // What the session sent or held after the client's last event, then
                        // RESUMED; None if it cannot be resumed.
                        let resumed = {
                            let mut gw = inner.gateway.lock().unwrap();
                            let known = gw.session.as_ref().is_some_and(|s| s.id == session_id);
                            if known && inner.invalidate_resume.swap(false, Ordering::SeqCst) {
                                gw.end_session();
                            }
                            match gw.session.as_mut().filter(|s| s.id == session_id) {
                                None => None,
                                Some(s) => {
                                    let replay: Vec<(u64, String, Value)> = s
                                        .log
                                        .iter_mut()
                                        .filter(|e| e.0 > client_seq)
                                        .map(|e| {
                                            e.3 = true;
                                            (e.0, e.1.clone(), e.2.clone())
                                        })
                                        .collect();
                                    s.seq += 1;
                                    let resumed_seq = s.seq;
                                    gw.live = Some(tx.clone());
                                    Some((replay, resumed_seq))
                                }
                            }
                        };
                        let Some((replay, resumed_seq)) = resumed else {
                            if ws.send(frame(9, None, None, json!(false))).await.is_err() {
                                break;
                            }
                            continue;
                        };
                        inner.resumes.fetch_add(1, Ordering::SeqCst);
                        let mut failed = false;
                        for (seq, t, d) in replay {
                            if failed || ws.send(frame(0, Some(&t), Some(seq), d)).await.is_err() {
                                failed = true;
                                unsent(&inner, seq);
                            }
                        }
                        if failed { break }
                        if ws.send(frame(0, Some("RESUMED"), Some(resumed_seq), json!({}))).await.is_err() { break }
                        inner.changed.notify_waiters();
                    }
                    _ => {}
                }
            }
            cmd = rx.recv() => {
                match cmd {
                    Some(GatewayCommand::Dispatch(seq, t, d)) => {
                        if ws.send(frame(0, Some(&t), Some(seq), d)).await.is_err() {
                            unsent(&inner, seq);
                            break;
                        }
                    }
                    Some(GatewayCommand::Close(code)) => {
                        let _ = ws.send(WsMessage::Close(Some(CloseFrame { code: CloseCode::from(code), reason: "test close".into() }))).await;
                        // Give the close frame a moment to be read before the socket goes.
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        break;
                    }
                    Some(GatewayCommand::Zombie) => {
                        // Forget the connection (its session stays, for a RESUME), then hold
                        // the socket without reading or writing (reading would answer a close
                        // frame) until the fake goes away.
                        {
                            let mut gw = inner.gateway.lock().unwrap();
                            if is_mine(&gw) {
                                gw.live = None;
                            }
                        }
                        inner.changed.notify_waiters();
                        let stop = inner.shutdown.notified();
                        let _ = tokio::time::timeout(Duration::from_secs(900), stop).await;
                        drop(ws);
                        return;
                    }
                    Some(GatewayCommand::Drop) | None => break,
                }
            }
        }
    }
    // Only clear the live connection if it is still this one; its session stays.
    {
        let mut gw = inner.gateway.lock().unwrap();
        if is_mine(&gw) {
            gw.live = None;
        }
    }
    // Events queued for this connection but never written wait in the session's log.
    rx.close();
    while let Ok(cmd) = rx.try_recv() {
        if let GatewayCommand::Dispatch(seq, _, _) = cmd {
            unsent(&inner, seq);
        }
    }
    inner.changed.notify_waiters();
}
