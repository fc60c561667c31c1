//! What the bot logs for operators: the missing Message Content intent, failed sends, refused
//! admin commands, read from this test's own log lines (`support::with_logs`).

use serde_json::json;

use crate::support::*;

#[test]
fn operators_are_told_what_went_wrong() {
    with_logs(|capture| async move {
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

        // A 500 is retried (three times): a reply that fails every attempt is logged.
        bot.fake.fail_next("POST", "/messages", 500, 4);
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
    });
}
