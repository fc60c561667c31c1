//! The learned part of the scorer, in two stages over each candidate's named features (see
//! [`Model`]), fitted offline by `factbot fit` (`src/fit.rs`) on labelled questions from many
//! articles and shipped as data (`model.toml`, embedded). Its output is the probability that
//! the candidate's sentence answers the question; the refusal threshold was chosen on the
//! answers of models fitted without each article in turn (out of fold). Also here: the
//! fitting routines (softmax and logistic, by Newton's method).

use std::fmt::Write as _;
use std::sync::OnceLock;

use serde::Deserialize;

/// The features of a (question, candidate fact) pair, in the order of [`Features`]'s array.
/// Names are what `model.toml` uses; see `score.rs` for how each is read.
pub const FEATURES: [&str; 37] = [
    // How much of the question the fact holds.
    "coverage",
    "own_coverage",
    "related_coverage",
    "context_coverage",
    "pair_share",
    "similarity",
    "has_forms",
    "draft",
    // Signs it is about something else.
    "missing_numbers",
    "missing_rare_names",
    "missing_common_names",
    "low_evidence",
    "heaviest_missing",
    "speaker_missing",
    "name_missing",
    "person_without_name",
    "measure_missing",
    "verb_missing",
    "future_vs_past",
    "counts_other",
    "counts_asked",
    "count_without_figure",
    "kind_mismatch",
    "corrects",
    // The question and the candidate among the others.
    "unknown_share",
    "source_coverage_gap",
    "sentence_length",
    "coverage_gap",
    "log_coverage",
    "log_similarity",
    // Closeness in meaning (word vectors) of the whole question and sentence.
    "sentence_cosine",
    // How much closer in meaning the question is to another source than to the candidate's.
    "source_cosine_gap",
    // Each question word's closest word of the sentence (word vectors), weighed.
    "aligned_coverage",
    "log_aligned_coverage",
    // Whether no other candidate holds more of the question, is closer in meaning, or holds
    // more of it said in other words: independent signals agreeing on one candidate.
    "best_covered",
    "best_meaning",
    "best_aligned",
];

pub const N_FEATURES: usize = FEATURES.len();

/// One candidate's feature values.
pub type Features = [f32; N_FEATURES];

/// A feature of a (question, candidate) pair; its value sits at `feature as usize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feature {
    Coverage,
    OwnCoverage,
    RelatedCoverage,
    ContextCoverage,
    PairShare,
    Similarity,
    HasForms,
    Draft,
    MissingNumbers,
    MissingRareNames,
    MissingCommonNames,
    LowEvidence,
    HeaviestMissing,
    SpeakerMissing,
    NameMissing,
    PersonWithoutName,
    MeasureMissing,
    VerbMissing,
    FutureVsPast,
    CountsOther,
    CountsAsked,
    CountWithoutFigure,
    KindMismatch,
    Corrects,
    UnknownShare,
    SourceCoverageGap,
    SentenceLength,
    CoverageGap,
    LogCoverage,
    LogSimilarity,
    SentenceCosine,
    SourceCosineGap,
    AlignedCoverage,
    LogAlignedCoverage,
    BestCovered,
    BestMeaning,
    BestAligned,
}

impl Feature {
    pub const ALL: [Feature; N_FEATURES] = [
        Feature::Coverage,
        Feature::OwnCoverage,
        Feature::RelatedCoverage,
        Feature::ContextCoverage,
        Feature::PairShare,
        Feature::Similarity,
        Feature::HasForms,
        Feature::Draft,
        Feature::MissingNumbers,
        Feature::MissingRareNames,
        Feature::MissingCommonNames,
        Feature::LowEvidence,
        Feature::HeaviestMissing,
        Feature::SpeakerMissing,
        Feature::NameMissing,
        Feature::PersonWithoutName,
        Feature::MeasureMissing,
        Feature::VerbMissing,
        Feature::FutureVsPast,
        Feature::CountsOther,
        Feature::CountsAsked,
        Feature::CountWithoutFigure,
        Feature::KindMismatch,
        Feature::Corrects,
        Feature::UnknownShare,
        Feature::SourceCoverageGap,
        Feature::SentenceLength,
        Feature::CoverageGap,
        Feature::LogCoverage,
        Feature::LogSimilarity,
        Feature::SentenceCosine,
        Feature::SourceCosineGap,
        Feature::AlignedCoverage,
        Feature::LogAlignedCoverage,
        Feature::BestCovered,
        Feature::BestMeaning,
        Feature::BestAligned,
    ];

    pub fn name(self) -> &'static str {
        FEATURES[self as usize]
    }
}

/// What the second stage reads of a candidate besides its features: its share of the
/// first stage's softmax over the candidates, and how far its score is ahead of the best
/// other candidate's.
pub const DECISION_EXTRA: [&str; 2] = ["share", "lead"];

pub const N_DECISION: usize = N_FEATURES + DECISION_EXTRA.len();

/// The names of the second stage's inputs: [`DECISION_EXTRA`], then [`FEATURES`].
fn decision_names() -> [&'static str; N_DECISION] {
    let mut names = [""; N_DECISION];
    for (n, f) in names
        .iter_mut()
        .zip(DECISION_EXTRA.iter().chain(FEATURES.iter()))
    {
        *n = f;
    }
    names
}

/// The model in two stages. The first ranks: a linear score of each candidate's features,
/// fitted as a softmax over each question's candidates (the right one against the others).
/// The second decides: the probability that a candidate is the right answer, a logistic
/// model over its features, its softmax share and its lead over the others, fitted on each
/// question's best candidate (unanswerable questions included): the confidence to refuse by.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub bias: f32,
    pub weights: Features,
    pub decision_bias: f32,
    pub decision: [f32; N_DECISION],
    /// Below this probability the matcher refuses.
    pub threshold: f32,
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("model file is not valid TOML: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("model file names an unknown feature \"{0}\"")]
    Unknown(String),
    #[error("model file lacks the weight of feature \"{0}\"")]
    Missing(&'static str),
    #[error("model threshold {0} is not in [0, 1]")]
    Threshold(f32),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    threshold: f32,
    bias: f32,
    weights: std::collections::BTreeMap<String, f32>,
    decision_bias: f32,
    decision: std::collections::BTreeMap<String, f32>,
    #[serde(default)]
    #[allow(dead_code)]
    fitted: Option<toml::Table>,
}

impl Model {
    /// The model shipped with the binary (`src/engine/model.toml`, written by `factbot fit`).
    pub fn shipped() -> &'static Model {
        static SHIPPED: OnceLock<Model> = OnceLock::new();
        SHIPPED.get_or_init(|| {
            Model::from_toml(include_str!("model.toml")).unwrap_or_else(|e| {
                // A unit test keeps this from happening; should it, refuse everything
                // rather than answer from weights nobody fitted.
                tracing::error!("shipped model is not valid ({e}); refusing every question");
                Model {
                    bias: 0.0,
                    weights: [0.0; N_FEATURES],
                    decision_bias: 0.0,
                    decision: [0.0; N_DECISION],
                    threshold: 1.0,
                }
            })
        })
    }

    pub fn from_toml(text: &str) -> Result<Model, ModelError> {
        let file: ModelFile = toml::from_str(text)?;
        if !(0.0..=1.0).contains(&file.threshold) {
            return Err(ModelError::Threshold(file.threshold));
        }
        Ok(Model {
            bias: file.bias,
            weights: named(&FEATURES, &file.weights)?,
            decision_bias: file.decision_bias,
            decision: named(&decision_names(), &file.decision)?,
            threshold: file.threshold,
        })
    }

    /// The model as `model.toml`, with `notes` (how it was fitted) as a leading comment and
    /// `fitted` facts (counts, figures) as a table.
    pub fn to_toml(&self, notes: &str, fitted: &[(&str, String)]) -> String {
        let mut out = String::new();
        for line in notes.lines() {
            let _ = writeln!(out, "# {line}");
        }
        let _ = writeln!(out, "threshold = {:.4}", self.threshold);
        let _ = writeln!(out, "bias = {:.6}", self.bias);
        let _ = writeln!(
            out,
            "decision_bias = {:.6}\n\n[weights]",
            self.decision_bias
        );
        for (name, w) in FEATURES.iter().zip(&self.weights) {
            let _ = writeln!(out, "{name} = {w:.6}");
        }
        let _ = writeln!(out, "\n[decision]");
        for (name, w) in decision_names().iter().zip(&self.decision) {
            let _ = writeln!(out, "{name} = {w:.6}");
        }
        if !fitted.is_empty() {
            let _ = writeln!(out, "\n[fitted]");
            for (k, v) in fitted {
                let _ = writeln!(out, "{k} = {v}");
            }
        }
        out
    }

    /// The first stage's score (log-odds) of a candidate.
    pub fn logit(&self, x: &Features) -> f32 {
        self.bias + dot(&self.weights, x)
    }

    /// The second stage: the probability that a candidate (features `x`) is the answer.
    pub fn probability(&self, d: &Decision, x: &Features) -> f32 {
        let p = sigmoid(self.decision_bias + dot(&self.decision, &d.features(x)));
        // A sentence that tells only of the past cannot say what is to come ("when will the
        // last troops leave?" is not answered by "combat forces left in 2011"): a rule, since
        // the labelled sets hold too few such questions for the fit to learn it (1 right
        // candidate of 94).
        if x[Feature::FutureVsPast as usize] != 0.0 {
            p.min(PAST_FOR_FUTURE)
        } else {
            p
        }
    }

    /// Both stages over a question's candidates (`x` reads a candidate's features): each
    /// one's decision inputs and confidence.
    pub fn decide<T>(&self, candidates: &[T], x: impl Fn(&T) -> &Features) -> Vec<(Decision, f32)> {
        let scores: Vec<f32> = candidates.iter().map(|c| self.logit(x(c))).collect();
        let shares = softmax(&scores);
        scores
            .iter()
            .zip(shares)
            .zip(best_others(&scores))
            .zip(candidates)
            .map(|(((&s, share), other), c)| {
                let d = Decision::new(s, share, other);
                (d, self.probability(&d, x(c)))
            })
            .collect()
    }
}

fn dot(w: &[f32], x: &[f32]) -> f32 {
    w.iter().zip(x).map(|(w, v)| w * v).sum()
}

fn named<const N: usize>(
    names: &[&'static str; N],
    values: &std::collections::BTreeMap<String, f32>,
) -> Result<[f32; N], ModelError> {
    let mut out = [0.0; N];
    for (name, w) in values {
        let i = names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| ModelError::Unknown(name.clone()))?;
        out[i] = *w;
    }
    if let Some(missing) = names.iter().find(|n| !values.contains_key(**n)) {
        return Err(ModelError::Missing(missing));
    }
    Ok(out)
}

/// What the second stage reads of one candidate besides its features: where the first stage
/// put it among the others.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    /// First-stage score.
    pub score: f32,
    /// Its share of the softmax over the candidates' scores.
    pub share: f32,
    /// Score minus the best other candidate's (capped: a lone candidate leads by the cap).
    pub lead: f32,
}

/// The most a fact telling only of the past is trusted to answer a question about the future.
const PAST_FOR_FUTURE: f32 = 0.05;

/// How far ahead a candidate can be counted.
pub const MAX_LEAD: f32 = 8.0;

impl Decision {
    pub fn new(score: f32, share: f32, best_other: Option<f32>) -> Decision {
        let lead = best_other.map_or(MAX_LEAD, |o| score - o);
        Decision {
            score,
            share,
            lead: lead.clamp(-MAX_LEAD, MAX_LEAD),
        }
    }

    /// The second stage's inputs: the share, the lead and the candidate's features `x`.
    pub fn features(&self, x: &Features) -> [f32; N_DECISION] {
        let mut out = [0.0; N_DECISION];
        out[0] = self.share;
        out[1] = self.lead;
        out[2..].copy_from_slice(x);
        out
    }
}

/// Each score's share of the softmax over all of them.
pub fn softmax(scores: &[f32]) -> Vec<f32> {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = scores.iter().map(|s| (s - max).exp()).collect();
    let sum: f32 = exp.iter().sum();
    exp.iter().map(|e| e / sum.max(f32::MIN_POSITIVE)).collect()
}

/// Fits the first stage: weights of a softmax over each group's candidates that puts the
/// right candidate first (conditional logit, L2 penalty `l2`). Groups where every candidate
/// or none is right teach nothing and are skipped.
pub fn fit_softmax(groups: &[Vec<(Features, bool)>], l2: f64) -> Features {
    const D: usize = N_FEATURES;
    let beta = newton(
        D,
        |_| l2,
        |beta, grad, hess| {
            for group in groups {
                if !group.iter().any(|c| c.1) || group.iter().all(|c| c.1) {
                    continue;
                }
                let rows: Vec<[f64; D]> = group.iter().map(|(x, _)| x.map(f64::from)).collect();
                let z: Vec<f64> = rows.iter().map(|r| dot64(r, beta)).collect();
                let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let e: Vec<f64> = z.iter().map(|v| (v - max).exp()).collect();
                let sum: f64 = e.iter().sum();
                // Several right candidates: any of them will do, so they share the target.
                let rights = group.iter().filter(|c| c.1).count() as f64;
                let mut mean = [0f64; D];
                for (r, ei) in rows.iter().zip(&e) {
                    for (m, v) in mean.iter_mut().zip(r) {
                        *m += ei / sum * v;
                    }
                }
                for (r, (_, right)) in rows.iter().zip(group) {
                    for k in 0..D {
                        grad[k] -= if *right { r[k] / rights } else { 0.0 };
                    }
                }
                for k in 0..D {
                    grad[k] += mean[k];
                }
                for (r, ei) in rows.iter().zip(&e) {
                    let p = ei / sum;
                    for i in 0..D {
                        let di = r[i] - mean[i];
                        for j in 0..=i {
                            hess[i][j] += p * di * (r[j] - mean[j]);
                        }
                    }
                }
            }
        },
    );
    let mut weights = [0f32; D];
    for (w, b) in weights.iter_mut().zip(&beta) {
        *w = *b as f32;
    }
    weights
}

/// For each score, the best of the other scores (None for a lone candidate).
pub fn best_others(scores: &[f32]) -> impl Iterator<Item = Option<f32>> + '_ {
    let (mut first, mut second) = (None::<f32>, None::<f32>);
    for &s in scores {
        if first.is_none_or(|f| s > f) {
            second = first;
            first = Some(s);
        } else if second.is_none_or(|x| s > x) {
            second = Some(s);
        }
    }
    let mut first_taken = false;
    scores.iter().map(move |&s| {
        // The first candidate holding the top score is compared with the runner-up; any other
        // with the top score (a tie) with the top itself.
        if !first_taken && Some(s) == first {
            first_taken = true;
            second
        } else {
            first
        }
    })
}

pub fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// Fits a logistic model (bias, weights) on labelled rows with an L2 penalty `l2` on the
/// weights, not the bias. Deterministic: the same rows give the same model.
pub fn fit_logistic<const N: usize>(rows: &[([f32; N], bool)], l2: f64) -> (f32, [f32; N]) {
    let d = N + 1;
    let penalty = |i: usize| if i == 0 { 1e-6 } else { l2 };
    let beta = newton(d, penalty, |beta, grad, hess| {
        let mut r = vec![1f64; d];
        for (x, right) in rows {
            for (ri, v) in r[1..].iter_mut().zip(x) {
                *ri = f64::from(*v);
            }
            let p = 1.0 / (1.0 + (-dot64(&r, beta)).exp());
            let y = if *right { 1.0 } else { 0.0 };
            let w = (p * (1.0 - p)).max(1e-9);
            for i in 0..d {
                grad[i] += (p - y) * r[i];
                for j in 0..=i {
                    hess[i][j] += w * r[i] * r[j];
                }
            }
        }
    });
    let mut weights = [0f32; N];
    for (w, b) in weights.iter_mut().zip(&beta[1..]) {
        *w = *b as f32;
    }
    (beta[0] as f32, weights)
}

fn dot64(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The largest change of one coefficient in one Newton step.
const MAX_STEP: f64 = 2.0;

/// Minimises a convex loss by Newton's method from zero: `accumulate(beta, grad, hess)` adds
/// the loss's gradient and the lower triangle of its Hessian at `beta`; `l2(i)` is the
/// penalty on coefficient `i`. Stops when a step changes no coefficient by 1e-7, after 100
/// steps (each capped at [`MAX_STEP`]), or when the Hessian is singular.
// Matrix arithmetic reads best with its row and column indexes.
#[allow(clippy::needless_range_loop)]
fn newton(
    d: usize,
    l2: impl Fn(usize) -> f64,
    mut accumulate: impl FnMut(&[f64], &mut [f64], &mut [Vec<f64>]),
) -> Vec<f64> {
    let mut beta = vec![0f64; d];
    for _ in 0..100 {
        let mut grad = vec![0f64; d];
        let mut hess = vec![vec![0f64; d]; d];
        accumulate(&beta, &mut grad, &mut hess);
        for i in 0..d {
            for j in 0..i {
                hess[j][i] = hess[i][j];
            }
            grad[i] += l2(i) * beta[i];
            hess[i][i] += l2(i);
        }
        let Some(mut step) = solve(hess, grad) else {
            break;
        };
        // Far from the optimum a full Newton step can overshoot and diverge (a feature with
        // large values on few rows); a capped step still converges, and near the optimum
        // the steps are small and untouched.
        let largest = step.iter().fold(0f64, |m, s| m.max(s.abs()));
        if largest > MAX_STEP {
            step.iter_mut().for_each(|s| *s *= MAX_STEP / largest);
        }
        let mut change = 0f64;
        for (b, s) in beta.iter_mut().zip(&step) {
            *b -= s;
            change = change.max(s.abs());
        }
        if change < 1e-7 {
            break;
        }
    }
    beta
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting; None when singular.
// Matrix arithmetic reads best with its row and column indexes.
#[allow(clippy::needless_range_loop)]
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..n {
            let f = a[row][col] / a[col][col];
            if f == 0.0 {
                continue;
            }
            for k in col..n {
                a[row][k] -= f * a[col][k];
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0f64; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

/// A question's best candidate as the matcher would answer it: its probability (0 when there
/// was no candidate) and whether it is right.
#[derive(Debug, Clone, Copy)]
pub struct Pick {
    pub probability: f32,
    pub right: bool,
    pub answerable: bool,
}

/// The lowest threshold at which at most `max_wrong` of the answerable questions get a
/// wrong answer (the picks should be out-of-fold: see `fit::fit`); 1 when none qualifies
/// but refusing everything. A wrong answer is what costs the bot its users' trust, so it is
/// held to a rate; the right answers are then as many as that rate allows.
pub fn choose_threshold(picks: &[Pick], max_wrong: f32) -> f32 {
    let mut sorted: Vec<&Pick> = picks.iter().collect();
    sorted.sort_by(|a, b| b.probability.total_cmp(&a.probability));
    let answerable = picks.iter().filter(|p| p.answerable).count();
    // With nothing answerable there is no right answer to give.
    if answerable == 0 {
        return 1.0;
    }
    let allowed = f64::from(max_wrong) * answerable as f64;
    let (mut wrong, mut best) = (0usize, 1.0f32);
    // Every pick at one probability is answered or refused together.
    for same in sorted.chunk_by(|a, b| a.probability.total_cmp(&b.probability).is_eq()) {
        wrong += same.iter().filter(|p| p.answerable && !p.right).count();
        if wrong as f64 > allowed {
            break;
        }
        best = same[0].probability;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_and_names_agree() {
        for (i, f) in Feature::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i);
            let camel: String = f
                .name()
                .split('_')
                .map(|w| w[..1].to_uppercase() + &w[1..])
                .collect();
            assert_eq!(format!("{f:?}"), camel);
        }
    }

    #[test]
    fn the_shipped_model_parses() {
        let text = include_str!("model.toml");
        let model = Model::from_toml(text).expect("shipped model.toml is valid");
        assert!(model.threshold > 0.0 && model.threshold < 1.0);
    }

    #[test]
    fn fit_separates_a_feature_that_decides() {
        let mut rows = Vec::new();
        for i in 0..200 {
            let x = [(i % 10) as f32 / 10.0, (i % 3) as f32];
            // Right when the first feature is high, with some noise; the second is noise.
            let right = x[0] > 0.5 || i % 17 == 0;
            rows.push((x, right));
        }
        let (bias, w) = fit_logistic(&rows, 0.01);
        assert!(w[0] > 5.0, "{w:?}");
        assert!(w[1].abs() < 0.5, "{w:?}");
        assert!(sigmoid(bias + w[0] * 0.9) > 0.8);
        assert!(sigmoid(bias) < 0.3);
    }

    #[test]
    fn a_model_round_trips_through_its_file() {
        let mut weights = [0.0; N_FEATURES];
        weights[3] = 1.25;
        let model = Model {
            bias: -2.0,
            weights,
            decision_bias: 0.5,
            decision: [0.25; N_DECISION],
            threshold: 0.6,
        };
        let text = model.to_toml("notes\nmore", &[("questions", "10".into())]);
        assert_eq!(Model::from_toml(&text).expect("valid"), model);
    }

    #[test]
    fn unknown_and_missing_features_are_errors() {
        assert!(matches!(
            Model::from_toml(
                "threshold = 0.5\nbias = 0\ndecision_bias = 0\n[decision]\n[weights]\nnope = 1\n"
            ),
            Err(ModelError::Unknown(_))
        ));
        assert!(matches!(
            Model::from_toml(
                "threshold = 0.5\nbias = 0\ndecision_bias = 0\n[decision]\n[weights]\ncoverage = 1\n"
            ),
            Err(ModelError::Missing(_))
        ));
    }

    #[test]
    fn the_threshold_holds_wrong_answers_to_a_rate() {
        let d = |p: f32, right: bool, answerable: bool| Pick {
            probability: p,
            right,
            answerable,
        };
        let decisions = [
            d(0.9, true, true),
            d(0.8, true, true),
            d(0.7, false, true),
            d(0.6, true, true),
            d(0.5, true, true),
            d(0.4, false, false),
            d(0.3, false, true),
        ];
        // No wrong answer allowed: stop above the wrong 0.7.
        assert!((choose_threshold(&decisions, 0.0) - 0.8).abs() < 1e-6);
        // One of six answerable may be wrong: down to 0.4 (an unanswerable one answered is
        // not counted against the rate), not to the second wrong 0.3.
        assert!((choose_threshold(&decisions, 0.2) - 0.4).abs() < 1e-6);
        // Nothing right before the first wrong: refuse all.
        assert!((choose_threshold(&decisions[2..3], 0.0) - 1.0).abs() < 1e-6);
    }
}
