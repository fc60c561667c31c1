//! The write path: answers hand records to a bounded queue (never waiting), and one writer task
//! inserts them in batches. A full queue or a failing store drops records: they are counted,
//! the reason is logged (at most every few seconds) and `/stats` shows both. A clean shutdown
//! flushes the queue.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use super::{now_ms, QuestionRecord, Store, VoteRecord};

/// Records per batch: one transaction each.
const MAX_BATCH: usize = 1_000;
/// A batch that takes longer than this is given up (and counted as dropped).
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// After the first record of a batch, the writer waits this long for more before writing, so
/// a busy bot writes a few large transactions a second instead of one per question, and
/// answers do not wake the writer each time. A flush or shutdown does not wait.
const LINGER: Duration = Duration::from_millis(25);
/// Drops are logged at most this often (the counter keeps the exact number).
const WARN_EVERY_MS: i64 = 5_000;

enum Item {
    Question(QuestionRecord),
    Vote(VoteRecord),
    /// Acknowledged once everything queued before it is written (or dropped).
    Flush(oneshot::Sender<()>),
    /// Like `Flush`, then the writer ends.
    Stop(oneshot::Sender<()>),
}

#[derive(Default)]
struct Shared {
    written: AtomicU64,
    dropped: AtomicU64,
    last_warned_ms: AtomicI64,
    last_error: Mutex<Option<String>>,
    stopped: AtomicBool,
}

impl Shared {
    fn drop_records(&self, n: u64, reason: &str) {
        self.dropped.fetch_add(n, Ordering::Relaxed);
        if let Ok(mut e) = self.last_error.lock() {
            *e = Some(reason.to_string());
        }
        let now = now_ms();
        let last = self.last_warned_ms.load(Ordering::Relaxed);
        if now - last >= WARN_EVERY_MS
            && self
                .last_warned_ms
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            tracing::warn!(
                dropped = n,
                dropped_total = self.dropped.load(Ordering::Relaxed),
                reason,
                "store: records dropped; the bot keeps answering"
            );
        }
    }
}

/// What `/stats` shows about the write path.
#[derive(Debug, Clone, PartialEq)]
pub struct RecorderStatus {
    pub kind: &'static str,
    pub written: u64,
    pub dropped: u64,
    pub queued: usize,
    pub capacity: usize,
    /// Why the last records were dropped.
    pub last_error: Option<String>,
}

pub struct Recorder {
    store: Arc<dyn Store>,
    tx: mpsc::Sender<Item>,
    capacity: usize,
    shared: Arc<Shared>,
    writer: Mutex<Option<JoinHandle<()>>>,
}

impl Recorder {
    /// Starts the writer task (needs a Tokio runtime). `capacity` bounds the queue; `name`
    /// says which store in logs (no password: see `Location::describe`).
    pub fn start(store: Arc<dyn Store>, capacity: usize, name: String) -> Recorder {
        let capacity = capacity.max(1);
        let (tx, rx) = mpsc::channel(capacity);
        let shared = Arc::new(Shared::default());
        let writer = tokio::spawn(write_loop(store.clone(), rx, shared.clone(), name));
        Recorder {
            store,
            tx,
            capacity,
            shared,
            writer: Mutex::new(Some(writer)),
        }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    fn push(&self, item: Item) {
        if self.shared.stopped.load(Ordering::Relaxed) {
            self.shared
                .drop_records(1, "the store was already shut down");
            return;
        }
        match self.tx.try_send(item) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(_)) => self
                .shared
                .drop_records(1, "the write queue is full: the store is slow or down"),
            Err(mpsc::error::TrySendError::Closed(_)) => {
                self.shared.drop_records(1, "the store writer has stopped")
            }
        }
    }

    /// Queues a question; never waits.
    pub fn question(&self, q: QuestionRecord) {
        self.push(Item::Question(q));
    }

    /// Queues a vote; never waits.
    pub fn vote(&self, v: VoteRecord) {
        self.push(Item::Vote(v));
    }

    /// Waits (up to `timeout`) until everything queued so far is written or dropped; false on
    /// timeout.
    pub async fn flush(&self, timeout: Duration) -> bool {
        let (ack, done) = oneshot::channel();
        let send = tokio::time::timeout(timeout, self.tx.send(Item::Flush(ack)));
        match send.await {
            Ok(Ok(())) => matches!(tokio::time::timeout(timeout, done).await, Ok(Ok(()))),
            _ => false,
        }
    }

    /// Writes what is queued, then stops the writer (clean shutdown). Later records are
    /// counted as dropped.
    pub async fn shutdown(&self, timeout: Duration) {
        let (ack, done) = oneshot::channel();
        let sent = tokio::time::timeout(timeout, self.tx.send(Item::Stop(ack))).await;
        self.shared.stopped.store(true, Ordering::Relaxed);
        let flushed = matches!(sent, Ok(Ok(())))
            && matches!(tokio::time::timeout(timeout, done).await, Ok(Ok(())));
        let handle = self.writer.lock().ok().and_then(|mut w| w.take());
        if let Some(h) = handle {
            if !flushed {
                h.abort();
            }
            let _ = h.await;
        }
        let status = self.status();
        if flushed {
            tracing::info!(
                written = status.written,
                dropped = status.dropped,
                "store: queue flushed"
            );
        } else {
            tracing::error!(
                dropped = status.dropped,
                "store: the queue could not be flushed within {} s",
                timeout.as_secs()
            );
        }
    }

    pub fn status(&self) -> RecorderStatus {
        RecorderStatus {
            kind: self.store.kind(),
            written: self.shared.written.load(Ordering::Relaxed),
            dropped: self.shared.dropped.load(Ordering::Relaxed),
            queued: self.capacity - self.tx.capacity(),
            capacity: self.capacity,
            last_error: self.shared.last_error.lock().ok().and_then(|e| e.clone()),
        }
    }
}

async fn write_loop(
    store: Arc<dyn Store>,
    mut rx: mpsc::Receiver<Item>,
    shared: Arc<Shared>,
    name: String,
) {
    let mut migrated = store.kind() == "sqlite"; // SQLite is migrated when opened
    let mut questions = Vec::new();
    let mut votes = Vec::new();
    let mut acks = Vec::new();
    let mut stop = false;
    while !stop {
        let Some(first) = rx.recv().await else { break };
        let urgent = matches!(first, Item::Flush(_) | Item::Stop(_));
        let mut next = Some(first);
        let mut lingered = urgent;
        loop {
            while let Some(item) = next.take() {
                match item {
                    Item::Question(q) => questions.push(q),
                    Item::Vote(v) => votes.push(v),
                    Item::Flush(ack) => {
                        acks.push(ack);
                        lingered = true;
                    }
                    Item::Stop(ack) => {
                        acks.push(ack);
                        stop = true;
                        lingered = true;
                        break;
                    }
                }
                if questions.len() + votes.len() < MAX_BATCH {
                    next = rx.try_recv().ok();
                }
            }
            // A full batch (a busy bot) is written at once; a small one waits a moment for
            // more. Records arriving meanwhile just queue up: nobody is woken for each.
            if lingered || stop || questions.len() + votes.len() >= MAX_BATCH {
                break;
            }
            tokio::time::sleep(LINGER).await;
            lingered = true;
            next = rx.try_recv().ok();
        }
        if !questions.is_empty() || !votes.is_empty() {
            let n = (questions.len() + votes.len()) as u64;
            let result = async {
                if !migrated {
                    store.migrate().await?;
                    migrated = true;
                }
                store.write(&questions, &votes).await
            };
            match tokio::time::timeout(WRITE_TIMEOUT, result).await {
                Ok(Ok(())) => {
                    shared.written.fetch_add(n, Ordering::Relaxed);
                }
                Ok(Err(e)) => shared.drop_records(n, &format!("writing to {name} failed: {e}")),
                Err(_) => shared.drop_records(
                    n,
                    &format!("{name} did not answer within {} s", WRITE_TIMEOUT.as_secs()),
                ),
            }
            questions.clear();
            votes.clear();
        }
        for ack in acks.drain(..) {
            let _ = ack.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{RefusedRow, Report, StoreError, StoreFuture};

    /// A store that records what it is given, or fails, or blocks until released.
    struct Fake {
        written: Mutex<Vec<i64>>,
        fail: AtomicBool,
        gate: tokio::sync::Semaphore,
    }

    impl Default for Fake {
        fn default() -> Fake {
            Fake {
                written: Mutex::new(Vec::new()),
                fail: AtomicBool::new(false),
                gate: tokio::sync::Semaphore::new(0),
            }
        }
    }

    impl Store for Fake {
        fn kind(&self) -> &'static str {
            "sqlite"
        }
        fn migrate(&self) -> StoreFuture<'_, ()> {
            Box::pin(async { Ok(()) })
        }
        fn write<'a>(
            &'a self,
            questions: &'a [QuestionRecord],
            _votes: &'a [VoteRecord],
        ) -> StoreFuture<'a, ()> {
            Box::pin(async move {
                let _permit = self.gate.acquire().await;
                if self.fail.load(Ordering::SeqCst) {
                    return Err(StoreError::Timeout(0));
                }
                if let Ok(mut w) = self.written.lock() {
                    w.extend(questions.iter().map(|q| q.id));
                }
                Ok(())
            })
        }
        fn import_once<'a>(
            &'a self,
            _name: &'a str,
            _q: &'a [QuestionRecord],
        ) -> StoreFuture<'a, bool> {
            Box::pin(async { Ok(false) })
        }
        fn report(&self, _since: i64, _top: usize) -> StoreFuture<'_, Report> {
            Box::pin(async { Ok(Report::default()) })
        }
        fn refused(&self, _since: i64) -> StoreFuture<'_, Vec<RefusedRow>> {
            Box::pin(async { Ok(Vec::new()) })
        }
        fn vote(&self, _q: i64, _u: i64) -> StoreFuture<'_, Option<bool>> {
            Box::pin(async { Ok(None) })
        }
        fn count_questions(&self) -> StoreFuture<'_, i64> {
            Box::pin(async { Ok(0) })
        }
        fn close(&self) -> StoreFuture<'_, ()> {
            Box::pin(async { Ok(()) })
        }
    }

    fn q(id: i64) -> QuestionRecord {
        QuestionRecord {
            id,
            asked_at: 0,
            guild_id: None,
            channel_id: None,
            via: "test".into(),
            question: "q".into(),
            answered: true,
            fact_id: None,
            source_id: None,
            confidence: 1.0,
            latency_us: 0,
        }
    }

    #[tokio::test]
    async fn flushed_in_order_and_everything_written_on_shutdown() {
        let fake = Arc::new(Fake::default());
        fake.gate.add_permits(1_000);
        let r = Recorder::start(fake.clone(), 100, "fake".into());
        for i in 0..50 {
            r.question(q(i));
        }
        assert!(r.flush(Duration::from_secs(5)).await);
        assert_eq!(fake.written.lock().map(|w| w.len()).ok(), Some(50));
        for i in 50..60 {
            r.question(q(i));
        }
        r.shutdown(Duration::from_secs(5)).await;
        let written = fake.written.lock().map(|w| w.clone()).unwrap_or_default();
        assert_eq!(written, (0..60).collect::<Vec<_>>());
        assert_eq!(r.status().written, 60);
        r.question(q(99));
        assert_eq!(r.status().dropped, 1, "after shutdown: counted as dropped");
    }

    #[tokio::test]
    async fn a_stuck_store_fills_the_queue_and_drops_are_counted() {
        let fake = Arc::new(Fake::default()); // no permits: every write blocks
        let r = Recorder::start(fake.clone(), 4, "fake".into());
        for i in 0..20 {
            r.question(q(i)); // never waits
        }
        let s = r.status();
        assert!(s.dropped >= 15, "{s:?}");
        assert!(s.last_error.is_some_and(|e| e.contains("queue is full")));
        fake.fail.store(true, Ordering::SeqCst);
        fake.gate.add_permits(1_000);
        assert!(r.flush(Duration::from_secs(5)).await);
        let s = r.status();
        assert_eq!(s.dropped, 20, "failed writes are drops too: {s:?}");
        assert!(s
            .last_error
            .is_some_and(|e| e.contains("writing to fake failed")));
    }
}
