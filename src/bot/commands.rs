//! Slash commands, one function each (names are part of the interface: /ask, /summary,
//! /sources, /help, /reload, /stats).

use poise::serenity_prelude as serenity;

use super::ask;
use super::ratelimit::Verdict;
use super::reload;
use super::reply::{self, Reply};
use super::state::{Context, Data, Error};
use crate::render;

/// Every command, for the framework and for registration.
pub fn all() -> Vec<poise::Command<Data, Error>> {
    vec![ask(), summary(), sources(), help(), reload(), stats()]
}

const HELP: &str = "I answer questions about the news articles I have been given, quoting the \
sentence each answer comes from.\n\n\
**Ask** by mentioning me (`@factbot how many U.S. troops are in Iraq?`), in a DM, by replying \
to one of my answers, or with `/ask`.\n\
`/summary` — what the articles say; `/summary topic:` — the facts on one topic.\n\
`/sources` — which articles I know and how many facts each has.\n\
Admins: `/reload` reloads the knowledge base, `/stats` shows what people ask that I can't answer.\n\n\
When I don't know, I say so and suggest questions I can answer.";

/// Sends several replies in order (the first answers the interaction, the rest follow up).
async fn send_all(ctx: Context<'_>, replies: &[Reply], ephemeral: bool) -> Result<(), Error> {
    for r in replies {
        ctx.send(r.to_poise(ephemeral)).await?;
    }
    Ok(())
}

/// Ask a question about the articles.
#[poise::command(slash_command)]
pub async fn ask(
    ctx: Context<'_>,
    #[description = "Your question, e.g. How many U.S. troops are in Iraq?"] question: String,
) -> Result<(), Error> {
    let data = ctx.data();
    match data.limiter.check(ctx.author().id.get()) {
        Verdict::Allowed => {}
        Verdict::Notify => {
            tracing::info!(
                user = ctx.author().id.get(),
                "rate limit reached; notifying once"
            );
            let notice = Reply::text(
                "You're asking faster than I can keep up with; try again in a little while.",
            );
            ctx.send(notice.to_poise(true)).await?;
            return Ok(());
        }
        // Silence, as promised: the interaction is left unanswered.
        Verdict::Silent => return Ok(()),
    }
    let answer = ask::match_question(data, &question, "slash");
    ask::record(data, &answer, "slash");
    ctx.send(reply::answer(&answer).to_poise(false)).await?;
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
    ctx.send(reply::info("factbot", HELP.to_string()).to_poise(true))
        .await?;
    Ok(())
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
    ctx.send(Reply::text("Only admins can use this command.").to_poise(true))
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
    ctx.defer_ephemeral().await?;
    let trigger = format!("/reload by {}", ctx.author().id);
    let reply = match reload::reload(ctx.data(), &trigger).await {
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
    ctx.send(reply.to_poise(true)).await?;
    Ok(())
}

/// Questions answered and refused, and the most-asked refused questions (admins).
#[poise::command(slash_command, default_member_permissions = "MANAGE_GUILD")]
pub async fn stats(ctx: Context<'_>) -> Result<(), Error> {
    if !require_admin(ctx).await? {
        return Ok(());
    }
    let data = ctx.data();
    let s = data.stats.snapshot(10);
    let matcher = data.matcher.load_full();
    let mut text = format!(
        "Answered: {}\nRefused: {}\nFailed sends: {}\nFacts loaded: {}\n",
        s.answered,
        s.refused,
        s.send_failures,
        matcher.base().facts.len()
    );
    if s.top_refused.is_empty() {
        text.push_str("\nNo refused questions yet.");
    } else {
        text.push_str("\nMost-asked questions I could not answer:\n");
        for (q, n) in &s.top_refused {
            text.push_str(&format!("{n}× {}\n", reply::truncate(q, 200)));
        }
        text.push_str(&format!(
            "\nAll refusals: `{}`",
            data.stats.log_path().display()
        ));
    }
    ctx.send(reply::info("Stats", text).to_poise(true)).await?;
    Ok(())
}
