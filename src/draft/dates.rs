//! Dates in a drafted sentence: relative ones ("Tuesday", "last week", "this month", "in
//! November", "Oct. 7") resolved from the publication date, explicit ones ("January 2020",
//! "2003") read as they are.

use chrono::{Datelike, NaiveDate};

use super::grammar::{is_past, listed};
use crate::knowledge::{format_date, resolve_relative_date};
use crate::text::tokens::{tokens, Token};

/// A date expression found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte span of the expression in the sentence.
    pub start: usize,
    pub end: usize,
    /// The first day the expression refers to.
    pub date: NaiveDate,
    /// What to insert after the expression to make it absolute ("" when it already is).
    pub gloss: String,
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Month names and abbreviations (AP style and common ones) with their numbers.
const MONTHS: &[(&str, u32)] = &[
    ("January", 1),
    ("Jan.", 1),
    ("February", 2),
    ("Feb.", 2),
    ("March", 3),
    ("April", 4),
    ("Apr.", 4),
    ("May", 5),
    ("June", 6),
    ("July", 7),
    ("August", 8),
    ("Aug.", 8),
    ("September", 9),
    ("Sept.", 9),
    ("Sep.", 9),
    ("October", 10),
    ("Oct.", 10),
    ("November", 11),
    ("Nov.", 11),
    ("December", 12),
    ("Dec.", 12),
];

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Relative phrases of two words, resolved by [`resolve_relative_date`], with how to gloss
/// them.
const PHRASES: &[(&str, Gloss)] = &[
    ("this month", Gloss::Month),
    ("last month", Gloss::Month),
    ("this week", Gloss::WeekOf),
    ("last week", Gloss::WeekOf),
    ("this year", Gloss::Year),
    ("last year", Gloss::Year),
    ("last summer", Gloss::Year),
];

#[derive(Debug, Clone, Copy)]
enum Gloss {
    Month,
    WeekOf,
    Year,
    Day,
}

fn gloss(kind: Gloss, date: NaiveDate) -> String {
    match kind {
        Gloss::Month => format!(" ({} {})", MONTH_NAMES[date.month0() as usize], date.year()),
        Gloss::WeekOf => format!(" (the week of {})", day_text(date)),
        Gloss::Year => format!(" ({})", date.year()),
        Gloss::Day => format!(" ({})", day_text(date)),
    }
}

/// "Jan. 23, 2024".
fn day_text(date: NaiveDate) -> String {
    let full = format_date(date);
    full.split_once(", ")
        .map_or(full.clone(), |(_, rest)| rest.to_string())
}

/// Whether the text after a relative day starts with the date it means ("Tuesday, Nov. 19",
/// "today (Nov. 18)"): a month and a day, so that "Tuesday, May said" is not one.
fn gives_its_date(rest: &str) -> bool {
    let mut words = rest.trim_start_matches([',', ' ', '(']).split(' ');
    words.next().and_then(month_of).is_some()
        && words
            .next()
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
}

/// Whether a word after "next" makes a date of its own ("next year", "next Tuesday", "the
/// next morning") or a place ("next to"), rather than a sign that the sentence is about what
/// is to come ("the next round").
fn names_a_period(word: &str) -> bool {
    matches!(
        word,
        "year"
            | "month"
            | "week"
            | "day"
            | "morning"
            | "afternoon"
            | "evening"
            | "night"
            | "decade"
            | "century"
            | "spring"
            | "summer"
            | "fall"
            | "autumn"
            | "winter"
            | "season"
            | "quarter"
            | "weekend"
            | "to"
    ) || WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(word))
        || MONTH_NAMES.iter().any(|m| m.eq_ignore_ascii_case(word))
}

/// The gloss after a day: AP's ", Jan. 23, 2024," between commas, the last comma left out
/// at the end of a clause.
fn day_aside(day: &str, rest: &str) -> String {
    let word_follows =
        rest.starts_with(' ') && rest[1..].chars().next().is_some_and(char::is_alphanumeric);
    if word_follows {
        format!(", {day},")
    } else {
        format!(", {day}")
    }
}

fn month_of(token: &str) -> Option<u32> {
    let t = token.trim_end_matches(['’', '\'', 's']);
    MONTHS
        .iter()
        .find(|(name, _)| *name == token || name.trim_end_matches('.') == t)
        .map(|&(_, m)| m)
}

fn year_of(token: &Token) -> Option<i32> {
    let t = token.text.trim_end_matches('s');
    if t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) {
        let y: i32 = t.parse().ok()?;
        (1900..=2100).contains(&y).then_some(y)
    } else {
        None
    }
}

/// The year of "March 9" in an article: the one nearest publication, where a day on the
/// side the sentence does not point to counts as farther ([`AHEAD`], [`BACK`]). News reports
/// the past and announces what is close: "ruled on July 8" in January is last July's, "runs
/// through March 9" this March's; "will launch on Dec. 10" in January is this December's,
/// and in "Smith, arrested on Jan. 20, will appear in court" Jan. 20 is still the past one.
fn day_without_year(month: u32, day: u32, published: NaiveDate, future: bool) -> Option<NaiveDate> {
    [published.year() - 1, published.year(), published.year() + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| {
            let days = (*d - published).num_days();
            match (future, days > 0) {
                (false, true) => days * AHEAD,
                (true, false) => -days * BACK,
                _ => days.abs(),
            }
        })
}

/// How much farther a day after publication counts in a sentence with no sign of the future:
/// up to about ten weeks ahead is read forward (73 days against 292 back).
const AHEAD: i64 = 4;

/// How much farther a day before publication counts in a sentence about what is to come: up
/// to about six weeks back is still read as the past one (40 days against 325 ahead).
const BACK: i64 = 8;

/// The time a clause points to, as its verb says.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tense {
    Past,
    Future,
}

/// A present form of "be", which points ahead before "to" ("are to travel", "is going to").
fn present_be(lower: &str) -> bool {
    matches!(lower, "is" | "are" | "am") || lower.ends_with("'re") || lower.ends_with("'m")
}

/// The tense a word gives its clause, if any. The future: "will" and "shall", "be to" ("are to
/// travel"), "be going / set / due / about to", "plans to" and other verbs of intent in the
/// present, and words of a schedule ("upcoming", "next round"). The past: a past form of "be",
/// "have" or "do", or a simple past ("defended", "told"). A present tense says nothing: news
/// uses it for the past ("says"), for schedules and for habits alike.
fn marker(toks: &[Token], j: usize) -> Option<Tense> {
    let word = |k: usize| {
        toks.get(k)
            .map_or(String::new(), |t| t.lower().replace('’', "'"))
    };
    let l = word(j);
    let prev = j.checked_sub(1).map_or(String::new(), word);
    let next = word(j + 1);
    // "the will of the people", "a planned strike" is still ahead; "the alleged attack" is no
    // verb.
    let after_determiner = listed("determiner", &prev);
    // "Will Smith", "United": a name's word, except at the start of the sentence.
    let name = j > 0 && toks[j].capitalized();
    if name {
        return None;
    }
    let to_follows = next == "to";
    let future = match l.as_str() {
        "will" | "shall" => !after_determiner,
        "won't" | "upcoming" | "scheduled" | "planned" => true,
        "next" => !names_a_period(&next),
        _ if l.ends_with("'ll") => true,
        // "are to travel", "is going to", "is set to", "is due Tuesday", "is expected to".
        _ if present_be(&l) => to_follows,
        "going" | "set" | "due" | "slated" | "poised" | "about" | "expected" => {
            present_be(&prev) && (to_follows || l != "going" && l != "about")
        }
        // Intent in the present: "plans to", "aims to" (not "planned to", which is told).
        "plan" | "plans" | "intend" | "intends" | "aim" | "aims" | "expect" | "expects"
        | "hope" | "hopes" | "want" | "wants" | "seek" | "seeks" | "vow" | "vows" | "promise"
        | "promises" | "prepare" | "prepares" | "threaten" | "threatens" => to_follows,
        _ => false,
    };
    if future {
        return Some(Tense::Future);
    }
    // A participle after a form of "be" is a passive, whose tense is the auxiliary's: "the
    // fair is held on a Sunday", "the report is to be (formally) published on Monday".
    let auxiliary = (0..j)
        .rev()
        .map(word)
        .find(|w| !w.ends_with("ly"))
        .unwrap_or_default();
    let passive = present_be(&auxiliary) || matches!(auxiliary.as_str(), "be" | "been" | "being");
    let past = match l.as_str() {
        "was" | "were" | "had" | "did" | "wasn't" | "weren't" | "hadn't" | "didn't" => true,
        _ => is_past(&l) && !after_determiner && !passive,
    };
    past.then_some(Tense::Past)
}

/// What separates two words: nothing, a comma, or a mark that ends a clause for good (a quote
/// mark, a semicolon, a colon, a dash, a bracket).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
enum Break {
    None,
    Comma,
    Hard,
}

fn break_between(between: &str) -> Break {
    if between.contains(['"', '“', '”', ';', ':', '—', '–', '(', ')', '[', ']', '…'])
        || between.contains(" - ")
    {
        Break::Hard
    } else if between.contains(',') {
        Break::Comma
    } else {
        Break::None
    }
}

/// The tenses of a sentence's words, and what separates each word from the next.
struct Clauses {
    markers: Vec<Option<Tense>>,
    breaks: Vec<Break>,
}

impl Clauses {
    fn new(sentence: &str, toks: &[Token]) -> Self {
        Clauses {
            markers: (0..toks.len()).map(|j| marker(toks, j)).collect(),
            breaks: toks
                .windows(2)
                .map(|w| break_between(&sentence[w[0].end..w[1].start]))
                .collect(),
        }
    }

    /// The first and last word reached from `i` without crossing a break as strong as `stop`.
    fn span(&self, i: usize, stop: Break) -> (usize, usize) {
        let mut start = i;
        while start > 0 && self.breaks[start - 1] < stop {
            start -= 1;
        }
        let mut end = i;
        while end < self.breaks.len() && self.breaks[end] < stop {
            end += 1;
        }
        (start, end)
    }

    /// The tense of the clause of the date at word `i`. A date follows its verb in English
    /// ("defended ... on Wednesday", "will travel on Wednesday", "arrested on Jan. 20, will
    /// appear"): the nearest tense before it in its stretch between commas, else the nearest
    /// after it ("On Wednesday they are to travel"). A stretch without a verb is an adverbial
    /// fronted or added to a clause across a comma ("On Wednesday, Braverman told", "...,
    /// speaking on Tuesday"): the nearest tense on either side, up to a quote or a colon.
    fn tense_at(&self, i: usize) -> Option<Tense> {
        let (start, end) = self.span(i, Break::Comma);
        if let Some(t) = (start..i)
            .rev()
            .chain(i + 1..=end)
            .find_map(|j| self.markers[j])
        {
            return Some(t);
        }
        let (outer_start, outer_end) = self.span(i, Break::Hard);
        let after = (end + 1..=outer_end).find_map(|j| self.markers[j].map(|t| (j - i, t)));
        let before = (outer_start..start)
            .rev()
            .find_map(|j| self.markers[j].map(|t| (i - j, t)));
        match (before, after) {
            (Some((b, t)), Some((a, _))) if b < a => Some(t),
            (_, Some((_, t))) | (Some((_, t)), None) => Some(t),
            (None, None) => None,
        }
    }
}

/// Words before a weekday that make it any such day, not one date: "on a Monday", "every
/// Monday", "each Friday", "one Sunday".
fn any_such_day(prev: &str) -> bool {
    matches!(
        prev,
        "a" | "an" | "every" | "each" | "any" | "one" | "some" | "most" | "other" | "per"
    )
}

/// Whether a weekday at word `i` is habitual ("on a Monday", "every Monday", "on Mondays",
/// "on Monday nights"): a day that recurs, not one to resolve.
fn habitual(toks: &[Token], i: usize) -> bool {
    let lower = toks[i].lower();
    let day = lower.trim_end_matches('s');
    if !WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(day)) {
        return false;
    }
    let plural = lower.ends_with('s') && lower != day;
    let prev = i
        .checked_sub(1)
        .map(|p| toks[p].lower())
        .unwrap_or_default();
    let parts_of_days = toks.get(i + 1).is_some_and(|n| {
        matches!(
            n.lower().as_str(),
            "mornings" | "afternoons" | "evenings" | "nights"
        )
    });
    plural || any_such_day(&prev) || parts_of_days
}

/// The date expressions of a sentence, in order.
pub fn find(sentence: &str, published: NaiveDate) -> Vec<Mention> {
    let toks = tokens(sentence);
    // A clause about what is to come reads "Tuesday" and "in March" forward; one in the past
    // or with no tense, back. The tense is the clause's, not the sentence's: in "Sunak
    // defended the record on Wednesday, promising that they will not stay" Wednesday is past.
    let clauses = Clauses::new(sentence, &toks);
    let future = |i: usize| clauses.tense_at(i) == Some(Tense::Future);
    // A sentence that tells of a routine ("we read the ideas on a Monday, come in Tuesday and
    // pick an issue") tells of its other bare weekdays in the present as part of it.
    let routine = (0..toks.len()).any(|i| habitual(&toks, i));
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let lower = t.lower();
        let prev = i
            .checked_sub(1)
            .map(|p| toks[p].lower())
            .unwrap_or_default();
        // Two-word relative phrases.
        if let Some(next) = toks.get(i + 1) {
            let phrase = format!("{lower} {}", next.lower());
            if let Some(&(_, kind)) = PHRASES.iter().find(|(p, _)| *p == phrase) {
                if let Some(date) = resolve_relative_date(&phrase, published) {
                    out.push(Mention {
                        start: t.start,
                        end: next.end,
                        date,
                        gloss: gloss(kind, date),
                    });
                    i += 2;
                    continue;
                }
            }
        }
        // "USA Today", "No Jennifer Lopez News Today": a name's word, not a day.
        // (Not after "U.S.", whose period may end a sentence.)
        let in_name = t.capitalized()
            && i.checked_sub(1).is_some_and(|p| {
                toks[p].capitalized()
                    && !toks[p].text.ends_with('.')
                    && sentence[toks[p].end..t.start] == *" "
            });
        if matches!(lower.as_str(), "yesterday" | "today") && !in_name {
            if let Some(date) = resolve_relative_date(&lower, published) {
                // "today (Nov. 18)" gives its date already; the month is resolved on its own.
                let dated = gives_its_date(&sentence[t.end..]);
                out.push(Mention {
                    start: t.start,
                    end: t.end,
                    date,
                    gloss: if dated {
                        String::new()
                    } else {
                        gloss(Gloss::Day, date)
                    },
                });
            }
            i += 1;
            continue;
        }
        if WEEKDAYS.contains(&t.text) {
            let specific = matches!(prev.as_str(), "last" | "next" | "this" | "past");
            // A bare weekday in a routine's sentence is the routine's, unless its clause has a
            // tense of its own ("the shop, open on Mondays, was robbed on Tuesday").
            if habitual(&toks, i) || routine && !specific && clauses.tense_at(i).is_none() {
                i += 1;
                continue;
            }
            let resolved = resolve_relative_date(t.text, published).map(|d| {
                if prev == "next" && d <= published || future(i) && d < published {
                    d + chrono::Duration::days(7)
                } else {
                    d
                }
            });
            if let Some(date) = resolved {
                // "Tuesday night" is glossed as a whole: "Tuesday night, Nov. 19, 2019,".
                let part_of_day = toks.get(i + 1).filter(|n| {
                    sentence[t.end..n.start].trim().is_empty()
                        && matches!(
                            n.lower().as_str(),
                            "morning" | "afternoon" | "evening" | "night"
                        )
                });
                let end = part_of_day.map_or(t.end, |n| n.end);
                let rest = &sentence[end..];
                let dated = gives_its_date(rest);
                let gloss = if dated {
                    String::new()
                } else if prev == "the" {
                    // "the Thursday opening": a date inside a noun phrase reads as an aside.
                    format!(" ({})", day_text(date))
                } else {
                    day_aside(&day_text(date), rest)
                };
                out.push(Mention {
                    start: t.start,
                    end,
                    date,
                    gloss,
                });
                i += if part_of_day.is_some() { 2 } else { 1 };
                continue;
            }
            i += 1;
            continue;
        }
        if let Some(month) = month_of(t.text).filter(|_| t.capitalized()) {
            let next = toks.get(i + 1);
            let day: Option<u32> = next
                .filter(|n| n.text.len() <= 2 && n.text.chars().all(|c| c.is_ascii_digit()))
                .and_then(|n| n.text.parse().ok())
                .filter(|d| (1..=31).contains(d));
            // "May" and "March" are words too: take them as months only next to a day, a year
            // or a preposition of time.
            let ambiguous = matches!(t.text, "May" | "March");
            let time_prep = matches!(
                prev.as_str(),
                "in" | "since"
                    | "until"
                    | "by"
                    | "early"
                    | "late"
                    | "mid"
                    | "of"
                    | "last"
                    | "next"
                    | "for"
            );
            if let Some(day) = day {
                let day_tok = next.expect("day token");
                let year = toks.get(i + 2).and_then(year_of).filter(|_| {
                    sentence[day_tok.end..toks[i + 2].start]
                        .chars()
                        .all(|c| c == ',' || c == ' ')
                });
                let (date, end, gloss) = match year {
                    Some(y) => (
                        NaiveDate::from_ymd_opt(y, month, day),
                        toks[i + 2].end,
                        String::new(),
                    ),
                    None => {
                        let date = day_without_year(month, day, published, future(i));
                        (
                            date,
                            day_tok.end,
                            date.map_or(String::new(), |d| {
                                day_aside(&d.year().to_string(), &sentence[day_tok.end..])
                            }),
                        )
                    }
                };
                if let Some(date) = date {
                    out.push(Mention {
                        start: t.start,
                        end,
                        date,
                        gloss,
                    });
                    i += if year.is_some() { 3 } else { 2 };
                    continue;
                }
            } else if let Some(y) = next.and_then(year_of) {
                if let Some(date) = NaiveDate::from_ymd_opt(y, month, 1) {
                    out.push(Mention {
                        start: t.start,
                        end: next.map_or(t.end, |n| n.end),
                        date,
                        gloss: String::new(),
                    });
                    i += 2;
                    continue;
                }
            } else if !ambiguous || time_prep {
                let name = MONTH_NAMES[month as usize - 1].to_lowercase();
                // The month is the latest on or before publication; "next March" is the
                // one after it, and a sentence about what is to come reads other months
                // forward.
                let resolved = resolve_relative_date(&name, published).and_then(|d| {
                    if prev == "next" || future(i) && d.month() != published.month() {
                        NaiveDate::from_ymd_opt(d.year() + 1, d.month(), 1)
                    } else {
                        Some(d)
                    }
                });
                if let Some(date) = resolved {
                    out.push(Mention {
                        start: t.start,
                        end: t.end,
                        date,
                        gloss: format!(" {}", date.year()),
                    });
                }
            }
            i += 1;
            continue;
        }
        if let Some(y) = year_of(t) {
            if !prev.is_empty() || i == 0 {
                if let Some(date) = NaiveDate::from_ymd_opt(y, 1, 1) {
                    out.push(Mention {
                        start: t.start,
                        end: t.end,
                        date,
                        gloss: String::new(),
                    });
                }
            }
        }
        i += 1;
    }
    out
}

/// The sentence with its relative dates made absolute ("on Saturday, Jan. 20, 2024,").
pub fn absolute(sentence: &str, mentions: &[Mention]) -> String {
    let mut out = String::with_capacity(sentence.len() + 32);
    let mut last = 0;
    for m in mentions {
        if m.gloss.is_empty() {
            continue;
        }
        out.push_str(&sentence[last..m.end]);
        let mut gloss = m.gloss.as_str();
        // Do not double a comma the sentence already has.
        if gloss.ends_with(',') && sentence[m.end..].starts_with(',') {
            gloss = &gloss[..gloss.len() - 1];
        }
        out.push_str(gloss);
        last = m.end;
    }
    out.push_str(&sentence[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn abs(s: &str) -> String {
        let published = d(2024, 1, 25);
        absolute(s, &find(s, published))
    }

    #[test]
    fn resolves_relative_dates_in_text() {
        assert_eq!(
            abs("On Saturday, Kataib Hezbollah launched an attack."),
            "On Saturday, Jan. 20, 2024, Kataib Hezbollah launched an attack."
        );
        assert_eq!(
            abs("The U.S. responded Tuesday, hitting three sites."),
            "The U.S. responded Tuesday, Jan. 23, 2024, hitting three sites."
        );
        assert_eq!(
            abs("both governments said Thursday."),
            "both governments said Thursday, Jan. 25, 2024."
        );
        assert_eq!(
            abs("He spoke in Davos this month and wrote in November."),
            "He spoke in Davos this month (January 2024) and wrote in November 2023."
        );
        assert_eq!(
            abs("Since the war began on Oct. 7, they struck last week."),
            "Since the war began on Oct. 7, 2023, they struck last week (the week of Jan. 18, 2024)."
        );
        assert_eq!(
            abs("A strike in January 2020 and a 2003 invasion, agreed last summer."),
            "A strike in January 2020 and a 2003 invasion, agreed last summer (2023)."
        );
        assert_eq!(abs("He may go."), "He may go.");
        // A name's "Today" is no day.
        assert_eq!(
            abs("We ran \"No Jennifer Lopez News Today\" and told USA Today today."),
            "We ran \"No Jennifer Lopez News Today\" and told USA Today today (Jan. 25, 2024)."
        );
        assert_eq!(
            abs("Troops left the U.S. Today they are home."),
            "Troops left the U.S. Today (Jan. 25, 2024) they are home."
        );
    }

    #[test]
    fn a_date_of_its_own_does_not_turn_the_others_forward() {
        // "next year" is a date, not a sign that the sentence is about what is to come.
        assert_eq!(
            abs("Norway’s October oil production beat forecasts, with worries over demand next year."),
            "Norway’s October 2023 oil production beat forecasts, with worries over demand next year."
        );
        // "the next round" is such a sign.
        assert_eq!(
            abs("The next round of talks is in March."),
            "The next round of talks is in March 2024."
        );
        assert_eq!(
            abs("Talks will resume in October."),
            "Talks will resume in October 2024."
        );
    }

    #[test]
    fn a_day_without_a_year_is_the_nearest_or_the_next_one_to_come() {
        assert_eq!(
            abs("The exhibit is to run from January 23 through March 9."),
            "The exhibit is to run from January 23, 2024, through March 9, 2024."
        );
        assert_eq!(
            abs("Endeavour will launch on Feb. 20 and Atlantis on Dec. 10."),
            "Endeavour will launch on Feb. 20, 2024, and Atlantis on Dec. 10, 2024."
        );
        assert_eq!(
            abs("The court ruled on July 8 and on Dec. 30."),
            "The court ruled on July 8, 2023, and on Dec. 30, 2023."
        );
        // A past day close to publication stays past in a sentence about what is to come.
        assert_eq!(
            abs("Smith, who was arrested on Jan. 20, will appear in court."),
            "Smith, who was arrested on Jan. 20, 2024, will appear in court."
        );
        // Ten weeks ahead is read forward, eleven back (73 days against 292).
        assert_eq!(
            abs("It runs through April 7."),
            "It runs through April 7, 2024."
        );
        assert_eq!(
            abs("It ran through April 8."),
            "It ran through April 8, 2023."
        );
    }

    #[test]
    fn a_weekday_is_glossed_with_its_part_of_day_and_read_forward_after_next() {
        assert_eq!(
            abs("The festival opened on Saturday night as crowds gathered."),
            "The festival opened on Saturday night, Jan. 20, 2024, as crowds gathered."
        );
        assert_eq!(
            abs("A storm on Sunday night (Jan. 21) sent people home."),
            "A storm on Sunday night (Jan. 21, 2024) sent people home."
        );
        assert_eq!(
            abs("The gallery celebrated the Tuesday opening."),
            "The gallery celebrated the Tuesday (Jan. 23, 2024) opening."
        );
        assert_eq!(
            abs("The vote is next Tuesday night."),
            "The vote is next Tuesday night, Jan. 30, 2024."
        );
        // Published on a Thursday, "next Thursday" is a week on.
        assert_eq!(
            abs("The vote is next Thursday."),
            "The vote is next Thursday, Feb. 1, 2024."
        );
        // "said Tuesday" is past, whatever will happen.
        assert_eq!(
            abs("The company said Tuesday it will cut 500 jobs."),
            "The company said Tuesday, Jan. 23, 2024, it will cut 500 jobs."
        );
        // "May" here is someone: no date follows Tuesday.
        assert_eq!(
            abs("On Tuesday, May said she would resign."),
            "On Tuesday, Jan. 23, 2024, May said she would resign."
        );
        // "next to" places; "the next morning" is a date of its own: neither points ahead.
        assert_eq!(
            abs("The store next to the station opened on Saturday."),
            "The store next to the station opened on Saturday, Jan. 20, 2024."
        );
    }

    #[test]
    fn a_weekday_in_a_past_clause_is_on_or_before_publication() {
        // The "will" of a later, quoted clause does not turn Wednesday forward.
        let published = d(2023, 2, 23); // a Thursday
        let s = "During Prime Minister's Questions Wednesday, Sunak defended the government's \
                 record whilst promising a \"formal update\": \"they will not be able to stay.\"";
        assert_eq!(find(s, published)[0].date, d(2023, 2, 22));
        assert_eq!(
            abs("He told reporters on Monday he will resign."),
            "He told reporters on Monday, Jan. 22, 2024, he will resign."
        );
        assert_eq!(
            abs("Officials who met on Tuesday will vote again on Friday."),
            "Officials who met on Tuesday, Jan. 23, 2024, will vote again on Friday, Jan. 26, 2024."
        );
        assert_eq!(
            abs("On Wednesday, the minister defended the plan, which will pass."),
            "On Wednesday, Jan. 24, 2024, the minister defended the plan, which will pass."
        );
    }

    #[test]
    fn a_weekday_in_a_future_clause_is_the_next_one() {
        assert_eq!(
            abs("The minister is set to travel on Wednesday."),
            "The minister is set to travel on Wednesday, Jan. 31, 2024."
        );
        assert_eq!(
            abs("They're going to vote on Monday."),
            "They're going to vote on Monday, Jan. 29, 2024."
        );
        assert_eq!(
            abs("She said on Tuesday that she'll sign the bill on Saturday."),
            "She said on Tuesday, Jan. 23, 2024, that she'll sign the bill on Saturday, Jan. 27, 2024."
        );
    }

    #[test]
    fn be_to_points_ahead() {
        let published = d(2015, 9, 22); // a Tuesday
        let s = "On Wednesday, Mohamed and his father are to travel to the United Nations.";
        assert_eq!(
            absolute(s, &find(s, published)),
            "On Wednesday, Sept. 23, 2015, Mohamed and his father are to travel to the United Nations."
        );
        assert_eq!(
            abs("The report is to be published on Monday."),
            "The report is to be published on Monday, Jan. 29, 2024."
        );
    }

    #[test]
    fn a_habitual_weekday_is_not_resolved() {
        for s in [
            "We read the headline ideas on a Monday.",
            "The market opens every Sunday.",
            "He plays on Mondays and on Friday nights.",
            // The routine's other days are the routine's too.
            "We whittle that down on a Monday, come in Tuesday and pick an issue.",
        ] {
            assert!(find(s, d(2007, 11, 25)).is_empty(), "{s}");
        }
        // A clause with a tense of its own tells of one day.
        assert_eq!(
            abs("The shop, open on Mondays, was robbed on Tuesday."),
            "The shop, open on Mondays, was robbed on Tuesday, Jan. 23, 2024."
        );
    }

    #[test]
    fn next_month_is_the_one_after_publication() {
        let published = d(2024, 3, 15);
        let s = "The rule takes effect next March.";
        assert_eq!(
            absolute(s, &find(s, published)),
            "The rule takes effect next March 2025."
        );
    }

    #[test]
    fn today_followed_by_its_date_is_not_glossed_twice() {
        assert_eq!(
            abs("The findings were published today (Jan. 25) in the journal."),
            "The findings were published today (Jan. 25, 2024) in the journal."
        );
        assert_eq!(
            abs("The findings were published today in the journal."),
            "The findings were published today (Jan. 25, 2024) in the journal."
        );
    }

    #[test]
    fn dates_of_mentions() {
        let published = d(2024, 1, 25);
        let dates: Vec<NaiveDate> = find(
            "In January 2020, on Tuesday, since 2003 and in November.",
            published,
        )
        .iter()
        .map(|m| m.date)
        .collect();
        assert_eq!(
            dates,
            vec![d(2020, 1, 1), d(2024, 1, 23), d(2003, 1, 1), d(2023, 11, 1)]
        );
    }
}
