//! Telling the other bot processes on the same PostgreSQL store to reload the knowledge base,
//! through PostgreSQL's own LISTEN/NOTIFY. The channel is named after the store's schema, so
//! separate deployments (or tests) in one database do not hear each other.

use std::time::Duration;

use sqlx::postgres::PgListener;
use sqlx::{PgPool, Row};
use tokio::sync::mpsc;

use super::StoreError;

/// The NOTIFY channel is this, `_`, and the schema name.
pub const RELOAD_CHANNEL_PREFIX: &str = "factbot_reload";

pub struct ReloadNotifier {
    pool: PgPool,
    channel: String,
    /// This process's tag: its own notifications are ignored.
    me: String,
}

impl ReloadNotifier {
    /// Reads the schema the store lives in to name the channel.
    pub async fn new(pool: &PgPool) -> Result<ReloadNotifier, StoreError> {
        let row = sqlx::query("SELECT current_schema()")
            .fetch_one(pool)
            .await?;
        let schema: Option<String> = row.try_get(0)?;
        let channel = format!(
            "{RELOAD_CHANNEL_PREFIX}_{}",
            schema.unwrap_or_else(|| "public".into())
        );
        let me = format!("{}-{}", std::process::id(), super::now_ms());
        Ok(ReloadNotifier {
            pool: pool.clone(),
            channel,
            me,
        })
    }

    pub fn channel(&self) -> &str {
        &self.channel
    }

    /// Tells the other processes to reload; `what` says why (for their logs).
    pub async fn notify(&self, what: &str) -> Result<(), StoreError> {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(&self.channel)
            .bind(format!("{} {what}", self.me))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Listens for the other processes' notifications and passes each on to `tx` (why they
    /// reloaded), until `tx`'s receiver is gone. Reconnects by itself if the connection drops.
    pub async fn listen(&self, tx: mpsc::Sender<String>) {
        let me = format!("{} ", self.me);
        loop {
            let mut listener = match PgListener::connect_with(&self.pool).await {
                Ok(l) => l,
                Err(e) => {
                    tracing::warn!(error = %e, "store: cannot LISTEN for reloads yet; retrying");
                    tokio::time::sleep(Duration::from_secs(2)).await;
                    continue;
                }
            };
            if let Err(e) = listener.listen(&self.channel).await {
                tracing::warn!(error = %e, "store: LISTEN failed; retrying");
                tokio::time::sleep(Duration::from_secs(2)).await;
                continue;
            }
            tracing::info!(channel = %self.channel, "listening for reloads by other processes");
            loop {
                match listener.recv().await {
                    Ok(n) if n.payload().starts_with(&me) => {}
                    Ok(n) => {
                        let why = n
                            .payload()
                            .split_once(' ')
                            .map_or("", |(_, w)| w)
                            .to_string();
                        if tx.send(why).await.is_err() {
                            return;
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "store: lost the LISTEN connection; reconnecting");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        break;
                    }
                }
            }
        }
    }
}
