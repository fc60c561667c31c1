//! What a question asks, read from its words: the kind of answer (how many, when, who, where,
//! why), what it counts, and whether it wants a name, a sum of money or what is to come.

use crate::knowledge::QuestionKind;
use crate::text::classes::{noun_class, NounClass};
use crate::text::fold::is_number;
use crate::text::money::{money, Money};
use crate::text::words::{is_stopword, slang};

const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "do", "does", "did", "will", "would", "can", "could", "has",
    "have", "had", "should", "shall", "may", "might", "must", "isn", "aren", "wasn", "didn", "won",
];

/// The words that make a question what it is: a slip in one ("meny", "wich") changes what
/// kind of answer is wanted.
const QUESTION_WORDS: &[&str] = &[
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "many", "much",
];

/// Whether a sentence of an article is a question, asking rather than telling (its `words`,
/// folded): it opens with a question word or an auxiliary (after a leading "and", "but" or
/// "so") and ends with a question mark, maybe inside closing quotes or brackets. A statement
/// that ends on a quoted question ("critics wrote: '... is it worth it?'") or a tentative
/// answer ("First Corinthians 9:25?") tells something.
pub fn is_question_sentence(sentence: &str, words: &[String]) -> bool {
    let ends_asking = sentence
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')', ']'])
        .ends_with('?');
    let mut opening = words.iter().map(String::as_str);
    let first = match opening.next() {
        Some("and" | "but" | "so") => opening.next(),
        first => first,
    };
    ends_asking
        && first.is_some_and(|w| {
            AUXILIARIES.contains(&w) || QUESTION_WORDS.contains(&w) && !matches!(w, "many" | "much")
        })
}

/// Puts right question words typed one letter off ("how meny", "wich one"), so that the
/// question's kind and what it counts are read as meant. A word that is itself English, a
/// stop word, a known casual spelling or a word of the articles (`known`) is left alone:
/// "hoe" is not "how" misspelt, nor are "Mann" and "the Dow" "many" and "how".
pub fn mend_question_words(words: &mut [String], known: impl Fn(&str) -> bool) {
    for word in words.iter_mut() {
        let w = word.as_str();
        if w.len() < 3
            || slang(w) != w
            || is_stopword(w)
            || crate::text::english::is_english_word(w)
            || known(w)
        {
            continue;
        }
        // One edit apart means lengths at most one apart (the question words are ASCII):
        // most words are ruled out without the distance, which allocates.
        let chars = w.chars().count();
        if let Some(meant) = QUESTION_WORDS
            .iter()
            .filter(|q| q.len().abs_diff(chars) <= 1)
            .find(|q| strsim::osa_distance(q, w) == 1)
        {
            *word = (*meant).to_string();
        }
    }
}

/// Adjectives of size, span or distance, which follow what is measured ("how many pages
/// long", "how many feet tall", "how many miles away"): grammar, not a lexicon.
const MEASURES: &[&str] = &[
    "long", "tall", "high", "wide", "deep", "old", "big", "large", "heavy", "away", "thick",
];

/// The words naming what is counted: the run of content words after "how many", "how much"
/// or "number of" and, with `after_numbers`, after each number ("2,500 U.S. troops", "90
/// times"). A count question about troops is not answered by a count of attacks.
pub fn counted_runs(words: &[String], after_numbers: bool) -> Vec<Vec<String>> {
    const MAX_RUN: usize = 4;
    let mut runs = Vec::new();
    for (i, word) in words.iter().enumerate() {
        // No casual spelling stands for "many", "much", "of" or a figure, so the word is read
        // as written; the word before is spelled out only for these (this runs for every
        // word of every text a base is built from).
        let w = word.as_str();
        let starts = match w {
            "many" | "much" => i > 0 && slang(&words[i - 1]) == "how",
            "of" => i > 0 && slang(&words[i - 1]) == "number",
            _ => after_numbers && is_number(w),
        };
        if !starts {
            continue;
        }
        let mut rest = &words[i + 1..];
        // "how much does the U.S. spend": what is counted follows the subject, after the verb.
        let question = !is_number(w);
        if question
            && rest
                .first()
                .is_some_and(|w| AUXILIARIES.contains(&slang(w)))
        {
            let skip = rest.iter().take_while(|w| is_stopword(slang(w))).count();
            rest = &rest[skip..];
        }
        // In a question the counted words end at the verb: "how many astronauts died"
        // counts astronauts; and at a word of measure: "how many pages long" counts pages.
        // A word of measure ends the run only after what it measures: "how many high
        // schools" counts high schools.
        let mut run: Vec<String> = rest
            .iter()
            .enumerate()
            .take_while(|(_, w)| !is_stopword(slang(w)) && !is_number(w))
            .take_while(|&(j, w)| {
                !question || !(is_past_verb(w) || j > 0 && MEASURES.contains(&w.as_str()))
            })
            .map(|(_, w)| w.clone())
            .take(MAX_RUN)
            .collect();
        // In a question what is counted is a plural noun, and the run ends with it: "how
        // many people work aboard" counts people, not "aboard" (the verb "work" is no past
        // tense to stop at).
        if question {
            if let Some(last) = run.iter().rposition(|w| is_plural(w)) {
                run.truncate(last + 1);
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
    }
    runs
}

/// A noun that reads as plural: an -s ending that is not "-ss", "-us" or "-is", a form
/// WordNet knows as an inflection ("children", "men"), or a plural without one.
fn is_plural(word: &str) -> bool {
    /// Plural nouns with no singular form to inflect (grammar, not a lexicon).
    const PLURAL_ONLY: &[&str] = &["people", "police"];
    let regular = word.len() > 3
        && word.ends_with('s')
        && !(word.ends_with("ss") || word.ends_with("us") || word.ends_with("is"));
    // An inflected form that is no verb's: "children", "men", not "spent" or "working".
    let irregular = !(word.ends_with("ed") || word.ends_with("ing"))
        && crate::text::lexicon::lemma(word).is_some_and(|l| l != word)
        && crate::text::words::base_form(word) == word;
    regular || irregular || PLURAL_ONLY.contains(&word)
}

/// A verb in the past tense ("died", "attended", "went"): an irregular past, or an -ed word
/// the lexicon knows as an inflection of another.
fn is_past_verb(word: &str) -> bool {
    crate::text::words::base_form(word) != word
        || word.len() >= 4
            && word.ends_with("ed")
            && crate::text::lexicon::lemma(word).is_some_and(|l| l != word)
}

/// Whether `words[i]` only names the kind of answer wanted ("date" in "on what date did ..."),
/// which [`question_kind`] reads; as a topic word it would match every fact giving a date.
pub fn is_kind_word(words: &[String], i: usize) -> bool {
    // "how old": the age asked for, not a topic (few facts say "old" of what they date).
    if i > 0 && i < words.len() && words[i] == "old" && slang(&words[i - 1]) == "how" {
        return true;
    }
    // The "what" first: it is rare in curated text, and the noun's class costs a look-up.
    // Every spelling of "what" or "which" starts with a "w", which is cheaper to test.
    i < words.len()
        && words[i.saturating_sub(2)..i]
            .iter()
            .any(|w| w.starts_with('w') && matches!(slang(w), "what" | "which"))
        && is_kind_head(&words[i])
}

/// Whether a question holds "what" or "which" (or a casual spelling of one).
fn asks_what(words: &[String]) -> bool {
    words.iter().any(|w| matches!(slang(w), "what" | "which"))
}

/// Where a question says "name of" or "names of".
fn name_of(words: &[String]) -> Option<usize> {
    words
        .windows(2)
        .position(|w| matches!(w[0].as_str(), "name" | "names") && w[1] == "of")
}

/// Whether a question asks for someone's or something's name ("what's the name of the
/// official", "what is the militia called", "what is the robot's name").
pub fn asks_for_name(words: &[String]) -> bool {
    let asks_what = asks_what(words);
    name_of(words).is_some()
        || words.last().is_some_and(|w| w == "called") && asks_what
        || words.windows(2).any(|w| w[0] == "who" && w[1] == "named")
        || words.last().is_some_and(|w| w == "name" || w == "names") && asks_what
}

/// Auxiliaries followed by the subject and then the verb in its base form ("how did Han Lee
/// plead", "who will command"), or, for the perfect, its past participle ("has Paris filed").
const BASE_AUXILIARIES: &[&str] = &[
    "do", "does", "did", "will", "would", "can", "could", "should", "shall", "may", "might", "must",
];
const PERFECT_AUXILIARIES: &[&str] = &["has", "have", "had"];

/// How far past its auxiliary a question's verb may stand (the subject between).
const VERB_REACH: usize = 6;

/// The verb a question asks about, as written: after an auxiliary and its subject ("how did
/// Han Lee plead at his arraignment" -> "plead", "has Paris filed a lawsuit" -> "filed"), or
/// just after the question word ("who won the world cup" -> "won"). None when the question
/// has no common verb there ("how many troops are in Iraq": "are" only links).
pub fn asked_verb(words: &[String]) -> Option<&str> {
    use crate::text::verbs::is_verb;
    let base = |w: &str| is_verb(w) || crate::text::lexicon::lemma(w).is_some_and(is_verb);
    let asking = words
        .iter()
        .position(|w| QUESTION_WORDS.contains(&slang(w)))
        .map_or(0, |q| q + 1);
    let next = words.get(asking)?;
    let aux = slang(next);
    if BASE_AUXILIARIES.contains(&aux) || PERFECT_AUXILIARIES.contains(&aux) {
        let perfect = PERFECT_AUXILIARIES.contains(&aux);
        return words[asking + 1..]
            .iter()
            .take(VERB_REACH)
            .map(String::as_str)
            .find(|w| !is_stopword(slang(w)) && if perfect { base(w) } else { is_verb(w) });
    }
    // "who won", "what happened": a verb in the past just after the question word.
    let past = crate::text::lexicon::lemma(next).is_some_and(|l| l != next && is_verb(l));
    (asking > 0 && !is_stopword(aux) && past).then_some(next.as_str())
}

/// Words that say which of someone's names is meant ("her real name"), not whose it is
/// (grammar, not a lexicon).
const NAME_QUALIFIERS: &[&str] = &[
    "actual", "birth", "code", "family", "first", "full", "given", "last", "maiden", "official",
    "proper", "real", "stage",
];

/// The noun whose name a question asks for: "the name of the passerby who found it" ->
/// "passerby", "the name of Montalvo's mother" -> "mother", "what is the robot's real name"
/// -> "robot". Its name, to answer, stands beside it in the sentence ("his mother, Jane
/// Doe"); another name elsewhere in the sentence names someone else.
pub fn named_noun(words: &[String]) -> Option<&str> {
    let content = |w: &&String| !is_stopword(slang(w)) && !NAME_QUALIFIERS.contains(&w.as_str());
    if let Some(i) = name_of(words) {
        // The noun phrase after "of", to its last word: "the passerby who" -> "passerby".
        let phrase = words[i + 2..]
            .iter()
            .skip_while(|w| is_stopword(slang(w)))
            .take_while(content);
        return phrase.last().map(String::as_str);
    }
    let last = words.len().checked_sub(1)?;
    if !matches!(words[last].as_str(), "name" | "names") {
        return None;
    }
    // "what is the robot's real name": the possessive is gone once folded.
    words[..last]
        .iter()
        .rev()
        .skip_while(|w| NAME_QUALIFIERS.contains(&w.as_str()))
        .take_while(content)
        .next()
        .map(String::as_str)
}

/// Whether a question asks for a sum of money ("how much does the deployment cost", "what is
/// the budget"): a word of money (WordNet, `text/money.rs`), or "how much" with a word of
/// paying or costing or a large number word.
pub fn asks_for_money(words: &[String]) -> bool {
    /// Number words of sums (grammar, not a lexicon): "how much, a million?".
    const LARGE_NUMBERS: &[&str] = &["million", "billion"];
    let how_much = words.windows(2).any(|w| w[0] == "how" && w[1] == "much");
    // "What is the monthly price of ...", "what did the repairs cost": a word of paying a
    // few words after "what" is the thing asked for.
    let what_costs = words.iter().enumerate().any(|(i, w)| {
        matches!(slang(w), "what" | "which")
            && words[i + 1..].iter().take(4).any(|n| money(n).is_some())
    });
    what_costs
        || how_much
            && words
                .iter()
                .any(|w| money(w).is_some() || LARGE_NUMBERS.contains(&w.as_str()))
        || words.iter().any(|w| money(w) == Some(Money::Money))
}

/// Whether a question asks how old someone or something is ("how old is ...", "at what age
/// did ...", "what is her age"): only a fact that gives an age answers it.
pub fn asks_for_age(words: &[String]) -> bool {
    let how_old = words
        .windows(2)
        .any(|w| slang(&w[0]) == "how" && matches!(w[1].as_str(), "old" | "young"));
    how_old || words.iter().any(|w| w == "age") && asks_what(words)
}

/// Units of time, which give a span ("two hours") or an age ("nine months old").
const TIME_UNITS: &[&str] = &[
    "second",
    "seconds",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
];

/// Whether a question asks how long something lasted or measures ("how long has he been
/// practising", "how long was the document"): only a fact with a figure or a span of time
/// answers it.
pub fn asks_for_span(words: &[String]) -> bool {
    words
        .windows(2)
        .any(|w| slang(&w[0]) == "how" && w[1] == "long")
}

/// Whether a sentence's folded `words` give a figure or a span of time ("two hours", "since
/// 2003", "hours long").
pub fn gives_span(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| is_number(w) || TIME_UNITS.contains(&w.as_str()))
}

/// Whether a sentence (and its folded `words`, numbers as digits) gives an age, by the ways
/// English writes one: "a 43-year-old man", "nine months old", "aged 14", "at the age of
/// four months", "when she was six", or a figure set off after a name ("Thomas Sam, 42,").
pub fn gives_age(sentence: &str, words: &[String]) -> bool {
    const PEOPLE: &[&str] = &["i", "he", "she", "they", "we", "you"];
    let at = |i: usize| words.get(i).map_or("", String::as_str);
    let spelled = (0..words.len()).any(|i| {
        let (w, next) = (at(i), at(i + 1));
        let old = at(i + 2) == "old" || at(i + 2) == "of" && at(i + 3) == "age";
        is_number(w) && TIME_UNITS.contains(&next) && old
            || matches!(w, "aged" | "age") && is_number(next)
            || w == "age" && next == "of" && is_number(at(i + 2))
    }) || words.windows(4).any(|w| {
        w[0] == "when"
            && PEOPLE.contains(&w[1].as_str())
            && matches!(w[2].as_str(), "was" | "were")
            && is_number(&w[3])
    });
    spelled
        || sentence.match_indices(", ").any(|(at, _)| {
            let before = sentence[..at]
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic());
            let named = before.last().is_some_and(char::is_uppercase);
            let rest = &sentence[at + 2..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            named
                && (1..=3).contains(&digits)
                && rest[digits..].starts_with([',', ')'])
                && rest[..digits]
                    .parse::<u32>()
                    .is_ok_and(|n| (1..=120).contains(&n))
        })
}

/// Words that speak of what is to come ("will", "likely", "soon").
pub fn is_future_word(word: &str) -> bool {
    matches!(
        word,
        "will"
            | "would"
            | "gonna"
            | "shall"
            | "likely"
            | "soon"
            | "expect"
            | "expects"
            | "expected"
            | "plan"
            | "plans"
            | "planned"
            | "future"
            | "next"
            | "upcoming"
            | "eventually"
            | "aims"
            | "timeline"
            | "timetable"
    )
}

/// Whether a question asks about what is to come: "will", "gonna", "going to".
pub fn asks_about_future(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| matches!(slang(w), "will" | "gonna" | "shall"))
        || words.windows(2).any(|w| w[0] == "going" && w[1] == "to")
}

/// Whether a word can name the kind of answer wanted after "what" or "which" ("date").
fn is_kind_head(word: &str) -> bool {
    noun_class(word) == Some(NounClass::Time)
}

/// Whether a question opens by asking for someone or somewhere, chat filler aside: "who ...",
/// "where ...", "which newspaper ...", "in what city ..."; not "what's the group doing?" nor a
/// "who" inside a later clause ("can you get too much, like the kid who eats ...").
pub fn asks_directly(words: &[String]) -> bool {
    const FILLER: &[&str] = &[
        "so", "ok", "okay", "wait", "lol", "yo", "bro", "like", "ngl", "tbh", "hey", "um", "and",
        "but", "also", "then", "hmm",
    ];
    const PREPOSITIONS: &[&str] = &["in", "at", "from", "to", "for", "by", "of", "on", "with"];
    let mut w = words
        .iter()
        .map(|w| slang(w))
        .skip_while(|w| FILLER.contains(w))
        .skip_while(|w| PREPOSITIONS.contains(w));
    match w.next() {
        Some("who" | "whom" | "whose" | "where") => true,
        Some("which" | "what") => w.next().is_some_and(|next| {
            !is_stopword(next) && !matches!(next, "s" | "happened" | "happens")
        }),
        _ => false,
    }
}

/// Whether a question asks for a date in so many words: "when", or "what year", "which
/// day" and the like (a question read as one about time for another reason, "what rating
/// do 39 percent get?", is not answered by a date).
pub fn asks_for_a_date(words: &[String]) -> bool {
    const PERIODS: &[&str] = &[
        "year", "month", "day", "date", "time", "week", "weekend", "decade", "century", "season",
        "hour",
    ];
    words.iter().any(|w| slang(w) == "when")
        || words
            .windows(2)
            .any(|w| matches!(w[0].as_str(), "which" | "what") && PERIODS.contains(&w[1].as_str()))
}

/// Reads the kind of answer a question wants from its wording.
pub fn question_kind(words: &[String]) -> QuestionKind {
    let w: Vec<&str> = words.iter().map(|w| slang(w)).collect();
    let has = |seq: &[&str]| w.windows(seq.len()).any(|win| win == seq);
    let first = w.first().copied().unwrap_or("");
    let second = w.get(1).copied().unwrap_or("");
    if has(&["how", "many"])
        || has(&["how", "much"])
        || has(&["number", "of"])
        || has(&["how", "big"])
        || has(&["how", "large"])
        || has(&["how", "old"])
        // An age is a number of years, not a period: "what age is he" ("what's her age",
        // "what the age of ...") is "how old is he".
        || w.iter().enumerate().any(|(i, x)| {
            *x == "what" && w[i + 1..].iter().take(2).any(|n| *n == "age")
        })
    {
        return QuestionKind::Count;
    }
    // The noun a "what" or "which" asks about, a few words on ("which Iraqi ministry"), by
    // what WordNet says it names: the first word that names one of the classes ("which
    // organization stood out" asks for a group, though a stand is a place).
    let head = |classes: &[NounClass]| {
        w.iter().enumerate().any(|(i, x)| {
            matches!(*x, "what" | "which")
                && w[i + 1..]
                    .iter()
                    .take(3)
                    .take_while(|n| !AUXILIARIES.contains(n))
                    .find_map(|n| noun_class(n))
                    .is_some_and(|c| classes.contains(&c))
        })
    };
    // The first question word is the question's own; a later one starts a clause ("what did
    // he do when ...", "which men who ...").
    let first_wh = w.iter().position(|x| {
        matches!(
            *x,
            "what" | "which" | "who" | "whom" | "whose" | "when" | "where" | "why" | "how"
        )
    });
    let leads = |word: &str| first_wh.is_some_and(|i| w[i] == word);
    if leads("when") || head(&[NounClass::Time]) || has(&["how", "long"]) {
        return QuestionKind::Time;
    }
    if leads("why") || has(&["what", "reason"]) || has(&["how", "come"]) || has(&["what", "caused"])
    {
        return QuestionKind::Reason;
    }
    // "Where does X come from?" asks for a source, which is seldom a place.
    let origin = w.ends_with(&["come", "from"]) || w.ends_with(&["came", "from"]);
    if leads("where") && !origin || head(&[NounClass::Place]) {
        return QuestionKind::Place;
    }
    if leads("who")
        || leads("whom")
        || leads("whose")
        || head(&[NounClass::Person, NounClass::Group])
    {
        return QuestionKind::Person;
    }
    let wh_anywhere = w.iter().any(|x| matches!(*x, "what" | "which" | "how"));
    let opener = matches!(first, "so" | "ok" | "lol" | "and" | "but");
    if !wh_anywhere && (AUXILIARIES.contains(&first) || opener && AUXILIARIES.contains(&second)) {
        return QuestionKind::Confirm;
    }
    // "... 20 times, is that right?", "... or not?": tags that end the question.
    let tag = ["right", "true", "correct", "so"]
        .iter()
        .any(|t| w.ends_with(&["that", t]))
        || w.ends_with(&["or", "not"])
        || w.last()
            .is_some_and(|l| matches!(*l, "right" | "true" | "correct"));
    if has(&["is", "it", "true"]) || has(&["true", "that"]) || tag {
        return QuestionKind::Confirm;
    }
    if w.contains(&"how") {
        return QuestionKind::Manner;
    }
    QuestionKind::Thing
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_question_asks_and_a_statement_ending_on_one_tells() {
        let asks = |s: &str| is_question_sentence(s, &words(&fold(s)));
        assert!(asks("What is Heaven Sent Gaming?"));
        assert!(asks("And what was the verse that we have?"));
        assert!(asks("“Why did she so badly want to attend?”"));
        assert!(!asks("First Corinthians 9:25?"));
        assert!(!asks("Critics wrote: \"is it worth it?\""));
        assert!(!asks(
            "We met in Arizona; and ... (how do I best explain this?)"
        ));
        assert!(!asks("What a day it was."));
    }

    use super::*;
    use crate::text::fold::{fold, words};

    fn ws(text: &str) -> Vec<String> {
        words(&fold(text))
    }

    #[test]
    fn ages_asked_for_and_given() {
        assert!(asks_for_age(&ws("How old is Robert Sarvis?")));
        assert!(asks_for_age(&ws("at wat age did she join")));
        assert!(!asks_for_age(&ws("How long is the old bridge?")));
        assert!(asks_for_span(&ws(
            "How long has Thomas Sam been practising?"
        )));
        assert!(gives_span(&ws("He was interrogated for two hours.")));
        assert!(gives_span(&ws("Lines can still be hours long.")));
        assert!(!gives_span(&ws(
            "Thomas Sam, a practising homeopath, treated her himself."
        )));
        let gives = |s: &str| gives_age(s, &ws(s));
        assert!(gives("A 43-year-old-man began feeling extreme fatigue."));
        assert!(gives(
            "Thomas Sam, 42, and his wife Manju Sam, 36, from Sydney"
        ));
        assert!(gives("the death of their nine-month-old child"));
        assert!(gives("She joined the Sea Org aged 14."));
        assert!(gives("In 1995, at age seventeen, she was told to leave."));
        assert!(gives("It developed at the age of four months."));
        assert!(gives("her parents moved her when she was six"));
        assert!(!gives(
            "Sarvis answered five questions submitted via e-mail."
        ));
        assert!(!gives("In Kowloon, 12 seats, and more."));
        assert!(!gives("On Sunday, 2016, the vote was held."));
    }

    #[test]
    fn question_words_one_letter_off_are_mended() {
        let mut w = ws("how meny games did wich studio make, hoe");
        mend_question_words(&mut w, |_| false);
        assert_eq!(w, ws("how many games did which studio make, hoe"));
        assert_eq!(question_kind(&w), QuestionKind::Count);
        // Real words and the articles' own words stay as they are, however close.
        let mut w = ws("what does mann say about the dow");
        mend_question_words(&mut w, |w| matches!(w, "mann" | "dow"));
        assert_eq!(w, ws("what does mann say about the dow"));
        // A letter added, dropped or swapped; and lengths are counted in characters, not
        // bytes ("w\u{2c68}o" is three letters in five bytes, one edit from "who").
        let mut w: Vec<String> = ["wheere", "whre", "waht", "w\u{2c68}o"]
            .map(String::from)
            .into();
        mend_question_words(&mut w, |_| false);
        assert_eq!(w, ["where", "where", "what", "who"]);
    }

    #[test]
    fn reads_questions_for_names_and_money() {
        assert!(asks_for_name(&ws(
            "whats the name of the anonymous official"
        )));
        assert!(asks_for_name(&ws("what is the militia called")));
        assert!(asks_for_name(&ws("what is the robot real name")));
        for (question, noun) in [
            (
                "What is the name of the passerby who found the document?",
                Some("passerby"),
            ),
            ("What is the name of Montalvo's mother?", Some("mother")),
            ("What is the Afghan robot's real name?", Some("robot")),
            ("What is the militia called?", None),
        ] {
            assert_eq!(named_noun(&ws(question)), noun, "{question}");
        }
        for (question, verb) in [
            ("How did Han Lee plead at his arraignment?", Some("plead")),
            (
                "Has Paris filed a lawsuit against the church?",
                Some("filed"),
            ),
            ("who won the world cup", Some("won")),
            ("How many US troops are in Iraq?", None),
            ("What was on the hard drives Montalvo took?", None),
        ] {
            assert_eq!(asked_verb(&ws(question)), verb, "{question}");
        }
        assert!(!asks_for_name(&ws(
            "who was named prime minister? no: who is he"
        )));
        assert!(asks_for_money(&ws(
            "how much is the deployment costing taxpayers"
        )));
        assert!(!asks_for_money(&ws("how much of Iraq do they hold")));
        assert!(asks_for_money(&ws(
            "What is the monthly price of the service?"
        )));
        assert!(asks_for_money(&ws("what did the repairs cost")));
        assert!(!asks_for_money(&ws(
            "what did the report say about costs of the war"
        )));
    }

    #[test]
    fn finds_what_is_counted() {
        assert_eq!(
            counted_runs(
                &ws("How many astronauts died when Columbia was lost?"),
                false
            ),
            vec![vec!["astronauts"]]
        );
        assert_eq!(
            counted_runs(&ws("how many US troops are in Syria?"), false),
            vec![vec!["us", "troops"]]
        );
        assert_eq!(
            counted_runs(
                &ws("There are 2,500 U.S. troops deployed to Iraq, hit 90 times."),
                true
            ),
            vec![vec!["us", "troops", "deployed"], vec!["times"]]
        );
        assert!(counted_runs(&ws("how big is it"), false).is_empty());
        for (question, counted) in [
            ("How many people work aboard the Freewinds?", vec!["people"]),
            ("how many high schools closed", vec!["high", "schools"]),
            ("How many pages long was the document?", vec!["pages"]),
            ("how much does the US spend each year", vec!["us", "spend"]),
        ] {
            assert_eq!(
                counted_runs(&ws(question), false),
                vec![counted],
                "{question}"
            );
        }
    }

    #[test]
    fn detects_question_kinds() {
        let k = |q: &str| question_kind(&ws(q));
        assert_eq!(k("how many US troops are in Iraq?"), QuestionKind::Count);
        assert_eq!(k("When did the U.S. strike back?"), QuestionKind::Time);
        assert_eq!(k("On what day did they announce it?"), QuestionKind::Time);
        // An age is counted in years, though WordNet files "age" under periods of time.
        assert_eq!(k("what age is Mohamed?"), QuestionKind::Count);
        assert_eq!(k("At what age did she fall ill?"), QuestionKind::Count);
        assert_eq!(k("what's her age"), QuestionKind::Count);
        assert_ne!(k("What did Paris join at age 14?"), QuestionKind::Count);
        assert_eq!(k("who is the prime minister"), QuestionKind::Person);
        assert_eq!(k("where will the troops stay"), QuestionKind::Place);
        assert_eq!(k("why does iraq want them out"), QuestionKind::Reason);
        assert_eq!(k("did the americans kill anyone"), QuestionKind::Confirm);
        assert_eq!(
            k("is it true there are 25,000 troops"),
            QuestionKind::Confirm
        );
        assert_eq!(k("how did al-Sudani justify it"), QuestionKind::Manner);
        assert_eq!(k("wat will the talks focus on"), QuestionKind::Thing);
        assert_eq!(
            k("Which Iraqi ministry wants a timetable?"),
            QuestionKind::Person
        );
        assert_eq!(
            k("what extremist group is it fighting"),
            QuestionKind::Person
        );
        assert_eq!(k("which air base was hit"), QuestionKind::Place);
        assert_eq!(
            k("Which organization stood out at the main entrance?"),
            QuestionKind::Person
        );
        assert_eq!(k("what month did they ask"), QuestionKind::Time);
        assert_eq!(k("what did the militia hit"), QuestionKind::Thing);
        assert_eq!(
            k("I read they hit US bases 20 times, is that right?"),
            QuestionKind::Confirm
        );
        assert_eq!(
            k("they hit bases like 30 times right?"),
            QuestionKind::Confirm
        );
    }
}
