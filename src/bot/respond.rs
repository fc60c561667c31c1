//! Everything the bot posts goes out here, through the REST guard: channel messages, and
//! interaction responses with Discord's 3-second rule kept.
//!
//! An interaction that gets no first response within 3 seconds shows the user "The application
//! did not respond". The answer itself goes out as the first response. When it is not through
//! within `DEFER_ALONGSIDE_AFTER` (1 s: a slow Discord can take 2 s to answer a request), or
//! fails first, a deferral goes out too, without waiting for the answer's attempt: a deferral
//! sent only once the answer had given up (at 2 s, or after a slow 500) was acknowledged at
//! 3.5-4 s. Discord takes only one first response per interaction and refuses the other with
//! 40060 ("already acknowledged"), so exactly one of the two lands: when it is the deferral,
//! the answer edits it in; when it is the answer, the deferral is a no-op. Never both, never
//! neither while either could still land.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use poise::serenity_prelude as serenity;
use serenity::builder::Builder;
use tokio::time::Instant;

use super::guard::{Pacing, RestGuard, SendError};
use super::reply::Reply;

/// The first response is deferred when the answer cannot start this soon after the event.
pub const DEFER_AFTER: Duration = Duration::from_secs(2);
/// A direct first response not through this soon after the event gets a deferral sent
/// alongside it: Discord's 3 s, less the 2 s a slow Discord can take to answer a request, so
/// that a deferral that meets a slow answer still lands in time.
pub const DEFER_ALONGSIDE_AFTER: Duration = Duration::from_secs(1);
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

/// What one of the two first responses (the answer, the deferral) came to.
#[derive(Debug)]
enum Side {
    Pending,
    /// It was the interaction's first response.
    Landed,
    /// Refused as "already acknowledged" on its first and only attempt: the other one landed.
    OtherLanded,
    /// "Already acknowledged" after a retry: this one's earlier attempt may have landed.
    Ambiguous,
    Failed(SendError),
}

impl Side {
    fn of(r: Result<(), SendError>, attempts: &AtomicU32) -> Side {
        match r {
            Ok(()) => Side::Landed,
            Err(SendError::AlreadyAcknowledged) if attempts.load(Ordering::SeqCst) <= 1 => {
                Side::OtherLanded
            }
            Err(SendError::AlreadyAcknowledged) => Side::Ambiguous,
            Err(e) => Side::Failed(e),
        }
    }

    fn done(&self) -> bool {
        !matches!(self, Side::Pending)
    }

    /// For reading a late acknowledgement back: what this side came to, and when.
    fn log(&self, side: &'static str, interaction: u64, received: Instant) {
        tracing::debug!(
            interaction,
            side,
            after_ms = received.elapsed().as_millis() as u64,
            outcome = ?self,
            "first response settled"
        );
    }
}

/// Answers an interaction (received at `received`) with `reply`: directly if that goes through
/// within `DEFER_ALONGSIDE_AFTER`; otherwise a deferral goes out too (the answer itself may
/// still start until `DEFER_AFTER`), and whichever Discord takes first is the acknowledgement
/// (it refuses the other with 40060). When the deferral won, the answer edits it in. `http` is
/// the bot's `InteractionHttp`: through a client with serenity's ratelimiter on, a global
/// pause would hold the response (see there).
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
    let defer = serenity::CreateInteractionResponse::Defer(
        serenity::CreateInteractionResponseMessage::new().ephemeral(ephemeral),
    );
    let (direct_attempts, defer_attempts) = (AtomicU32::new(0), AtomicU32::new(0));
    let mut direct_send = std::pin::pin!(guard.send_by(
        "interaction response",
        defer_at,
        deadline,
        Pacing::Interaction,
        || {
            direct_attempts.fetch_add(1, Ordering::SeqCst);
            direct.clone().execute(http, (id, token))
        }
    ));
    let mut defer_send = std::pin::pin!(async {
        guard
            .send_by("deferral", deadline, deadline, Pacing::Interaction, || {
                defer_attempts.fetch_add(1, Ordering::SeqCst);
                defer.clone().execute(http, (id, token))
            })
            .await
    });
    let alongside = tokio::time::sleep_until(received + DEFER_ALONGSIDE_AFTER);
    tokio::pin!(alongside);
    let (mut answer, mut deferral) = (Side::Pending, Side::Pending);
    let mut deferring = false;
    let deferred = loop {
        // Decided as soon as one side says which of the two landed.
        match (&answer, &deferral) {
            (Side::Landed, _) | (_, Side::OtherLanded) => break false,
            (_, Side::Landed) | (Side::OtherLanded, _) => break true,
            (Side::Failed(e), _) if !deferring && !e.is_transient() => {
                let Side::Failed(e) = std::mem::replace(&mut answer, Side::Pending) else {
                    unreachable!()
                };
                return Err(e);
            }
            (a, d) if a.done() && d.done() => {
                // Neither is known to have landed. An "already acknowledged" means one did:
                // editing the response in is then safe whichever it was (the edit of a direct
                // answer puts the same answer back).
                if matches!(a, Side::Ambiguous) || matches!(d, Side::Ambiguous) {
                    break true;
                }
                let Side::Failed(e) = std::mem::replace(&mut deferral, Side::Pending) else {
                    unreachable!()
                };
                return Err(e);
            }
            _ => {}
        }
        // The deferral goes out once the answer has failed or is not through in time.
        if !deferring && answer.done() {
            deferring = true;
            if let Side::Failed(e) = &answer {
                tracing::info!(interaction = id.get(), reason = %e, "answer not sent: deferring");
            }
        }
        tokio::select! {
            r = &mut direct_send, if !answer.done() => {
                answer = Side::of(r, &direct_attempts);
                answer.log("direct response", id.get(), received);
            }
            () = &mut alongside, if !deferring => {
                deferring = true;
                tracing::info!(interaction = id.get(), "answer not through within 1 s: deferring alongside");
            }
            r = &mut defer_send, if deferring && !deferral.done() => {
                deferral = Side::of(r, &defer_attempts);
                deferral.log("deferral", id.get(), received);
            }
        }
    };
    if !deferred {
        return Ok(Responded::Direct);
    }
    // Editing the deferred response is idempotent, so a retry cannot post the answer twice.
    let edit = poise_reply.to_slash_initial_response_edit(serenity::EditInteractionResponse::new());
    guard
        .send_by(
            "deferred answer",
            deadline,
            deadline,
            Pacing::Interaction,
            || edit.clone().execute(http, token),
        )
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
                &ctx.data().interactions,
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
