//! Answering one question, shared by messages and `/ask`: cap the input, match against one
//! snapshot of the base, record stats, and trace it all in one span.

use std::time::Instant;

use crate::engine::Answer;

use super::reply::truncate;
use super::state::State;

/// Cuts user input before it reaches the matcher; nothing a user sends can make matching slow.
pub fn cap_input(question: &str, max_chars: usize) -> String {
    let q = question.trim();
    if q.chars().count() > max_chars {
        q.chars().take(max_chars).collect()
    } else {
        q.to_string()
    }
}

/// Matches `question` without touching stats (auto-answer channels decide afterwards whether
/// the message was meant for the bot at all).
pub fn match_question(state: &State, question: &str, via: &'static str) -> Answer {
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
    answer
}

/// Counts an answer the bot is about to post.
pub fn record(state: &State, answer: &Answer, via: &'static str) {
    if answer.answered {
        state.stats.record_answered();
        return;
    }
    let suggestions: Vec<&str> = answer
        .suggestions
        .iter()
        .map(|s| s.question.as_str())
        .collect();
    // Stored questions are capped too: the log must not grow by megabytes per message. The
    // append is synchronous on purpose: one small O_APPEND write keeps lines whole and in order,
    // and costs less than handing it to another thread.
    let question = truncate(&answer.question, 500);
    if let Err(e) = state.stats.record_refused(&question, via, &suggestions) {
        tracing::warn!(error = %e, path = %state.stats.log_path().display(), "cannot append to the refused-questions log");
    }
}
