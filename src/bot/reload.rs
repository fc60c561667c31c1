//! Reloading the knowledge base: load and validate a whole new base off the async runtime, then
//! swap it in atomically. A question holds one `Arc<Matcher>` from start to finish, so it is
//! answered from one whole base, old or new, never a mix. On any error nothing is swapped.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use thiserror::Error;

use crate::engine::{MatchConfig, Matcher};
use crate::knowledge::{load_dir, Fact, FactBase, LoadError};

use super::state::State;

#[derive(Debug, Error)]
pub enum ReloadError {
    #[error("the knowledge base has {} error(s); still serving the previous one", .0.diagnostics.len())]
    Invalid(LoadError),
    #[error("loading the knowledge base failed unexpectedly: {0}")]
    Crashed(String),
}

impl ReloadError {
    /// Every problem, one `path:line:col: message` a line.
    pub fn details(&self) -> Vec<String> {
        match self {
            ReloadError::Invalid(e) => e.diagnostics.iter().map(|d| d.to_string()).collect(),
            ReloadError::Crashed(m) => vec![m.clone()],
        }
    }
}

/// What a reload changed, by fact id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ReloadReport {
    pub diff: Diff,
    pub facts: usize,
    pub sources: usize,
    pub warnings: Vec<String>,
    pub elapsed: Duration,
}

impl ReloadReport {
    pub fn render(&self) -> String {
        let list = |ids: &[String]| {
            if ids.is_empty() {
                "none".to_string()
            } else {
                ids.join(", ")
            }
        };
        let mut s = format!(
            "Reloaded {} facts from {} source(s) in {} ms.\nAdded ({}): {}\nRemoved ({}): {}\nChanged ({}): {}",
            self.facts,
            self.sources,
            self.elapsed.as_millis(),
            self.diff.added.len(),
            list(&self.diff.added),
            self.diff.removed.len(),
            list(&self.diff.removed),
            self.diff.changed.len(),
            list(&self.diff.changed),
        );
        for w in &self.warnings {
            s.push_str("\nwarning: ");
            s.push_str(w);
        }
        s
    }
}

/// Facts differ for a reader when what is answered, quoted or matched against differs.
fn same_fact(a: &Fact, b: &Fact, old: &FactBase, new: &FactBase) -> bool {
    a.answer == b.answer
        && a.sentence == b.sentence
        && a.questions == b.questions
        && a.draft == b.draft
        && a.truncated == b.truncated
        && a.when == b.when
        && old.source_of(a).id == new.source_of(b).id
}

pub fn diff(old: &FactBase, new: &FactBase) -> Diff {
    let old_by_id: HashMap<&str, &Fact> = old.facts.iter().map(|f| (f.id.as_str(), f)).collect();
    let new_by_id: HashMap<&str, &Fact> = new.facts.iter().map(|f| (f.id.as_str(), f)).collect();
    let mut d = Diff::default();
    for f in &new.facts {
        match old_by_id.get(f.id.as_str()) {
            None => d.added.push(f.id.clone()),
            Some(o) if !same_fact(o, f, old, new) => d.changed.push(f.id.clone()),
            Some(_) => {}
        }
    }
    d.removed = old
        .facts
        .iter()
        .filter(|f| !new_by_id.contains_key(f.id.as_str()))
        .map(|f| f.id.clone())
        .collect();
    d
}

/// Loads `dir` into a matcher on a blocking thread (parsing and indexing are CPU work).
pub async fn build_matcher(
    dir: &Path,
    config: MatchConfig,
) -> Result<(Matcher, Vec<String>), ReloadError> {
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let loaded = load_dir(&dir).map_err(ReloadError::Invalid)?;
        let warnings = loaded.warnings.iter().map(|w| w.to_string()).collect();
        Ok((Matcher::new(loaded.base, config), warnings))
    })
    .await
    .map_err(|e| ReloadError::Crashed(e.to_string()))?
}

/// Reloads the configured knowledge directory into `state`; `trigger` names who asked, for logs.
pub async fn reload(state: &State, trigger: &str) -> Result<ReloadReport, ReloadError> {
    // One reload at a time, so each diff is against the base it actually replaces.
    let _guard = state.reload_lock.lock().await;
    let started = Instant::now();
    let result = build_matcher(&state.config.knowledge.dir, state.config.match_config()).await;
    match result {
        Ok((matcher, warnings)) => {
            let old = state.matcher.load_full();
            let diff = diff(old.base(), matcher.base());
            let report = ReloadReport {
                facts: matcher.base().facts.len(),
                sources: matcher.base().sources.len(),
                diff,
                warnings,
                elapsed: started.elapsed(),
            };
            state.matcher.store(Arc::new(matcher));
            tracing::info!(
                trigger,
                facts = report.facts,
                added = report.diff.added.len(),
                removed = report.diff.removed.len(),
                changed = report.diff.changed.len(),
                elapsed_ms = report.elapsed.as_millis() as u64,
                "knowledge base reloaded"
            );
            Ok(report)
        }
        Err(e) => {
            tracing::warn!(trigger, error = %e, details = ?e.details(), "reload failed; keeping the previous knowledge base");
            Err(e)
        }
    }
}

/// Reloads, then (with a PostgreSQL store) tells the other bot processes to reload too. Used by
/// the operator's triggers (/reload, /source, SIGHUP); a reload caused by another process's
/// notification is not announced again.
pub async fn reload_and_announce(
    state: &State,
    trigger: &str,
) -> Result<ReloadReport, ReloadError> {
    let report = reload(state, trigger).await?;
    if let Some(notifier) = state.notifier.get() {
        if let Err(e) = notifier.notify(trigger).await {
            tracing::warn!(error = %e, "could not tell the other processes to reload");
        }
    }
    Ok(report)
}
