//! Answering one question, shared by messages, `/ask` and the "Ask factbot" menu: cap the input,
//! match against one snapshot of the base, record it in the store, and trace it all in one span.

use std::time::{Duration, Instant};

use crate::engine::Answer;
use crate::store::{now_ms, QuestionRecord};

use super::reply::truncate;
use super::state::State;

/// Stored questions are capped: the store must not grow by megabytes per message.
const STORED_QUESTION_CHARS: usize = 500;

/// Where a question came from: the Discord id of the message or interaction that asked (the
/// store's key, carried by the vote buttons), and its guild and channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub id: u64,
    pub guild: Option<u64>,
    pub channel: Option<u64>,
}

/// Cuts user input before it reaches the matcher; nothing a user sends can make matching slow.
pub fn cap_input(question: &str, max_chars: usize) -> String {
    let q = question.trim();
    if q.chars().count() > max_chars {
        q.chars().take(max_chars).collect()
    } else {
        q.to_string()
    }
}

/// An answer and how long matching took.
pub struct Matched {
    pub answer: Answer,
    pub latency: Duration,
}

/// Matches `question` without recording it (auto-answer channels decide afterwards whether
/// the message was meant for the bot at all).
pub fn match_question(state: &State, question: &str, via: &'static str) -> Matched {
    let question = cap_input(question, state.config.limits.max_question_chars);
    let span = tracing::info_span!(
        "question",
        via,
        fact_id = tracing::field::Empty,
        confidence = tracing::field::Empty,
        latency_us = tracing::field::Empty
    );
    let _enter = span.enter();
    let started = Instant::now();
    // One snapshot for the whole question: a reload meanwhile cannot mix two bases.
    let matcher = state.matcher.load_full();
    let answer = matcher.answer(&question);
    let latency = started.elapsed();
    span.record("fact_id", answer.fact_id.as_deref().unwrap_or("-"));
    span.record("confidence", answer.confidence);
    span.record("latency_us", latency.as_micros() as u64);
    tracing::info!(answered = answer.answered, "question matched");
    Matched { answer, latency }
}

/// The store's record of a question handled.
pub fn question_record(m: &Matched, via: &'static str, origin: Origin) -> QuestionRecord {
    let a = &m.answer;
    QuestionRecord {
        id: origin.id as i64,
        asked_at: now_ms(),
        guild_id: origin.guild.map(|g| g as i64),
        channel_id: origin.channel.map(|c| c as i64),
        via: via.to_string(),
        question: truncate(&a.question, STORED_QUESTION_CHARS),
        answered: a.answered,
        fact_id: a.fact_id.clone(),
        source_id: a.citation.as_ref().map(|c| c.source.clone()),
        confidence: a.confidence,
        latency_us: m.latency.as_micros().min(i64::MAX as u128) as i64,
    }
}

/// Counts an answer the bot is about to post and queues it for the store (never waits).
pub fn record(state: &State, m: &Matched, via: &'static str, origin: Origin) {
    if m.answer.answered {
        state.stats.record_answered();
    } else {
        state.stats.record_refused();
    }
    state.recorder.question(question_record(m, via, origin));
}
