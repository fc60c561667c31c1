//! Reloading the knowledge base: /reload (admin, non-admin, broken file), file watcher (SIGHUP:
//! `sighup.rs`).

use crate::support::*;
use serde_json::{json, Value};

const AL_ASAD_Q: &str = "When was al-Asad Air Base attacked?";

fn is_refusal(body: &Value) -> bool {
    body["content"]
        .as_str()
        .unwrap_or_default()
        .contains("I don't know")
}

fn answer_text(body: &Value) -> String {
    embed_description(body)
}

/// Runs /reload as `user` with `roles`/`permissions`; returns (callback, follow-up if deferred).
async fn run_reload(
    bot: &Bot,
    user: u64,
    roles: &[u64],
    permissions: u64,
) -> (Recorded, Option<Recorded>) {
    let id = bot
        .fake
        .send_interaction(2, "reload", json!([]), user, roles, permissions)
        .await;
    let cb = bot.fake.wait_callback(id).await;
    if cb.body["type"] == json!(5) {
        let followup = bot.fake.wait_followup(id).await;
        (cb, Some(followup))
    } else {
        (cb, None)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_reload_reports_the_diff_and_the_new_fact_answers_at_once() {
    let bot = Bot::start().await;
    assert!(is_refusal(&bot.ask(NEW_FACT_Q).await));
    bot.append_facts(NEW_FACT);
    // Admin by configured user id.
    let (cb, followup) = run_reload(&bot, ADMIN_USER_ID, &[], 0).await;
    assert_eq!(
        cb.body["data"]["flags"],
        json!(64),
        "deferred ephemerally: {}",
        cb.body
    );
    let followup = followup.expect("a deferred reload follows up");
    assert_eq!(followup.body["flags"], json!(64), "the report is ephemeral");
    let report = embed_description(&followup.body);
    assert!(report.contains("Added (1): test-added-fact"), "{report}");
    assert!(
        report.contains("Removed (0)") && report.contains("Changed (0)"),
        "{report}"
    );
    assert!(report.contains(" ms"), "time taken: {report}");
    assert_no_mentions(&followup.body);

    let body = bot.ask(NEW_FACT_Q).await;
    assert!(
        answer_text(&body).contains("quokka protocol is a test answer"),
        "{body}"
    );

    // Admin by configured role: renamed (added + removed) and changed facts are reported.
    let text = std::fs::read_to_string(bot.facts_file()).expect("facts");
    let text = text
        .replace("id = \"test-added-fact\"", "id = \"test-renamed-fact\"")
        .replace(
            "answer = \"On Saturday (Jan. 20, 2024), Kataib Hezbollah",
            "answer = \"On Saturday, Jan. 20, 2024, Kataib Hezbollah",
        );
    std::fs::write(bot.facts_file(), text).expect("write");
    let (_, followup) = run_reload(&bot, USER_ID, &[ADMIN_ROLE_ID], 0).await;
    let report = embed_description(&followup.expect("follow-up").body);
    assert!(
        report.contains("Added (1): test-renamed-fact")
            && report.contains("Removed (1): test-added-fact")
            && report.contains("Changed (1): al-asad-attack"),
        "{report}"
    );
    let body = bot.ask("When was al-Asad Air Base attacked?").await;
    assert!(
        answer_text(&body).contains("On Saturday, Jan. 20, 2024, Kataib Hezbollah"),
        "{body}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_admin_reload_is_refused_and_nothing_reloads() {
    let bot = Bot::start().await;
    bot.append_facts(NEW_FACT);
    let (cb, followup) = run_reload(&bot, USER_ID, &[OTHER_ROLE_ID], 0).await;
    assert!(followup.is_none(), "no deferral for a refusal");
    assert_eq!(cb.body["type"], json!(4));
    assert_eq!(cb.body["data"]["flags"], json!(64), "refused ephemerally");
    assert!(cb.body["data"]["content"]
        .as_str()
        .unwrap_or_default()
        .contains("Only admins"));
    assert!(
        is_refusal(&bot.ask(NEW_FACT_Q).await),
        "the base is unchanged"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn broken_file_shows_errors_and_the_old_base_keeps_answering() {
    let bot = Bot::start().await;
    bot.append_facts(NEW_FACT);
    bot.append_facts(BROKEN_FACT);
    let (_, followup) = run_reload(&bot, USER_ID, &[], 1 << 5).await;
    let report = embed_description(&followup.expect("follow-up").body);
    assert!(
        report.contains("still serving the previous one"),
        "{report}"
    );
    let err = factbot::load_dir(bot.knowledge.path()).expect_err("broken");
    let expected = err.diagnostics[0].to_string();
    assert!(
        report.contains(&expected),
        "exact path:line:col error {expected:?} in {report}"
    );
    assert!(expected.contains("facts.toml:"), "{expected}");

    assert!(
        is_refusal(&bot.ask(NEW_FACT_Q).await),
        "nothing of the broken base was swapped in"
    );
    assert!(
        answer_text(&bot.ask(AL_ASAD_Q).await).contains("al-Asad"),
        "old base still answers"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_watcher_reloads_changed_files() {
    let bot = Bot::start_with(Options {
        knowledge_toml: "watch = true\nwatch_interval_secs = 1\n".to_string(),
        ..Options::default()
    })
    .await;
    bot.append_facts(NEW_FACT);
    bot.ask_until(NEW_FACT_Q, "quokka protocol").await;
    bot.stop().await;
}
