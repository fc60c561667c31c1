//! Everything the bot posts goes out here, through the REST guard: channel messages, and
//! interaction responses with Discord's 3-second rule kept.
//!
//! An interaction that gets no first response within 3 seconds shows the user "The application
//! did not respond". The answer itself goes out as the first response when it can start within
//! `DEFER_AFTER` of the event; when it cannot (the guard is holding sends, or a failed attempt
//! would be retried too late), the interaction is deferred first and the answer then edits the
//! deferred response in. Discord takes only one first response per interaction, so a first
//! attempt that did land after all turns the deferral into a no-op ("already acknowledged"),
//! never into a second answer.

use std::sync::Arc;
use std::time::Duration;

use poise::serenity_prelude as serenity;
use serenity::builder::Builder;
use tokio::time::Instant;

use super::guard::{Pacing::Unpaced, RestGuard, SendError};
use super::reply::Reply;

/// The first response is deferred when the answer cannot start this soon after the event.
pub const DEFER_AFTER: Duration = Duration::from_secs(2);
/// How long the follow-up of a deferred interaction may take (its token lasts 15 minutes).
pub const FOLLOW_UP_DEADLINE: Duration = Duration::from_secs(120);

/// Posts `message` in `channel` through the guard.
pub async fn message(
    http: &serenity::Http,
    guard: &Arc<RestGuard>,
    channel: serenity::ChannelId,
    message: serenity::CreateMessage,
) -> Result<serenity::Message, SendError> {
    guard
        .send("message", || channel.send_message(http, message.clone()))
        .await
}

/// How the first response went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Responded {
    /// The answer was the first response.
    Direct,
    /// The interaction was deferred, then the answer edited in.
    Deferred,
}

/// Answers an interaction (received at `received`) with `reply`: directly if that can start
/// within `DEFER_AFTER`, otherwise deferred first, then edited in.
pub async fn interaction(
    http: &serenity::Http,
    guard: &Arc<RestGuard>,
    id: serenity::InteractionId,
    token: &str,
    received: Instant,
    reply: &Reply,
    ephemeral: bool,
) -> Result<Responded, SendError> {
    let poise_reply = reply.to_poise(ephemeral);
    let defer_at = received + DEFER_AFTER;
    let deadline = received + FOLLOW_UP_DEADLINE;
    let direct = serenity::CreateInteractionResponse::Message(
        poise_reply
            .clone()
            .to_slash_initial_response(serenity::CreateInteractionResponseMessage::new()),
    );
    let first = guard
        .send_by("interaction response", defer_at, deadline, Unpaced, || {
            direct.clone().execute(http, (id, token))
        })
        .await;
    match first {
        Ok(()) => return Ok(Responded::Direct),
        // An earlier attempt landed after all (its answer is the response).
        Err(SendError::AlreadyAcknowledged) => return Ok(Responded::Direct),
        Err(e) if !e.is_transient() => return Err(e),
        Err(e) => {
            tracing::info!(interaction = id.get(), reason = %e, "answer not sent within 2 s: deferring first");
        }
    }
    let defer = serenity::CreateInteractionResponse::Defer(
        serenity::CreateInteractionResponseMessage::new().ephemeral(ephemeral),
    );
    match guard
        .send_by("deferral", deadline, deadline, Unpaced, || {
            defer.clone().execute(http, (id, token))
        })
        .await
    {
        Ok(()) => {}
        Err(SendError::AlreadyAcknowledged) => return Ok(Responded::Direct),
        Err(e) => return Err(e),
    }
    // Editing the deferred response is idempotent, so a retry cannot post the answer twice.
    let edit = poise_reply.to_slash_initial_response_edit(serenity::EditInteractionResponse::new());
    guard
        .send_by("deferred answer", deadline, deadline, Unpaced, || {
            edit.clone().execute(http, token)
        })
        .await?;
    Ok(Responded::Deferred)
}

/// `interaction` for a poise command: marks the initial response as sent, so poise follows up
/// rather than responding again.
pub async fn command(
    ctx: super::state::Context<'_>,
    received: Instant,
    reply: &Reply,
    ephemeral: bool,
) -> Result<Responded, SendError> {
    let guard = &ctx.data().guard;
    match ctx {
        poise::Context::Application(actx) => {
            let sent = interaction(
                &actx.serenity_context().http,
                guard,
                actx.interaction.id,
                &actx.interaction.token,
                received,
                reply,
                ephemeral,
            )
            .await;
            if sent.is_ok() {
                actx.has_sent_initial_response
                    .store(true, std::sync::atomic::Ordering::SeqCst);
            }
            sent
        }
        poise::Context::Prefix(_) => {
            let r = reply.to_poise(ephemeral);
            guard
                .send("prefix reply", || async {
                    ctx.send(r.clone()).await.map(|_| ())
                })
                .await?;
            Ok(Responded::Direct)
        }
    }
}
