//! The bot keeps serving through gateway disconnects, REST errors and bursts.

use std::collections::HashSet;

use crate::support::*;
use serde_json::{json, Value};

const AL_ASAD_Q: &str = "When was al-Asad Air Base attacked?";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_close_4000_resumes_and_still_answers() {
    let bot = Bot::start().await;
    bot.fake.close_gateway(4000).await;
    bot.fake.wait_resumes(1).await;
    assert_eq!(bot.fake.identifies(), 1, "resumed, not re-identified");
    assert!(embed_description(&bot.ask(AL_ASAD_Q).await).contains("al-Asad"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_session_re_identifies_and_still_answers() {
    let bot = Bot::start().await;
    bot.fake.invalidate_next_resume();
    bot.fake.close_gateway(4000).await;
    let deadline = tokio::time::Instant::now() + WAIT;
    while bot.fake.identifies() < 2 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "never re-identified"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // dispatch waits for the new session to be live.
    assert!(embed_description(&bot.ask(AL_ASAD_Q).await).contains("al-Asad"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_connection_resumes_and_still_answers() {
    let bot = Bot::start().await;
    bot.fake.drop_gateway().await;
    bot.fake.wait_resumes(1).await;
    assert!(embed_description(&bot.ask(AL_ASAD_Q).await).contains("al-Asad"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_on_a_reply_are_retried_then_counted_and_the_bot_keeps_serving() {
    let bot = Bot::start().await;
    let route = format!("/channels/{CHANNEL_ID}/messages");
    // One 500: retried, delivered once.
    bot.fake.fail_next("POST", &route, 500, 1);
    let retried = bot.fake.send_message(Msg::mention(AL_ASAD_Q)).await;
    bot.fake.wait_reply_to(&retried).await;
    assert_eq!(bot.fake.reply_attempts(&retried), [500, 200]);
    // A 500 on every attempt: given up after four.
    bot.fake.fail_next("POST", &route, 500, 4);
    let failed = bot.fake.send_message(Msg::mention(AL_ASAD_Q)).await;
    bot.fake
        .wait_for("four failed attempts", |reqs| {
            let n = reqs
                .iter()
                .filter(|r| {
                    r.status == 500 && r.body["message_reference"]["message_id"] == failed["id"]
                })
                .count();
            (n >= 4).then_some(())
        })
        .await;
    assert!(embed_description(&bot.ask(AL_ASAD_Q).await).contains("al-Asad"));
    // The failure is counted for curators (and logged at ERROR). The bot counts it once the
    // 500 response is read, which may be just after the fake recorded the request: poll.
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let id = bot
            .fake
            .send_interaction(2, "stats", json!([]), ADMIN_USER_ID, &[], 0)
            .await;
        let reply = bot.fake.wait_interaction_reply(id).await;
        if embed_description(&reply).contains("Failed sends: 1") {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "failure never counted: {reply}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        bot.fake.reply_attempts(&failed),
        [500, 500, 500, 500],
        "never more than four"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_questions_at_once_get_two_hundred_correct_replies() {
    let bot = Bot::start().await;
    let questions = [
        AL_ASAD_Q,
        "how many attacks in syria",
        "What does Iraq want?",
        "who won the world cup?",
    ];
    let expected: Vec<factbot::Answer> = questions
        .iter()
        .map(|q| expected_answer(bot.knowledge.path(), q))
        .collect();
    let mut sent: Vec<(Value, usize)> = Vec::new();
    for i in 0..200 {
        let k = i % questions.len();
        // Different users, as in a busy server.
        let msg = bot
            .fake
            .send_message(Msg::mention(questions[k]).by_user(USER_ID + 100 + i as u64))
            .await;
        sent.push((msg, k));
    }
    let ids: HashSet<String> = sent
        .iter()
        .map(|(m, _)| m["id"].as_str().unwrap_or_default().to_string())
        .collect();
    let replies = bot
        .fake
        .wait_for("200 replies", |reqs| {
            let replies: Vec<Recorded> = reqs
                .iter()
                .filter(|r| {
                    r.method == "POST"
                        && r.status < 300
                        && r.body["message_reference"]["message_id"]
                            .as_str()
                            .is_some_and(|id| ids.contains(id))
                })
                .cloned()
                .collect();
            (replies.len() >= 200).then_some(replies)
        })
        .await;
    assert_eq!(replies.len(), 200, "exactly one reply each");
    for (msg, k) in &sent {
        let reply = replies
            .iter()
            .find(|r| r.body["message_reference"]["message_id"] == msg["id"])
            .expect("a reply for every message");
        match &expected[*k].citation {
            Some(c) => assert!(
                embed_description(&reply.body).contains(&c.sentence),
                "{} → {}",
                questions[*k],
                reply.body
            ),
            None => assert!(reply.body["content"]
                .as_str()
                .unwrap_or_default()
                .contains("I don't know")),
        }
        assert_no_mentions(&reply.body);
    }
    bot.stop().await;
}
