//! The Discord bot: a thin layer over the library (serenity + poise). Everything it says is an
//! `Answer` from the same matcher the CLI uses, rendered as Discord messages.
//!
//! `run` is the whole bot: `factbot run` calls it, and so do the tests, against a fake Discord.

pub mod ask;
pub mod catchup;
pub mod commands;
pub mod events;
pub mod guard;
pub mod memory;
pub mod ratelimit;
pub mod reload;
pub mod reply;
pub mod respond;
pub mod shards;
pub mod sources;
pub mod state;
pub mod stats;
pub mod watch;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use poise::serenity_prelude as serenity;
use thiserror::Error;

use crate::config::{Config, LogConfig, LogFormat, Shards, Token, DISCORD_API_URL};
use crate::store;
pub use state::{Data, InteractionHttp, State};

#[derive(Debug, Error)]
pub enum BotError {
    #[error("knowledge base {dir} is not valid:\n{}", .details.join("\n"))]
    Knowledge { dir: PathBuf, details: Vec<String> },
    #[error("cannot create data_dir {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Discord rejected the bot token (check DISCORD_TOKEN or discord.token_file)")]
    TokenRejected,
    #[error("cannot reach the Discord API at {url}: {message}")]
    Unreachable { url: String, message: String },
    #[error("Discord refused the gateway intents: enable the Message Content intent in the Developer Portal (Bot → Privileged Gateway Intents) or remove answer.auto_answer_channels")]
    DisallowedIntents,
    #[error("Discord error: {0}")]
    Discord(String),
    #[error("cannot open the store {location}: {source}")]
    Store {
        location: String,
        source: crate::store::StoreError,
    },
}

/// Sets up `tracing` as configured (`RUST_LOG` overrides `log.level`). For `main`; tests
/// install their own subscriber.
pub fn init_logging(log: &LogConfig) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&log.level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let result = match log.format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
    if let Err(e) = result {
        eprintln!("logging already initialised: {e}");
    }
}

/// The gateway intents the bot needs. Message Content is privileged and only needed to read
/// messages that do not mention the bot, i.e. in auto-answer channels.
pub fn intents(config: &Config) -> serenity::GatewayIntents {
    let mut i = serenity::GatewayIntents::GUILDS
        | serenity::GatewayIntents::GUILD_MESSAGES
        | serenity::GatewayIntents::DIRECT_MESSAGES;
    if !config.answer.auto_answer_channels.is_empty() {
        i |= serenity::GatewayIntents::MESSAGE_CONTENT;
    }
    i
}

fn http_client(config: &Config, token: &Token) -> serenity::Http {
    let api = config.discord.api_url.trim_end_matches('/');
    let builder = serenity::HttpBuilder::new(token.expose());
    if api == DISCORD_API_URL {
        builder.build()
    } else {
        // serenity only routes requests through a proxy when its own ratelimiter is off (the
        // ratelimiter builds requests without the proxy); the proxy then owns rate limiting.
        builder.proxy(api).ratelimiter_disabled(true).build()
    }
}

/// The client for interaction responses: as `http_client`, with serenity's ratelimiter off
/// (see `InteractionHttp`).
fn interaction_client(config: &Config, token: &Token) -> InteractionHttp {
    let api = config.discord.api_url.trim_end_matches('/');
    let builder = serenity::HttpBuilder::new(token.expose()).ratelimiter_disabled(true);
    InteractionHttp(if api == DISCORD_API_URL {
        builder.build()
    } else {
        builder.proxy(api).build()
    })
}

/// Checks the token before connecting, so a bad one is one clear error rather than a gateway
/// close code later.
async fn check_token(http: &serenity::Http, api: &str) -> Result<serenity::CurrentUser, BotError> {
    match http.get_current_user().await {
        Ok(user) => Ok(user),
        Err(serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(r)))
            if r.status_code.as_u16() == 401 =>
        {
            Err(BotError::TokenRejected)
        }
        Err(serenity::Error::Http(serenity::HttpError::Request(e))) => Err(BotError::Unreachable {
            url: api.to_string(),
            message: e.to_string(),
        }),
        Err(e) => Err(BotError::Discord(e.to_string())),
    }
}

fn gateway_error(e: serenity::Error) -> BotError {
    match e {
        serenity::Error::Gateway(serenity::GatewayError::InvalidAuthentication) => {
            BotError::TokenRejected
        }
        serenity::Error::Gateway(
            serenity::GatewayError::DisallowedGatewayIntents
            | serenity::GatewayError::InvalidGatewayIntents,
        ) => BotError::DisallowedIntents,
        e => BotError::Discord(e.to_string()),
    }
}

async fn on_error(error: poise::FrameworkError<'_, Data, state::Error>) {
    match error {
        poise::FrameworkError::Command { error, ctx, .. } => {
            tracing::error!(command = %ctx.command().name, error = %error, "command failed");
        }
        // The check itself told the caller (privately) and logged the attempt.
        poise::FrameworkError::CommandCheckFailed { error, ctx, .. } => {
            if let Some(e) = error {
                tracing::error!(command = %ctx.command().name, error = %e, "command check failed");
            }
        }
        poise::FrameworkError::EventHandler { error, event, .. } => {
            tracing::error!(event = event.snake_case_name(), error = %error, "event handler failed");
        }
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                tracing::error!(error = %e, "error while handling a framework error");
            }
        }
    }
}

/// Registers the slash commands in the configured guild (instant) or globally (Discord may
/// take up to an hour to show them). A failure is logged, not fatal: mentions and DMs still work.
async fn register_commands(
    ctx: &serenity::Context,
    commands: &[poise::Command<Data, state::Error>],
    guild: Option<u64>,
    guard: &Arc<guard::RestGuard>,
) {
    let result = guard
        .send("command registration", || async move {
            match guild {
                Some(g) => {
                    poise::builtins::register_in_guild(ctx, commands, serenity::GuildId::new(g))
                        .await
                }
                None => poise::builtins::register_globally(ctx, commands).await,
            }
        })
        .await;
    match result {
        Ok(()) => {
            tracing::info!(guild = ?guild, count = commands.len(), "slash commands registered")
        }
        Err(e) => tracing::error!(error = %e, "registering slash commands failed"),
    }
}

/// Runs the bot until `shutdown` completes (then closes the shards cleanly) or a fatal error.
pub async fn run(
    config: Config,
    token: Token,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), BotError> {
    let http = http_client(&config, &token);
    let interactions = interaction_client(&config, &token);
    run_with_http(config, http, interactions, shutdown).await
}

/// Loads and validates the knowledge base the bot starts with.
async fn load_initial(config: &Config) -> Result<crate::Matcher, BotError> {
    let dir = &config.knowledge.dir;
    let (matcher, warnings) = reload::build_matcher(dir, config.match_config())
        .await
        .map_err(|e| BotError::Knowledge {
            dir: dir.clone(),
            details: e.details(),
        })?;
    for w in &warnings {
        tracing::warn!("knowledge: {w}");
    }
    tracing::info!(
        facts = matcher.base().facts.len(),
        sources = matcher.base().sources.len(),
        dir = %dir.display(),
        "knowledge base loaded"
    );
    Ok(matcher)
}

/// The poise framework: slash commands, the message handler, and command registration once
/// the gateway is ready. `data` is created before connecting, so setup only has to hand it over.
fn framework(data: Data, guild: Option<u64>) -> poise::Framework<Data, state::Error> {
    poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: commands::all(),
            // Questions arrive as messages and are handled in `events`; there are no prefix
            // commands, so a mention must not be taken as a command prefix.
            prefix_options: poise::PrefixFrameworkOptions {
                prefix: None,
                mention_as_prefix: false,
                ..Default::default()
            },
            allowed_mentions: Some(reply::no_mentions()),
            on_error: |e| Box::pin(on_error(e)),
            event_handler: |fw, event| {
                Box::pin(events::handle_event(fw.serenity_context, event, fw.user_data))
            },
            ..Default::default()
        })
        .setup(move |ctx, ready, framework| {
            Box::pin(async move {
                tracing::info!(bot = %ready.user.name, guilds = ready.guilds.len(), "connected to the gateway");
                // Set before any interaction is handled: poise hands events over only once
                // this setup has returned.
                data.interactions.set_application_id(ready.application.id);
                register_commands(ctx, &framework.options().commands, guild, &data.guard).await;
                Ok(data)
            })
        })
        .build()
}

/// Runs the configured shards until they stop (shutdown) or fail.
async fn start_shards(client: &mut serenity::Client, shards: &Shards) -> serenity::Result<()> {
    match *shards {
        Shards::Auto => client.start_autosharded().await,
        // serenity's range end is inclusive.
        Shards::Range {
            first,
            count,
            total,
        } => {
            client
                .start_shard_range(first..first + count - 1, total)
                .await
        }
    }
}

/// `run` with ready-made serenity HTTP clients, e.g. ones whose reqwest client trusts a private
/// CA (tests use this to exercise serenity's real ratelimiter against a local TLS server):
/// `http` for everything, and `interactions`, built alike with serenity's ratelimiter off, for
/// interaction responses.
pub async fn run_with_http(
    config: Config,
    http: serenity::Http,
    interactions: InteractionHttp,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), BotError> {
    // What the watcher compares against is read before the base it serves, so a change made
    // while the bot starts is reloaded, not taken for the state already loaded.
    let watched = if config.knowledge.watch {
        Some(watch::Fingerprint::read(config.knowledge.dir.clone()).await)
    } else {
        None
    };
    let matcher = load_initial(&config).await?;
    std::fs::create_dir_all(&config.data_dir).map_err(|source| BotError::DataDir {
        path: config.data_dir.clone(),
        source,
    })?;
    if !config.answer.auto_answer_channels.is_empty() {
        tracing::info!(
            channels = ?config.answer.auto_answer_channels,
            "auto-answer channels configured: this needs the privileged Message Content intent"
        );
    }
    let me = check_token(&http, &config.discord.api_url).await?;
    tracing::info!(bot = %me.name, id = me.id.get(), "token accepted");

    let (recorder, notifier) = open_store(&config).await?;
    let intents = intents(&config);
    let guild = config.discord.guild_id;
    let guard = Arc::new(guard::RestGuard::new(&http, guard::GuardLimits::default()));
    let data: Data = Arc::new(State::new(
        config,
        matcher,
        recorder,
        notifier,
        guard.clone(),
        interactions,
    ));
    let shard_watch = Arc::new(shards::Watch::default());
    let mut client = serenity::ClientBuilder::new_with_http(http, intents)
        .event_handler(guard::GuardEvents(guard))
        .event_handler(shards::StageEvents(shard_watch.clone()))
        .framework(framework(data.clone(), guild))
        .await
        .map_err(|e| BotError::Discord(e.to_string()))?;

    let shard_manager = client.shard_manager.clone();
    let stopper = tokio::spawn(async move {
        shutdown.await;
        tracing::info!("shutting down: closing shards");
        shard_manager.shutdown_all().await;
    });
    let mut background = vec![
        tokio::spawn(watch::reload_on_sighup(data.clone())),
        tokio::spawn(
            data.guard
                .clone()
                .prune_routes_every(Duration::from_secs(60)),
        ),
        tokio::spawn(memory::trim_every(Duration::from_secs(30))),
        tokio::spawn(shards::unblock_restarts(
            client.shard_manager.clone(),
            shard_watch,
            Duration::from_millis(50),
        )),
    ];
    if let Some(loaded) = watched {
        background.push(tokio::spawn(watch::watch_dir(data.clone(), loaded)));
    }
    if data.recorder.store().postgres().is_some() {
        background.push(tokio::spawn(share_reloads(data.clone())));
    }

    let result = start_shards(&mut client, &data.config.discord.shards).await;
    stopper.abort();
    for task in background {
        task.abort();
    }
    // Handlers still running get a moment to queue their records; then the queue is written
    // out, so every question handled is in the store.
    data.wait_idle(Duration::from_secs(5)).await;
    data.recorder.shutdown(Duration::from_secs(10)).await;
    if let Err(e) = data.recorder.store().close().await {
        tracing::warn!(error = %e, "closing the store");
    }
    result.map_err(gateway_error)?;
    tracing::info!("stopped");
    Ok(())
}

/// With a PostgreSQL store: reloads when another process says so, and lets `/reload` and
/// `/source` tell the others. If the database was down at start, keeps trying to reach it.
async fn share_reloads(data: Data) {
    let Some(pool) = data.recorder.store().postgres().cloned() else {
        return;
    };
    let mut warned = false;
    while data.notifier.get().is_none() {
        match store::ReloadNotifier::new(&pool).await {
            Ok(n) => {
                tracing::info!(
                    channel = n.channel(),
                    "reloads are shared with the other processes on this store"
                );
                let _ = data.notifier.set(n);
            }
            Err(e) => {
                if !warned {
                    tracing::warn!(error = %e, "cannot share reloads yet (PostgreSQL unavailable); retrying every 5 s");
                    warned = true;
                }
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
    let Some(notifier) = data.notifier.get() else {
        return;
    };
    let (tx, mut rx) = tokio::sync::mpsc::channel(16);
    let apply = async {
        while let Some(why) = rx.recv().await {
            let trigger = format!("another process ({why})");
            // Errors are logged by reload itself; the old base keeps serving.
            let _ = reload::reload(&data, &trigger).await;
        }
    };
    tokio::join!(notifier.listen(tx), apply);
}

/// Opens the store (SQLite under `data_dir` unless `storage.url` is set), imports the old
/// refused-questions log once, and starts the writer. With PostgreSQL, also the reload
/// notifier; a PostgreSQL that is down does not stop the bot (the writer retries).
async fn open_store(
    config: &Config,
) -> Result<(store::Recorder, Option<store::ReloadNotifier>), BotError> {
    let location = store::Location::from_config(config.storage.url.as_deref(), &config.data_dir)
        .map_err(|source| BotError::Store {
            location: config
                .storage
                .url
                .as_deref()
                .map(store::redact_url)
                .unwrap_or_default(),
            source,
        })?;
    let described = location.describe();
    let db = store::open(&location)
        .await
        .map_err(|source| BotError::Store {
            location: described.clone(),
            source,
        })?;
    let mut notifier = None;
    if let Some(pool) = db.postgres() {
        let ready = async {
            db.migrate().await?;
            store::ReloadNotifier::new(pool).await
        };
        match tokio::time::timeout(Duration::from_secs(5), ready).await {
            Ok(Ok(n)) => {
                tracing::info!(
                    channel = n.channel(),
                    "reloads are shared with the other processes on this store"
                );
                notifier = Some(n);
            }
            Ok(Err(e)) => {
                tracing::error!(store = %described, error = %e, "PostgreSQL store unavailable at start; answering anyway, records are dropped until it is back")
            }
            Err(_) => {
                tracing::error!(store = %described, "PostgreSQL store did not answer within 5 s; answering anyway, records are dropped until it is back")
            }
        }
    }
    match tokio::time::timeout(
        Duration::from_secs(10),
        store::import_refused_log(db.as_ref(), &config.data_dir),
    )
    .await
    {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "could not import the old refused.jsonl (will retry next start)")
        }
        Err(_) => {
            tracing::warn!("importing the old refused.jsonl timed out (will retry next start)")
        }
    }
    tracing::info!(store = %described, "store open");
    Ok((
        store::Recorder::start(db, config.storage.queue_capacity, described),
        notifier,
    ))
}
