//! Slash commands, one function each (names are part of the interface: /ask, /summary,
//! /sources, /help, /reload, /stats, /source add|remove), and the "Ask factbot" message
//! command.

use std::time::Duration;

use poise::serenity_prelude as serenity;

use super::ask::{self, Origin};
use super::ratelimit::Verdict;
use super::reload;
use super::reply::{self, Reply};
use super::respond;
use super::sources::{self as source_ops, SourceError};
use super::state::{Context, Data, Error};
use crate::render;

/// Every command, for the framework and for registration.
pub fn all() -> Vec<poise::Command<Data, Error>> {
    vec![
        ask(),
        summary(),
        sources(),
        help(),
        reload(),
        stats(),
        source(),
        ask_menu(),
    ]
}

/// The question's key in the store: the interaction's id.
fn origin(ctx: Context<'_>) -> Origin {
    Origin {
        id: ctx.id(),
        guild: ctx.guild_id().map(|g| g.get()),
        channel: Some(ctx.channel_id().get()),
    }
}

/// Sends a command's reply (or follow-up) through the REST guard.
async fn send(ctx: Context<'_>, reply: poise::CreateReply) -> Result<(), Error> {
    ctx.data()
        .guard
        .send("command reply", || async {
            ctx.send(reply.clone()).await.map(|_| ())
        })
        .await?;
    Ok(())
}

/// Defers the response privately (for commands that may take longer than 3 seconds).
async fn defer_ephemeral(ctx: Context<'_>) -> Result<(), Error> {
    ctx.data()
        .guard
        .send("deferral", || ctx.defer_ephemeral())
        .await?;
    Ok(())
}

/// The per-user rate limit for commands; false when the caller must wait (told once).
async fn rate_limited(ctx: Context<'_>, received: tokio::time::Instant) -> Result<bool, Error> {
    match ctx.data().limiter.check(ctx.author().id.get()) {
        Verdict::Allowed => Ok(false),
        Verdict::Notify => {
            tracing::info!(
                user = ctx.author().id.get(),
                "rate limit reached; notifying once"
            );
            let notice = Reply::text(
                "You're asking faster than I can keep up with; try again in a little while.",
            );
            respond::command(ctx, received, &notice, true).await?;
            Ok(true)
        }
        // Silence, as promised: the interaction is left unanswered.
        Verdict::Silent => Ok(true),
    }
}

const HELP: &str = "I answer questions about the news articles I have been given, quoting the \
sentence each answer comes from.\n\n\
**Ask** by mentioning me (`@factbot how many U.S. troops are in Iraq?`), in a DM, by replying \
to one of my answers, or with `/ask`.\n\
`/summary` — what the articles say; `/summary topic:` — the facts on one topic.\n\
`/sources` — which articles I know and how many facts each has.\n\
Right-click a message → **Apps → Ask factbot** to ask about it.\n\
Admins: `/reload` reloads the knowledge base, `/stats` shows what people ask that I can't answer \
and which answers were voted down, `/source add` and `/source remove` manage the articles.\n\n\
When I'm not sure, I show the nearest passage and say it may not answer you; when nothing \
comes close, I say I don't know and suggest questions I can answer.";

/// Sends several replies in order (the first answers the interaction, the rest follow up).
async fn send_all(ctx: Context<'_>, replies: &[Reply], ephemeral: bool) -> Result<(), Error> {
    for r in replies {
        send(ctx, r.to_poise(ephemeral)).await?;
    }
    Ok(())
}

/// Ask a question about the articles.
#[poise::command(slash_command)]
pub async fn ask(
    ctx: Context<'_>,
    #[description = "Your question, e.g. How many U.S. troops are in Iraq?"] question: String,
) -> Result<(), Error> {
    let received = tokio::time::Instant::now();
    let data = ctx.data();
    let _busy = data.enter();
    if rate_limited(ctx, received).await? {
        return Ok(());
    }
    let matched = ask::match_question(data, &question, "slash");
    let origin = origin(ctx);
    ask::record(data, &matched, "slash", origin);
    let answer = reply::answer_with_votes(&matched.answer, origin.id);
    respond::command(ctx, received, &answer, false).await?;
    Ok(())
}

/// Right-click a message → Apps → Ask factbot: answers that message's text as a question.
/// Only the caller sees the answer unless `answer.context_menu_public` is set.
#[poise::command(context_menu_command = "Ask factbot")]
pub async fn ask_menu(
    ctx: Context<'_>,
    #[description = "The message to ask about"] message: serenity::Message,
) -> Result<(), Error> {
    let received = tokio::time::Instant::now();
    let data = ctx.data();
    let _busy = data.enter();
    let ephemeral = !data.config.answer.context_menu_public;
    let me = ctx.framework().bot_id().get();
    let question = super::events::strip_bot_mention(&message.content, me, None);
    if question.trim().is_empty() {
        let hint = Reply::text("That message has no text for me to answer.");
        respond::command(ctx, received, &hint, true).await?;
        return Ok(());
    }
    if rate_limited(ctx, received).await? {
        return Ok(());
    }
    let matched = ask::match_question(data, &question, "menu");
    let origin = origin(ctx);
    ask::record(data, &matched, "menu", origin);
    let answer = reply::answer_with_votes(&matched.answer, origin.id);
    respond::command(ctx, received, &answer, ephemeral).await?;
    Ok(())
}

async fn autocomplete_topic(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let matcher = ctx.data().matcher.load_full();
    let partial = partial.to_lowercase();
    let choices = matcher
        .base()
        .topics
        .iter()
        .filter(|t| {
            partial.is_empty()
                || t.id.to_lowercase().contains(&partial)
                || t.title.to_lowercase().contains(&partial)
        })
        .take(25) // Discord's maximum number of choices
        .map(|t| {
            serenity::AutocompleteChoice::new(
                reply::truncate(&t.title, 100),
                reply::truncate(&t.id, 100),
            )
        })
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// What the articles say, or the facts on one topic.
#[poise::command(slash_command)]
pub async fn summary(
    ctx: Context<'_>,
    #[description = "A topic (leave empty for the overall summary)"]
    #[autocomplete = "autocomplete_topic"]
    topic: Option<String>,
) -> Result<(), Error> {
    let matcher = ctx.data().matcher.load_full();
    let base = matcher.base();
    let replies = match topic.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => reply::long_text("Summary", &render::summary(base)),
        Some(t) => match base.topic(t) {
            Some((i, topic)) => reply::long_text(&topic.title, &render::topic(base, i)),
            None => {
                let known: Vec<&str> = base.topics.iter().map(|t| t.id.as_str()).collect();
                vec![Reply::text(format!(
                    "No topic \"{}\". Topics: {}",
                    reply::truncate(t, 100),
                    known.join(", ")
                ))]
            }
        },
    };
    send_all(ctx, &replies, false).await
}

/// Which articles I know, with dates and fact counts.
#[poise::command(slash_command)]
pub async fn sources(ctx: Context<'_>) -> Result<(), Error> {
    let matcher = ctx.data().matcher.load_full();
    let base = matcher.base();
    let text = format!(
        "{}\n{} facts from {} source(s), {} topics.",
        render::sources(base),
        base.facts.len(),
        base.sources.len(),
        base.topics.len()
    );
    send_all(ctx, &reply::long_text("Sources", &text), false).await
}

/// How to use factbot.
#[poise::command(slash_command)]
pub async fn help(ctx: Context<'_>) -> Result<(), Error> {
    send(ctx, reply::info("factbot", HELP.to_string()).to_poise(true)).await
}

/// Admins are the configured users and roles, or members with Manage Server (or Administrator).
fn is_admin(ctx: Context<'_>) -> bool {
    let admins = &ctx.data().config.admins;
    if admins.user_ids.contains(&ctx.author().id.get()) {
        return true;
    }
    let poise::Context::Application(actx) = ctx else {
        return false;
    };
    let Some(member) = &actx.interaction.member else {
        return false;
    };
    member
        .roles
        .iter()
        .any(|r| admins.role_ids.contains(&r.get()))
        || member
            .permissions
            .is_some_and(|p| p.manage_guild() || p.administrator())
}

/// Refuses a non-admin (ephemerally) and logs the attempt; true when the caller may proceed.
async fn require_admin(ctx: Context<'_>) -> Result<bool, Error> {
    if is_admin(ctx) {
        return Ok(true);
    }
    tracing::warn!(
        user = ctx.author().id.get(),
        command = %ctx.command().name,
        "admin command refused for a non-admin"
    );
    send(
        ctx,
        Reply::text("Only admins can use this command.").to_poise(true),
    )
    .await?;
    Ok(false)
}

/// Reload the knowledge base (admins).
#[poise::command(slash_command, default_member_permissions = "MANAGE_GUILD")]
pub async fn reload(ctx: Context<'_>) -> Result<(), Error> {
    if !require_admin(ctx).await? {
        return Ok(());
    }
    // Loading may take longer than Discord's 3-second window.
    defer_ephemeral(ctx).await?;
    let trigger = format!("/reload by {}", ctx.author().id);
    let reply = match reload::reload_and_announce(ctx.data(), &trigger).await {
        Ok(report) => reply::info("Knowledge base reloaded", report.render()),
        Err(e) => {
            let details = e.details();
            let mut text = format!("{e}\n```\n");
            let mut shown = 0;
            for d in &details {
                // Keep room for the closing fence and the "more" line.
                if text.chars().count() + d.chars().count() > reply::limits::DESCRIPTION - 100 {
                    break;
                }
                text.push_str(&d.replace("```", "'''"));
                text.push('\n');
                shown += 1;
            }
            text.push_str("```");
            if shown < details.len() {
                text.push_str(&format!("\n…and {} more", details.len() - shown));
            }
            reply::info("Reload failed", text)
        }
    };
    send(ctx, reply.to_poise(true)).await
}

/// What was asked and missed, what was voted down, per day and per source (admins).
///
/// From the store, so across restarts and processes.
#[poise::command(slash_command, default_member_permissions = "MANAGE_GUILD")]
pub async fn stats(
    ctx: Context<'_>,
    #[description = "How many days back (default 30)"]
    #[min = 1]
    #[max = 3650]
    days: Option<u32>,
) -> Result<(), Error> {
    if !require_admin(ctx).await? {
        return Ok(());
    }
    defer_ephemeral(ctx).await?;
    let text = stats_text(ctx.data(), days.unwrap_or(30)).await;
    send_all(ctx, &reply::long_text("Stats", &text), true).await
}

/// The /stats text: the store's report (shared by every process on the store), then this
/// process's own counters and the store's health.
pub async fn stats_text(data: &super::state::State, days: u32) -> String {
    // What was just asked should show: write the queue out first (briefly; never stuck).
    data.recorder.flush(Duration::from_secs(2)).await;
    let since = crate::store::now_ms() - i64::from(days) * 86_400_000;
    let matcher = data.matcher.load_full();
    let store = data.recorder.store();
    let report = tokio::time::timeout(Duration::from_secs(5), store.report(since, 10)).await;
    let mut text = format!("Last {days} days, all processes on this store:\n");
    match report {
        Ok(Ok(mut r)) => {
            r.add_nearest(&matcher, 2);
            text.push_str(&r.render());
        }
        Ok(Err(e)) => text.push_str(&format!("Store unavailable: {e}\n")),
        Err(_) => text.push_str("Store unavailable: it did not answer within 5 s\n"),
    }
    let s = data.stats.snapshot();
    let st = data.recorder.status();
    text.push_str(&format!(
        "\nThis process since start: answered {}, refused {}\nFailed sends: {}\nFacts loaded: {}\n",
        s.answered,
        s.refused,
        s.send_failures,
        matcher.base().facts.len()
    ));
    text.push_str(&format!(
        "Store: {} · written {} · queued {}/{} · dropped {}\n",
        st.kind, st.written, st.queued, st.capacity, st.dropped
    ));
    let g = data.guard.snapshot();
    text.push_str(&format!(
        "Discord REST: invalid requests {} in 10 min ({} since start) · global pauses {} · cooldowns {} · retries {} · sends held {}\n",
        g.invalid_in_window, g.invalid_total, g.global_pauses, g.cooldowns, g.retries, g.held
    ));
    if let Some(e) = st.last_error {
        text.push_str(&format!(
            "Records were dropped: {}\n",
            reply::truncate(&e, 300)
        ));
    }
    text
}

/// The `check` of the admin-only /source commands: a non-admin is refused privately and the
/// attempt logged.
async fn admin_check(ctx: Context<'_>) -> Result<bool, Error> {
    require_admin(ctx).await
}

/// Add or remove news articles (admins).
#[poise::command(
    slash_command,
    subcommands("source_add", "source_remove"),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn source(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// A /source error, shown privately.
async fn source_error(ctx: Context<'_>, e: &SourceError) -> Result<(), Error> {
    tracing::warn!(user = ctx.author().id.get(), command = %ctx.command().qualified_name, error = %e, "source change refused");
    let text = reply::truncate(&format!("{e}"), reply::limits::DESCRIPTION - 100);
    send(ctx, reply::info("Not done", text).to_poise(true)).await
}

/// Add a news article from an attached .txt file (admins).
#[poise::command(slash_command, rename = "add", check = "admin_check")]
pub async fn source_add(
    ctx: Context<'_>,
    #[description = "The article as a .txt file, one paragraph a line"] file: serenity::Attachment,
    #[description = "Publisher, e.g. The Associated Press"] publisher: String,
    #[description = "Publication date, YYYY-MM-DD"] published: String,
    #[description = "Headline (default: the start of the first sentence)"] title: Option<String>,
    #[description = "Source id (default: the file name without .txt)"] id: Option<String>,
) -> Result<(), Error> {
    // Checks that need no download come first, so bad input is refused at once.
    let checked = (|| {
        let stem = source_ops::check_file_name(&file.filename)?;
        let id = id.clone().unwrap_or_else(|| stem.to_string());
        source_ops::check_id(&id)?;
        let published = source_ops::parse_date(&published)?;
        if file.size as usize > source_ops::MAX_ARTICLE_BYTES {
            return Err(SourceError::TooLarge(file.size as usize));
        }
        Ok((id, published))
    })();
    let (id, published) = match checked {
        Ok(v) => v,
        Err(e) => return source_error(ctx, &e).await,
    };
    defer_ephemeral(ctx).await?;
    let bytes = match tokio::time::timeout(Duration::from_secs(30), file.download()).await {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => return source_error(ctx, &SourceError::Download(e.to_string())).await,
        Err(_) => {
            let e = SourceError::Download("no answer within 30 s".into());
            return source_error(ctx, &e).await;
        }
    };
    let text = match source_ops::check_text(bytes, file.content_type.as_deref()) {
        Ok(t) => t,
        Err(e) => return source_error(ctx, &e).await,
    };
    let meta = crate::draft::Meta {
        id,
        publisher: publisher.trim().to_string(),
        published,
        title: title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
        authors: Vec::new(),
    };
    let who = ctx.author().id.to_string();
    match source_ops::add(ctx.data(), text, meta, &who).await {
        Ok(added) => {
            let mut text = format!(
                "Added **{}** (“{}”): {} draft facts, answering from it now.\n",
                added.id, added.title, added.facts
            );
            if !added.topics.is_empty() {
                text.push_str(&format!("New topics: {}\n", added.topics.join(", ")));
            }
            if !added.reused_topics.is_empty() {
                text.push_str(&format!(
                    "Existing topics used: {}\n",
                    added.reused_topics.join(", ")
                ));
            }
            if !added.summary.is_empty() {
                text.push_str("\nSummary:\n");
                for line in &added.summary {
                    text.push_str(&format!("• {}\n", reply::truncate(line, 300)));
                }
            }
            text.push_str(&format!(
                "\n{} facts from {} sources in all. Curators: review `sources/{}/facts.toml`.",
                added.report.facts, added.report.sources, added.id
            ));
            send(ctx, reply::info("Source added", text).to_poise(true)).await
        }
        Err(e) => source_error(ctx, &e).await,
    }
}

/// Take a news article out (kept on disk as a backup; admins).
#[poise::command(slash_command, rename = "remove", check = "admin_check")]
pub async fn source_remove(
    ctx: Context<'_>,
    #[description = "The source id (see /sources)"] id: String,
) -> Result<(), Error> {
    if let Err(e) = source_ops::check_id(id.trim()) {
        return source_error(ctx, &e).await;
    }
    defer_ephemeral(ctx).await?;
    let who = ctx.author().id.to_string();
    match source_ops::remove(ctx.data(), id.trim(), &who).await {
        Ok(removed) => {
            let text = format!(
                "Removed **{}** ({} facts gone). A backup is kept at `{}`.\n{} facts from {} sources remain.",
                removed.id,
                removed.report.diff.removed.len(),
                removed.backup.display(),
                removed.report.facts,
                removed.report.sources
            );
            send(ctx, reply::info("Source removed", text).to_poise(true)).await
        }
        Err(e) => source_error(ctx, &e).await,
    }
}
