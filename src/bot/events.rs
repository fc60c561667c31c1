//! Questions asked in messages: when the bot is mentioned, in DMs, in replies to the bot's own
//! messages, and (above a higher confidence) in the configured auto-answer channels.

use std::sync::atomic::Ordering;

use poise::serenity_prelude as serenity;

use super::ask::{self, Origin};
use super::ratelimit::Verdict;
use super::reply::{self, Reply};
use super::respond;
use super::state::{Data, Error, State};

const RATE_LIMIT_NOTICE: &str =
    "You're asking faster than I can keep up with; I'll answer again in a little while.";
const EMPTY_MENTION_HINT: &str =
    "Ask me a question about the articles, e.g. \"How many U.S. troops are in Iraq?\", or try /help.";

pub async fn handle_event(
    ctx: &serenity::Context,
    event: &serenity::FullEvent,
    data: &Data,
) -> Result<(), Error> {
    match event {
        serenity::FullEvent::Message { new_message } => {
            let _busy = data.enter();
            let m = new_message;
            data.seen
                .saw(m.channel_id.get(), m.guild_id.map(|g| g.get()), m.id.get());
            on_message(ctx, m, data).await
        }
        serenity::FullEvent::InteractionCreate { interaction } => {
            note_user(interaction, data);
            match interaction {
                serenity::Interaction::Component(click) => {
                    let _busy = data.enter();
                    on_click(click, data).await
                }
                _ => Ok(()),
            }
        }
        serenity::FullEvent::Resume { .. } => {
            tracing::info!("gateway session resumed");
            Ok(())
        }
        serenity::FullEvent::Ready { data_about_bot } => {
            let shard = data_about_bot.shard;
            // A READY after the shard's first is a new session: Discord replays nothing of
            // the old one to it (only a RESUME would have).
            if data.readies.again(shard.map_or(0, |s| s.id.0)) {
                tokio::spawn(super::catchup::run(ctx.clone(), data.clone(), shard));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Notes who used a command or a component: someone who uses the bot, whose first DM a
/// catch-up may look for (`catchup::first_dm_catch_up`). An interaction's channel is not
/// taken for the user's DM with the bot: without a guild it may be a DM between two users (a
/// user-installed app), which the bot cannot read.
fn note_user(interaction: &serenity::Interaction, data: &Data) {
    let user = match interaction {
        serenity::Interaction::Command(c) | serenity::Interaction::Autocomplete(c) => &c.user,
        serenity::Interaction::Component(c) => &c.user,
        serenity::Interaction::Modal(m) => &m.user,
        _ => return,
    };
    data.seen
        .saw_user(user.id.get(), None, interaction.id().get());
}

/// Why a message is being answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    Direct,
    Mention,
    Reply,
    AutoChannel,
}

impl Trigger {
    fn via(self) -> &'static str {
        match self {
            Trigger::Direct => "dm",
            Trigger::Mention => "mention",
            Trigger::Reply => "reply",
            Trigger::AutoChannel => "auto",
        }
    }
}

/// The bot's own managed role, if the message mentions it: Discord's client often offers the
/// role of the same name when someone types "@factbot", and that is meant for the bot too.
fn my_role_mentioned(
    ctx: &serenity::Context,
    msg: &serenity::Message,
    me: serenity::UserId,
) -> Option<serenity::RoleId> {
    let guild = ctx.cache.guild(msg.guild_id?)?;
    msg.mention_roles.iter().copied().find(|r| {
        guild
            .roles
            .get(r)
            .is_some_and(|role| role.tags.bot_id == Some(me))
    })
}

fn trigger(
    msg: &serenity::Message,
    me: serenity::UserId,
    my_role: Option<serenity::RoleId>,
    state: &State,
) -> Option<Trigger> {
    if msg.guild_id.is_none() {
        Some(Trigger::Direct)
    } else if msg.mentions.iter().any(|u| u.id == me) || my_role.is_some() {
        Some(Trigger::Mention)
    } else if msg
        .referenced_message
        .as_ref()
        .is_some_and(|m| m.author.id == me)
    {
        Some(Trigger::Reply)
    } else if state
        .config
        .answer
        .auto_answer_channels
        .contains(&msg.channel_id.get())
    {
        Some(Trigger::AutoChannel)
    } else {
        None
    }
}

/// The question without the bot's own mention (`<@id>`, the legacy `<@!id>`, or its managed
/// role `<@&role>`).
pub fn strip_bot_mention(content: &str, me: u64, my_role: Option<u64>) -> String {
    let mut content = content
        .replace(&format!("<@{me}>"), " ")
        .replace(&format!("<@!{me}>"), " ");
    if let Some(role) = my_role {
        content = content.replace(&format!("<@&{role}>"), " ");
    }
    content.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// In auto-answer channels only messages that read as questions are considered, so chatter is
/// never matched against the base.
pub fn reads_as_question(text: &str) -> bool {
    const STARTS: &[&str] = &[
        "who", "what", "when", "where", "why", "how", "which", "is", "are", "was", "were", "did",
        "do", "does", "will", "can", "could", "has", "have", "should", "would",
    ];
    let t = text.trim();
    if t.ends_with('?') {
        return true;
    }
    let first = t
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase()
        .replace(['\'', '’'], "");
    // "what's" reads as "whats" once the apostrophe is gone.
    STARTS
        .iter()
        .any(|s| first == *s || first.strip_suffix('s') == Some(s))
}

/// Handles a message from the gateway or from the catch-up after a new session (`catchup`).
pub(crate) async fn on_message(
    ctx: &serenity::Context,
    msg: &serenity::Message,
    data: &Data,
) -> Result<(), Error> {
    if msg.author.bot {
        return Ok(());
    }
    let me = ctx.cache.current_user().id;
    let my_role = my_role_mentioned(ctx, msg, me);
    let Some(trigger) = trigger(msg, me, my_role, data) else {
        return Ok(());
    };
    // Only someone who addressed the bot may have their first DM looked for after a
    // disconnect: Discord asks bots not to open DMs with people who did not start them.
    if trigger != Trigger::AutoChannel && !msg.author.system {
        let dm = msg.guild_id.is_none().then_some(msg.channel_id.get());
        data.seen.saw_user(msg.author.id.get(), dm, msg.id.get());
    }
    // Once per message, however it reached the bot: live, in a catch-up's history read, or
    // twice from the gateway.
    if !data.handled.claim(msg.id.get()) {
        tracing::debug!(
            message = msg.id.get(),
            "already handled; not answering again"
        );
        return Ok(());
    }
    let question = strip_bot_mention(&msg.content, me.get(), my_role.map(|r| r.get()));
    if question.is_empty() {
        if trigger == Trigger::AutoChannel {
            warn_missing_intent(msg, data);
        } else {
            send(ctx, msg, data, &Reply::text(EMPTY_MENTION_HINT)).await;
        }
        return Ok(());
    }
    if trigger == Trigger::AutoChannel {
        return auto_answer(ctx, msg, data, &question).await;
    }
    match data.limiter.check(msg.author.id.get()) {
        Verdict::Allowed => {}
        Verdict::Notify => {
            tracing::info!(
                user = msg.author.id.get(),
                "rate limit reached; notifying once"
            );
            send(ctx, msg, data, &Reply::text(RATE_LIMIT_NOTICE)).await;
            return Ok(());
        }
        Verdict::Silent => return Ok(()),
    }
    let matched = ask::match_question(data, &question, trigger.via());
    let origin = origin_of(msg);
    ask::record(data, &matched, trigger.via(), origin);
    send(
        ctx,
        msg,
        data,
        &reply::answer_with_votes(&matched.answer, origin.id),
    )
    .await;
    Ok(())
}

fn origin_of(msg: &serenity::Message) -> Origin {
    Origin {
        id: msg.id.get(),
        guild: msg.guild_id.map(|g| g.get()),
        channel: Some(msg.channel_id.get()),
    }
}

/// A click on a 👍/👎 button: one vote per user per answer (a new click replaces the old one),
/// thanked privately. Everything needed is in the button's custom id.
async fn on_click(click: &serenity::ComponentInteraction, data: &Data) -> Result<(), Error> {
    let received = tokio::time::Instant::now();
    let Some((key, up)) = reply::VoteKey::parse(&click.data.custom_id) else {
        return Ok(());
    };
    data.recorder.vote(crate::store::VoteRecord {
        question_id: key.question_id as i64,
        user_id: click.user.id.get() as i64,
        up,
        voted_at: crate::store::now_ms(),
        answered: key.answered,
        fact_id: key.fact_id.clone(),
    });
    tracing::info!(
        question = key.question_id,
        user = click.user.id.get(),
        up,
        answered = key.answered,
        "vote"
    );
    // A refusal that showed the nearest passage carries its fact: the vote says whether the
    // passage answered.
    let thanks = match (key.answered, up, key.fact_id.is_some()) {
        (true, true, _) => "Thanks! Noted 👍: this answer helped.",
        (true, false, _) => "Thanks! Noted 👎: the curators will look at this answer.",
        (false, true, true) => {
            "Thanks! Noted 👍: the passage answered it; the curators will look at it."
        }
        (false, false, true) => {
            "Thanks! Noted 👎: the passage did not answer it; the curators will look at it."
        }
        (false, _, false) => {
            "Thanks! Noted: this should have been answered; the curators will look at it."
        }
    };
    if let Err(e) = respond::interaction(
        &data.interactions,
        &data.guard,
        click.id,
        &click.token,
        received,
        &Reply::text(thanks),
        true,
    )
    .await
    {
        data.stats.record_send_failure();
        tracing::error!(error = %e, "failed to thank a voter");
    }
    Ok(())
}

/// Auto-answer channels: silent unless the message reads as a question and the answer clears
/// the higher `auto_answer_min_confidence`; the rate limit applies only to what would be posted.
async fn auto_answer(
    ctx: &serenity::Context,
    msg: &serenity::Message,
    data: &Data,
    question: &str,
) -> Result<(), Error> {
    if !reads_as_question(question) {
        return Ok(());
    }
    let matched = ask::match_question(data, question, "auto");
    let threshold = data.config.answer.auto_answer_min_confidence;
    if !matched.answer.answered || matched.answer.confidence < threshold {
        tracing::debug!(
            confidence = matched.answer.confidence,
            threshold,
            "auto-answer below threshold; staying silent"
        );
        return Ok(());
    }
    if data.limiter.check(msg.author.id.get()) != Verdict::Allowed {
        // Nobody asked the bot directly, so not even a notice.
        return Ok(());
    }
    let origin = origin_of(msg);
    ask::record(data, &matched, "auto", origin);
    let answer = reply::answer_with_votes(&matched.answer, origin.id);
    if data.config.answer.reply_in_thread {
        match start_thread(ctx, msg, question, data).await {
            Ok(thread) => {
                let sent =
                    respond::message(&ctx.http, &data.guard, thread, answer.to_message(None)).await;
                if let Err(e) = sent {
                    data.stats.record_send_failure();
                    tracing::error!(thread = thread.get(), error = %e, "failed to answer in a thread");
                }
                return Ok(());
            }
            // No permission to create threads, or the message is in a thread already:
            // answer inline rather than not at all.
            Err(e) => {
                tracing::warn!(channel = msg.channel_id.get(), error = %e, "cannot start a thread; replying inline")
            }
        }
    }
    send(ctx, msg, data, &answer).await;
    Ok(())
}

/// Starts a public thread on the question's message, named after the question.
async fn start_thread(
    ctx: &serenity::Context,
    msg: &serenity::Message,
    question: &str,
    data: &State,
) -> Result<serenity::ChannelId, super::guard::SendError> {
    // Thread names are 1 to 100 characters.
    let mut name = reply::truncate(question.trim(), 100);
    if name.is_empty() {
        name = "factbot".to_string();
    }
    let builder = serenity::CreateThread::new(name)
        .auto_archive_duration(serenity::AutoArchiveDuration::OneDay);
    let thread = data
        .guard
        .send("thread", || {
            msg.channel_id
                .create_thread_from_message(&ctx.http, msg.id, builder.clone())
        })
        .await?;
    Ok(thread.id)
}

/// Without the privileged Message Content intent, Discord delivers other people's messages
/// with empty content: an auto-answer channel then sees nothing to answer.
fn warn_missing_intent(msg: &serenity::Message, data: &State) {
    let looks_stripped =
        msg.attachments.is_empty() && msg.embeds.is_empty() && msg.sticker_items.is_empty();
    if looks_stripped && !data.intent_warned.swap(true, Ordering::Relaxed) {
        tracing::warn!(
            channel = msg.channel_id.get(),
            "a message in an auto-answer channel arrived with empty content: the Message Content \
             intent seems missing. Enable it for the bot in the Discord Developer Portal \
             (Bot → Privileged Gateway Intents), or remove answer.auto_answer_channels"
        );
    }
}

/// Posts `reply` in answer to `msg`. A failure is logged and counted, never fatal: the next
/// question must still be answered.
async fn send(ctx: &serenity::Context, msg: &serenity::Message, data: &State, reply: &Reply) {
    let sent = respond::message(
        &ctx.http,
        &data.guard,
        msg.channel_id,
        reply.to_message(Some(msg)),
    )
    .await;
    if let Err(e) = sent {
        data.stats.record_send_failure();
        tracing::error!(channel = msg.channel_id.get(), message = msg.id.get(), error = %e, "failed to send a reply");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_stripped() {
        assert_eq!(
            strip_bot_mention("<@42> how many troops?", 42, None),
            "how many troops?"
        );
        assert_eq!(strip_bot_mention("hey <@!42>  why?", 42, None), "hey why?");
        assert_eq!(strip_bot_mention("<@43> hi", 42, None), "<@43> hi");
        assert_eq!(strip_bot_mention("<@&7> why?", 42, Some(7)), "why?");
    }

    #[test]
    fn questions_are_recognized() {
        assert!(reads_as_question("How many troops are in Iraq"));
        assert!(reads_as_question("troops in Iraq?"));
        assert!(reads_as_question("What's the plan"));
        assert!(!reads_as_question("nice weather today"));
        assert!(!reads_as_question("history is long"));
    }
}
