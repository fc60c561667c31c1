//! Messages sent while the bot's gateway session is replaced by a new one: Discord (and the
//! fake) does not replay them to the new session, so the bot reads them from the channels'
//! history and answers each exactly once.

use std::time::Duration;

use serde_json::Value;

use crate::support::*;

const AL_ASAD_Q: &str = "When was al-Asad Air Base attacked?";
const TROOPS_Q: &str = "how many US troops are in Iraq?";

fn id_of(msg: &Value) -> u64 {
    msg["id"].as_str().and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// Ends the bot's session (the next RESUME is refused as invalid, so the bot identifies a new
/// one) and returns once the connection is down, before the bot can be back.
async fn end_the_session(fake: &FakeDiscord) {
    fake.invalidate_next_resume();
    fake.close_gateway(4000).await;
}

/// Waits until the bot has identified `n` sessions and one is live.
async fn wait_identified(fake: &FakeDiscord, n: u32) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while !(fake.identifies() >= n && fake.is_live()) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the bot never identified a new session (identifies {}, resumes {})",
            fake.identifies(),
            fake.resumes()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Sends `msg` while the bot has no session, and checks that the gateway never delivered it.
async fn send_while_away(fake: &FakeDiscord, msg: Msg) -> Value {
    let m = fake.user_message(msg);
    let delivery = fake.post_and_dispatch(&m).await;
    assert_ne!(
        delivery,
        Delivery::Sent,
        "sent on a live connection: the bot was back too soon for this test"
    );
    m
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mentions_and_dms_sent_while_the_bot_re_identifies_are_answered_once() {
    let bot = Bot::start().await;
    let fake = &bot.fake;
    // The bot has seen traffic in the channel and the DM before the drop.
    let before = fake.send_message(Msg::mention(AL_ASAD_Q)).await;
    fake.wait_reply_to(&before).await;
    let dm_before = fake.send_message(Msg::dm(TROOPS_Q)).await;
    fake.wait_reply_to(&dm_before).await;

    end_the_session(fake).await;
    let mut away = Vec::new();
    for (i, q) in [AL_ASAD_Q, TROOPS_Q, AL_ASAD_Q].iter().enumerate() {
        away.push(send_while_away(fake, Msg::mention(q).by_user(USER_ID + 10 + i as u64)).await);
    }
    away.push(send_while_away(fake, Msg::dm(AL_ASAD_Q)).await);
    // Not addressed to the bot: caught up, read, and left alone like a live one.
    let chatter = send_while_away(fake, Msg::plain(CHANNEL_ID, "nice weather today")).await;

    wait_identified(fake, 2).await;
    assert_eq!(fake.resumes(), 0, "a new session, not a resumed one");
    let undelivered = fake.undelivered();
    for m in away.iter().chain([&chatter]) {
        assert!(
            undelivered.contains(&id_of(m)),
            "message {} reached the bot over the gateway",
            m["id"]
        );
    }
    for m in &away {
        let reply = fake.wait_reply_to(m).await;
        assert!(
            embed_description(&reply.body).contains("al-Asad")
                || embed_description(&reply.body).contains("2,500"),
            "{}",
            reply.body
        );
        assert_no_mentions(&reply.body);
    }
    // Live traffic on the new session is answered as before.
    let after = fake.send_message(Msg::mention(AL_ASAD_Q)).await;
    fake.wait_reply_to(&after).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    for m in away.iter().chain([&before, &dm_before, &after]) {
        assert_eq!(fake.replies_to(m).len(), 1, "one reply to {}", m["id"]);
    }
    assert!(fake.replies_to(&chatter).is_empty());
    // The history was read from the newest message seen on, a page at a time.
    let reads: Vec<Recorded> = fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET" && r.path.contains("/messages?"))
        .collect();
    assert!(
        reads.iter().any(|r| r
            .path
            .contains(&format!("/channels/{CHANNEL_ID}/messages?"))
            && r.path.contains("limit=100")),
        "{reads:#?}"
    );
    assert!(
        reads.iter().any(|r| r
            .path
            .contains(&format!("/channels/{DM_CHANNEL_ID}/messages?"))),
        "{reads:#?}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_answered_before_the_drop_or_live_during_the_catch_up_is_answered_once() {
    let bot = Bot::start().await;
    let fake = &bot.fake;
    let answered = fake.send_message(Msg::mention(AL_ASAD_Q)).await;
    fake.wait_reply_to(&answered).await;

    end_the_session(fake).await;
    let away = send_while_away(fake, Msg::mention(TROOPS_Q)).await;
    // The catch-up's first history read fails (retried 250 ms later by the guard), so that a
    // question asked live on the new session meanwhile is in the history it reads next.
    let route = format!("/channels/{CHANNEL_ID}/messages");
    fake.fail_next("GET", &route, 500, 1);
    wait_identified(fake, 2).await;
    fake.wait_for_request("the catch-up's first history read", |r| {
        r.method == "GET" && r.path.contains(&route) && r.status == 500
    })
    .await;
    let live = fake.send_message(Msg::mention(AL_ASAD_Q)).await;
    let posted = std::time::Instant::now();
    for m in [&away, &live] {
        fake.wait_reply_to(m).await;
    }
    let reread = fake
        .wait_for_request("the catch-up's history read after the live question", |r| {
            r.method == "GET" && r.path.contains(&route) && r.status == 200
        })
        .await;
    assert!(
        reread.at > posted,
        "the history was read before the live question was posted; the test proves nothing"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        fake.replies_to(&answered).len(),
        1,
        "answered before the drop: not again"
    );
    assert_eq!(fake.replies_to(&away).len(), 1, "missed: caught up once");
    assert_eq!(
        fake.replies_to(&live).len(),
        1,
        "live and in the history read: answered once"
    );
    bot.stop().await;
}

/// The bot's requests to open a DM channel (`POST /users/@me/channels`).
fn dm_channels_opened(fake: &FakeDiscord) -> Vec<Recorded> {
    fake.requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/users/@me/channels"))
        .collect()
}

/// A user's first DM, sent while the bot has no session, is in a DM channel the bot never saw.
/// A user who had addressed the bot has the channel opened (Discord returns the one there is,
/// with its newest message) and the DM answered. Someone who only chatted in a guild is not
/// looked for: Discord asks bots to open DMs only on a user's action.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_dm_sent_while_the_bot_re_identifies_is_answered_if_the_user_asked_before() {
    let bot = Bot::start().await;
    let fake = &bot.fake;
    let (seen, unseen) = (USER_ID + 40, USER_ID + 41);
    let before = fake
        .send_message(Msg::mention(AL_ASAD_Q).by_user(seen))
        .await;
    fake.wait_reply_to(&before).await;
    let chatter = Msg::plain(CHANNEL_ID, "nice weather today").by_user(unseen);
    fake.send_message(chatter).await;

    end_the_session(fake).await;
    let first_dm = |user: u64| Msg {
        channel: DM_CHANNEL_ID + user,
        ..Msg::dm(TROOPS_Q).by_user(user)
    };
    let from_seen = send_while_away(fake, first_dm(seen)).await;
    let from_unseen = send_while_away(fake, first_dm(unseen)).await;

    wait_identified(fake, 2).await;
    let reply = fake.wait_reply_to(&from_seen).await;
    assert!(
        embed_description(&reply.body).contains("2,500"),
        "{}",
        reply.body
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(fake.replies_to(&from_seen).len(), 1, "answered once");
    assert!(fake.replies_to(&from_unseen).is_empty());
    let opened = dm_channels_opened(fake);
    assert_eq!(
        opened.len(),
        1,
        "one DM channel opened, the seen user's: {opened:#?}"
    );
    assert_eq!(
        opened[0].body["recipient_id"],
        seen.to_string(),
        "{opened:#?}"
    );

    // Known from then on: after another drop its DMs are read as any channel's, with no
    // DM channel opened again.
    end_the_session(fake).await;
    let again = send_while_away(fake, first_dm(seen)).await;
    wait_identified(fake, 3).await;
    fake.wait_reply_to(&again).await;
    assert_eq!(dm_channels_opened(fake).len(), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resumed_session_gets_what_it_missed_from_the_gateway_without_a_catch_up() {
    let bot = Bot::start().await;
    let fake = &bot.fake;
    let before = fake.send_message(Msg::mention(AL_ASAD_Q)).await;
    fake.wait_reply_to(&before).await;
    fake.drop_gateway().await;
    let missed = send_while_away(fake, Msg::mention(TROOPS_Q)).await;
    fake.wait_resumes(1).await;
    fake.wait_reply_to(&missed).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(fake.replies_to(&missed).len(), 1);
    assert!(
        fake.undelivered().is_empty(),
        "a RESUME replays what the session held"
    );
    assert!(
        !fake
            .requests()
            .iter()
            .any(|r| r.method == "GET" && r.path.contains("/messages?")),
        "no history read after a RESUME"
    );
    bot.stop().await;
}

/// The fake's history endpoint pages as Discord's does: newest first whatever the bound,
/// `after` giving the messages just after the id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fake_serves_a_channels_history_as_discord_does() {
    let fake = FakeDiscord::start().await;
    let channel = CHANNEL_ID + 77;
    let ids: Vec<u64> = (0..5)
        .map(|i| {
            let m = fake.user_message(Msg::plain(channel, &format!("m{i}")));
            fake.post_message(&m);
            id_of(&m)
        })
        .collect();
    let client = reqwest::Client::new();
    let get = |query: String| {
        let client = client.clone();
        let url = format!(
            "{}/api/v10/channels/{channel}/messages{query}",
            fake.api_url()
        );
        async move {
            let r = client
                .get(url)
                .header("authorization", format!("Bot {TOKEN}"))
                .send()
                .await
                .expect("request");
            let status = r.status().as_u16();
            let body: Value = serde_json::from_str(&r.text().await.expect("body")).expect("json");
            let ids: Vec<u64> = body
                .as_array()
                .map(|a| a.iter().map(id_of).collect())
                .unwrap_or_default();
            (status, ids, body)
        }
    };
    let rev = |v: &[u64]| v.iter().rev().copied().collect::<Vec<u64>>();
    assert_eq!(get(String::new()).await.1, rev(&ids));
    assert_eq!(get("?limit=2".into()).await.1, rev(&ids[3..]));
    assert_eq!(
        get(format!("?after={}&limit=2", ids[0])).await.1,
        rev(&ids[1..3])
    );
    assert_eq!(get(format!("?before={}", ids[3])).await.1, rev(&ids[..3]));
    let (status, _, body) = get("?limit=101".into()).await;
    assert_eq!((status, body["code"].as_u64()), (400, Some(50035)));
    assert_eq!(get("?limit=0".into()).await.0, 400);
    let (_, _, body) = get(String::new()).await;
    assert!(
        body[0].get("guild_id").is_none(),
        "the REST API leaves guild_id out"
    );
}
