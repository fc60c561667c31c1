//! TLS mode: serenity's own HTTP stack (ratelimiter on, no proxy) talks to the fake as if it were
//! https://discord.com, so a 429 goes through serenity's real Retry-After handling.

use crate::support::*;

const AL_ASAD_Q: &str = "When was al-Asad Air Base attacked?";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limited_reply_is_retried_and_delivered() {
    let bot = TlsBot::start().await;
    let fake = &bot.fake;
    fake.fail_next("POST", &format!("/channels/{CHANNEL_ID}/messages"), 429, 1);
    let msg = fake.send_message(Msg::mention(AL_ASAD_Q)).await;
    let reply = fake.wait_reply_to(&msg).await;
    assert!(embed_description(&reply.body).contains("al-Asad"));
    assert_no_mentions(&reply.body);
    let attempts = fake.reply_attempts(&msg);
    assert_eq!(
        attempts,
        [429, 200],
        "rate limited once, then retried and delivered"
    );
    assert!(
        fake.requests().iter().all(|r| r.tls),
        "every REST call went over TLS"
    );

    bot.stop().await;
}
