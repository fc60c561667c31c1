//! Question sets (`[[case]]` tables: `q`, `expect`, `answer_has`, `kind`) run through the
//! matcher, with accuracy per kind.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::engine::{Answer, Matcher};

#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub q: String,
    /// Acceptable supporting sentences, verbatim; empty when the source cannot answer.
    #[serde(default)]
    pub expect: Vec<String>,
    /// A good answer contains at least one of these.
    #[serde(default)]
    pub answer_has: Vec<String>,
    #[serde(default = "default_kind")]
    pub kind: String,
}

fn default_kind() -> String {
    "direct".into()
}

#[derive(Debug, Clone, Deserialize)]
pub struct QuestionSet {
    #[serde(rename = "case")]
    pub cases: Vec<Case>,
}

impl QuestionSet {
    /// Expected sentences found in no source's text, with their question: a typo in the set,
    /// which would otherwise count silently as a wrong refusal or a wrong answer.
    pub fn unknown_expectations<'a>(
        &'a self,
        base: &crate::knowledge::FactBase,
    ) -> Vec<(&'a str, &'a str)> {
        self.cases
            .iter()
            .flat_map(|c| c.expect.iter().map(move |e| (c.q.as_str(), e.as_str())))
            .filter(|(_, e)| !base.sources.iter().any(|s| s.text.contains(e)))
            .collect()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read question set {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("question set {path} is not valid: {source}")]
    Parse {
        path: String,
        source: toml::de::Error,
    },
}

impl QuestionSet {
    pub fn load(path: &Path) -> Result<QuestionSet, EvalError> {
        let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
            path: path.display().to_string(),
            source,
        })?;
        toml::from_str(&text).map_err(|source| EvalError::Parse {
            path: path.display().to_string(),
            source,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Answerable, answered from an expected sentence.
    Right,
    /// Answered from a sentence not expected (or answered an unanswerable question).
    Wrong,
    /// Answerable but refused.
    Refused,
    /// Unanswerable and refused.
    RightlyRefused,
}

#[derive(Debug, Clone)]
pub struct CaseResult {
    pub case: Case,
    pub answer: Answer,
    pub outcome: Outcome,
    /// For right answers: the answer text holds one of `answer_has` (or there is none).
    pub has_expected_words: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub right: usize,
    pub wrong: usize,
    pub refused: usize,
    pub rightly_refused: usize,
}

impl Tally {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Right => self.right += 1,
            Outcome::Wrong => self.wrong += 1,
            Outcome::Refused => self.refused += 1,
            Outcome::RightlyRefused => self.rightly_refused += 1,
        }
    }
    pub fn total(&self) -> usize {
        self.right + self.wrong + self.refused + self.rightly_refused
    }
    pub fn plus(&self, other: &Tally) -> Tally {
        Tally {
            right: self.right + other.right,
            wrong: self.wrong + other.wrong,
            refused: self.refused + other.refused,
            rightly_refused: self.rightly_refused + other.rightly_refused,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Report {
    pub results: Vec<CaseResult>,
    pub by_kind: BTreeMap<String, Tally>,
    /// Over answerable questions.
    pub answerable: Tally,
    /// Over questions the source cannot answer.
    pub unanswerable: Tally,
    /// Refusals that showed the nearest passage.
    pub nearest: NearestTally,
}

/// Refusals that showed a nearest passage: on answerable questions (and how many of those
/// passages were a right sentence), and on unanswerable ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NearestTally {
    pub answerable_shown: usize,
    pub answerable_right: usize,
    pub unanswerable_shown: usize,
}

impl NearestTally {
    pub fn plus(&self, other: &NearestTally) -> NearestTally {
        NearestTally {
            answerable_shown: self.answerable_shown + other.answerable_shown,
            answerable_right: self.answerable_right + other.answerable_right,
            unanswerable_shown: self.unanswerable_shown + other.unanswerable_shown,
        }
    }

    /// One line for a report, after the refusals it counts.
    fn line(&self, answerable_refused: usize, unanswerable_refused: usize) -> String {
        format!(
            "refusals showing the nearest passage: {} of {answerable_refused} answerable \
             ({} a right sentence), {} of {unanswerable_refused} unanswerable",
            self.answerable_shown, self.answerable_right, self.unanswerable_shown
        )
    }
}

/// `a` of `b` as a percentage to one decimal, or a dash when there are none to count (a set
/// with no unanswerable questions has refused none of them, not all).
fn percent(a: usize, b: usize) -> String {
    if b == 0 {
        "—".into()
    } else {
        format!("{:.1}%", 100.0 * a as f64 / b as f64)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

impl Report {
    pub fn answerable_accuracy(&self) -> f64 {
        ratio(self.answerable.right, self.answerable.total())
    }
    pub fn answerable_wrong_rate(&self) -> f64 {
        ratio(self.answerable.wrong, self.answerable.total())
    }
    pub fn refusal_rate(&self) -> f64 {
        ratio(self.unanswerable.rightly_refused, self.unanswerable.total())
    }
}

pub fn run(matcher: &Matcher, set: &QuestionSet) -> Report {
    let mut report = Report {
        results: Vec::new(),
        by_kind: BTreeMap::new(),
        answerable: Tally::default(),
        unanswerable: Tally::default(),
        nearest: NearestTally::default(),
    };
    for case in &set.cases {
        let answer = matcher.answer(&case.q);
        let cited = answer.citation.as_ref().map(|c| c.sentence.as_str());
        let outcome = match (case.expect.is_empty(), cited) {
            (true, None) => Outcome::RightlyRefused,
            (true, Some(_)) => Outcome::Wrong,
            (false, None) => Outcome::Refused,
            (false, Some(s)) if case.expect.iter().any(|e| e == s) => Outcome::Right,
            (false, Some(_)) => Outcome::Wrong,
        };
        // Case aside: "Three people" holds "three".
        let text = answer.answer.as_deref().unwrap_or("").to_lowercase();
        let has_expected_words = case.answer_has.is_empty()
            || case
                .answer_has
                .iter()
                .any(|w| text.contains(&w.to_lowercase()));
        report
            .by_kind
            .entry(case.kind.clone())
            .or_default()
            .add(outcome);
        if case.expect.is_empty() {
            report.unanswerable.add(outcome);
        } else {
            report.answerable.add(outcome);
        }
        if let Some(n) = &answer.nearest {
            if case.expect.is_empty() {
                report.nearest.unanswerable_shown += 1;
            } else {
                report.nearest.answerable_shown += 1;
                if case.expect.contains(&n.citation.sentence) {
                    report.nearest.answerable_right += 1;
                }
            }
        }
        report.results.push(CaseResult {
            case: case.clone(),
            answer,
            outcome,
            has_expected_words,
        });
    }
    report
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<14} {:>5} {:>6} {:>6} {:>8}",
            "kind", "n", "right", "wrong", "refused"
        )?;
        for (kind, t) in &self.by_kind {
            let right = t.right + t.rightly_refused;
            writeln!(
                f,
                "{:<14} {:>5} {:>6} {:>6} {:>8}",
                kind,
                t.total(),
                right,
                t.wrong,
                t.refused + t.rightly_refused
            )?;
        }
        writeln!(
            f,
            "\nanswerable: {}/{} right ({}), {} wrong ({}), {} refused",
            self.answerable.right,
            self.answerable.total(),
            percent(self.answerable.right, self.answerable.total()),
            self.answerable.wrong,
            percent(self.answerable.wrong, self.answerable.total()),
            self.answerable.refused
        )?;
        writeln!(
            f,
            "unanswerable: {}/{} refused ({})",
            self.unanswerable.rightly_refused,
            self.unanswerable.total(),
            percent(self.unanswerable.rightly_refused, self.unanswerable.total())
        )?;
        writeln!(
            f,
            "{}",
            self.nearest
                .line(self.answerable.refused, self.unanswerable.rightly_refused)
        )?;
        let wrong: Vec<&CaseResult> = self
            .results
            .iter()
            .filter(|r| r.outcome == Outcome::Wrong)
            .collect();
        if !wrong.is_empty() {
            writeln!(f, "\nwrong answers:")?;
            for r in wrong {
                writeln!(
                    f,
                    "  [{}] {}\n      -> {} ({:.2})",
                    r.case.kind,
                    r.case.q,
                    r.answer.fact_id.as_deref().unwrap_or("?"),
                    r.answer.confidence
                )?;
            }
        }
        let refused: Vec<&CaseResult> = self
            .results
            .iter()
            .filter(|r| r.outcome == Outcome::Refused)
            .collect();
        if !refused.is_empty() {
            writeln!(f, "\nwrongly refused:")?;
            for r in refused {
                let best = r.answer.nearest.as_ref().map_or_else(
                    || {
                        r.answer
                            .suggestions
                            .first()
                            .map_or("-", |s| s.fact_id.as_str())
                    },
                    |n| n.fact_id.as_str(),
                );
                writeln!(
                    f,
                    "  [{}] {} ({:.2}, best: {best})",
                    r.case.kind, r.case.q, r.answer.confidence
                )?;
            }
        }
        let missing: Vec<&CaseResult> = self
            .results
            .iter()
            .filter(|r| r.outcome == Outcome::Right && !r.has_expected_words)
            .collect();
        if !missing.is_empty() {
            writeln!(f, "\nright sentence, answer lacks the expected words:")?;
            for r in missing {
                writeln!(
                    f,
                    "  {} -> {:?} (wanted one of {:?})",
                    r.case.q,
                    r.answer.answer.as_deref().unwrap_or(""),
                    r.case.answer_has
                )?;
            }
        }
        Ok(())
    }
}

/// One article folder of the shared layout (`article.txt`, `meta.toml`, `questions.toml`):
/// an article nobody curated, drafted into a temporary base before its questions are asked.
#[derive(Debug, Clone)]
pub struct Article {
    pub dir: PathBuf,
    pub text: String,
    pub meta: crate::draft::Meta,
}

/// What `meta.toml` of an article folder says (other keys are notes for people).
#[derive(Debug, Deserialize)]
struct ArticleMeta {
    id: String,
    publisher: String,
    published: chrono::NaiveDate,
    title: Option<String>,
    author: Option<String>,
}

/// A question set to run: a set file, or an article folder's questions.
#[derive(Debug, Clone)]
pub struct Target {
    /// The file's stem or the folder's name.
    pub name: String,
    pub set: QuestionSet,
    /// Set when the questions are about an article to draft first.
    pub article: Option<Article>,
}

impl Target {
    /// Reads each of `paths` (see [`Target::load`]).
    pub fn load_all(paths: &[PathBuf]) -> Result<Vec<Target>, EvalError> {
        paths.iter().map(|p| Target::load(p)).collect()
    }

    /// Reads a question set file, or an article folder holding `article.txt`, `meta.toml`
    /// and `questions.toml`.
    pub fn load(path: &Path) -> Result<Target, EvalError> {
        let name = path.file_stem().map_or_else(
            || path.display().to_string(),
            |s| s.to_string_lossy().into(),
        );
        if !path.is_dir() {
            return Ok(Target {
                name,
                set: QuestionSet::load(path)?,
                article: None,
            });
        }
        let read = |file: &str| {
            let p = path.join(file);
            std::fs::read_to_string(&p).map_err(|source| EvalError::Io {
                path: p.display().to_string(),
                source,
            })
        };
        let meta_path = path.join("meta.toml");
        let meta: ArticleMeta =
            toml::from_str(&read("meta.toml")?).map_err(|source| EvalError::Parse {
                path: meta_path.display().to_string(),
                source,
            })?;
        Ok(Target {
            name,
            set: QuestionSet::load(&path.join("questions.toml"))?,
            article: Some(Article {
                dir: path.to_path_buf(),
                text: read("article.txt")?,
                meta: crate::draft::Meta {
                    id: meta.id,
                    publisher: meta.publisher,
                    published: meta.published,
                    title: meta.title,
                    authors: meta.author.into_iter().collect(),
                },
            }),
        })
    }
}

/// Why a base with drafted articles could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("cannot prepare a temporary knowledge directory {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot draft {dir}: {source}")]
    Draft {
        dir: String,
        source: crate::draft::DraftError,
    },
    #[error(transparent)]
    Load(#[from] crate::knowledge::LoadError),
}

/// A temporary directory removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// The fact base an admin would have after `factbot draft` of each target's article into a
/// copy of `knowledge` (or into an empty base when `knowledge` is None), loaded and validated
/// as the bot loads it. The copy lives in a temporary directory removed before returning.
pub fn base_with_drafts(
    knowledge: Option<&Path>,
    targets: &[Target],
) -> Result<crate::knowledge::FactBase, BuildError> {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = TempDir(std::env::temp_dir().join(format!(
        "factbot-eval-{}-{n}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    )));
    let io = |source| BuildError::Io {
        path: dir.0.display().to_string(),
        source,
    };
    match knowledge {
        Some(from) => copy_dir(from, &dir.0).map_err(io)?,
        None => std::fs::create_dir_all(dir.0.join("sources")).map_err(io)?,
    }
    for article in targets.iter().filter_map(|t| t.article.as_ref()) {
        crate::draft::write(&dir.0, &article.text, &article.meta, false).map_err(|source| {
            BuildError::Draft {
                dir: article.dir.display().to_string(),
                source,
            }
        })?;
    }
    Ok(crate::knowledge::load_dir(&dir.0)?.base)
}

/// Several reports and their pooled tallies.
#[derive(Debug, Clone)]
pub struct Pooled {
    pub reports: Vec<(String, Report)>,
}

impl Pooled {
    pub fn answerable(&self) -> Tally {
        self.reports
            .iter()
            .fold(Tally::default(), |acc, (_, r)| acc.plus(&r.answerable))
    }
    pub fn unanswerable(&self) -> Tally {
        self.reports
            .iter()
            .fold(Tally::default(), |acc, (_, r)| acc.plus(&r.unanswerable))
    }
}

impl fmt::Display for Pooled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<32} {:>16} {:>12} {:>16}",
            "set", "answerable right", "wrong", "unanswerable ok"
        )?;
        let line = |f: &mut fmt::Formatter<'_>, name: &str, a: &Tally, u: &Tally| {
            writeln!(
                f,
                "{:<32} {:>7}/{:<3} {:>5} {:>4} {:>6} {:>7}/{:<3} {:>5}",
                name,
                a.right,
                a.total(),
                percent(a.right, a.total()),
                a.wrong,
                percent(a.wrong, a.total()),
                u.rightly_refused,
                u.total(),
                percent(u.rightly_refused, u.total()),
            )
        };
        for (name, r) in &self.reports {
            line(f, name, &r.answerable, &r.unanswerable)?;
        }
        let (answerable, unanswerable) = (self.answerable(), self.unanswerable());
        line(f, "pooled", &answerable, &unanswerable)?;
        let nearest = self
            .reports
            .iter()
            .fold(NearestTally::default(), |acc, (_, r)| acc.plus(&r.nearest));
        writeln!(
            f,
            "{}",
            nearest.line(answerable.refused, unanswerable.rightly_refused)
        )
    }
}
