//! What every answer of `Matcher::answer` promises, whatever the question: a confidence in
//! [0, 1]; an answer only at or above the matcher's threshold, and then with its fact and
//! citation; every citation (the answer's and an earlier source's) verbatim in the text of
//! the source it names; suggestions that name real facts; the question kept is a prefix of
//! the one asked. Panics when one is broken. The property tests (`core_tests::properties`)
//! and the fuzz targets (`fuzz/src/lib.rs` includes this file) check every answer with it.

use factbot::{Answer, Matcher};

pub fn check_answer(matcher: &Matcher, question: &str, a: &Answer) {
    assert!(
        (0.0..=1.0).contains(&a.confidence),
        "confidence {} for {question:?}",
        a.confidence
    );
    if a.answered {
        assert!(
            a.answer.is_some() && a.fact_id.is_some() && a.citation.is_some(),
            "answered without its fact and citation: {a:?}"
        );
        assert!(
            a.confidence >= matcher.config().min_confidence,
            "answered at {} under the threshold {}: {question:?}",
            a.confidence,
            matcher.config().min_confidence
        );
    } else {
        assert!(
            a.answer.is_none() && a.citation.is_none(),
            "a refusal with an answer: {a:?}"
        );
    }
    let citations = a
        .citation
        .iter()
        .chain(a.earlier.as_ref().map(|e| &e.citation));
    for c in citations {
        let source = matcher.base().sources.iter().find(|s| s.id == c.source);
        assert!(
            source.is_some_and(|s| !c.sentence.is_empty() && s.text.contains(&c.sentence)),
            "citation not verbatim in {}: {:?} (question {question:?})",
            c.source,
            c.sentence
        );
    }
    if let Some(n) = &a.nearest {
        assert!(!a.answered, "an answer with a nearest passage: {a:?}");
        assert!(
            n.confidence == a.confidence && n.confidence >= factbot::engine::MIN_NEAREST,
            "a nearest passage at {} (answer {}): {question:?}",
            n.confidence,
            a.confidence
        );
        assert!(
            a.suggestions.iter().all(|s| s.fact_id != n.fact_id),
            "the nearest passage suggested again: {a:?}"
        );
        let source = matcher
            .base()
            .sources
            .iter()
            .find(|s| s.id == n.citation.source);
        assert!(
            source.is_some_and(
                |s| !n.citation.sentence.is_empty() && s.text.contains(&n.citation.sentence)
            ),
            "nearest passage not verbatim in {}: {:?}",
            n.citation.source,
            n.citation.sentence
        );
    }
    for s in &a.suggestions {
        assert!(
            matcher.base().fact(&s.fact_id).is_some(),
            "suggests an unknown fact {}",
            s.fact_id
        );
    }
    assert!(
        question.starts_with(&a.question),
        "the question kept ({:?}) is not a prefix of the one asked ({question:?})",
        a.question
    );
}
