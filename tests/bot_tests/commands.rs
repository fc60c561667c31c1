//! Slash commands through the real `run` against the fake Discord.

use crate::support::*;
use serde_json::{json, Value};

const AL_ASAD_Q: &str = "When was al-Asad Air Base attacked?";
const MANAGE_GUILD: u64 = 1 << 5;

fn string_option(name: &str, value: &str) -> Value {
    json!([{"name": name, "type": 3, "value": value}])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_answers_in_the_interaction_callback_with_an_embed() {
    let bot = Bot::start().await;
    let expected = expected_answer(bot.knowledge.path(), AL_ASAD_Q);
    let id = bot
        .fake
        .send_interaction(
            2,
            "ask",
            string_option("question", AL_ASAD_Q),
            USER_ID,
            &[],
            0,
        )
        .await;
    let cb = bot.fake.wait_callback(id).await;
    assert_eq!(
        cb.body["type"],
        json!(4),
        "an immediate message response: {}",
        cb.body
    );
    let data = &cb.body["data"];
    assert!(
        embed_description(data).contains(&expected.citation.expect("cited").sentence),
        "{data}"
    );
    assert_no_mentions(data);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn summary_sources_and_help() {
    let bot = Bot::start().await;

    let id = bot
        .fake
        .send_interaction(2, "summary", json!([]), USER_ID, &[], 0)
        .await;
    let cb = bot.fake.wait_callback(id).await;
    let text = embed_description(&cb.body["data"]);
    assert!(
        text.contains("US, Iraq to talk about ending military mission"),
        "{text}"
    );
    assert!(text.contains("Kataib Hezbollah"), "{text}");
    assert_no_mentions(&cb.body["data"]);

    let id = bot
        .fake
        .send_interaction(
            2,
            "summary",
            string_option("topic", "attacks"),
            USER_ID,
            &[],
            0,
        )
        .await;
    let cb = bot.fake.wait_callback(id).await;
    let title = cb.body["data"]["embeds"][0]["title"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        title.starts_with("Militia attacks on U.S. forces"),
        "{title}"
    );
    if title.ends_with("(1/2)") {
        // A topic longer than one embed continues in a follow-up message, also within limits.
        let more = bot.fake.wait_followup(id).await;
        assert!(embed_description(&more.body).chars().count() <= 4096);
        assert_no_mentions(&more.body);
    }

    let id = bot
        .fake
        .send_interaction(
            2,
            "summary",
            string_option("topic", "no-such-topic"),
            USER_ID,
            &[],
            0,
        )
        .await;
    let cb = bot.fake.wait_callback(id).await;
    assert!(cb.body["data"]["content"]
        .as_str()
        .unwrap_or_default()
        .contains("No topic"));

    let id = bot
        .fake
        .send_interaction(2, "sources", json!([]), USER_ID, &[], 0)
        .await;
    let cb = bot.fake.wait_callback(id).await;
    let text = embed_description(&cb.body["data"]);
    assert!(
        text.contains("us-iraq-coalition-talks") && text.contains("facts"),
        "{text}"
    );

    let id = bot
        .fake
        .send_interaction(2, "help", json!([]), USER_ID, &[], 0)
        .await;
    let cb = bot.fake.wait_callback(id).await;
    assert!(embed_description(&cb.body["data"]).contains("/ask"));
    assert_eq!(cb.body["data"]["flags"], json!(64), "help is ephemeral");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn summary_topic_autocomplete() {
    let bot = Bot::start().await;
    let focused = |v: &str| json!([{"name": "topic", "type": 3, "value": v, "focused": true}]);
    let id = bot
        .fake
        .send_interaction(4, "summary", focused(""), USER_ID, &[], 0)
        .await;
    let cb = bot.fake.wait_callback(id).await;
    assert_eq!(
        cb.body["type"],
        json!(8),
        "autocomplete result: {}",
        cb.body
    );
    let choices = cb.body["data"]["choices"]
        .as_array()
        .expect("choices")
        .clone();
    let base = factbot::load_dir(bot.knowledge.path()).expect("kb").base;
    assert_eq!(choices.len(), base.topics.len().min(25));
    assert!(choices.iter().any(|c| c["value"] == json!("attacks")));

    let id = bot
        .fake
        .send_interaction(4, "summary", focused("milit"), USER_ID, &[], 0)
        .await;
    let cb = bot.fake.wait_callback(id).await;
    let values: Vec<&str> = cb.body["data"]["choices"]
        .as_array()
        .expect("choices")
        .iter()
        .filter_map(|c| c["value"].as_str())
        .collect();
    assert!(
        values.contains(&"attacks") && values.contains(&"militias"),
        "{values:?}"
    );
    assert!(!values.contains(&"history"), "{values:?}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_for_admins_only() {
    let bot = Bot::start().await;
    let msg = bot
        .fake
        .send_message(Msg::mention("who won the world cup in 1954?"))
        .await;
    bot.fake.wait_reply_to(&msg).await;
    let msg = bot.fake.send_message(Msg::mention(AL_ASAD_Q)).await;
    bot.fake.wait_reply_to(&msg).await;

    let id = bot
        .fake
        .send_interaction(2, "stats", json!([]), USER_ID, &[OTHER_ROLE_ID], 0)
        .await;
    let cb = bot.fake.wait_callback(id).await;
    assert_eq!(cb.body["data"]["flags"], json!(64));
    assert!(cb.body["data"]["content"]
        .as_str()
        .unwrap_or_default()
        .contains("Only admins"));

    // Admin by Manage Server permission. /stats defers (it reads the store), then follows up.
    let id = bot
        .fake
        .send_interaction(2, "stats", json!([]), USER_ID, &[], MANAGE_GUILD)
        .await;
    let cb = bot.fake.wait_callback(id).await;
    assert_eq!(cb.body["data"]["flags"], json!(64), "deferred privately");
    let reply = bot.fake.wait_interaction_reply(id).await;
    let text = embed_description(&reply);
    assert!(
        text.contains("Answered: 1") && text.contains("Refused: 1"),
        "{text}"
    );
    assert!(text.contains("who won the world cup in 1954?"), "{text}");

    // The store has both questions; the old JSON-lines log is no longer written.
    assert!(!bot.data_dir.path().join("refused.jsonl").exists());
    let db = factbot::store::SqliteStore::open(&bot.data_dir.path().join("factbot.sqlite3"))
        .await
        .expect("store");
    use factbot::store::Store;
    let refused = db.refused(0).await.expect("refused questions");
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].question, "who won the world cup in 1954?");
    db.close().await.expect("close");
    bot.stop().await;
}
