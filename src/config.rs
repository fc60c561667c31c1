//! The bot's configuration: a TOML file, then `FACTBOT_*` environment overrides, validated as a
//! whole so a mistake is reported once, clearly, before anything connects to Discord.
//!
//! Every key is documented with its default in `config.example.toml` at the repository root.
//! The token is deliberately *not* a config key: it comes from `DISCORD_TOKEN` or the file named
//! by `discord.token_file`, so it never ends up in a checked-in config.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::MatchConfig;

/// Discord's public API; anything else is a REST proxy or a test server.
pub const DISCORD_API_URL: &str = "https://discord.com";

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("environment variable {var} is not valid: {message}")]
    Env { var: String, message: String },
    #[error("invalid config: {0}")]
    Invalid(String),
    #[error("no Discord token: set DISCORD_TOKEN or discord.token_file")]
    MissingToken,
    #[error("cannot read token file {path}: {source}")]
    TokenFile {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where the SQLite store is created (and an old `refused.jsonl` is imported from).
    pub data_dir: PathBuf,
    pub discord: DiscordConfig,
    pub admins: AdminsConfig,
    pub knowledge: KnowledgeConfig,
    pub answer: AnswerConfig,
    pub limits: LimitsConfig,
    pub log: LogConfig,
    pub storage: StorageConfig,
}

/// Where questions and votes are kept (see `crate::store`).
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StorageConfig {
    /// `postgres://…` for a shared PostgreSQL store; unset: SQLite under `data_dir`.
    pub url: Option<String>,
    /// Records waiting to be written; beyond this they are dropped (and counted).
    pub queue_capacity: usize,
}

impl Default for StorageConfig {
    fn default() -> Self {
        StorageConfig {
            url: None,
            queue_capacity: 10_000,
        }
    }
}

/// The URL may hold a password: never shown.
impl fmt::Debug for StorageConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StorageConfig")
            .field("url", &self.url.as_deref().map(crate::store::redact_url))
            .field("queue_capacity", &self.queue_capacity)
            .finish()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DiscordConfig {
    pub api_url: String,
    pub token_file: Option<PathBuf>,
    /// Register slash commands in this guild only (instant); globally when unset.
    pub guild_id: Option<u64>,
    pub shards: Shards,
}

/// `"auto"` (Discord's recommended count, all in this process) or one range of shards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shards {
    Auto,
    Range { first: u32, count: u32, total: u32 },
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ShardsRepr {
    Name(String),
    Range {
        id: u32,
        total: u32,
        #[serde(default)]
        count: Option<u32>,
    },
}

impl<'de> Deserialize<'de> for Shards {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match ShardsRepr::deserialize(d)? {
            ShardsRepr::Name(n) if n == "auto" => Ok(Shards::Auto),
            ShardsRepr::Name(n) => Err(serde::de::Error::custom(format!(
                "shards must be \"auto\" or {{ id = N, total = M }}, not \"{n}\""
            ))),
            ShardsRepr::Range { id, total, count } => Ok(Shards::Range {
                first: id,
                count: count.unwrap_or(1),
                total,
            }),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdminsConfig {
    pub user_ids: Vec<u64>,
    pub role_ids: Vec<u64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KnowledgeConfig {
    pub dir: PathBuf,
    /// Reload when a file under `dir` changes (polled, no extra dependency).
    pub watch: bool,
    pub watch_interval_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AnswerConfig {
    pub min_confidence: f32,
    pub auto_answer_channels: Vec<u64>,
    pub auto_answer_min_confidence: f32,
    /// Auto-answers start a thread on the question instead of replying inline.
    pub reply_in_thread: bool,
    /// The "Ask factbot" message command answers for everyone to see (default: only the caller).
    pub context_menu_public: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsConfig {
    /// Questions each user may ask per window before the bot goes quiet for them.
    pub questions_per_window: u32,
    pub window_secs: u64,
    /// Input is cut to this many characters before matching.
    pub max_question_chars: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    pub format: LogFormat,
    /// A tracing filter (`RUST_LOG` syntax); `RUST_LOG` wins when set.
    pub level: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("data"),
            discord: DiscordConfig::default(),
            admins: AdminsConfig::default(),
            knowledge: KnowledgeConfig::default(),
            answer: AnswerConfig::default(),
            limits: LimitsConfig::default(),
            log: LogConfig::default(),
            storage: StorageConfig::default(),
        }
    }
}

impl Default for DiscordConfig {
    fn default() -> Self {
        DiscordConfig {
            api_url: DISCORD_API_URL.to_string(),
            token_file: None,
            guild_id: None,
            shards: Shards::Auto,
        }
    }
}

impl Default for KnowledgeConfig {
    fn default() -> Self {
        KnowledgeConfig {
            dir: PathBuf::from("knowledge"),
            watch: false,
            watch_interval_secs: 2,
        }
    }
}

impl Default for AnswerConfig {
    fn default() -> Self {
        AnswerConfig {
            min_confidence: MatchConfig::default().min_confidence,
            auto_answer_channels: Vec::new(),
            auto_answer_min_confidence: 0.85,
            reply_in_thread: false,
            context_menu_public: false,
        }
    }
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            questions_per_window: 5,
            window_secs: 30,
            max_question_chars: 500,
        }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            format: LogFormat::Pretty,
            level: "info".to_string(),
        }
    }
}

/// Keys that `FACTBOT_<SECTION>_<KEY>` (or `FACTBOT_<KEY>` for top-level keys) can override.
/// An explicit list, so a typo in a variable name is not silently half-applied.
const ENV_KEYS: &[(&str, &str)] = &[
    ("", "data_dir"),
    ("discord", "api_url"),
    ("discord", "token_file"),
    ("discord", "guild_id"),
    ("discord", "shards"),
    ("admins", "user_ids"),
    ("admins", "role_ids"),
    ("knowledge", "dir"),
    ("knowledge", "watch"),
    ("knowledge", "watch_interval_secs"),
    ("answer", "min_confidence"),
    ("answer", "auto_answer_channels"),
    ("answer", "auto_answer_min_confidence"),
    ("answer", "reply_in_thread"),
    ("answer", "context_menu_public"),
    ("limits", "questions_per_window"),
    ("limits", "window_secs"),
    ("limits", "max_question_chars"),
    ("log", "format"),
    ("log", "level"),
    ("storage", "url"),
    ("storage", "queue_capacity"),
];

/// Every config key as `(section, key)` (section "" for top-level keys).
pub fn keys() -> &'static [(&'static str, &'static str)] {
    ENV_KEYS
}

/// The environment variable that overrides `section.key`.
pub fn env_var_name(section: &str, key: &str) -> String {
    if section.is_empty() {
        format!("FACTBOT_{}", key.to_uppercase())
    } else {
        format!("FACTBOT_{}_{}", section.to_uppercase(), key.to_uppercase())
    }
}

impl Config {
    /// Reads `path`, applies `FACTBOT_*` overrides from the process environment, validates.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::from_toml_with_env(&text, path, |k| std::env::var(k).ok())
    }

    /// Parses `text` (named `origin` in errors) with overrides from `env`, then validates.
    pub fn from_toml_with_env(
        text: &str,
        origin: &Path,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let parse_err = |message: String| ConfigError::Parse {
            path: origin.to_path_buf(),
            message,
        };
        let mut table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| parse_err(e.to_string().trim_end().replace('\n', " ")))?;
        for (section, key) in ENV_KEYS {
            let var = env_var_name(section, key);
            let Some(raw) = env(&var) else { continue };
            let value = env_value(&raw);
            let target = if section.is_empty() {
                &mut table
            } else {
                let entry = table
                    .entry(section.to_string())
                    .or_insert_with(|| toml::Value::Table(toml::Table::new()));
                match entry {
                    toml::Value::Table(t) => t,
                    _ => return Err(parse_err(format!("[{section}] must be a table"))),
                }
            };
            target.insert(key.to_string(), value);
        }
        let config: Config = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| parse_err(e.to_string().trim_end().replace('\n', " ")))?;
        config.validate()?;
        Ok(config)
    }

    /// Parses a config with no environment overrides (tests, examples).
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        Config::from_toml_with_env(text, Path::new("<inline>"), |_| None)
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |m: String| Err(ConfigError::Invalid(m));
        let url = &self.discord.api_url;
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return bad(format!(
                "discord.api_url must start with http:// or https://, not \"{url}\""
            ));
        }
        // Discord ids are non-zero snowflakes (serenity's id types panic on 0).
        if self.discord.guild_id == Some(0) {
            return bad("discord.guild_id must be a server id, not 0".into());
        }
        if let Shards::Range {
            first,
            count,
            total,
        } = self.discord.shards
        {
            if total == 0 || count == 0 || first.saturating_add(count) > total {
                return bad(format!(
                    "discord.shards: shards {first}..{} do not fit in total = {total}",
                    first.saturating_add(count)
                ));
            }
        }
        for (name, v) in [
            ("answer.min_confidence", self.answer.min_confidence),
            (
                "answer.auto_answer_min_confidence",
                self.answer.auto_answer_min_confidence,
            ),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return bad(format!("{name} must be between 0 and 1, not {v}"));
            }
        }
        if self.limits.questions_per_window == 0 || self.limits.window_secs == 0 {
            return bad(
                "limits.questions_per_window and limits.window_secs must be at least 1".into(),
            );
        }
        if self.limits.max_question_chars == 0 {
            return bad("limits.max_question_chars must be at least 1".into());
        }
        if let Some(url) = &self.storage.url {
            if let Err(e) = crate::store::Location::from_config(Some(url), &self.data_dir) {
                return bad(e.to_string().replace(url, &crate::store::redact_url(url)));
            }
        }
        if self.storage.queue_capacity == 0 {
            return bad("storage.queue_capacity must be at least 1".into());
        }
        if self.knowledge.watch && self.knowledge.watch_interval_secs == 0 {
            return bad("knowledge.watch_interval_secs must be at least 1".into());
        }
        Ok(())
    }

    /// The matcher tunables this config asks for.
    pub fn match_config(&self) -> MatchConfig {
        MatchConfig {
            min_confidence: self.answer.min_confidence,
            max_question_chars: self.limits.max_question_chars,
        }
    }

    /// The token from `DISCORD_TOKEN` (given as `env_token`) or `discord.token_file`.
    pub fn token(&self, env_token: Option<String>) -> Result<Token, ConfigError> {
        if let Some(t) = env_token.filter(|t| !t.trim().is_empty()) {
            return Ok(Token(t.trim().to_string()));
        }
        if let Some(path) = &self.discord.token_file {
            let t = std::fs::read_to_string(path).map_err(|source| ConfigError::TokenFile {
                path: path.clone(),
                source,
            })?;
            if !t.trim().is_empty() {
                return Ok(Token(t.trim().to_string()));
            }
        }
        Err(ConfigError::MissingToken)
    }
}

/// An environment value as TOML when it parses as one (numbers, booleans, arrays, inline
/// tables), else as a plain string, so `FACTBOT_KNOWLEDGE_DIR=/srv/kb` needs no quotes.
fn env_value(raw: &str) -> toml::Value {
    format!("v = {raw}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(raw.to_string()))
}

/// The bot token. Its `Debug` and `Display` never show it, so it cannot leak into logs.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    pub fn new(token: impl Into<String>) -> Token {
        Token(token.into())
    }

    /// The secret itself, for the one place that needs it (serenity's HTTP client).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_to_an_empty_file() {
        let c = Config::from_toml("").expect("empty config is valid");
        assert_eq!(c.discord.api_url, DISCORD_API_URL);
        assert_eq!(c.discord.shards, Shards::Auto);
        assert_eq!(c.limits.questions_per_window, 5);
        assert_eq!(c.limits.window_secs, 30);
        assert_eq!(c.log.format, LogFormat::Pretty);
    }

    #[test]
    fn env_overrides_win_and_parse_as_toml() {
        let env = |k: &str| match k {
            "FACTBOT_DISCORD_GUILD_ID" => Some("42".to_string()),
            "FACTBOT_KNOWLEDGE_DIR" => Some("/srv/kb".to_string()),
            "FACTBOT_ANSWER_AUTO_ANSWER_CHANNELS" => Some("[1, 2]".to_string()),
            "FACTBOT_LOG_FORMAT" => Some("json".to_string()),
            _ => None,
        };
        let c = Config::from_toml_with_env("[discord]\nguild_id = 7\n", Path::new("x"), env)
            .expect("valid");
        assert_eq!(c.discord.guild_id, Some(42));
        assert_eq!(c.knowledge.dir, PathBuf::from("/srv/kb"));
        assert_eq!(c.answer.auto_answer_channels, vec![1, 2]);
        assert_eq!(c.log.format, LogFormat::Json);
    }

    #[test]
    fn mistakes_are_reported_clearly() {
        let e = Config::from_toml("[answer]\nmin_confidence = 2.0\n").unwrap_err();
        assert!(e.to_string().contains("answer.min_confidence"), "{e}");
        let e = Config::from_toml("[discord]\napi_ur = \"x\"\n").unwrap_err();
        assert!(e.to_string().contains("api_ur"), "{e}");
        let e = Config::from_toml("[discord]\nshards = { id = 2, total = 2 }\n").unwrap_err();
        assert!(e.to_string().contains("shards"), "{e}");
        let e = Config::from_toml("[discord]\nguild_id = 0\n").unwrap_err();
        assert!(e.to_string().contains("guild_id"), "{e}");
        let e = Config::from_toml("[log]\nformat = \"xml\"\n").unwrap_err();
        assert!(e.to_string().contains("xml"), "{e}");
    }

    #[test]
    fn shard_ranges_parse() {
        let c = Config::from_toml("[discord]\nshards = { id = 1, total = 4, count = 2 }\n")
            .expect("valid");
        assert_eq!(
            c.discord.shards,
            Shards::Range {
                first: 1,
                count: 2,
                total: 4
            }
        );
    }

    #[test]
    fn token_never_shows() {
        let t = Token::new("secret-token");
        assert!(!format!("{t:?} {t}").contains("secret"));
        let c = Config::default();
        assert!(matches!(c.token(None), Err(ConfigError::MissingToken)));
        assert_eq!(
            c.token(Some(" abc \n".into()))
                .map(|t| t.expose().to_string())
                .ok(),
            Some("abc".to_string())
        );
    }
}
