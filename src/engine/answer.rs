//! What the matcher says: an answer with its citation, or a refusal with suggestions.

use serde::Serialize;

use super::model::Feature;
use super::score::Ranking;
use super::MatchConfig;
use crate::knowledge::FactBase;

/// The source sentence behind an answer, and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    /// The sentence, verbatim from the source text.
    pub sentence: String,
    /// Source id.
    pub source: String,
    pub publisher: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published: String,
    pub title: String,
}

/// The sentence nearest a question the matcher will not answer: shown as a pointer, with
/// its source, never as an answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Nearest {
    pub fact_id: String,
    pub confidence: f32,
    pub citation: Citation,
}

/// A related fact offered when the matcher will not answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub fact_id: String,
    /// A question the fact answers, to ask instead.
    pub question: String,
}

/// The matcher's reply to one question; serializes to the `ask --json` contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    pub question: String,
    pub answered: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// In [0, 1]; answers are given at or above the configured minimum.
    pub confidence: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fact_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
    pub suggestions: Vec<Suggestion>,
    /// On a refusal that came close: the best candidate's sentence, to read for oneself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest: Option<Nearest>,
    /// The question asserted something the fact contradicts; the answer corrects it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub correction: bool,
    /// The fact is a machine draft not yet reviewed by a curator.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// The cited sentence is cut off in the source text.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// An older source that said otherwise (other numbers); the answer is the newer one's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earlier: Option<Earlier>,
}

/// What an older source said, when a newer one gives other figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Earlier {
    pub answer: String,
    pub citation: Citation,
}

/// Whether an answer is its sentence word for word (a draft's often is), so that showing both
/// would say the same thing twice.
pub fn restates(answer: &str, sentence: &str) -> bool {
    answer.trim() == sentence.trim()
}

fn citation(base: &FactBase, fact: &crate::knowledge::Fact) -> Citation {
    let source = base.source_of(fact);
    Citation {
        sentence: fact.sentence.clone(),
        source: source.id.clone(),
        publisher: source.publisher.clone(),
        published: source.published.format("%Y-%m-%d").to_string(),
        title: source.title.clone(),
    }
}

/// Suggestions need at least this confidence to be worth offering.
const MIN_SUGGESTION: f32 = 0.2;

/// A refused question's best sentence is shown as the nearest passage from this confidence
/// up: held out (leave-one-article-out over eighteen drafted articles, session 18), each
/// band of 0.1 from 0.5 to the threshold held the right sentence for more than half of its
/// questions (0.5-0.6: 34 of 60; 0.6-0.66: 24 of 42), and the band below it for fewer
/// (0.4-0.5: 20 of 46).
pub const MIN_NEAREST: f32 = 0.5;

pub fn build(base: &FactBase, question: &str, ranking: &Ranking, config: MatchConfig) -> Answer {
    let mut answer = Answer {
        question: question.to_string(),
        answered: false,
        answer: None,
        confidence: 0.0,
        fact_id: None,
        citation: None,
        suggestions: Vec::new(),
        nearest: None,
        correction: false,
        draft: false,
        truncated: false,
        earlier: None,
    };
    let Some(best) = ranking.candidates.first() else {
        return answer;
    };
    // The confidence people see decides: one shown as 0.761 is never an answer under a
    // threshold of 0.7614.
    answer.confidence = round(best.confidence);
    if answer.confidence < config.min_confidence {
        if answer.confidence >= MIN_NEAREST {
            answer.nearest = base.facts.get(best.fact).map(|fact| Nearest {
                fact_id: fact.id.clone(),
                confidence: answer.confidence,
                citation: citation(base, fact),
            });
        }
        // The nearest passage is shown as itself; the suggestions are the other candidates.
        let shown = answer.nearest.is_some() as usize;
        answer.suggestions = ranking
            .candidates
            .iter()
            .skip(shown)
            .filter(|c| c.confidence >= MIN_SUGGESTION)
            // From an article whose sentences hold the question's words as well as any
            // article's: "did the police charge him?" is not offered "Why was the coalition
            // formed?" because a curated form of that fact says "in charge".
            .filter(|c| c.features[Feature::SourceCoverageGap as usize] <= 0.0)
            .take(3)
            .filter_map(|c| {
                let fact = base.facts.get(c.fact)?;
                Some(Suggestion {
                    fact_id: fact.id.clone(),
                    question: fact.questions.first()?.clone(),
                })
            })
            .collect();
        return answer;
    }
    let Some(fact) = base.facts.get(best.fact) else {
        return answer;
    };
    let mut text = if best.corrects {
        format!("No. {}", fact.answer)
    } else {
        fact.answer.clone()
    };
    if let Some(older) = ranking.superseded.and_then(|i| base.facts.get(i)) {
        let earlier = citation(base, older);
        text = format!(
            "{text} (Earlier, {} ({}) said otherwise: \"{}\")",
            earlier.publisher, earlier.published, older.answer
        );
        answer.earlier = Some(Earlier {
            answer: older.answer.clone(),
            citation: earlier,
        });
    }
    answer.answered = true;
    answer.answer = Some(text);
    answer.fact_id = Some(fact.id.clone());
    answer.correction = best.corrects;
    answer.draft = fact.draft;
    answer.truncated = fact.truncated;
    answer.citation = Some(citation(base, fact));
    answer
}

fn round(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}
