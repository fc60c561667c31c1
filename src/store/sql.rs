//! The two back ends. Their SQL is the same text (`$1` placeholders work in both, and the
//! queries keep to what SQLite and PostgreSQL share), so one macro writes both implementations;
//! only connecting and the migrations (`migrations/sqlite`, `migrations/postgres`) differ.

use std::borrow::Cow;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{PgPool, QueryBuilder, Row, SqlitePool};

use super::report::{DayCount, RefusedGroup, Report, SourceUse, VotedAnswer};
use super::{
    normalize_question, now_ms, QuestionRecord, RefusedRow, Store, StoreError, StoreFuture,
    VoteRecord,
};

/// Rows per INSERT statement: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const ROWS_PER_STATEMENT: usize = 500;

/// The migrations, compiled in (no `migrate!` macro, so sqlx's macros stay off).
#[derive(Debug)]
struct Embedded(&'static [(i64, &'static str, &'static str)]);

impl MigrationSource<'static> for Embedded {
    fn resolve(
        self,
    ) -> std::pin::Pin<
        Box<
            dyn std::future::Future<Output = Result<Vec<Migration>, sqlx::error::BoxDynError>>
                + Send,
        >,
    > {
        Box::pin(async move {
            Ok(self
                .0
                .iter()
                .map(|(version, description, sql)| {
                    Migration::new(
                        *version,
                        Cow::Borrowed(*description),
                        MigrationType::Simple,
                        Cow::Borrowed(*sql),
                        false,
                    )
                })
                .collect())
        })
    }
}

const SQLITE_MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "store",
    include_str!("../../migrations/sqlite/0001_store.sql"),
)];
const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "store",
    include_str!("../../migrations/postgres/0001_store.sql"),
)];

pub struct SqliteStore {
    pool: SqlitePool,
}

pub struct PgStore {
    pool: PgPool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database file. WAL with `synchronous = NORMAL`: a commit
    /// is one append to the log, safe against a process crash.
    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            // SQLite's page cache is per connection (2 MiB by default, so 8 MiB over the pool)
            // and fills as the database grows: at the end of the soak it held 4.1 MiB for a
            // 1.9 MB database. 256 KiB each holds the b-tree pages a write touches; the OS
            // caches the file anyway.
            .pragma("cache_size", "-256");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await?;
        Ok(SqliteStore { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

impl PgStore {
    /// Connects on first use: a database that is down at start delays nothing.
    pub fn open_lazy(url: &str) -> Result<PgStore, StoreError> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(3))
            .connect_lazy_with(options);
        Ok(PgStore { pool })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// Keeps each user's last vote per answer: PostgreSQL refuses to update one row twice in one
/// statement.
fn last_votes(votes: &[VoteRecord]) -> Vec<&VoteRecord> {
    let mut out: Vec<&VoteRecord> = Vec::with_capacity(votes.len());
    for v in votes {
        if let Some(slot) = out
            .iter_mut()
            .find(|o| o.question_id == v.question_id && o.user_id == v.user_id)
        {
            *slot = v;
        } else {
            out.push(v);
        }
    }
    out
}

const DAYS_SQL: &str = "SELECT asked_at / 86400000 AS day, \
     SUM(CASE WHEN answered THEN 1 ELSE 0 END) AS answered, \
     SUM(CASE WHEN answered THEN 0 ELSE 1 END) AS refused \
     FROM questions WHERE asked_at >= $1 GROUP BY asked_at / 86400000 ORDER BY day";
const TOP_REFUSED_SQL: &str = "SELECT normalized, MIN(question) AS example, COUNT(*) AS n \
     FROM questions WHERE NOT answered AND asked_at >= $1 \
     GROUP BY normalized ORDER BY n DESC, normalized LIMIT $2";
const MOST_DOWN_SQL: &str = "SELECT v.question_id, MAX(q.question) AS question, \
     MAX(COALESCE(v.fact_id, q.fact_id)) AS fact_id, \
     SUM(CASE WHEN v.answered THEN 1 ELSE 0 END) AS answered, \
     SUM(CASE WHEN v.up THEN 1 ELSE 0 END) AS ups, \
     SUM(CASE WHEN v.up THEN 0 ELSE 1 END) AS downs \
     FROM votes v LEFT JOIN questions q ON q.id = v.question_id \
     WHERE v.voted_at >= $1 GROUP BY v.question_id \
     HAVING SUM(CASE WHEN v.up THEN 0 ELSE 1 END) > 0 \
     ORDER BY downs DESC, v.question_id LIMIT $2";
const SOURCES_SQL: &str = "SELECT source_id, COUNT(*) AS n FROM questions \
     WHERE answered AND source_id IS NOT NULL AND asked_at >= $1 \
     GROUP BY source_id ORDER BY n DESC, source_id";
const VOTE_TOTALS_SQL: &str = "SELECT \
     SUM(CASE WHEN up THEN 1 ELSE 0 END) AS ups, \
     SUM(CASE WHEN up THEN 0 ELSE 1 END) AS downs, \
     SUM(CASE WHEN answered THEN 0 ELSE 1 END) AS on_refusals \
     FROM votes WHERE voted_at >= $1";
const REFUSED_SQL: &str = "SELECT asked_at, via, question, normalized, confidence \
     FROM questions WHERE NOT answered AND asked_at >= $1 ORDER BY asked_at, id";

/// The same implementation for both pools.
macro_rules! sql_store {
    ($store:ty, $db:ty, $kind:literal, $migrations:expr, { $($extra:tt)* }) => {
        impl $store {
            async fn write_now(
                &self,
                questions: &[QuestionRecord],
                votes: &[VoteRecord],
            ) -> Result<(), StoreError> {
                let mut tx = self.pool.begin().await?;
                for chunk in questions.chunks(ROWS_PER_STATEMENT) {
                    insert_questions::<$db>(chunk)
                        .build()
                        .execute(&mut *tx)
                        .await?;
                }
                let votes = last_votes(votes);
                for chunk in votes.chunks(ROWS_PER_STATEMENT) {
                    let mut b: QueryBuilder<$db> = QueryBuilder::new(
                        "INSERT INTO votes (question_id, user_id, up, voted_at, answered, fact_id) ",
                    );
                    b.push_values(chunk, |mut row, v| {
                        row.push_bind(v.question_id)
                            .push_bind(v.user_id)
                            .push_bind(v.up)
                            .push_bind(v.voted_at)
                            .push_bind(v.answered)
                            .push_bind(v.fact_id.clone());
                    });
                    b.push(
                        " ON CONFLICT (question_id, user_id) DO UPDATE SET up = excluded.up, \
                         voted_at = excluded.voted_at",
                    );
                    b.build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn import_now(
                &self,
                name: &str,
                questions: &[QuestionRecord],
            ) -> Result<bool, StoreError> {
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "INSERT INTO imports (name, done_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(name)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    tx.rollback().await?;
                    return Ok(false);
                }
                for chunk in questions.chunks(ROWS_PER_STATEMENT) {
                    insert_questions::<$db>(chunk)
                        .build()
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn report_now(&self, since_ms: i64, top: usize) -> Result<Report, StoreError> {
                let top = top as i64;
                let mut report = Report {
                    since_ms,
                    ..Report::default()
                };
                for row in sqlx::query(DAYS_SQL)
                    .bind(since_ms)
                    .fetch_all(&self.pool)
                    .await?
                {
                    let day = DayCount {
                        day: row.try_get::<i64, _>(0)?,
                        answered: row.try_get::<i64, _>(1)?,
                        refused: row.try_get::<i64, _>(2)?,
                    };
                    report.answered += day.answered;
                    report.refused += day.refused;
                    report.days.push(day);
                }
                for row in sqlx::query(TOP_REFUSED_SQL)
                    .bind(since_ms)
                    .bind(top)
                    .fetch_all(&self.pool)
                    .await?
                {
                    report.top_refused.push(RefusedGroup {
                        normalized: row.try_get(0)?,
                        example: row.try_get(1)?,
                        count: row.try_get::<i64, _>(2)?,
                        nearest: Vec::new(),
                    });
                }
                for row in sqlx::query(MOST_DOWN_SQL)
                    .bind(since_ms)
                    .bind(top)
                    .fetch_all(&self.pool)
                    .await?
                {
                    report.most_down.push(VotedAnswer {
                        question_id: row.try_get(0)?,
                        question: row.try_get(1)?,
                        fact_id: row.try_get(2)?,
                        answered: row.try_get::<i64, _>(3)? > 0,
                        up: row.try_get::<i64, _>(4)?,
                        down: row.try_get::<i64, _>(5)?,
                    });
                }
                for row in sqlx::query(SOURCES_SQL)
                    .bind(since_ms)
                    .fetch_all(&self.pool)
                    .await?
                {
                    report.sources.push(SourceUse {
                        source_id: row.try_get(0)?,
                        answered: row.try_get::<i64, _>(1)?,
                    });
                }
                let row = sqlx::query(VOTE_TOTALS_SQL)
                    .bind(since_ms)
                    .fetch_one(&self.pool)
                    .await?;
                report.votes_up = row.try_get::<Option<i64>, _>(0)?.unwrap_or(0);
                report.votes_down = row.try_get::<Option<i64>, _>(1)?.unwrap_or(0);
                report.votes_on_refusals = row.try_get::<Option<i64>, _>(2)?.unwrap_or(0);
                Ok(report)
            }

            async fn refused_now(&self, since_ms: i64) -> Result<Vec<RefusedRow>, StoreError> {
                let rows = sqlx::query(REFUSED_SQL)
                    .bind(since_ms)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter()
                    .map(|row| {
                        Ok(RefusedRow {
                            asked_at: row.try_get(0)?,
                            via: row.try_get(1)?,
                            question: row.try_get(2)?,
                            normalized: row.try_get(3)?,
                            confidence: row.try_get(4)?,
                        })
                    })
                    .collect()
            }
        }

        impl Store for $store {
            fn kind(&self) -> &'static str {
                $kind
            }

            fn migrate(&self) -> StoreFuture<'_, ()> {
                Box::pin(async move {
                    let migrator = Migrator::new(Embedded($migrations)).await?;
                    migrator.run(&self.pool).await?;
                    Ok(())
                })
            }

            fn write<'a>(
                &'a self,
                questions: &'a [QuestionRecord],
                votes: &'a [VoteRecord],
            ) -> StoreFuture<'a, ()> {
                Box::pin(self.write_now(questions, votes))
            }

            fn import_once<'a>(
                &'a self,
                name: &'a str,
                questions: &'a [QuestionRecord],
            ) -> StoreFuture<'a, bool> {
                Box::pin(self.import_now(name, questions))
            }

            fn report(&self, since_ms: i64, top: usize) -> StoreFuture<'_, Report> {
                Box::pin(self.report_now(since_ms, top))
            }

            fn refused(&self, since_ms: i64) -> StoreFuture<'_, Vec<RefusedRow>> {
                Box::pin(self.refused_now(since_ms))
            }

            fn vote(&self, question_id: i64, user_id: i64) -> StoreFuture<'_, Option<bool>> {
                Box::pin(async move {
                    let row = sqlx::query(
                        "SELECT up FROM votes WHERE question_id = $1 AND user_id = $2",
                    )
                    .bind(question_id)
                    .bind(user_id)
                    .fetch_optional(&self.pool)
                    .await?;
                    Ok(match row {
                        Some(r) => Some(r.try_get::<bool, _>(0)?),
                        None => None,
                    })
                })
            }

            fn count_questions(&self) -> StoreFuture<'_, i64> {
                Box::pin(async move {
                    let row = sqlx::query("SELECT COUNT(*) FROM questions")
                        .fetch_one(&self.pool)
                        .await?;
                    Ok(row.try_get::<i64, _>(0)?)
                })
            }

            fn close(&self) -> StoreFuture<'_, ()> {
                Box::pin(async move {
                    self.pool.close().await;
                    Ok(())
                })
            }

            $($extra)*
        }
    };
}

fn insert_questions<'a, DB>(chunk: &'a [QuestionRecord]) -> QueryBuilder<'a, DB>
where
    DB: sqlx::Database,
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    Option<i64>: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    Option<String>: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    bool: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    f32: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let mut b: QueryBuilder<'a, DB> = QueryBuilder::new(
        "INSERT INTO questions (id, asked_at, guild_id, channel_id, via, question, normalized, \
         answered, fact_id, source_id, confidence, latency_us) ",
    );
    b.push_values(chunk, |mut row, q| {
        row.push_bind(q.id)
            .push_bind(q.asked_at)
            .push_bind(q.guild_id)
            .push_bind(q.channel_id)
            .push_bind(q.via.clone())
            .push_bind(q.question.clone())
            .push_bind(normalize_question(&q.question))
            .push_bind(q.answered)
            .push_bind(q.fact_id.clone())
            .push_bind(q.source_id.clone())
            .push_bind(q.confidence)
            .push_bind(q.latency_us);
    });
    b.push(" ON CONFLICT (id) DO NOTHING");
    b
}

sql_store!(SqliteStore, sqlx::Sqlite, "sqlite", SQLITE_MIGRATIONS, {});
sql_store!(PgStore, sqlx::Postgres, "postgres", POSTGRES_MIGRATIONS, {
    fn postgres(&self) -> Option<&sqlx::PgPool> {
        Some(&self.pool)
    }
});
