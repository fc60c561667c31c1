//! Short answers read from a whole-sentence answer: the name a "who" question asks for, the
//! figure of a "how many", the date of a "when", the place of a "where". A drafted fact's
//! answer is its sentence; the part that answers goes first, and the sentence stays quoted
//! below it. Only a span the sentence gives once and the question does not already say is
//! taken: where two could answer, none is, and the sentence answers as before.

use super::analyze::Analyzer;
use super::question::{asks_directly, asks_for_a_date, asks_for_money, counted_runs};
use super::score::Ranking;
use crate::knowledge::{is_calendar_word, QuestionKind};
use crate::text::english::is_english_word;
use crate::text::fold::{self, is_year, number_word};
use crate::text::money::{money, Money};
use crate::text::tokens::{is_function_word, tokens, Token};
use crate::text::words::{base_form, is_place_preposition};

/// What the question already says, by the stems of its words, and what it counts.
pub struct Asked<'a> {
    pub kind: QuestionKind,
    /// Whether a lowercase word of the answer is one of the question's (by stem).
    pub says: &'a dyn Fn(&str) -> bool,
    /// Whether a lowercase word is what a count question counts ("troops" of "how many US
    /// troops").
    pub counts: &'a dyn Fn(&str) -> bool,
    /// A count question that asks for a sum of money ("how much does it cost").
    pub money: bool,
    /// A count question that names what it counts.
    pub counting: bool,
}

/// The words of a question that say what the answer is about: all but the noun after
/// "which" or "what", which names the kind of answer ("which journal" is answered by the
/// "Medical Journal of Australia").
fn said_words(words: &[String]) -> impl Iterator<Item = &String> {
    words.iter().enumerate().filter_map(move |(i, w)| {
        let names_kind = i > 0 && matches!(words[i - 1].as_str(), "which" | "what");
        (!names_kind).then_some(w)
    })
}

/// Whether a word of the answer may be one of `words` once read (folded, stemmed): most
/// share not even their first three letters with any, and need no reading. Words not in
/// ASCII, shorter, or spelling a number ("two" is 2) are read anyway.
fn may_be_one_of<'a>(word: &str, mut words: impl Iterator<Item = &'a str>) -> bool {
    const HEAD: usize = 3;
    // "wrote" is read as "write".
    let lower = word.to_ascii_lowercase();
    let word = base_form(&lower);
    let b = word.as_bytes();
    !word.is_ascii()
        || b.len() < HEAD
        || number_word(word).is_some()
        || words.any(|s| {
            let s = s.as_bytes();
            s.len() < HEAD || s[..HEAD].eq_ignore_ascii_case(&b[..HEAD])
        })
}

/// The part of `text`, a whole-sentence answer, that answers the question `ranking` read:
/// None for questions that ask for no name, place, figure or date, or not directly.
pub fn answer_to(analyzer: &Analyzer, ranking: &Ranking, text: &str) -> Option<String> {
    let words = &ranking.words;
    match ranking.kind {
        // "what's the group doing" or "the kid who eats" ask for no name.
        QuestionKind::Person | QuestionKind::Place if asks_directly(words) => {}
        QuestionKind::Count => {}
        QuestionKind::Time if asks_for_a_date(words) => {}
        _ => return None,
    }
    // What the question says: its words as typed, and its terms as the matcher read them
    // (stems, typos mended: "staes" is "states"). An answer's word is one of them as written
    // or by its stem, which the index has at hand for every word of the base.
    let typed: Vec<&String> = said_words(words).collect();
    let terms: Vec<&str> = ranking.terms.iter().map(|t| t.0.as_str()).collect();
    let counted: Option<String> = counted_runs(words, false)
        .first()
        .and_then(|run| run.last().cloned());
    let counted_stem = counted.as_deref().map(|w| analyzer.stem(w));
    // Read as the question was: "Schröder" is "schroder", "two" is 2.
    let read = |w: &str| fold::words(&fold::fold(w));
    let says = |w: &str| {
        let of = typed
            .iter()
            .map(|s| s.as_str())
            .chain(terms.iter().copied());
        may_be_one_of(w, of)
            && read(w)
                .iter()
                .any(|r| typed.contains(&r) || terms.contains(&analyzer.stem_cow(r).as_ref()))
    };
    let counts = |w: &str| {
        let (Some(head), Some(stem)) = (counted.as_deref(), counted_stem.as_deref()) else {
            return false;
        };
        may_be_one_of(w, std::iter::once(head))
            && read(w)
                .last()
                .is_some_and(|r| r == head || analyzer.stem_cow(r) == stem)
    };
    let asked = Asked {
        kind: ranking.kind,
        says: &says,
        counts: &counts,
        money: asks_for_money(words),
        counting: counted.is_some(),
    };
    short_answer(&asked, text)
}

/// The span of `text` that answers, verbatim, or None.
pub fn short_answer(asked: &Asked, text: &str) -> Option<String> {
    let toks = tokens(text);
    let span = match asked.kind {
        QuestionKind::Person => person(asked, text, &toks),
        QuestionKind::Place => place(asked, text, &toks),
        QuestionKind::Count => figure(asked, text, &toks),
        QuestionKind::Time => date(asked, text, &toks),
        _ => None,
    }?;
    let short = text[span.0..span.1].trim_end_matches([',', '.', ';', ':']);
    // A span as long as the answer says nothing shorter.
    (short.len() < text.len() * 2 / 3).then(|| short.to_string())
}

/// Words that may stand inside a name ("Medical Journal of Australia", "Ludwig van Beethoven").
fn name_particle(lower: &str) -> bool {
    matches!(
        lower,
        "of" | "de" | "van" | "von" | "bin" | "al" | "la" | "du" | "da" | "del" | "der"
    )
}

/// Whether token `i` opens a sentence or a quotation, where any word is capitalized.
fn opens(text: &str, toks: &[Token], i: usize) -> bool {
    let before = text[..toks[i].start].trim_end();
    i == 0 || before.ends_with(['.', '?', '!', '“', '"', ':', '—', '('])
}

/// Runs of capitalized words (with particles inside), as byte spans with their first token:
/// the names of a text. A capital that only opens a sentence ("The", "However") is no name,
/// and neither are weekdays and months.
fn names(text: &str, toks: &[Token]) -> Vec<(usize, usize, usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let lower = t.lower();
        // At the head of a sentence a capital says nothing; an English word there is a name
        // only when a name goes on after it ("Dean Kamen", not "However").
        let goes_on = |i: usize| {
            toks.get(i + 1)
                .is_some_and(|n| n.namelike() && text[toks[i].end..n.start].trim().is_empty())
        };
        let is_name = |t: &Token, lower: &str, i: usize| {
            t.namelike()
                && !is_calendar_word(lower.trim_end_matches('.'))
                && !(opens(text, toks, i)
                    && (is_function_word(lower) || (is_english_word(lower) && !goes_on(i))))
        };
        if !is_name(t, &lower, i) {
            i += 1;
            continue;
        }
        let first = i;
        let mut last = i;
        let mut j = i + 1;
        while j < toks.len() {
            let lj = toks[j].lower();
            // Only a space between the words of one name.
            if text[toks[j - 1].end..toks[j].start].trim() != "" {
                break;
            }
            if toks[j].namelike() && !is_calendar_word(lj.trim_end_matches('.')) {
                last = j;
                j += 1;
            } else if name_particle(&lj)
                && toks.get(j + 1).is_some_and(|n| n.capitalized())
                && text[toks[j].end..toks[j + 1].start].trim() == ""
            {
                j += 1;
            } else {
                break;
            }
        }
        let end = toks[last].end;
        // "Eastman’s" is Eastman.
        let end = text[..end]
            .strip_suffix("’s")
            .or_else(|| text[..end].strip_suffix("'s"))
            .map_or(end, str::len);
        runs.push((toks[first].start, end, first, last));
        i = last + 1;
    }
    runs
}

/// Whether a word is one the question says.
fn said(asked: &Asked, t: &Token) -> bool {
    let lower = t.lower();
    !name_particle(&lower) && (asked.says)(&lower)
}

/// The names of a text the question does not give: whole names it says nothing of, and the
/// name that follows one it says ("Ambassador to the United States Hamdullah Mohib").
fn new_names(asked: &Asked, text: &str, toks: &[Token]) -> Vec<(usize, usize, usize, usize)> {
    let mut out = Vec::new();
    for (start, end, first, last) in names(text, toks) {
        match (first..=last).rev().find(|&i| said(asked, &toks[i])) {
            None => out.push((start, end, first, last)),
            // A name of two words or more, then another: "United States Hamdullah Mohib".
            // One word said may only qualify the name ("Comic" of "Comic Corps of Canada").
            Some(i) if i > first && i < last && toks[i + 1].capitalized() => {
                out.push((toks[i + 1].start, end, i + 1, last));
            }
            Some(_) => {}
        }
    }
    out
}

/// Where the question's own words stand in the text (function words aside).
fn said_at(asked: &Asked, toks: &[Token]) -> Vec<usize> {
    (0..toks.len())
        .filter(|&j| !is_function_word(&toks[j].lower()) && said(asked, &toks[j]))
        .collect()
}

/// The one name the question does not give ("Dean Kamen" for "who founded FIRST Global" in
/// "FIRST Global was founded by Dean Kamen in 2017"). Of two, none: the nearer to the
/// question's words was as often the wrong one.
fn person(asked: &Asked, text: &str, toks: &[Token]) -> Option<(usize, usize)> {
    match new_names(asked, text, toks).as_slice() {
        [(s, e, _, _)] => Some((*s, *e)),
        _ => None,
    }
}

/// The one name the question does not give that follows a word of place ("in Toronto").
fn place(asked: &Asked, text: &str, toks: &[Token]) -> Option<(usize, usize)> {
    let locative = |t: &Token| is_place_preposition(&t.lower());
    let new: Vec<_> = new_names(asked, text, toks)
        .into_iter()
        .filter(|&(_, _, f, _)| match f {
            0 => false,
            1 => locative(&toks[0]),
            _ => locative(&toks[f - 1]) || (toks[f - 1].lower() == "the" && locative(&toks[f - 2])),
        })
        .collect();
    // A place phrase whose name does not open it ("remain in the semi-autonomous northern
    // Kurdish region, whose government has closer ties to Washington") is a place as much as
    // the name after "to": of two places, none.
    let phrases = new_names(asked, text, toks)
        .into_iter()
        .filter(|&(_, _, f, _)| {
            (f.saturating_sub(4)..f)
                .rev()
                .take_while(|&j| {
                    !text[toks[j].end..toks[j + 1].start].contains([',', ';', '—', '('])
                })
                .any(|j| locative(&toks[j]))
        })
        .count();
    match new.as_slice() {
        [(s, e, _, _)] if phrases <= 1 => Some((*s, *e)),
        _ => None,
    }
}

/// Number words beyond those `words` reads as figures (two to twenty): tens, and counts
/// of dozens, hundreds and more.
const LARGER_NUMBER_WORDS: &[&str] = &[
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "dozen",
    "dozens",
    "thousands",
    "millions",
    "billions",
];

/// The first letters of every number word (a test checks them against the lists).
const NUMBER_INITIALS: &[u8] = b"tfsenhdmbz";

fn is_number_word(lower: &str) -> bool {
    number_word(lower).is_some() || LARGER_NUMBER_WORDS.contains(&lower)
}

/// Words that go on with a figure: "1.5 billion", "10 per cent", "two dozen".
fn scale(lower: &str) -> bool {
    matches!(
        lower,
        "hundred"
            | "thousand"
            | "million"
            | "billion"
            | "trillion"
            | "per"
            | "cent"
            | "percent"
            | "dozen"
    )
}

fn is_figure(t: &Token) -> bool {
    // Most words are neither a figure nor a number word: no need to lower them.
    let first = t.text.as_bytes()[0].to_ascii_lowercase();
    if !first.is_ascii_digit() && !NUMBER_INITIALS.contains(&first) {
        return false;
    }
    let lower = t.lower();
    // "six-member" counts six.
    let head = lower.split('-').next().unwrap_or("");
    // A score or a range ("109-98") is no count.
    let pair = t.is_number()
        && t.text
            .split('-')
            .nth(1)
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    (t.is_number() && !pair && !is_year(&t.text.replace(',', "")))
        || is_number_word(&lower)
        || (head.len() < lower.len() && is_number_word(head))
}

/// Whether token `i` is the day of a date ("July 14"), not a count.
fn is_day(toks: &[Token], i: usize) -> bool {
    i > 0 && toks[i].is_number() && is_calendar_word(toks[i - 1].lower().trim_end_matches('.'))
}

/// The figure the question asks for: of the figures the question does not give, the one
/// followed closely by what it counts, else the only one; with its scale, currency and what
/// it counts ("2,500 U.S. troops", "$1.5 billion", "10 per cent").
fn figure(asked: &Asked, text: &str, toks: &[Token]) -> Option<(usize, usize)> {
    const REACH: usize = 4;
    let mut spans: Vec<Figure> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        // A score written apart ("2–1") is no count either.
        let digit = |c: char| c.is_ascii_digit();
        let score = || {
            text[t.end..]
                .strip_prefix(['-', '–', '—'])
                .is_some_and(|r| r.starts_with(digit))
                || text[..t.start]
                    .strip_suffix(['-', '–', '—'])
                    .is_some_and(|r| r.ends_with(digit))
        };
        // A figure the question gives is no answer; only the figure itself is compared, not
        // the words joined to it ("14" of "14-year-old" for "how old is the boy?").
        let given = || {
            let lower = t.lower();
            (asked.says)(&lower.split('-').next().unwrap_or(&lower).replace(',', ""))
        };
        // The cheap test first: most tokens are no figure.
        if !is_figure(t) || is_day(toks, i) || score() || given() {
            i += 1;
            continue;
        }
        let mut start = t.start;
        // The currency sign before it, whatever its width in bytes.
        let sign = text[..start]
            .chars()
            .next_back()
            .filter(|c| matches!(c, '$' | '€' | '£'));
        if let Some(c) = sign {
            start -= c.len_utf8();
        }
        let sum = sign.is_some();
        let mut last = i;
        let scales = |last: &mut usize| {
            while toks
                .get(*last + 1)
                .is_some_and(|n| scale(&n.lower()) || (is_figure(n) && !n.is_number()))
            {
                *last += 1;
            }
        };
        scales(&mut last);
        // A clock: "1:24", which counts nothing after it ("with 1:24 left").
        let clock = text[toks[last].end..].starts_with(':')
            && toks
                .get(last + 1)
                .is_some_and(|n| n.is_number() && n.start == toks[last].end + 1);
        if clock {
            last += 1;
        }
        // A range is one answer: "six hundred to eight hundred".
        if toks
            .get(last + 1)
            .is_some_and(|n| matches!(n.lower().as_str(), "to" | "or"))
            && toks.get(last + 2).is_some_and(is_figure)
        {
            last += 2;
            scales(&mut last);
        }
        let mut end = toks[last].end;
        if text[end..].starts_with('%') {
            end += 1;
        }
        let figure_end = end;
        // What the question counts, within a few words: "2,500 U.S. troops", "40% of voters".
        let counted = (last + 1..(last + 1 + REACH).min(toks.len()))
            .take_while(|&j| {
                let gap = text[toks[j - 1].end..toks[j].start].trim();
                gap.is_empty() || (j == last + 1 && gap == "%")
            })
            .find(|&j| (asked.counts)(&toks[j].lower()));
        match counted {
            Some(j) => end = toks[j].end,
            None if clock => {}
            None => {
                // Else the word it counts, when one follows: "two weeks", "88 schools".
                if let Some(n) = toks.get(last + 1) {
                    let lower = n.lower();
                    let joined = text[end..n.start].trim().is_empty();
                    if joined && !n.capitalized() && !n.is_number() && !is_function_word(&lower) {
                        end = n.end;
                    }
                }
            }
        }
        let currency = sum
            || toks
                .get(last + 1)
                .is_some_and(|n| money(&n.lower()) == Some(Money::Money));
        // A figure followed by a word of its own counts something else: "four points" in
        // "had four points, 10 assists" for "how many assists".
        let counts_other = counted.is_none() && end > figure_end;
        if (!asked.money || currency) && !(asked.counting && counts_other) {
            spans.push(Figure {
                start,
                end,
                at: i,
                counting: counted.is_some(),
            });
        }
        i = last + 1;
    }
    // A sentence of several clauses ("2,500 U.S. troops are in Iraq, and 900 in Syria")
    // answers from the clause that says most of the question, names counting double.
    if spans.len() > 1 {
        let clause = clauses(text, toks);
        let mut weight = vec![0usize; clause.last().map_or(0, |c| c + 1)];
        for j in said_at(asked, toks) {
            weight[clause[j]] += if toks[j].capitalized() && j > 0 { 2 } else { 1 };
        }
        let best = weight.iter().copied().max().unwrap_or(0);
        if best > 0 && weight.iter().filter(|&&w| w == best).count() == 1 {
            let within: Vec<Figure> = spans
                .iter()
                .filter(|f| weight[clause[f.at]] == best)
                .cloned()
                .collect();
            if !within.is_empty() {
                spans = within;
            }
        }
    }
    // Of several, the one just after a name the question gives ("Noel had 15" for "how many
    // points did Noel score", not "Gallinari added 25 points"); else the one that counts
    // what is asked; else the only one.
    const NEAR: usize = 4;
    let names: Vec<usize> = (0..toks.len())
        .filter(|&j| toks[j].capitalized() && said(asked, &toks[j]))
        .collect();
    let distance = |f: &Figure| {
        names
            .iter()
            .filter(|&&j| j < f.at && f.at - j <= NEAR)
            .map(|&j| f.at - j)
            .min()
    };
    if spans.len() > 1 {
        if let Some(nearest) = spans.iter().filter_map(distance).min() {
            let beside: Vec<_> = spans
                .iter()
                .filter(|f| distance(f) == Some(nearest))
                .collect();
            if let [f] = beside.as_slice() {
                return Some((f.start, f.end));
            }
        }
    }
    let counting: Vec<_> = spans.iter().filter(|f| f.counting).collect();
    match (counting.as_slice(), spans.as_slice()) {
        ([f], _) => Some((f.start, f.end)),
        ([], [f]) => Some((f.start, f.end)),
        _ => None,
    }
}

/// A figure of the text: its span, its first token, and whether it counts what is asked.
#[derive(Clone)]
struct Figure {
    start: usize,
    end: usize,
    at: usize,
    counting: bool,
}

/// Each token's clause: a new one after a semicolon or colon, and after a comma before
/// "and", "but", "while" or "whereas".
fn clauses(text: &str, toks: &[Token]) -> Vec<usize> {
    let mut out = Vec::with_capacity(toks.len());
    let mut clause = 0;
    for (j, t) in toks.iter().enumerate() {
        if j > 0 {
            let gap = &text[toks[j - 1].end..t.start];
            let joins = matches!(t.lower().as_str(), "and" | "but" | "while" | "whereas");
            if gap.contains([';', ':']) || (gap.contains(',') && joins) {
                clause += 1;
            }
        }
        out.push(clause);
    }
    out
}

/// The date the question asks for: the one date of the text the question does not say, as
/// written ("March 11", "Tuesday night, Nov. 19, 2019", "this weekend", "1999").
fn date(asked: &Asked, text: &str, toks: &[Token]) -> Option<(usize, usize)> {
    let mut spans: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let lower = toks[i].lower();
        let word = lower.trim_end_matches('.');
        let mut last = None;
        let mut first = i;
        if is_calendar_word(word) && toks[i].capitalized() {
            // A month or weekday, with its day, part of the day and year: "Nov. 19, 2019".
            let mut j = i;
            while let Some(n) = toks.get(j + 1) {
                let l = n.lower();
                let gap = text[toks[j].end..n.start].trim();
                let goes_on = (gap.is_empty() || gap == "," || gap == ".")
                    && ((n.is_number() && n.text.len() <= 4)
                        || matches!(l.as_str(), "night" | "morning" | "afternoon" | "evening")
                        || (is_calendar_word(l.trim_end_matches('.')) && n.capitalized()));
                if !goes_on {
                    break;
                }
                j += 1;
            }
            last = Some(j);
            // "late September".
            if i > 0 && matches!(toks[i - 1].lower().as_str(), "early" | "mid" | "late") {
                first = i - 1;
            }
        } else if matches!(word, "this" | "last" | "next")
            && toks.get(i + 1).is_some_and(|n| {
                matches!(
                    n.lower().as_str(),
                    "week"
                        | "weekend"
                        | "month"
                        | "year"
                        | "season"
                        | "spring"
                        | "summer"
                        | "fall"
                        | "autumn"
                        | "winter"
                )
            })
        {
            last = Some(i + 1);
        } else if matches!(word, "today" | "yesterday" | "tomorrow" | "tonight")
            || (toks[i].is_number()
                && is_year(toks[i].text)
                // "the 2014 protests" names the protests, not when something else happened.
                && !toks.get(i + 1).is_some_and(|n| {
                    !n.capitalized()
                        && !n.is_number()
                        && !is_function_word(&n.lower())
                        && text[toks[i].end..n.start].trim().is_empty()
                }))
        {
            last = Some(i);
        }
        match last {
            Some(l) => {
                spans.push((toks[first].start, toks[l].end, first, l));
                i = l + 1;
            }
            None => i += 1,
        }
    }
    let new: Vec<_> = spans
        .into_iter()
        .filter(|&(_, _, f, l)| {
            !toks[f..=l]
                .iter()
                .all(|t| (asked.says)(&t.lower().trim_end_matches('.').replace(',', "")))
        })
        .collect();
    match new.as_slice() {
        [(s, e, _, _)] => Some((*s, *e)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn short(kind: QuestionKind, question: &str, counted: &str, text: &str) -> Option<String> {
        let words: Vec<String> = question
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_string)
            .collect();
        let said: Vec<&String> = said_words(&words).collect();
        let says = |w: &str| said.iter().any(|q| *q == w);
        let counts = |w: &str| w == counted;
        let asked = Asked {
            kind,
            says: &says,
            counts: &counts,
            money: question.contains("cost"),
            counting: !counted.is_empty(),
        };
        short_answer(&asked, text)
    }

    /// Asserts what [`short`] reads for a question.
    fn reads(kind: QuestionKind, question: &str, counted: &str, text: &str, want: Option<&str>) {
        assert_eq!(
            short(kind, question, counted, text).as_deref(),
            want,
            "{question:?} in {text:?}"
        );
    }

    #[test]
    fn a_where_question_gets_the_one_place_named() {
        let text = "The team was stopped at Kandahar airport on its way home.";
        reads(
            QuestionKind::Place,
            "where was the team stopped",
            "",
            text,
            Some("Kandahar"),
        );
        // Two places: the region the question is about, and the capital its government
        // has ties to.
        let text = "U.S. forces would likely remain in the semi-autonomous northern Kurdish \
                    region, whose government has closer ties to Washington.";
        reads(
            QuestionKind::Place,
            "where would us forces likely remain",
            "",
            text,
            None,
        );
    }

    #[test]
    fn a_who_question_gets_the_name_it_does_not_give() {
        let text = "FIRST Global was founded by Dean Kamen in 2017.";
        reads(
            QuestionKind::Person,
            "who founded first global",
            "",
            text,
            Some("Dean Kamen"),
        );
        let text = "The results were published in the Medical Journal of Australia this week.";
        reads(
            QuestionKind::Person,
            "which journal published it",
            "",
            text,
            Some("Medical Journal of Australia"),
        );
        // Two names it could be: none.
        let text = "Ann Smith told Bob Jones about the plan.";
        reads(QuestionKind::Person, "who knew", "", text, None);
    }

    #[test]
    fn a_count_question_gets_its_figure_and_what_it_counts() {
        let text = "England won 2–1 and collected three points.";
        reads(
            QuestionKind::Count,
            "how many points did england get",
            "points",
            text,
            Some("three points"),
        );
        let text =
            "There are an estimated 2,500 U.S. troops deployed to Iraq now, and 900 in Syria.";
        reads(
            QuestionKind::Count,
            "how many us troops are in iraq",
            "troops",
            text,
            Some("2,500 U.S. troops"),
        );
        let text = "Only about 10 per cent of salt sold in Australia is iodised.";
        reads(
            QuestionKind::Count,
            "what share of salt is iodised",
            "share",
            text,
            Some("10 per cent"),
        );
        // The clause that says most of the question: "Gallinari", "lead", "two".
        let text = "James’ 3-pointer put the Lakers up 109-98 with 3:08 to play, but the \
                    Thunder cut the Lakers’ lead to two on Gallinari’s free throws with 1:24 left.";
        reads(
            QuestionKind::Count,
            "how much time was left when gallinari s free throws cut the lakers lead to two",
            "time",
            text,
            Some("1:24"),
        );
        let text = "We read six hundred to eight hundred ideas on a Monday.";
        reads(
            QuestionKind::Count,
            "how many ideas do you read",
            "ideas",
            text,
            Some("six hundred to eight hundred ideas"),
        );
        // Sums in any currency, percentages counting what is asked.
        let text = "A ticket costs €45 at the door, and £5 online.";
        reads(
            QuestionKind::Count,
            "how much does a ticket cost at the door",
            "",
            text,
            Some("€45"),
        );
        let text = "Turnout was high: 40% of voters came, up from 31 percent.";
        reads(
            QuestionKind::Count,
            "how many voters came",
            "voters",
            text,
            Some("40% of voters"),
        );
        // A name the question gives that opens the sentence.
        let text = "Noel had 15 points and Gallinari added 25 points.";
        reads(
            QuestionKind::Count,
            "how many points did noel score",
            "points",
            text,
            Some("15 points"),
        );
        let text = "The team had two weeks to build a robot.";
        reads(
            QuestionKind::Count,
            "how long did they have",
            "",
            text,
            Some("two weeks"),
        );
    }

    #[test]
    fn a_when_question_gets_the_one_date() {
        let text = "The festival runs through March 11 this year.";
        reads(
            QuestionKind::Time,
            "when does the festival end this year",
            "",
            text,
            Some("March 11"),
        );
        let text = "The Lakers won on Tuesday night, Nov. 19, 2019, at home.";
        reads(
            QuestionKind::Time,
            "when did the lakers win",
            "",
            text,
            Some("Tuesday night, Nov. 19, 2019"),
        );
        let text = "The poll was taken in late September.";
        reads(
            QuestionKind::Time,
            "when was the poll taken",
            "",
            text,
            Some("late September"),
        );
        // A year that names something else is not when this happened.
        let text = "The previous election was before the 2014 protests.";
        reads(QuestionKind::Time, "when was the election", "", text, None);
        let text = "Talks began in January and end in March.";
        reads(QuestionKind::Time, "when", "", text, None);
    }

    /// Pieces of news text where spans are read: names, figures, currencies, dates, dashes,
    /// curly quotes and multi-byte signs.
    const PIECES: &[&str] = &[
        " ",
        " ",
        ", ",
        ". ",
        "the ",
        "in ",
        "to ",
        "and ",
        "had ",
        "Noel ",
        "Dean Kamen ",
        "U.S. ",
        "Today ",
        "March ",
        "Nov. 19, ",
        "2019 ",
        "Tuesday night ",
        "late ",
        "$",
        "€",
        "£",
        "45",
        "1,500 ",
        "40%",
        "2–1 ",
        "3:08 ",
        "six-member ",
        "two ",
        "hundred ",
        "points ",
        "’s ",
        "“",
        "”",
        "— ",
        "of ",
        "Schröder ",
        "this weekend ",
        "from ",
    ];

    proptest::proptest! {
        #[test]
        fn any_text_gives_a_piece_of_itself_or_nothing(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..40),
            kind in proptest::sample::select(vec![
                QuestionKind::Person,
                QuestionKind::Place,
                QuestionKind::Count,
                QuestionKind::Time,
            ]),
            question in proptest::sample::select(vec![
                "who had the points",
                "how many points did noel score",
                "when did it end",
                "where was dean kamen",
                "how much does it cost",
            ]),
        ) {
            let text = pieces.concat();
            if let Some(s) = short(kind, question, "points", &text) {
                proptest::prop_assert!(text.contains(&s), "{s:?} not in {text:?}");
            }
        }
    }

    #[test]
    fn every_number_word_passes_the_first_letter_filter() {
        // Every number word is a common English word.
        let english = crate::text::english::frequencies().iter().map(|(w, _)| *w);
        let mut seen = 0;
        for w in english.filter(|w| is_number_word(w)) {
            assert!(NUMBER_INITIALS.contains(&w.as_bytes()[0]), "{w}");
            seen += 1;
        }
        assert!(seen >= 30, "{seen} number words among the frequencies");
    }

    #[test]
    fn other_questions_and_long_spans_keep_the_sentence() {
        let text = "Kuzma returned to the bench in the second half.";
        reads(QuestionKind::Reason, "why", "", text, None);
        // A name that is most of the answer is no shorter answer.
        reads(QuestionKind::Person, "who", "", "Dean Kamen, too.", None);
    }
}
