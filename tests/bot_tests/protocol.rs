//! The fake Discord itself: its payloads must deserialize into serenity's models (serenity
//! silently drops events it cannot parse, which would make other tests pass for wrong reasons),
//! and the bot's start-up must follow Discord's sequence.

use crate::support::*;
use poise::serenity_prelude as serenity;
use serde_json::json;

#[test]
fn fixtures_deserialize_into_serenity_models() {
    let user = user_json(USER_ID, "asker", false);
    let referenced = message_json(
        1,
        CHANNEL_ID,
        Some(GUILD_ID),
        user_json(BOT_ID, "factbot", true),
        "hi",
        vec![],
        vec![],
        None,
        json!([]),
    );
    let msg = message_json(
        2,
        CHANNEL_ID,
        Some(GUILD_ID),
        user,
        "q?",
        vec![user_json(BOT_ID, "factbot", true)],
        vec![OTHER_ROLE_ID],
        Some(referenced),
        json!([]),
    );
    let m: serenity::Message = serde_json::from_value(msg).expect("message");
    assert_eq!(
        m.referenced_message.expect("referenced").author.id.get(),
        BOT_ID
    );
    let i = interaction_json(
        3,
        2,
        "ask",
        json!([{"name": "question", "type": 3, "value": "x"}]),
        USER_ID,
        &[ADMIN_ROLE_ID],
        0,
    );
    let i: serenity::Interaction = serde_json::from_value(i).expect("interaction");
    assert!(matches!(i, serenity::Interaction::Command(_)));
    let a = interaction_json(
        4,
        4,
        "summary",
        json!([{"name": "topic", "type": 3, "value": "att", "focused": true}]),
        USER_ID,
        &[],
        0,
    );
    let a: serenity::Interaction = serde_json::from_value(a).expect("autocomplete");
    assert!(matches!(a, serenity::Interaction::Autocomplete(_)));
    let g: serenity::Guild = serde_json::from_value(guild_json()).expect("guild");
    assert_eq!(g.roles.len(), 4);
    let bot_role = g
        .roles
        .get(&serenity::RoleId::new(BOT_ROLE_ID))
        .expect("bot role");
    assert_eq!(bot_role.tags.bot_id, Some(serenity::UserId::new(BOT_ID)));
    let _: serenity::CurrentApplicationInfo =
        serde_json::from_value(app_json()).expect("application");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn startup_follows_discords_sequence_and_registers_commands() {
    let bot = Bot::start().await;
    let reqs = bot.fake.requests();
    let paths: Vec<String> = reqs
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    let pos = |p: &str| {
        paths
            .iter()
            .position(|x| x.starts_with(p))
            .unwrap_or_else(|| panic!("no {p} in {paths:#?}"))
    };
    assert!(pos("GET /api/v10/users/@me") < pos("PUT /api/v10/applications"));
    pos("GET /api/v10/gateway");
    pos("GET /api/v10/oauth2/applications/@me");
    assert_eq!(bot.fake.identifies(), 1);
    let put = bot.fake.wait_ready().await;
    assert_eq!(
        put.path,
        format!("/api/v10/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    );
    let cmds = put.body.as_array().expect("array").clone();
    let names: Vec<&str> = cmds.iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "ask",
            "summary",
            "sources",
            "help",
            "reload",
            "stats",
            "source",
            "Ask factbot"
        ]
    );
    for c in &cmds {
        let admin_only = matches!(c["name"].as_str(), Some("reload" | "stats" | "source"));
        // MANAGE_GUILD = 1 << 5
        assert_eq!(
            c["default_member_permissions"].as_str() == Some("32"),
            admin_only,
            "{c}"
        );
    }
    let summary = cmds
        .iter()
        .find(|c| c["name"] == "summary")
        .expect("summary");
    assert_eq!(summary["options"][0]["autocomplete"], json!(true));
    assert!(reqs
        .iter()
        .all(|r| r.authorization.as_deref() == Some(&format!("Bot {TOKEN}")[..])));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_token_is_one_clear_error() {
    let fake = FakeDiscord::start().await;
    let kb = copy_of(&knowledge_dir());
    let data = tempdir();
    let config = Bot::config_for(&fake, kb.path(), data.path(), &Options::default());
    let result = factbot::bot::run(
        config,
        factbot::config::Token::new("wrong"),
        std::future::pending(),
    )
    .await;
    let err = result.expect_err("a rejected token fails");
    assert!(
        matches!(err, factbot::bot::BotError::TokenRejected),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(!text.contains('\n') && text.contains("token"), "{text}");
    assert!(!text.contains("wrong"), "the token never shows: {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_knowledge_stops_start_up_with_path_line_col() {
    let fake = FakeDiscord::start().await;
    let kb = copy_of(&knowledge_dir());
    let facts = kb.path().join("sources/us-iraq-coalition-talks/facts.toml");
    let text = std::fs::read_to_string(&facts).expect("facts");
    std::fs::write(&facts, format!("{text}\n[[fact]]\nid = \"broken\"\n")).expect("write");
    let data = tempdir();
    let config = Bot::config_for(&fake, kb.path(), data.path(), &Options::default());
    let err = factbot::bot::run(
        config,
        factbot::config::Token::new(TOKEN),
        std::future::pending(),
    )
    .await
    .expect_err("invalid knowledge fails");
    assert!(err.to_string().contains("facts.toml:"), "{err}");
    assert!(
        fake.requests().is_empty(),
        "nothing connects with a broken base"
    );
}

/// Gateway refusals that no reconnect can fix end `run` with a clear error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fatal_gateway_close_codes_are_clear_errors() {
    for (code, want) in [(4004, "token"), (4014, "Message Content intent")] {
        let fake = FakeDiscord::start().await;
        fake.refuse_identify(code);
        let kb = copy_of(&knowledge_dir());
        let data = tempdir();
        let config = Bot::config_for(&fake, kb.path(), data.path(), &Options::default());
        let run = factbot::bot::run(
            config,
            factbot::config::Token::new(TOKEN),
            std::future::pending(),
        );
        let err = tokio::time::timeout(WAIT, run)
            .await
            .expect("run ends")
            .expect_err("a fatal close code fails");
        assert!(err.to_string().contains(want), "{code}: {err}");
    }
}
