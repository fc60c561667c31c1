//! The store: every question the bot handled and every 👍/👎 vote, kept in SQLite (a file under
//! `data_dir`, the default) or PostgreSQL (`[storage] url = "postgres://…"`, for several bot
//! processes sharing one store).
//!
//! The bot never waits for it: answers hand their records to a [`Recorder`], a bounded queue
//! drained by one writer task that inserts in batches. The curator views (`/stats`, `factbot
//! stats`) read it back through [`Store::report`].

mod notify;
mod queue;
mod report;
mod sql;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use notify::{ReloadNotifier, RELOAD_CHANNEL_PREFIX};
pub use queue::{Recorder, RecorderStatus};
pub use report::{refused_csv, DayCount, RefusedGroup, Report, SourceUse, VotedAnswer};
pub use sql::{PgStore, SqliteStore};

/// The SQLite file created under `data_dir` when no `[storage] url` is set.
pub const SQLITE_FILE: &str = "factbot.sqlite3";

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("store database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("store migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("storage.url \"{0}\" is not a postgres:// or sqlite: URL")]
    BadUrl(String),
    #[error("cannot create {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the store did not answer within {0} s")]
    Timeout(u64),
}

/// One question the bot handled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionRecord {
    /// The Discord id of the message or interaction that asked: unique, and known before the
    /// answer is sent, so the vote buttons can carry it.
    pub id: i64,
    /// Unix time, milliseconds.
    pub asked_at: i64,
    pub guild_id: Option<i64>,
    pub channel_id: Option<i64>,
    /// How it came in: mention, dm, reply, auto, slash, menu, import.
    pub via: String,
    pub question: String,
    pub answered: bool,
    pub fact_id: Option<String>,
    pub source_id: Option<String>,
    pub confidence: f32,
    pub latency_us: i64,
}

/// One user's vote on one answer (a later vote by the same user replaces it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteRecord {
    pub question_id: i64,
    pub user_id: i64,
    pub up: bool,
    pub voted_at: i64,
    /// Whether the voted message was an answer (false: a refusal; a vote there means "this
    /// should have been answered").
    pub answered: bool,
    pub fact_id: Option<String>,
}

/// A refused question as exported for curation (`factbot stats --refused --csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefusedRow {
    pub asked_at: i64,
    pub via: String,
    pub question: String,
    pub normalized: String,
    pub confidence: f32,
}

pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// What the bot needs from a database. Two back ends: [`SqliteStore`] and [`PgStore`].
pub trait Store: Send + Sync {
    /// "sqlite" or "postgres", for logs and /stats.
    fn kind(&self) -> &'static str;
    /// Creates or upgrades the tables (idempotent; the SQLite store runs it when opened).
    fn migrate(&self) -> StoreFuture<'_, ()>;
    /// Inserts questions (a repeated id is ignored) and votes (a user's vote on an answer
    /// replaces their earlier one) in one transaction.
    fn write<'a>(
        &'a self,
        questions: &'a [QuestionRecord],
        votes: &'a [VoteRecord],
    ) -> StoreFuture<'a, ()>;
    /// Inserts `questions` unless an import called `name` was done before; true if done now.
    fn import_once<'a>(
        &'a self,
        name: &'a str,
        questions: &'a [QuestionRecord],
    ) -> StoreFuture<'a, bool>;
    /// The curator report over everything since `since_ms` (unix ms).
    fn report(&self, since_ms: i64, top: usize) -> StoreFuture<'_, Report>;
    /// Refused questions since `since_ms`, oldest first.
    fn refused(&self, since_ms: i64) -> StoreFuture<'_, Vec<RefusedRow>>;
    /// A user's current vote on an answer (tests and the thank-you message).
    fn vote(&self, question_id: i64, user_id: i64) -> StoreFuture<'_, Option<bool>>;
    /// Number of stored questions (tests, checks).
    fn count_questions(&self) -> StoreFuture<'_, i64>;
    /// Closes the connections; later calls fail.
    fn close(&self) -> StoreFuture<'_, ()>;
    /// The PostgreSQL pool, for LISTEN/NOTIFY; None for SQLite (one process, nothing to tell).
    fn postgres(&self) -> Option<&sqlx::PgPool> {
        None
    }
}

/// How to reach the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    /// `url` if set (postgres://, postgresql://, sqlite:PATH), else the SQLite file under
    /// `data_dir`.
    pub fn from_config(url: Option<&str>, data_dir: &Path) -> Result<Location, StoreError> {
        match url.map(str::trim).filter(|u| !u.is_empty()) {
            None => Ok(Location::Sqlite(data_dir.join(SQLITE_FILE))),
            Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
                Ok(Location::Postgres(u.to_string()))
            }
            Some(u) => match u.strip_prefix("sqlite://").or(u.strip_prefix("sqlite:")) {
                Some(path) if !path.is_empty() => Ok(Location::Sqlite(PathBuf::from(path))),
                _ => Err(StoreError::BadUrl(u.to_string())),
            },
        }
    }

    /// Where, without a password (for logs).
    pub fn describe(&self) -> String {
        match self {
            Location::Sqlite(p) => format!("sqlite:{}", p.display()),
            Location::Postgres(u) => redact_url(u),
        }
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((auth, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

/// Opens the store. SQLite is created and migrated at once (an error here is a set-up problem
/// worth stopping for). PostgreSQL connects lazily: if it is down at start, the bot still
/// answers, and the writer migrates and writes once it is back.
pub async fn open(location: &Location) -> Result<Arc<dyn Store>, StoreError> {
    match location {
        Location::Sqlite(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            let store = SqliteStore::open(path).await?;
            store.migrate().await?;
            Ok(Arc::new(store))
        }
        Location::Postgres(url) => Ok(Arc::new(PgStore::open_lazy(url)?)),
    }
}

/// The form refused questions are grouped by: lowercase words, punctuation and spacing gone
/// ("Who WON??" and "who won" are one question).
pub fn normalize_question(q: &str) -> String {
    let mut out = String::with_capacity(q.len());
    for word in q
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Now, unix milliseconds.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Reads the old `refused.jsonl` (one `{"time", "question", "via", ...}` a line) as questions.
/// Unreadable lines are skipped and counted. Ids are negative, derived from the file's path and
/// the line number, so a second process importing its own file never collides.
pub fn read_refused_jsonl(path: &Path) -> Result<(Vec<QuestionRecord>, usize), std::io::Error> {
    #[derive(Deserialize)]
    struct Line {
        time: Option<String>,
        question: String,
        via: Option<String>,
    }
    let text = std::fs::read_to_string(path)?;
    let salt = fnv(path.to_string_lossy().as_bytes());
    let mut out = Vec::new();
    let mut skipped = 0;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Ok(l) = serde_json::from_str::<Line>(line) else {
            skipped += 1;
            continue;
        };
        let asked_at = l
            .time
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map_or(0, |t| t.timestamp_millis());
        let id = (salt ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)) & (i64::MAX as u64);
        out.push(QuestionRecord {
            id: -(id as i64) - 1,
            asked_at,
            guild_id: None,
            channel_id: None,
            via: l.via.unwrap_or_else(|| "import".to_string()),
            question: l.question,
            answered: false,
            fact_id: None,
            source_id: None,
            confidence: 0.0,
            latency_us: 0,
        });
    }
    Ok((out, skipped))
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Imports `data_dir/refused.jsonl` once (recorded in the store, so a restart does not import
/// it again); the file itself is left alone. Returns how many questions were imported.
pub async fn import_refused_log(store: &dyn Store, data_dir: &Path) -> Result<usize, StoreError> {
    let path = data_dir.join("refused.jsonl");
    if !path.exists() {
        return Ok(0);
    }
    let (questions, skipped) = read_refused_jsonl(&path).map_err(|source| StoreError::Io {
        path: path.clone(),
        source,
    })?;
    let name = format!("refused.jsonl:{}", path.display());
    if store.import_once(&name, &questions).await? {
        tracing::info!(
            path = %path.display(),
            imported = questions.len(),
            skipped,
            "imported the old refused-questions log into the store (the file is left as it is)"
        );
        Ok(questions.len())
    } else {
        Ok(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_normalize_for_grouping() {
        assert_eq!(normalize_question("Who WON??"), "who won");
        assert_eq!(normalize_question("  who   won "), "who won");
        assert_eq!(
            normalize_question("What's the U.S. plan?"),
            "what's the u s plan"
        );
    }

    #[test]
    fn locations() {
        let d = Path::new("/d");
        assert_eq!(
            Location::from_config(None, d).ok(),
            Some(Location::Sqlite(PathBuf::from("/d/factbot.sqlite3")))
        );
        assert!(matches!(
            Location::from_config(Some("postgres://u@h/db"), d),
            Ok(Location::Postgres(_))
        ));
        assert!(Location::from_config(Some("mysql://x"), d).is_err());
        assert_eq!(
            redact_url("postgres://u:pw@h/db"),
            "postgres://u:***@h/db".to_string()
        );
    }
}
