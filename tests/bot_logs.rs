//! What the bot logs for operators: the missing Message Content intent, failed sends, refused
//! admin commands. One test in this binary, because it owns the global log subscriber.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::json;
use support::*;

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    fn text(&self) -> String {
        self.0
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }

    async fn wait_for(&self, needle: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        while !self.text().contains(needle) {
            assert!(
                tokio::time::Instant::now() < deadline,
                "no log line with {needle:?} in:\n{}",
                self.text()
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operators_are_told_what_went_wrong() {
    let capture = Capture::default();
    let writer = capture.clone();
    tracing_subscriber::fmt()
        .with_env_filter("factbot=info")
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();
    let bot = Bot::start_with(Options {
        answer_toml: format!("auto_answer_channels = [{AUTO_CHANNEL_ID}]\n"),
        ..Options::default()
    })
    .await;
    capture
        .wait_for("needs the privileged Message Content intent")
        .await;

    // Without the intent, a message in an auto-answer channel arrives with empty content.
    bot.fake.send_message(Msg::plain(AUTO_CHANNEL_ID, "")).await;
    capture
        .wait_for("the Message Content intent seems missing")
        .await;
    // Logged once, not per message.
    bot.fake.send_message(Msg::plain(AUTO_CHANNEL_ID, "")).await;
    let msg = bot
        .fake
        .send_message(Msg::mention("When was al-Asad Air Base attacked?"))
        .await;
    bot.fake.wait_reply_to(&msg).await;
    assert_eq!(capture.text().matches("seems missing").count(), 1);

    bot.fake.fail_next("POST", "/messages", 500, 1);
    bot.fake
        .send_message(Msg::mention("When was al-Asad Air Base attacked?"))
        .await;
    capture.wait_for("failed to send a reply").await;

    bot.fake
        .send_interaction(2, "reload", json!([]), USER_ID, &[], 0)
        .await;
    capture
        .wait_for("admin command refused for a non-admin")
        .await;

    assert!(!capture.text().contains(TOKEN), "the token is never logged");
    bot.stop().await;
}
