//! The Discord bot's tests, as one binary: the real `factbot::bot::run` (and the `factbot run`
//! process) against the fake Discord of `tests/support` on 127.0.0.1. Kept apart from
//! `tests/core_tests` so that the matcher's tests build and run without the fake Discord's
//! websocket, TLS and HTTP-client code, and so that this binary's timing-sensitive tests never
//! share a process with the CPU-heavy question-set evaluations.
//!
//! Tests here share one process: a test that reads the bot's logs runs under
//! `support::with_logs` (its own log lines only), and signals go to child processes.

#[path = "../support/mod.rs"]
mod support;

mod catchup;
mod cli;
mod commands;
mod faults;
mod logs;
mod messages;
mod protocol;
mod reload;
mod resilience;
mod sighup;
mod soak;
mod store;
mod tls;
