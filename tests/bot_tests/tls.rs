//! TLS mode: serenity's own HTTP stack (ratelimiter on, no proxy) talks to the fake as if it were
//! https://discord.com, so a 429 goes through serenity's real Retry-After handling.

use crate::support::*;
use factbot::config::Config;
use poise::serenity_prelude as serenity;

const AL_ASAD_Q: &str = "When was al-Asad Air Base attacked?";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limited_reply_is_retried_and_delivered() {
    init_test_logging();
    let mut fake = FakeDiscord::start().await;
    let (tls_addr, ca_pem) = fake.serve_tls().await;
    let client = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(ca_pem.as_bytes()).expect("CA"))
        .resolve("discord.com", tls_addr)
        .build()
        .expect("client");
    let http = serenity::HttpBuilder::new(TOKEN).client(client).build();

    let kb = copy_of(&knowledge_dir());
    let data = tempdir();
    // The default api_url (https://discord.com): serenity's ratelimiter stays on.
    let toml = format!(
        "data_dir = {:?}\n[discord]\nguild_id = {GUILD_ID}\n[knowledge]\ndir = {:?}\n",
        data.path().display().to_string(),
        kb.path().display().to_string()
    );
    let config = Config::from_toml(&toml).expect("config");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let handle = tokio::spawn(factbot::bot::run_with_http(config, http, async move {
        let _ = rx.await;
    }));
    fake.wait_ready().await;

    fake.fail_next("POST", &format!("/channels/{CHANNEL_ID}/messages"), 429, 1);
    let msg = fake.send_message(Msg::mention(AL_ASAD_Q)).await;
    let reply = fake.wait_reply_to(&msg).await;
    assert!(embed_description(&reply.body).contains("al-Asad"));
    assert_no_mentions(&reply.body);
    let attempts: Vec<u16> = fake
        .requests()
        .iter()
        .filter(|r| r.body["message_reference"]["message_id"] == msg["id"])
        .map(|r| r.status)
        .collect();
    assert_eq!(
        attempts,
        [429, 200],
        "rate limited once, then retried and delivered"
    );
    assert!(
        fake.requests().iter().all(|r| r.tls),
        "every REST call went over TLS"
    );

    let _ = tx.send(());
    let result = tokio::time::timeout(WAIT, handle)
        .await
        .expect("stops")
        .expect("no panic");
    assert!(result.is_ok(), "{result:?}");
}
