//! Plain-text rendering of answers and summaries, shared by `ask`, `chat` and `summary`.

use std::fmt::Write;

use crate::engine::{Answer, Citation};
use crate::knowledge::FactBase;

pub fn citation_line(c: &Citation) -> String {
    format!("— {}, {} (\"{}\")", c.publisher, c.published, c.title)
}

/// An answer as the CLI prints it: the answer, the quoted sentence, the source.
pub fn answer(a: &Answer) -> String {
    let mut out = String::new();
    match (&a.answer, &a.citation) {
        (Some(text), Some(c)) => {
            let _ = writeln!(out, "{text}");
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
            let _ = write!(out, "I don't know: the articles I have don't answer that.");
            if !a.suggestions.is_empty() {
                let _ = write!(out, "\nDid you mean:");
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
            let _ = writeln!(out, "  (no curated summary)");
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
