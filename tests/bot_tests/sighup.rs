//! SIGHUP reloads the knowledge base of a running `factbot run`. The signal goes to a child
//! process: sent to the test process, it would reach every bot of this binary's other tests
//! and race with their reload diffs.

#![cfg(unix)]

use super::cli::{write_config, Running};
use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_reloads_the_knowledge_base() {
    let fake = FakeDiscord::start().await;
    let dir = tempdir();
    let kb = copy_of(&knowledge_dir());
    let config = write_config(
        dir.path(),
        &fake.api_url(),
        kb.path(),
        "[limits]\nquestions_per_window = 10000\n",
    );
    let mut bot = Running::start(&config);
    fake.wait_ready().await;
    let ask = |question: &'static str| {
        let fake = &fake;
        async move {
            let msg = fake.send_message(Msg::mention(question)).await;
            embed_description(&fake.wait_reply_to(&msg).await.body)
        }
    };
    // Serving (its SIGHUP listener was set up before it connected), and without the new fact.
    assert!(!ask(NEW_FACT_Q).await.contains("quokka protocol"));

    let facts = kb.path().join("sources/us-iraq-coalition-talks/facts.toml");
    let text = std::fs::read_to_string(&facts).expect("facts file");
    std::fs::write(&facts, format!("{text}\n{NEW_FACT}\n")).expect("write facts");
    bot.signal("HUP");
    let deadline = tokio::time::Instant::now() + WAIT;
    while !ask(NEW_FACT_Q).await.contains("quokka protocol") {
        assert!(
            !bot.has_exited(),
            "SIGHUP ended the process instead of reloading"
        );
        assert!(
            tokio::time::Instant::now() < deadline,
            "never answered from the reloaded base"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }

    bot.signal("TERM");
    let (status, stderr) = bot.wait().await;
    assert!(status.success(), "clean exit: {status:?}\n{stderr}");
    assert!(stderr.contains("SIGHUP"), "the reload is logged: {stderr}");
}
