//! Questions asked in messages, through the real `run` against the fake Discord.

mod support;

use serde_json::json;
use support::*;

const AL_ASAD_Q: &str = "When was al-Asad Air Base attacked?";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mention_gets_a_reply_citing_the_right_sentence() {
    let bot = Bot::start().await;
    let expected = expected_answer(bot.knowledge.path(), AL_ASAD_Q);
    assert_eq!(expected.fact_id.as_deref(), Some("al-asad-attack"));
    let msg = bot.fake.send_message(Msg::mention(AL_ASAD_Q)).await;
    let reply = bot.fake.wait_reply_to(&msg).await;
    assert_eq!(reply.path, format!("/api/v10/channels/{CHANNEL_ID}/messages"));
    let description = embed_description(&reply.body);
    let citation = expected.citation.expect("cited");
    assert!(description.contains(&citation.sentence), "{description}");
    let fields = reply.body["embeds"][0]["fields"].to_string();
    assert!(fields.contains("The Associated Press") && fields.contains("2024-01-25"), "{fields}");
    let footer = reply.body["embeds"][0]["footer"]["text"].as_str().unwrap_or_default();
    assert!(footer.contains("confidence") && footer.contains("al-asad-attack"), "{footer}");
    assert_no_mentions(&reply.body);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dm_gets_an_answer() {
    let bot = Bot::start().await;
    let msg = bot.fake.send_message(Msg::dm(AL_ASAD_Q)).await;
    let reply = bot.fake.wait_reply_to(&msg).await;
    assert_eq!(reply.path, format!("/api/v10/channels/{DM_CHANNEL_ID}/messages"));
    assert!(embed_description(&reply.body).contains("al-Asad"));
    assert_no_mentions(&reply.body);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everyone_and_role_mentions_never_ping() {
    let bot = Bot::start().await;
    let q = format!("@everyone @here <@&{OTHER_ROLE_ID}> <@{USER_ID}> {AL_ASAD_Q}");
    let msg = bot.fake.send_message(Msg::mention(&q)).await;
    let reply = bot.fake.wait_reply_to(&msg).await;
    assert_no_mentions(&reply.body);
    // A refusal (plain text) goes out the same way.
    let msg = bot
        .fake
        .send_message(Msg::mention(&format!("@everyone <@&{OTHER_ROLE_ID}> who won the world cup")))
        .await;
    let reply = bot.fake.wait_reply_to(&msg).await;
    assert!(reply.body["content"].as_str().unwrap_or_default().contains("I don't know"));
    assert_no_mentions(&reply.body);
    let _ = json!({});
    bot.stop().await;
}
