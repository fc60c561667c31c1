//! `factbot fit`: fits the scorer's model on labelled question sets from many articles, picks
//! the refusal threshold on out-of-fold answers (each article answered by weights fitted
//! without it), and measures it honestly: leave-one-article-out (fit without an article's
//! questions, threshold included, and measure on them) is the figure for an article the
//! weights never saw; figures on the data the model was fitted on are training figures.

use std::fmt::{self, Write as _};

use crate::engine::model::{self, Features, Model, Pick};
use crate::eval::{self, Pooled, Target};
use crate::knowledge::FactBase;
use crate::Matcher;

/// How the model is fitted.
#[derive(Debug, Clone, Copy)]
pub struct FitConfig {
    /// L2 penalty on the first stage's weights.
    pub l2: f64,
    /// L2 penalty on the second stage's weights.
    pub decision_l2: f64,
    /// The share of answerable questions that may get a wrong answer, out of fold, at the
    /// refusal threshold.
    pub max_wrong: f32,
    /// How many times each question on a drafted article counts in the fit, against once for
    /// a question on the curated base.
    pub article_weight: usize,
    /// How many times each question on the curated base counts.
    pub curated_weight: usize,
}

impl Default for FitConfig {
    fn default() -> Self {
        FitConfig {
            l2: 2.0,
            decision_l2: 1.0,
            max_wrong: 0.0375,
            article_weight: 1,
            curated_weight: 1,
        }
    }
}

/// One labelled question as the model sees it: its candidates' features, each with whether
/// its sentence answers the question.
#[derive(Debug, Clone)]
pub struct Question {
    /// Index into the targets.
    pub target: usize,
    /// On a drafted article (not the curated base).
    pub drafted: bool,
    /// The article it is about ([`article_of`] its target).
    pub article: String,
    pub answerable: bool,
    pub candidates: Vec<(Features, bool)>,
    /// The candidates' facts (indices into the base's), in the same order.
    pub facts: Vec<usize>,
    /// Index into its target's cases.
    pub case: usize,
}

/// The article a target's questions are about: the drafted article's id, or "curated" for
/// question sets on the knowledge base itself.
pub fn article_of(target: &Target) -> &str {
    target
        .article
        .as_ref()
        .map_or("curated", |a| a.meta.id.as_str())
}

/// Reads every question of every target against the matcher's base.
pub fn read(matcher: &Matcher, targets: &[Target]) -> Vec<Question> {
    let base = matcher.base();
    let mut out = Vec::new();
    for (t, target) in targets.iter().enumerate() {
        for (case_index, case) in target.set.cases.iter().enumerate() {
            let (facts, candidates) = matcher
                .candidates(&case.q)
                .into_iter()
                .map(|(fact, x)| {
                    let right = base
                        .facts
                        .get(fact)
                        .is_some_and(|f| case.expect.contains(&f.sentence));
                    (fact, (x, right))
                })
                .unzip();
            out.push(Question {
                target: t,
                drafted: target.article.is_some(),
                article: article_of(target).to_string(),
                answerable: !case.expect.is_empty(),
                candidates,
                facts,
                case: case_index,
            });
        }
    }
    out
}

/// Text as one TSV field: its tabs and line breaks made spaces.
fn one_line(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// Every question's candidates as TSV: article, drafted, answerable, question number, right,
/// one column per feature (named in the header), then the question and the candidate's
/// sentence (tabs and line breaks made spaces), for trying features outside factbot.
pub fn features_tsv(questions: &[Question], targets: &[Target], base: &FactBase) -> String {
    let mut out = String::from("article\tdrafted\tanswerable\tquestion\tright");
    for name in model::FEATURES {
        out.push('\t');
        out.push_str(name);
    }
    out.push_str("\tquestion_text\tsentence\n");
    for (n, q) in questions.iter().enumerate() {
        let text = targets
            .get(q.target)
            .and_then(|t| t.set.cases.get(q.case))
            .map_or_else(String::new, |c| one_line(&c.q));
        for ((x, right), &fact) in q.candidates.iter().zip(&q.facts) {
            // Writing to a String cannot fail.
            let _ = write!(
                out,
                "{}\t{}\t{}\t{n}\t{}",
                q.article,
                u8::from(q.drafted),
                u8::from(q.answerable),
                u8::from(*right)
            );
            for v in x {
                let _ = write!(out, "\t{v}");
            }
            let sentence = base
                .facts
                .get(fact)
                .map_or_else(String::new, |f| one_line(&f.sentence));
            let _ = writeln!(out, "\t{text}\t{sentence}");
        }
    }
    out
}

/// Fits both stages of a model on the questions, and chooses its threshold on what models
/// fitted without each article in turn make of that article's questions (of the drafted
/// articles' questions, when there are any; on the questions themselves when they are about
/// a single article). The off-topic questions therefore shape the weights, not the
/// threshold, which holds wrong answers to answerable questions to a rate. A threshold
/// chosen on the questions the weights were fitted on trusts them as they were never
/// trusted on an unseen article: it moved by as much as 0.08 from one refit to the next.
pub fn fit(questions: &[&Question], config: FitConfig) -> Model {
    let mut model = fit_stages(questions, config);
    let picks = out_of_fold_picks(questions, config)
        .unwrap_or_else(|| questions.iter().map(|q| pick(&model, q)).collect());
    model.threshold = model::choose_threshold(&picks, config.max_wrong);
    model
}

/// Each question's pick by a model fitted without its article's questions (None: the
/// questions are about fewer than two articles).
fn out_of_fold_picks(questions: &[&Question], config: FitConfig) -> Option<Vec<Pick>> {
    let mut articles: Vec<&str> = questions.iter().map(|q| q.article.as_str()).collect();
    articles.sort_unstable();
    articles.dedup();
    if articles.len() < 2 {
        return None;
    }
    let any_drafted = questions.iter().any(|q| q.drafted);
    let mut picks = Vec::with_capacity(questions.len());
    for article in articles {
        let (held, train): (Vec<&Question>, Vec<&Question>) =
            questions.iter().partition(|q| q.article == article);
        // The threshold is set for drafted articles, the harder case: the curated base's
        // question forms make its answers surer, and counting them would let a drafted
        // article's answers be wrong more often than the rate.
        if any_drafted && held.iter().all(|q| !q.drafted) {
            continue;
        }
        let model = fit_stages(&train, config);
        picks.extend(held.iter().map(|q| pick(&model, q)));
    }
    Some(picks)
}

/// Fits both stages of a model on the questions; its threshold is left at 0.5.
fn fit_stages(questions: &[&Question], config: FitConfig) -> Model {
    let weighted: Vec<&Question> = questions
        .iter()
        .flat_map(|q| {
            let times = if q.drafted {
                config.article_weight
            } else {
                config.curated_weight
            };
            std::iter::repeat_n(*q, times)
        })
        .collect();
    let questions = &weighted[..];
    let groups: Vec<Vec<(Features, bool)>> =
        questions.iter().map(|q| q.candidates.clone()).collect();
    let mut model = Model {
        bias: 0.0,
        weights: model::fit_softmax(&groups, config.l2),
        decision_bias: 0.0,
        decision: [0.0; model::N_DECISION],
        threshold: 0.5,
    };
    let rows: Vec<_> = questions
        .iter()
        .filter_map(|q| {
            let (d, x, right) = best(&model, q)?;
            Some((d.features(x), right && q.answerable))
        })
        .collect();
    (model.decision_bias, model.decision) = model::fit_logistic(&rows, config.decision_l2);
    model
}

/// A question's best candidate by the first stage, as the second stage reads it (its place
/// among the others and its features), and whether it is right.
fn best<'q>(model: &Model, q: &'q Question) -> Option<(model::Decision, &'q Features, bool)> {
    model
        .decide(&q.candidates, |c| &c.0)
        .into_iter()
        .zip(&q.candidates)
        .map(|((d, _), (x, right))| (d, x, *right))
        .max_by(|a, b| a.0.score.total_cmp(&b.0.score))
}

/// The model's pick for a question.
fn pick(model: &Model, q: &Question) -> Pick {
    let best = best(model, q);
    Pick {
        probability: best.map_or(0.0, |(d, x, _)| model.probability(&d, x)),
        right: best.is_some_and(|(_, _, right)| right),
        answerable: q.answerable,
    }
}

/// Everything `factbot fit` measured.
pub struct FitReport {
    pub model: Model,
    /// The final model on every set (training figures).
    pub training: Pooled,
    /// Each article measured with a model fitted without its questions.
    pub held_out: Pooled,
    /// Held-out questions by their best candidate's confidence, threshold aside: (low,
    /// high, questions, best candidate right).
    pub calibration: Vec<(f32, f32, usize, usize)>,
    pub questions: usize,
    pub examples: usize,
    /// Held-out answerable questions: (all, a right fact among the candidates, ranked first).
    pub recall: (usize, usize, usize),
    /// Each held-out question and its pick by its fold's model.
    pub held_out_questions: Vec<HeldOut>,
}

/// One held-out question and what its fold's model made of it.
#[derive(Debug, Clone)]
pub struct HeldOut {
    pub article: String,
    pub question: String,
    pub kind: String,
    /// A right fact was among the candidates.
    pub among_candidates: bool,
    pub pick: Pick,
}

impl HeldOut {
    /// A tab-separated header line for [`HeldOut::tsv`].
    pub const TSV_HEADER: &'static str =
        "article\tkind\tanswerable\tamong_candidates\tright\tconfidence\tquestion";

    /// One tab-separated line (the question's tabs and newlines as spaces).
    pub fn tsv(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}\t{}\t{:.3}\t{}",
            self.article,
            self.kind,
            self.pick.answerable,
            self.among_candidates,
            self.pick.right,
            self.pick.probability,
            one_line(&self.question)
        )
    }
}

/// Fits on all questions (`questions`: [`read`] of `targets` against the matcher), then
/// measures leave-one-article-out for each article that has its own target (a drafted
/// article folder); the matcher is left with the final model. The
/// features listed in `without` (indices into [`model::FEATURES`]) read 0 when fitting, so
/// their weights stay 0: what the figures are without them.
pub fn fit_and_measure(
    matcher: &mut Matcher,
    targets: &[Target],
    mut questions: Vec<Question>,
    config: FitConfig,
    without: &[usize],
) -> FitReport {
    for (x, _) in questions.iter_mut().flat_map(|q| q.candidates.iter_mut()) {
        for &f in without {
            x[f] = 0.0;
        }
    }
    let all: Vec<&Question> = questions.iter().collect();
    let examples = all.iter().map(|q| q.candidates.len()).sum();

    let mut held_out = Vec::new();
    let mut calibration = buckets();
    let mut recall = (0, 0, 0);
    let mut held_out_questions = Vec::new();
    let articles: Vec<&str> = {
        let mut a: Vec<&str> = targets
            .iter()
            .filter(|t| t.article.is_some())
            .map(article_of)
            .collect();
        a.dedup();
        a
    };
    for article in articles {
        let train: Vec<&Question> = all
            .iter()
            .copied()
            .filter(|q| article_of(&targets[q.target]) != article)
            .collect();
        let fold = fit(&train, config);
        for q in all
            .iter()
            .filter(|q| article_of(&targets[q.target]) == article)
        {
            let d = pick(&fold, q);
            // `q.case` was read from this target's cases.
            let case = &targets[q.target].set.cases[q.case];
            held_out_questions.push(HeldOut {
                article: q.article.clone(),
                question: case.q.clone(),
                kind: case.kind.clone(),
                among_candidates: q.candidates.iter().any(|c| c.1),
                pick: d,
            });
            if q.answerable {
                recall.0 += 1;
                recall.1 += usize::from(q.candidates.iter().any(|c| c.1));
                recall.2 += usize::from(d.right);
            }
            if let Some(b) = calibration
                .iter_mut()
                .find(|b| d.probability >= b.0 && d.probability < b.1)
            {
                b.2 += 1;
                b.3 += usize::from(d.answerable && d.right);
            }
        }
        matcher.set_model(fold);
        for target in targets.iter().filter(|t| article_of(t) == article) {
            held_out.push((target.name.clone(), eval::run(matcher, &target.set)));
        }
    }

    let model = fit(&all, config);
    matcher.set_model(model.clone());
    let training = targets
        .iter()
        .map(|t| (t.name.clone(), eval::run(matcher, &t.set)))
        .collect();
    FitReport {
        model,
        training: Pooled { reports: training },
        held_out: Pooled { reports: held_out },
        calibration,
        questions: questions.len(),
        examples,
        recall,
        held_out_questions,
    }
}

/// The threshold that answers the most held-out questions right with at most `limit` of the
/// answerable ones wrong: (threshold, right, wrong, unanswerable refused). One figure to
/// compare features by, whatever threshold each fold chose.
fn best_under(picks: &[Pick], limit: f32) -> (f32, usize, usize, usize) {
    let answerable = picks.iter().filter(|p| p.answerable).count();
    let mut best = (1.0, 0, 0, picks.len() - answerable);
    for t in picks.iter().map(|p| p.probability) {
        let (mut right, mut wrong, mut unrefused) = (0, 0, 0);
        for p in picks.iter().filter(|p| p.probability >= t) {
            match (p.answerable, p.right) {
                (true, true) => right += 1,
                (true, false) => wrong += 1,
                (false, _) => unrefused += 1,
            }
        }
        if wrong as f32 <= limit * answerable as f32 && right > best.1 {
            best = (t, right, wrong, picks.len() - answerable - unrefused);
        }
    }
    best
}

fn buckets() -> Vec<(f32, f32, usize, usize)> {
    [0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001]
        .windows(2)
        .map(|w| (w[0], w[1], 0, 0))
        .collect()
}

impl fmt::Display for FitReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "fitted on {} questions ({} candidates), threshold {:.3}\n",
            self.questions, self.examples, self.model.threshold
        )?;
        writeln!(
            f,
            "held out (leave-one-article-out: each article measured with weights fitted \
             without its questions):\n{}",
            self.held_out
        )?;
        writeln!(
            f,
            "held-out answerable: {} questions, a right fact among the candidates for {}, \
             ranked first for {}\n",
            self.recall.0, self.recall.1, self.recall.2
        )?;
        writeln!(
            f,
            "held out, by threshold (pooled): answerable right / wrong, unanswerable refused"
        )?;
        let picks: Vec<Pick> = self.held_out_questions.iter().map(|h| h.pick).collect();
        let answerable = picks.iter().filter(|p| p.answerable).count();
        let unanswerable = picks.len() - answerable;
        for t in [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] {
            let answered = picks.iter().filter(|p| p.probability >= t);
            let (mut right, mut wrong, mut unrefused) = (0, 0, 0);
            for p in answered {
                match (p.answerable, p.right) {
                    (true, true) => right += 1,
                    (true, false) => wrong += 1,
                    (false, _) => unrefused += 1,
                }
            }
            let pct = |a: usize, b: usize| 100.0 * a as f32 / b.max(1) as f32;
            writeln!(
                f,
                "  {t:.1}: {:5.1}% right, {:4.1}% wrong, {:5.1}% refused",
                pct(right, answerable),
                pct(wrong, answerable),
                pct(unanswerable - unrefused, unanswerable)
            )?;
        }
        for limit in [0.04, 0.05] {
            let (threshold, right, wrong, refused) = best_under(&picks, limit);
            writeln!(
                f,
                "  best with at most {:.0}% wrong: {right}/{answerable} right, {wrong} wrong, \
                 {refused}/{unanswerable} refused (threshold {threshold:.3})",
                limit * 100.0
            )?;
        }
        writeln!(
            f,
            "training (the final weights, fitted on all of these):\n{}",
            self.training
        )?;
        writeln!(
            f,
            "calibration, held out (best candidate's confidence -> share of those right):"
        )?;
        for (lo, hi, n, right) in &self.calibration {
            let share = if *n == 0 {
                "-".to_string()
            } else {
                format!("{:.1}%", 100.0 * *right as f32 / *n as f32)
            };
            writeln!(
                f,
                "  {lo:.1}–{:.1}: {n:>4} questions, {share} right",
                hi.min(1.0)
            )?;
        }
        Ok(())
    }
}

impl FitReport {
    /// The comment heading the model file: how it was fitted and what it measured.
    pub fn notes(&self, command: &str) -> String {
        let mut out = String::from(
            "The matcher's learned model: logistic weights over each candidate's features\n\
             (src/engine/model.rs). Written by `factbot fit`; do not edit by hand.\n",
        );
        let _ = writeln!(out, "Fitted with: {command}");
        let h = (self.held_out.answerable(), self.held_out.unanswerable());
        let _ = writeln!(
            out,
            "Leave-one-article-out: {}/{} answerable right, {} wrong, {}/{} unanswerable refused.",
            h.0.right,
            h.0.total(),
            h.0.wrong,
            h.1.rightly_refused,
            h.1.total()
        );
        out
    }
}
