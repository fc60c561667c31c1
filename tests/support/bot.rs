//! The bot under test: the real `factbot::bot::run` against the fake Discord, with a private
//! copy of the knowledge base and its own data directory.

use std::path::{Path, PathBuf};

use factbot::bot::BotError;
use factbot::config::{Config, Token};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::fake_discord::*;
use super::{copy_of, init_test_logging, knowledge_dir, tempdir};

/// A directory a bot uses: a temporary one of its own (removed on drop), or one someone else
/// owns (a test's shared directory, or the data directory of a bot started before), left alone.
pub enum Dir {
    Temp(tempfile::TempDir),
    Borrowed(PathBuf),
}

impl Dir {
    pub fn path(&self) -> &Path {
        match self {
            Dir::Temp(dir) => dir.path(),
            Dir::Borrowed(path) => path,
        }
    }
}

pub struct Bot {
    pub fake: FakeDiscord,
    /// The bot's own copy of the knowledge base (tests may edit it, then /reload).
    pub knowledge: Dir,
    pub data_dir: Dir,
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<JoinHandle<Result<(), BotError>>>,
}

pub struct Options {
    /// Extra TOML appended to the generated config (must not repeat generated keys).
    pub answer_toml: String,
    pub limits_toml: String,
    pub knowledge_toml: String,
    /// Knowledge to copy in (default: the repository's).
    pub knowledge_from: PathBuf,
    /// Use this knowledge directory as it is (shared by two bots), instead of a copy.
    pub knowledge_dir: Option<PathBuf>,
    /// Use this data directory (e.g. the previous run's, to restart), instead of a new one.
    pub data_dir: Option<PathBuf>,
    /// Extra TOML at the end of the config (e.g. a `[storage]` section).
    pub extra_toml: String,
    /// e.g. `shards = { id = 0, total = 2 }`.
    pub discord_toml: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            answer_toml: String::new(),
            // Tests ask many questions as one user; the rate limit has its own test.
            limits_toml: "questions_per_window = 10000\n".to_string(),
            knowledge_toml: String::new(),
            knowledge_from: knowledge_dir(),
            knowledge_dir: None,
            data_dir: None,
            extra_toml: String::new(),
            discord_toml: String::new(),
        }
    }
}

impl Bot {
    pub async fn start() -> Bot {
        Bot::start_with(Options::default()).await
    }

    pub fn config_for(
        fake: &FakeDiscord,
        knowledge: &Path,
        data_dir: &Path,
        opts: &Options,
    ) -> Config {
        let toml = format!(
            "data_dir = {data:?}\n\
             [discord]\napi_url = {api:?}\nguild_id = {GUILD_ID}\n{discord}\n\
             [admins]\nuser_ids = [{ADMIN_USER_ID}]\nrole_ids = [{ADMIN_ROLE_ID}]\n\
             [knowledge]\ndir = {kb:?}\n{knowledge}\n\
             [answer]\n{answer}\n\
             [limits]\n{limits}\n{extra}\n",
            data = data_dir.display().to_string(),
            api = fake.api_url(),
            kb = knowledge.display().to_string(),
            answer = opts.answer_toml,
            limits = opts.limits_toml,
            knowledge = opts.knowledge_toml,
            discord = opts.discord_toml,
            extra = opts.extra_toml,
        );
        Config::from_toml(&toml).expect("test config is valid")
    }

    pub async fn start_with(opts: Options) -> Bot {
        init_test_logging();
        let fake = FakeDiscord::start().await;
        let knowledge = match &opts.knowledge_dir {
            Some(dir) => Dir::Borrowed(dir.clone()),
            None => Dir::Temp(copy_of(&opts.knowledge_from)),
        };
        let data_dir = match &opts.data_dir {
            Some(dir) => Dir::Borrowed(dir.clone()),
            None => Dir::Temp(tempdir()),
        };
        let config = Bot::config_for(&fake, knowledge.path(), data_dir.path(), &opts);
        let (tx, rx) = oneshot::channel::<()>();
        let handle = tokio::spawn(factbot::bot::run(config, Token::new(TOKEN), async move {
            let _ = rx.await;
        }));
        let bot = Bot {
            fake,
            knowledge,
            data_dir,
            shutdown: Some(tx),
            handle: Some(handle),
        };
        bot.fake.wait_ready().await;
        bot
    }

    /// Stops the bot but keeps its data directory (to start another bot on it).
    pub async fn stop_keeping_data(mut self) -> Dir {
        let path = self.data_dir.path().to_path_buf();
        let data = std::mem::replace(&mut self.data_dir, Dir::Borrowed(path));
        self.stop().await;
        data
    }

    /// Stops the bot through its shutdown future and checks it exits cleanly.
    pub async fn stop(mut self) {
        stop_bot(self.shutdown.take(), self.handle.take()).await;
    }
}

/// Tells a bot to shut down and checks it exits cleanly.
async fn stop_bot(
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<JoinHandle<Result<(), BotError>>>,
) {
    if let Some(tx) = shutdown {
        let _ = tx.send(());
    }
    if let Some(handle) = handle {
        let result = tokio::time::timeout(WAIT, handle)
            .await
            .expect("bot stops within the timeout")
            .expect("bot task did not panic");
        assert!(result.is_ok(), "bot exited with {result:?}");
    }
}

impl Drop for Bot {
    fn drop(&mut self) {
        if let Some(h) = &self.handle {
            h.abort();
        }
    }
}

/// The bot in TLS mode: serenity's own HTTP stack (its ratelimiter on, no proxy, as in
/// production) talks to the fake as if it were https://discord.com.
pub struct TlsBot {
    pub fake: FakeDiscord,
    _knowledge: tempfile::TempDir,
    _data_dir: tempfile::TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<JoinHandle<Result<(), BotError>>>,
}

impl TlsBot {
    pub async fn start() -> TlsBot {
        TlsBot::start_with_heartbeat(None).await
    }

    /// With `heartbeat`, the fake's HELLO announces that interval instead of Discord's 41.25 s.
    pub async fn start_with_heartbeat(heartbeat: Option<std::time::Duration>) -> TlsBot {
        init_test_logging();
        let mut fake = FakeDiscord::start().await;
        if let Some(h) = heartbeat {
            fake.set_heartbeat_interval(h);
        }
        let (http, interactions) = fake.tls_http().await;
        let knowledge = copy_of(&knowledge_dir());
        let data_dir = tempdir();
        // The default api_url (https://discord.com): serenity's ratelimiter stays on.
        let toml = format!(
            "data_dir = {:?}\n[discord]\nguild_id = {GUILD_ID}\n[knowledge]\ndir = {:?}\n\
             [limits]\nquestions_per_window = 10000\n",
            data_dir.path().display().to_string(),
            knowledge.path().display().to_string()
        );
        let config = Config::from_toml(&toml).expect("config");
        let (tx, rx) = oneshot::channel::<()>();
        let handle = tokio::spawn(factbot::bot::run_with_http(
            config,
            http,
            interactions,
            async move {
                let _ = rx.await;
            },
        ));
        fake.wait_ready().await;
        TlsBot {
            fake,
            _knowledge: knowledge,
            _data_dir: data_dir,
            shutdown: Some(tx),
            handle: Some(handle),
        }
    }

    /// Stops the bot through its shutdown future and checks it exits cleanly.
    pub async fn stop(mut self) {
        stop_bot(self.shutdown.take(), self.handle.take()).await;
    }
}

impl Drop for TlsBot {
    fn drop(&mut self) {
        if let Some(h) = &self.handle {
            h.abort();
        }
    }
}

impl Bot {
    pub fn facts_file(&self) -> PathBuf {
        self.knowledge
            .path()
            .join("sources/us-iraq-coalition-talks/facts.toml")
    }

    /// Appends TOML to the bot's copy of the facts file.
    pub fn append_facts(&self, toml: &str) {
        let path = self.facts_file();
        let text = std::fs::read_to_string(&path).expect("facts file");
        std::fs::write(&path, format!("{text}\n{toml}\n")).expect("write facts");
    }

    /// Asks by mention and returns the reply's body.
    pub async fn ask(&self, question: &str) -> serde_json::Value {
        let msg = self.fake.send_message(Msg::mention(question)).await;
        self.fake.wait_reply_to(&msg).await.body
    }
}

impl Bot {
    /// Asks until the answer contains `needle` (reloads by signal or watcher are asynchronous).
    pub async fn ask_until(&self, question: &str, needle: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if embed_description(&self.ask(question).await).contains(needle) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "never answered with {needle:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    }
}

pub const NEW_FACT: &str = r#"[[fact]]
id = "test-added-fact"
answer = "The quokka protocol is a test answer."
sentence = "There are an estimated 2,500 U.S. troops deployed to Iraq now."
questions = ["What is the zebra quokka protocol?"]
kinds = ["thing"]"#;

pub const NEW_FACT_Q: &str = "What is the zebra quokka protocol?";

pub const BROKEN_FACT: &str = r#"[[fact]]
id = "broken-fact"
answer = "x"
sentence = "This sentence is not in the article."
questions = ["What is broken?"]
kinds = ["thing"]"#;

/// The library's own answer for `question`, for comparing with what the bot posted.
pub fn expected_answer(knowledge: &Path, question: &str) -> factbot::Answer {
    let loaded = factbot::load_dir(knowledge).expect("knowledge loads");
    factbot::Matcher::new(loaded.base, factbot::MatchConfig::default()).answer(question)
}

/// The embed description of a recorded message body (answers put it there).
pub fn embed_description(body: &serde_json::Value) -> String {
    body["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Every message must go out with nobody to ping.
pub fn assert_no_mentions(body: &serde_json::Value) {
    let am = &body["allowed_mentions"];
    assert_eq!(
        am["parse"],
        serde_json::json!([]),
        "allowed_mentions.parse in {body}"
    );
    assert!(
        am["users"].as_array().is_none_or(|a| a.is_empty()),
        "{body}"
    );
    assert!(
        am["roles"].as_array().is_none_or(|a| a.is_empty()),
        "{body}"
    );
    if body.get("message_reference").is_some() {
        assert_eq!(am["replied_user"], serde_json::json!(false), "{body}");
    }
}
