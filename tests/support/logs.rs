//! The tests' log subscriber, installed once per process. Every line goes to the output of the
//! test that caused it (shown with `--nocapture` or on failure; `RUST_LOG` chooses the level,
//! `factbot=debug,warn` by default). A test that reads what the bot logs runs under
//! [`with_logs`]: the lines emitted on its own runtime's threads (factbot at info and above,
//! whatever `RUST_LOG` says) are kept for it alone, so tests sharing the binary never see each
//! other's lines.

use std::cell::RefCell;
use std::future::Future;
use std::io::Write;
use std::sync::{Arc, Mutex, Once};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use super::WAIT;

thread_local! {
    /// Where this thread's log lines are kept, on the runtime of a `with_logs` test.
    static KEPT: RefCell<Option<Logs>> = const { RefCell::new(None) };
}

/// The log lines kept for one test.
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    pub fn text(&self) -> String {
        self.0
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }

    /// Waits until a kept line contains `needle`.
    pub async fn wait_for(&self, needle: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        while !self.text().contains(needle) {
            assert!(
                tokio::time::Instant::now() < deadline,
                "no log line with {needle:?} in:\n{}",
                self.text()
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}

/// Writes to the `Logs` of the current thread, if it has one.
struct Keep(Option<Logs>);

impl Write for Keep {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(logs) = &self.0 {
            if let Ok(mut b) = logs.0.lock() {
                b.extend_from_slice(buf);
            }
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct KeepWriter;

impl<'a> MakeWriter<'a> for KeepWriter {
    type Writer = Keep;
    fn make_writer(&'a self) -> Keep {
        Keep(KEPT.with(|k| k.borrow().clone()))
    }
}

/// Installs the process's log subscriber (once; later calls do nothing).
pub fn init_test_logging() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let shown = EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| EnvFilter::new("factbot=debug,warn"));
        let _ = tracing_subscriber::registry()
            .with(
                tracing_subscriber::fmt::layer()
                    .with_test_writer()
                    .with_filter(shown),
            )
            .with(
                tracing_subscriber::fmt::layer()
                    .with_ansi(false)
                    .with_writer(KeepWriter)
                    .with_filter(EnvFilter::new("factbot=info")),
            )
            .try_init();
    });
}

/// Runs an async test as `#[tokio::test(flavor = "multi_thread", worker_threads = 2)]` does,
/// keeping the log lines emitted on the runtime's threads in the `Logs` it is given.
pub fn with_logs<F, Fut>(test: F)
where
    F: FnOnce(Logs) -> Fut,
    Fut: Future<Output = ()>,
{
    init_test_logging();
    let logs = Logs::default();
    let for_threads = logs.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .on_thread_start(move || KEPT.with(|k| *k.borrow_mut() = Some(for_threads.clone())))
        .build()
        .expect("test runtime");
    let previous = KEPT.with(|k| k.borrow_mut().replace(logs.clone()));
    runtime.block_on(test(logs));
    drop(runtime);
    KEPT.with(|k| *k.borrow_mut() = previous);
}
