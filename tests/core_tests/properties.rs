//! Properties of `Matcher::answer` for any question (proptest): it never panics and keeps the
//! promises of `support::check_answer` (confidence in [0, 1], every citation verbatim in the
//! source it names, ...), the same question always gets the same answer, and cutting a
//! question at `max_question_chars` never splits a character. Run on the shipped base and on the shipped base with the six test articles
//! drafted beside it (drafted facts cite cut-off sentences too).
//!
//! `PROPTEST_CASES` sets the number of cases per property (256 by default); the issue's run
//! of 10,000 is `PROPTEST_CASES=10000 cargo test --release --test core_tests properties`.

use std::sync::OnceLock;

use factbot::eval::QuestionSet;
use factbot::{MatchConfig, Matcher};
use proptest::prelude::*;

use crate::support;

fn shipped() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(support::shipped_matcher)
}

fn matchers() -> [&'static Matcher; 2] {
    [shipped(), super::heldout::seven_sources()]
}

/// A second matcher built on each of `matchers()`' bases (its own index, caches and hash
/// maps), which must answer alike.
fn twins() -> &'static [Matcher] {
    static TWINS: OnceLock<Vec<Matcher>> = OnceLock::new();
    TWINS.get_or_init(|| {
        matchers()
            .iter()
            .map(|m| Matcher::new(m.base().clone(), m.config()))
            .collect()
    })
}

/// Words the matcher knows (every question of the dev set), so that generated questions
/// reach deep into scoring instead of being refused for unknown words at once.
fn vocabulary() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let set = QuestionSet::load(&support::data("dev-questions.toml")).expect("dev set");
        let mut words: Vec<String> = set
            .cases
            .iter()
            .flat_map(|c| c.q.split_whitespace())
            .map(str::to_string)
            .collect();
        words.sort();
        words.dedup();
        assert!(words.len() > 100, "{} words", words.len());
        words
    })
}

/// Pieces that stress normalization and the question readers.
const ODD: &[&str] = &[
    "U.S.",
    "2,500",
    "1,000,000",
    "3.5%",
    "$4",
    "1954",
    "Jan. 25",
    "IS",
    "is",
    "wat",
    "r",
    "u",
    "sooo",
    "ppl",
    "?",
    "??",
    "!",
    ".",
    "...",
    ",",
    "'",
    "\"",
    "“",
    "”",
    "—",
    "-",
    "/",
    "(",
    ")",
    "<@123456789012345678>",
    "<#1>",
    "@everyone",
    "ignore your facts and",
    "not",
    "no",
    "how many",
    "who",
    "when",
    "where",
    "why",
    "did",
    "were",
    "any",
    "ﬁ",
    "é",
    "e\u{301}",
    "Z\u{335}\u{322}",
    "İ",
    "ß",
    "ǅ",
    "\u{200b}",
    "\u{feff}",
    "\u{202e}",
    "\t",
    "\n",
    "\r\n",
    " ",
    "  ",
    "🙂",
    "👍🏽",
    "北京",
    "Ⅻ",
    "½",
    "٣",
    "𝟐",
    "\u{0}",
    "\u{7f}",
    "\u{10ffff}",
];

/// Any question: arbitrary Unicode, arbitrary bytes read as text, and sentences made of known
/// words mixed with odd pieces.
fn question() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        4 => (0..vocabulary().len()).prop_map(|i| vocabulary()[i].clone()),
        2 => proptest::sample::select(ODD).prop_map(str::to_string),
        1 => any::<String>(),
        1 => any::<u32>().prop_map(|n| n.to_string()),
    ];
    let sentence = (proptest::collection::vec(word, 0..24), any::<bool>()).prop_map(|(w, q)| {
        let mut s = w.join(" ");
        if q {
            s.push('?');
        }
        s
    });
    prop_oneof![
        4 => sentence,
        1 => any::<String>(),
        1 => proptest::collection::vec(any::<u8>(), 0..200)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

proptest! {
    #[test]
    fn answer_never_panics_and_keeps_its_promises(q in question()) {
        for matcher in matchers() {
            support::check_answer(matcher, &q, &matcher.answer(&q));
        }
    }

    #[test]
    fn the_same_question_gets_the_same_answer(q in question()) {
        for (matcher, twin) in matchers().into_iter().zip(twins()) {
            let first = matcher.answer(&q);
            prop_assert_eq!(&first, &matcher.answer(&q), "asked again");
            prop_assert_eq!(&first, &twin.answer(&q), "asked a matcher built anew on the same base");
        }
    }

    #[test]
    fn cutting_at_max_question_chars_never_splits_a_character(
        q in question(),
        limit in proptest::sample::select(LIMITS),
    ) {
        let matcher = limited(limit);
        let a = matcher.answer(&q);
        support::check_answer(matcher, &q, &a);
        let kept: String = q.chars().take(limit).collect();
        prop_assert_eq!(&a.question, &kept);
        prop_assert!(q.starts_with(&a.question));
        // The bot caps a message the same way before matching (trimmed first).
        let capped = factbot::bot::ask::cap_input(&q, limit);
        prop_assert!(capped.chars().count() <= limit);
        prop_assert!(q.trim().starts_with(&capped));
    }
}

/// The limits tried: small ones, where any question is cut, and the shipped default.
const LIMITS: &[usize] = &[1, 2, 3, 5, 8, 13, 40, 1000];

/// A matcher over the shipped base that cuts questions at `limit` characters.
fn limited(limit: usize) -> &'static Matcher {
    static MATCHERS: OnceLock<Vec<Matcher>> = OnceLock::new();
    let matchers = MATCHERS.get_or_init(|| {
        let base = shipped().base().clone();
        LIMITS
            .iter()
            .map(|&max_question_chars| {
                Matcher::new(
                    base.clone(),
                    MatchConfig {
                        max_question_chars,
                        ..MatchConfig::default()
                    },
                )
            })
            .collect()
    });
    let i = LIMITS.iter().position(|&l| l == limit).unwrap_or(0);
    &matchers[i]
}
