//! The answer engine: question in, [`Answer`] out. No Discord types here; the CLI and the bot
//! call the same [`Matcher::answer`].

mod aliases;
mod analyze;
mod answer;
mod index;
pub mod model;
mod paraphrase;
mod question;
mod roles;
mod score;
mod short;
mod speaker;
mod vocab;
mod years;

use std::sync::Arc;

pub use answer::{restates, Answer, Citation, Earlier, Nearest, Suggestion, MIN_NEAREST};
pub use model::Model;
pub use vocab::Vocabulary;

use crate::knowledge::FactBase;
use index::Index;

/// Tunables of the matcher; defaults suit a curated news base.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatchConfig {
    /// Below this confidence the matcher refuses and offers suggestions instead.
    pub min_confidence: f32,
    /// Questions longer than this many characters are cut before matching.
    pub max_question_chars: usize,
}

impl Default for MatchConfig {
    /// The refusal threshold is the one fitted with the shipped model.
    fn default() -> Self {
        MatchConfig {
            min_confidence: Model::shipped().threshold,
            max_question_chars: 1000,
        }
    }
}

/// A fact base with its index: the unit the bot swaps atomically on reload.
#[derive(Debug)]
pub struct Matcher {
    base: Arc<FactBase>,
    index: Index,
    years: years::SourceYears,
    config: MatchConfig,
    model: Model,
}

impl Matcher {
    pub fn new(base: FactBase, config: MatchConfig) -> Matcher {
        Matcher::with_model(base, config, Model::shipped().clone())
    }

    /// A matcher scoring with another model than the shipped one (for fitting and
    /// leave-one-article-out measurement).
    pub fn with_model(base: FactBase, config: MatchConfig, model: Model) -> Matcher {
        let index = Index::build(&base);
        let years = years::SourceYears::new(&base);
        Matcher {
            base: Arc::new(base),
            index,
            years,
            config,
            model,
        }
    }

    /// Scores with `model` from now on, refusing below its fitted threshold.
    pub fn set_model(&mut self, model: Model) {
        self.config.min_confidence = model.threshold;
        self.model = model;
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn base(&self) -> &FactBase {
        &self.base
    }

    pub fn config(&self) -> MatchConfig {
        self.config
    }

    /// Answers one question. Never panics, whatever the input.
    pub fn answer(&self, question: &str) -> Answer {
        let question = truncate_chars(question, self.config.max_question_chars);
        let mut ranking = self.rank(question);
        score::prefer_newer(
            &self.index,
            &self.base,
            &mut ranking,
            self.config.min_confidence,
        );
        let mut answer = answer::build(&self.base, question, &ranking, self.config);
        if let Some(short) = self.short_answer(&ranking, &answer) {
            answer.answer = Some(short);
        }
        answer
    }

    /// The part of a whole-sentence answer (a draft's) that answers a who / how many / when /
    /// where question; None for other answers, corrections and curated short answers.
    fn short_answer(&self, ranking: &score::Ranking, answer: &Answer) -> Option<String> {
        if !answer.answered || answer.correction || answer.earlier.is_some() {
            return None;
        }
        let fact = self.base.facts.get(ranking.candidates.first()?.fact)?;
        if !fact.draft && !answer::restates(&fact.answer, &fact.sentence) {
            return None;
        }
        short::answer_to(&self.index.analyzer, ranking, &fact.answer)
    }
}

impl Matcher {
    /// Ranks the whole message and, when it holds several sentences ("hi! ignore that. how
    /// many troops are in Iraq?"), each of its last few on its own; the best reading wins.
    fn rank(&self, question: &str) -> score::Ranking {
        const MAX_SENTENCES: usize = 4;
        let rank = |text: &str| {
            // Folded and split once, for the ranking and the role check alike.
            let folded = crate::text::fold::fold(text);
            let words = score::question_words(&self.index, &folded);
            let mut ranking = score::rank_read(&self.index, &self.model, text, &folded, &words);
            roles::demote_reversed(&self.index, &self.base, &words, &mut ranking);
            years::demote_other_years(&self.years, &self.base, &words, &mut ranking);
            ranking.words = words;
            ranking
        };
        let whole = rank(question);
        let sentences = crate::knowledge::sentences::split_chat(question);
        if sentences.len() < 2 {
            return whole;
        }
        let best = |r: &score::Ranking| r.candidates.first().map_or(0.0, |c| c.confidence);
        sentences
            .iter()
            .rev()
            .take(MAX_SENTENCES)
            .map(|s| rank(s))
            .fold(whole, |acc, r| if best(&r) > best(&acc) { r } else { acc })
    }

    /// The candidate facts of a question with their features, in fact order, as the model
    /// reads them (the whole question, before other readings and adjustments). For fitting.
    pub fn candidates(&self, question: &str) -> Vec<(usize, model::Features)> {
        let question = truncate_chars(question, self.config.max_question_chars);
        let mut candidates: Vec<(usize, model::Features)> =
            score::rank(&self.index, &self.model, question)
                .candidates
                .into_iter()
                .map(|c| (c.fact, c.features))
                .collect();
        // In fact order, not by this model's confidence: what a fit reads must not depend on
        // the model shipped when it ran.
        candidates.sort_unstable_by_key(|c| c.0);
        candidates
    }

    /// How a question was read and scored: its kind, terms (weight, known) and best facts.
    /// For curators and for tuning; not part of the answer path.
    pub fn explain(&self, question: &str) -> String {
        use std::fmt::Write;
        let question = truncate_chars(question, self.config.max_question_chars);
        let ranking = self.rank(question);
        let mut out = format!("kind: {:?}\nterms:", ranking.kind);
        for (key, weight, known) in &ranking.terms {
            let _ = write!(
                out,
                " {key}({weight:.2}{})",
                if *known { "" } else { ",unknown" }
            );
        }
        for c in ranking.candidates.iter().take(5) {
            let _ = write!(
                out,
                "\n  {:.3} {}{} (score {:.2}, lead {:.2}):",
                c.confidence,
                self.base.facts[c.fact].id,
                if c.corrects { " (corrects)" } else { "" },
                c.decision.score,
                c.decision.lead
            );
            for (f, v) in model::Feature::ALL.iter().zip(&c.features) {
                if *v != 0.0 {
                    let _ = write!(out, " {}={v:.2}", f.name());
                }
            }
        }
        out
    }
}

fn truncate_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}
