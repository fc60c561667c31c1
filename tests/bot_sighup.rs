//! SIGHUP reloads the knowledge base. Alone in its binary: the signal reaches every bot in the
//! process, which would race with the diff assertions of the other reload tests.

#![cfg(unix)]

mod support;

use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_reloads() {
    // Listening here too makes sure the process never takes SIGHUP's default action (exit),
    // whatever the order in which the bot's listener is set up.
    let _guard = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        .expect("listen for SIGHUP");
    let bot = Bot::start().await;
    bot.append_facts(NEW_FACT);
    let status = std::process::Command::new("kill")
        .args(["-HUP", &std::process::id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    bot.ask_until(NEW_FACT_Q, "quokka protocol").await;
    bot.stop().await;
}
