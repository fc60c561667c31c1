//! Discord failing the way that gets bots banned or their interactions dropped: global 429s,
//! 429s without Retry-After, slow responses, a gateway peer that goes dead.
//!
//! The rate-limit tests run the bot in TLS mode (serenity's own ratelimiter on, as in
//! production), the fake answering as https://discord.com.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::*;

const AL_ASAD_Q: &str = "When was al-Asad Air Base attacked?";
/// Discord allows one IDENTIFY per 5 s, and serenity's shard queuer waits out what is left of
/// that since its last start before starting a shard again (`WAIT_BETWEEN_BOOTS_IN_SECONDS`).
const IDENTIFY_SPACING: Duration = Duration::from_secs(5);

/// The options of `/ask question:<q>`.
fn ask_options(q: &str) -> Value {
    json!([{"name": "question", "type": 3, "value": q}])
}

/// Once the bot has read a global 429 (its guard logs the pause), it sends nothing until the
/// limit ends; serenity 0.12.5 alone keeps sending (each task sleeps only for itself).
#[test]
fn nothing_is_sent_during_a_global_rate_limit() {
    with_logs(|logs| async move {
        let bot = TlsBot::start().await;
        let fake = &bot.fake;
        fake.global_429_next(2.0);
        let first = fake.send_message(Msg::mention(AL_ASAD_Q)).await;
        fake.wait_for_request("the globally rate-limited reply", |r| r.status == 429)
            .await;
        logs.wait_for("Discord REST paused").await;
        // While the limit runs: 20 more questions from other users and channels, a /ask and a
        // click.
        let mut msgs = vec![first];
        for i in 0..20u64 {
            let msg = Msg {
                channel: CHANNEL_ID + 10 + i,
                ..Msg::mention(AL_ASAD_Q).by_user(USER_ID + 50 + i)
            };
            msgs.push(fake.send_message(msg).await);
        }
        let ask = fake
            .send_interaction(2, "ask", ask_options(AL_ASAD_Q), USER_ID, &[], 0)
            .await;
        let click = fake
            .click(&format!("fbv:u:{ask}:a"), &msgs[0], USER_ID)
            .await;

        for m in &msgs {
            fake.wait_reply_to(m).await;
        }
        fake.wait_interaction_reply(ask).await;
        fake.wait_interaction_reply(click).await;
        let windows = fake.global_windows();
        assert_eq!(windows.len(), 1, "one global limit: {windows:?}");
        let during = fake.requests_during_global();
        assert!(
            during.is_empty(),
            "requests sent during the global 429: {:#?}",
            during
                .iter()
                .map(|(r, w)| format!("{} {} at +{:?}", r.method, r.path, r.at - w.start))
                .collect::<Vec<_>>()
        );
        for m in &msgs {
            assert_eq!(
                fake.replies_to(m).len(),
                1,
                "exactly one reply to {}",
                m["id"]
            );
        }
        // The messages waited for the end of the limit, then went out; the interaction
        // responses (exempt from the global limit) did not wait.
        let after = fake
            .requests()
            .iter()
            .filter(|r| {
                r.status < 300 && r.at >= windows[0].end && !is_interaction_endpoint(&r.path)
            })
            .count();
        assert!(after >= msgs.len(), "{after}");
        bot.stop().await;
    });
}

/// Discord does not bind interaction responses to the global rate limit: during one, an
/// interaction is acknowledged at once while a channel message waits for the end.
#[test]
fn an_interaction_is_acknowledged_during_a_global_rate_limit_while_a_message_waits() {
    with_logs(|logs| async move {
        let bot = TlsBot::start().await;
        let fake = &bot.fake;
        fake.global_429_next(3.0);
        let first = fake.send_message(Msg::mention(AL_ASAD_Q)).await;
        fake.wait_for_request("the globally rate-limited reply", |r| r.status == 429)
            .await;
        logs.wait_for("Discord REST paused").await;
        let waiting = fake
            .send_message(Msg {
                channel: CHANNEL_ID + 5,
                ..Msg::mention(AL_ASAD_Q).by_user(USER_ID + 5)
            })
            .await;
        let ask = fake
            .send_interaction(2, "ask", ask_options(AL_ASAD_Q), USER_ID, &[], 0)
            .await;
        let ack = fake.wait_callback(ask).await;
        let window = fake.global_windows()[0];
        assert_eq!(ack.status, 204, "{ack:?}");
        assert!(
            ack.at < window.end,
            "acknowledged {:?} after the limit ended",
            ack.at - window.end
        );
        let dispatched = fake.dispatched_at(ask).expect("dispatched");
        assert!(
            ack.at - dispatched < Duration::from_secs(1),
            "{:?}",
            ack.at - dispatched
        );
        assert!(
            embed_description(&ack.body["data"]).contains("al-Asad"),
            "the answer itself, not a deferral: {}",
            ack.body
        );
        for m in [&first, &waiting] {
            let reply = fake.wait_reply_to(m).await;
            assert!(
                reply.at >= window.end,
                "a message went out during the limit"
            );
        }
        assert!(
            fake.requests_during_global().is_empty(),
            "{:#?}",
            fake.requests_during_global()
        );
        bot.stop().await;
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_route_that_keeps_answering_429_is_tried_a_bounded_number_of_times() {
    let bot = TlsBot::start().await;
    let fake = &bot.fake;
    let route = format!("/channels/{CHANNEL_ID}/messages");
    // No Retry-After: serenity hands the 429 to the guard.
    fake.fail_next_with("POST", &route, 429, 1000, None, false);
    let msg = fake.send_message(Msg::mention(AL_ASAD_Q)).await;
    // Another channel still works meanwhile (after the pause a 429 imposes).
    let other = fake
        .send_message(Msg {
            channel: CHANNEL_ID + 1,
            ..Msg::mention(AL_ASAD_Q)
        })
        .await;
    fake.wait_reply_to(&other).await;
    // Each retry waits out the 1-s pause its 429 begins: nine attempts take over 8 s.
    tokio::time::sleep(Duration::from_secs(11)).await;
    let attempts = fake.reply_attempts(&msg);
    assert_eq!(
        attempts, [429; 9],
        "the first attempt and eight retries after a 429, then given up"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interaction_whose_answer_cannot_go_out_within_two_seconds_is_deferred() {
    let bot = TlsBot::start().await;
    let fake = &bot.fake;
    // The first response is answered 500, and only after 2 s: a retry would come too late.
    fake.fail_next("POST", "/callback", 500, 1);
    fake.slow_next("POST", "/callback", Duration::from_millis(2100), 1);
    let id = fake
        .send_interaction(2, "ask", ask_options(AL_ASAD_Q), USER_ID, &[], 0)
        .await;
    let token = format!("/itoken-{id}");
    let edit = fake
        .wait_for_request("the answer edited into the deferred response", |r| {
            r.path.contains(&token) && r.method == "PATCH" && r.status < 300
        })
        .await;
    assert!(
        embed_description(&edit.body).contains("al-Asad"),
        "{}",
        edit.body
    );
    assert_no_mentions(&edit.body);
    let dispatched = fake.dispatched_at(id).expect("dispatched");
    let prefix = format!("/interactions/{id}/");
    let callbacks: Vec<(u16, u64, Duration)> = fake
        .requests()
        .iter()
        .filter(|r| r.path.contains(&prefix))
        .map(|r| {
            (
                r.status,
                r.body["type"].as_u64().unwrap_or(0),
                r.at - dispatched,
            )
        })
        .collect();
    assert_eq!(callbacks.len(), 2, "{callbacks:?}");
    assert_eq!(
        (callbacks[0].0, callbacks[0].1),
        (500, 4),
        "the answer first"
    );
    assert_eq!(
        (callbacks[1].0, callbacks[1].1),
        (204, 5),
        "then a deferral"
    );
    assert!(
        callbacks[1].2 < Duration::from_secs(3),
        "acknowledged within 3 s: {callbacks:?}"
    );
    let edits = fake
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/webhooks/") && r.path.contains(&token) && r.method != "GET")
        .count();
    assert_eq!(edits, 1, "the answer once");

    // A slow but successful first response stays the answer: it reached Discord in time, so
    // the deferral sent alongside it after 1 s is refused as already acknowledged, and
    // nothing is edited in.
    fake.slow_next("POST", "/callback", Duration::from_millis(2500), 1);
    let id = fake
        .send_interaction(2, "ask", ask_options(AL_ASAD_Q), USER_ID, &[], 0)
        .await;
    fake.wait_interaction_reply(id).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let prefix = format!("/interactions/{id}/");
    let callbacks: Vec<(u64, u16)> = fake
        .requests()
        .iter()
        .filter(|r| r.path.contains(&prefix))
        .map(|r| (r.body["type"].as_u64().unwrap_or(0), r.status))
        .collect();
    assert_eq!(
        callbacks,
        [(4, 204), (5, 400)],
        "answered directly; the deferral alongside refused"
    );
    let token = format!("/itoken-{id}");
    let edits = fake
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/webhooks/") && r.path.contains(&token) && r.method != "GET")
        .count();
    assert_eq!(edits, 0, "no edit of a direct answer");
    bot.stop().await;
}

#[test]
fn a_dead_gateway_peer_is_replaced_within_two_heartbeat_intervals() {
    with_logs(|logs| async move {
        let interval = Duration::from_secs(1);
        let bot = TlsBot::start_with_heartbeat(Some(interval)).await;
        // A peer that dies sooner after the first connection is replaced no sooner than that.
        tokio::time::sleep(IDENTIFY_SPACING).await;
        let before = bot.fake.connections();
        let (identifies, resumes) = (bot.fake.identifies(), bot.fake.resumes());
        let died = Instant::now();
        bot.fake.zombie_gateway().await;
        let deadline = died + WAIT;
        while !(bot.fake.connections() > before && bot.fake.is_live()) {
            assert!(
                Instant::now() < deadline,
                "the dead peer was never replaced"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let replaced = died.elapsed();
        // serenity notices the missing heartbeat ACK within two intervals (the first heartbeat
        // after the peer died goes unanswered; the check one interval later gives up). Its runner
        // then asks the shard manager for a restart and would wait 5 s for a notice it can only
        // give itself afterwards (serenity 0.12.5); the bot's shard watch (`bot::shards`) gives
        // it after `STUCK_AFTER` (250 ms), read every 50 ms. With Discord's 41.25 s interval that
        // is at most 82.5 s and a fraction; here, 2 s and that fraction, and the reconnect.
        let bound = 2 * interval + Duration::from_millis(500);
        assert!(
            replaced <= bound,
            "replaced after {replaced:?} (bound {bound:?})"
        );
        // The new connection is a new session (an IDENTIFY, not a RESUME): serenity's restart
        // builds a new shard without the old session. The previous IDENTIFY was long before, so
        // Discord's one-per-5-s limit asks for no wait here. Discord does not replay to a new
        // session the events sent while the peer was dead (nor does the fake): the bot's catch-up
        // reads the missed messages from the channels' history (tests in `catchup`).
        assert_eq!(
            (bot.fake.identifies(), bot.fake.resumes()),
            (identifies + 1, resumes),
            "(identifies, resumes) after the replacement"
        );
        println!("dead peer replaced after {replaced:?} (heartbeat interval {interval:?})");
        let msg = bot.fake.send_message(Msg::mention(AL_ASAD_Q)).await;
        let reply = bot.fake.wait_reply_to(&msg).await;
        assert!(embed_description(&reply.body).contains("al-Asad"));
        bot.stop().await;
        // The bot's shard watch let serenity's restart through, once.
        assert_eq!(
            logs.text()
                .matches(factbot::bot::shards::RESTART_NOTICE)
                .count(),
            1,
            "{}",
            logs.text()
        );
    });
}

/// A resumed connection reports "connected, no latency" until its first heartbeat ACK, as a
/// runner stuck in a restart does: the shard watch must tell them apart.
#[test]
fn a_resumed_connection_awaiting_its_first_heartbeat_ack_is_left_alone() {
    with_logs(|logs| async move {
        let interval = Duration::from_secs(2);
        let bot = TlsBot::start_with_heartbeat(Some(interval)).await;
        // A heartbeat acknowledged first, as on a connection that has been up a while.
        tokio::time::sleep(interval + Duration::from_millis(500)).await;
        bot.fake.drop_gateway().await;
        bot.fake.wait_resumes(1).await;
        // Longer than the watch's 250 ms, shorter than the interval to the first ACK.
        tokio::time::sleep(Duration::from_millis(1200)).await;
        assert_eq!(bot.fake.identifies(), 1, "resumed, not restarted");
        assert!(
            !logs.text().contains(factbot::bot::shards::RESTART_NOTICE),
            "{}",
            logs.text()
        );
        let msg = bot.fake.send_message(Msg::mention(AL_ASAD_Q)).await;
        let reply = bot.fake.wait_reply_to(&msg).await;
        assert!(embed_description(&reply.body).contains("al-Asad"));
        bot.stop().await;
    });
}
