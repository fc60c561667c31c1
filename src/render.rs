//! Plain-text rendering of answers and summaries, shared by `ask`, `chat` and `summary`.

use std::fmt::Write;

use crate::engine::{restates, Answer, Citation};
use crate::knowledge::FactBase;

/// A refusal with nothing close.
pub const DONT_KNOW: &str = "I don't know: the articles I have don't answer that.";
/// A refusal that shows the nearest passage: it may hold the answer, and the reader decides.
pub const NOT_SURE: &str = "I'm not sure the articles answer that.";

/// What introduces the suggested questions: after a nearest passage they are the other ones.
pub fn suggestions_heading(a: &Answer) -> &'static str {
    if a.nearest.is_some() {
        "Or did you mean:"
    } else {
        "Did you mean:"
    }
}

pub fn citation_line(c: &Citation) -> String {
    format!("— {}, {} (\"{}\")", c.publisher, c.published, c.title)
}

/// An answer as the CLI prints it: the answer, the quoted sentence, the source; the quote
/// alone when the answer is the sentence.
pub fn answer(a: &Answer) -> String {
    let mut out = String::new();
    match (&a.answer, &a.citation) {
        (Some(text), Some(c)) => {
            if !restates(text, &c.sentence) {
                let _ = writeln!(out, "{text}");
            }
            if a.truncated {
                let _ = writeln!(out, "  (the source sentence is cut off in the article)");
            }
            let _ = writeln!(out, "  > {}", c.sentence);
            let _ = write!(out, "  {}", citation_line(c));
            if a.draft {
                let _ = write!(
                    out,
                    " [unreviewed draft fact, confidence {:.2}]",
                    a.confidence
                );
            }
        }
        _ => {
            if let Some(n) = &a.nearest {
                let _ = writeln!(
                    out,
                    "{NOT_SURE} The nearest passage (confidence {:.2}):",
                    n.confidence
                );
                let _ = writeln!(out, "  > {}", n.citation.sentence);
                let _ = write!(out, "  {}", citation_line(&n.citation));
            } else {
                let _ = write!(out, "{DONT_KNOW}");
            }
            if !a.suggestions.is_empty() {
                let _ = write!(out, "\n{}", suggestions_heading(a));
                for s in &a.suggestions {
                    let _ = write!(out, "\n  - {}", s.question);
                }
            }
        }
    }
    out
}

/// Each source's curated summary, bullets with their quoted sentences.
pub fn summary(base: &FactBase) -> String {
    let mut out = String::new();
    for (i, source) in base.sources.iter().enumerate() {
        let _ = writeln!(
            out,
            "{} — {}, {}",
            source.title, source.publisher, source.published
        );
        if source.summary.is_empty() {
            // No curated summary yet: the article's most central sentences, quoted.
            let sentences = source.newsworthy_sentences();
            let picked = crate::knowledge::summary::extractive(&sentences);
            if picked.is_empty() {
                let _ = writeln!(out, "  (no curated summary)");
            } else {
                let _ = writeln!(
                    out,
                    "  (no curated summary yet; its most central sentences, quoted:)"
                );
                for i in picked {
                    let _ = writeln!(out, "  • “{}”", sentences[i]);
                }
            }
        }
        for bullet in &source.summary {
            let _ = writeln!(out, "  • {}", bullet.text);
            let _ = writeln!(out, "    > {}", base.facts[bullet.fact].sentence);
        }
        let topics: Vec<&str> = base
            .topics
            .iter()
            .filter(|t| t.source == i)
            .map(|t| t.id.as_str())
            .collect();
        if !topics.is_empty() {
            let _ = writeln!(out, "  Topics: {}", topics.join(", "));
        }
    }
    out
}

/// The facts under one topic, across sources.
pub fn topic(base: &FactBase, topic: usize) -> String {
    let t = &base.topics[topic];
    let mut out = format!("{} — {}\n", t.title, t.description);
    for fact in base.facts_in_topic(topic) {
        let source = base.source_of(fact);
        let _ = writeln!(out, "  • {}", fact.answer);
        let _ = writeln!(
            out,
            "    > {}  ({}, {})",
            fact.sentence, source.publisher, source.published
        );
    }
    out
}

/// What the bot knows: each source with its date and fact counts.
pub fn sources(base: &FactBase) -> String {
    let mut out = String::new();
    for (i, s) in base.sources.iter().enumerate() {
        let facts = base.facts_of_source(i).count();
        let drafts = base.facts_of_source(i).filter(|f| f.draft).count();
        let _ = writeln!(
            out,
            "{} — \"{}\", {}, {}: {} facts{}",
            s.id,
            s.title,
            s.publisher,
            s.published,
            facts,
            if drafts > 0 {
                format!(" ({drafts} drafts)")
            } else {
                String::new()
            }
        );
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::knowledge::Source;

    /// An answer citing `sentence`, with `text` as its answer.
    pub(crate) fn answered(text: &str, sentence: &str) -> Answer {
        Answer {
            question: "q".into(),
            answered: true,
            answer: Some(text.into()),
            confidence: 0.9,
            fact_id: Some("f".into()),
            citation: Some(Citation {
                sentence: sentence.into(),
                source: "s".into(),
                publisher: "AP".into(),
                published: "2024-01-25".into(),
                title: "T".into(),
            }),
            suggestions: Vec::new(),
            nearest: None,
            correction: false,
            draft: true,
            truncated: false,
            earlier: None,
        }
    }

    #[test]
    fn an_answer_that_is_its_sentence_is_printed_once_as_the_quote() {
        let sentence = "The council approved the budget on Monday.";
        let out = answer(&answered(sentence, sentence));
        assert_eq!(out.matches(sentence).count(), 1, "{out}");
        assert!(out.starts_with(&format!("  > {sentence}")), "{out}");
        let out = answer(&answered("On Monday.", sentence));
        assert!(out.starts_with("On Monday.\n  > "), "{out}");
    }

    #[test]
    fn summary_falls_back_to_quoted_central_sentences() {
        let text = "The city council approved a new budget for the city schools on Monday.\n\
            The budget raises spending on city schools by 5 percent. It rained.\n\
            Council members debated the school budget for three hours before the vote.\n\
            A local bakery won a prize for its bread at the state fair.\n\
            Parents said the school budget was long overdue and welcomed the council vote.\n\
            Comments are closed.";
        let base = FactBase {
            sources: vec![Source {
                id: "budget".into(),
                title: "Council passes school budget".into(),
                publisher: "Example News Service".into(),
                published: chrono::NaiveDate::from_ymd_opt(2024, 2, 8).unwrap(),
                dateline: None,
                authors: vec![],
                contributors: vec![],
                text: text.into(),
                not_news: vec!["Comments are closed.".into()],
                summary: vec![],
                dir: Default::default(),
            }],
            ..Default::default()
        };
        let out = summary(&base);
        assert!(out.contains("most central sentences"), "{out}");
        assert!(
            out.contains(
                "  • “The city council approved a new budget for the city schools on Monday.”"
            ),
            "{out}"
        );
        assert!(!out.contains("bakery"), "{out}");
        assert!(!out.contains("Comments"), "{out}");
        let bullets = out.lines().filter(|l| l.starts_with("  • ")).count();
        assert!((3..=5).contains(&bullets), "{out}");
    }
}
