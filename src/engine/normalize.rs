//! Text normalization shared by the index and the questions: Unicode folding, Discord markup,
//! abbreviations, numbers, stop words and question kinds.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::knowledge::QuestionKind;

/// Folds text for comparison: compatibility decomposition without accents or combining marks
/// (so zalgo text folds to its letters), typographic quotes and dashes made plain, lowercase,
/// dotted abbreviations joined ("U.S." -> "us"), Discord mentions removed.
pub fn fold(text: &str) -> String {
    let stripped = strip_discord_markup(text);
    let text = protect_acronyms(&stripped);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            // The common case, without a trip through the decomposition tables.
            if !c.is_ascii_control() || c == '\n' || c == '\t' {
                out.push(c.to_ascii_lowercase());
            }
        } else {
            decompose_compatible(c, |d| push_folded(d, &mut out));
        }
    }
    join_dotted_abbreviations(out)
}

fn push_folded(c: char, out: &mut String) {
    if is_combining_mark(c) || c.is_control() {
        return;
    }
    let c = match c {
        '‘' | '’' | '`' | '´' | 'ʼ' | '′' => '\'',
        '“' | '”' | '«' | '»' | '„' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
        '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}' => return,
        c => c,
    };
    out.extend(c.to_lowercase());
}

/// Acronyms spelled like function words ("IS" for Islamic State, "IT") would vanish as stop
/// words once lowercased; in mixed-case text (or written alone) they get a distinct spelling.
fn protect_acronyms(text: &str) -> Cow<'_, str> {
    let mixed = text.chars().any(char::is_lowercase);
    let alone = !text.trim().contains(char::is_whitespace);
    if !(mixed || alone) {
        return Cow::Borrowed(text);
    }
    let is_acronym = |w: &str| {
        w.len() >= 2
            && w.bytes().all(|b| b.is_ascii_uppercase())
            && is_stopword(&w.to_ascii_lowercase())
    };
    let words = text.split(|c: char| !c.is_alphanumeric());
    if !words.clone().any(is_acronym) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + ACRONYM_MARK.len());
    let mut rest = text;
    for word in words.filter(|w| !w.is_empty()) {
        // `word` is a subslice of `text`; copy what precedes it, then the word.
        let start = rest.find(word).unwrap_or(0);
        out.push_str(&rest[..start]);
        if is_acronym(word) {
            out.push_str(&word.to_ascii_lowercase());
            out.push_str(ACRONYM_MARK);
        } else {
            out.push_str(word);
        }
        rest = &rest[start + word.len()..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Appended to a protected acronym; letters, so the word stays one token.
const ACRONYM_MARK: &str = "qqacronym";

/// Removes user, role, channel and emoji mentions and @everyone / @here, which carry no meaning
/// for a question and must never be echoed back.
fn strip_discord_markup(text: &str) -> Cow<'_, str> {
    if !text.contains(['<', '@']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['<', '@']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let skip = if tail.starts_with('<') {
            mention_len(tail)
        } else {
            everyone_len(tail)
        };
        match skip {
            Some(n) => {
                out.push(' ');
                rest = &tail[n..];
            }
            None => {
                out.push(tail.chars().next().unwrap_or(' '));
                rest = &tail[tail.chars().next().map_or(1, char::len_utf8)..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn mention_len(tail: &str) -> Option<usize> {
    let end = tail.find('>')?;
    let inner = &tail[1..end];
    let id_ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let ok = if let Some(r) = inner
        .strip_prefix("@&")
        .or_else(|| inner.strip_prefix("@!"))
        .or_else(|| inner.strip_prefix('@'))
    {
        id_ok(r)
    } else if let Some(r) = inner.strip_prefix('#') {
        id_ok(r)
    } else if let Some(r) = inner.strip_prefix("a:").or_else(|| inner.strip_prefix(':')) {
        r.rsplit_once(':').is_some_and(|(_, id)| id_ok(id))
    } else {
        false
    };
    ok.then_some(end + 1)
}

fn everyone_len(tail: &str) -> Option<usize> {
    ["@everyone", "@here"]
        .iter()
        .find(|m| tail.starts_with(*m))
        .map(|m| m.len())
}

/// "u.s." -> "us", "a.m." -> "am": single letters each followed by a period.
fn join_dotted_abbreviations(text: String) -> String {
    if !has_dotted_letter(&text) {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let word_start = i == 0 || !chars[i - 1].is_alphanumeric();
        if word_start {
            let mut j = i;
            let mut letters = String::new();
            while j + 1 < chars.len()
                && chars[j].is_alphabetic()
                && chars[j + 1] == '.'
                && (j + 2 >= chars.len()
                    || !chars[j + 2].is_alphabetic()
                    || chars.get(j + 3) == Some(&'.'))
            {
                letters.push(chars[j]);
                j += 2;
            }
            if letters.chars().count() >= 2 {
                out.push_str(&letters);
                i = j;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Whether a letter stands between two periods somewhere, as in every abbreviation joined
/// above; most text (any sentence ending in a period) has none and skips the rebuild.
fn has_dotted_letter(text: &str) -> bool {
    text.match_indices('.').any(|(i, _)| {
        let mut after = text[i + 1..].chars();
        after.next().is_some_and(char::is_alphabetic) && after.next() == Some('.')
    })
}

/// Splits folded text into words: letters and digits, with "2,500" read as "2500",
/// possessives and contractions dropped ("iraq's" -> "iraq", "isn't" -> "is", "not").
pub fn words(folded: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut chars = folded.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if c.is_alphanumeric() {
            current.push(c);
        } else if (c == ',' || c == '.')
            && prev.is_ascii_digit()
            && next.is_some_and(|n| n.is_ascii_digit())
            && !current.is_empty()
        {
            if c == '.' {
                current.push('.');
            }
        } else if c == '\'' && !current.is_empty() && next.is_some_and(char::is_alphabetic) {
            let mut suffix = String::new();
            while let Some(&n) = chars.peek() {
                if !n.is_alphabetic() {
                    break;
                }
                suffix.push(n);
                chars.next();
            }
            let negation = suffix == "t" && current.ends_with('n');
            if negation {
                current.pop();
                // "can't", "won't", "shan't": the "n" belongs to the verb as well.
                match current.as_str() {
                    "ca" => current.push('n'),
                    "wo" => current = "will".into(),
                    "sha" => current.push_str("ll"),
                    _ => {}
                }
            }
            push_word(std::mem::take(&mut current), &mut words);
            if negation {
                words.push("not".into());
            }
            prev = suffix.chars().last().unwrap_or(c);
            continue;
        } else if !current.is_empty() {
            push_word(std::mem::take(&mut current), &mut words);
        }
        prev = c;
    }
    if !current.is_empty() {
        push_word(current, &mut words);
    }
    words
}

fn push_word(word: String, words: &mut Vec<String>) {
    // Counting characters only when the bytes could exceed the limit: this runs per word.
    if word.is_empty() || (word.len() > 40 && word.chars().count() > 40) {
        return;
    }
    match number_word(&word) {
        Some(n) => words.push(n.to_string()),
        None => words.push(word),
    }
}

fn number_word(word: &str) -> Option<u32> {
    Some(match word {
        "zero" => 0,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        _ => return None,
    })
}

/// Numbers a folded text writes only as words ("the two governments"): small counts in
/// passing, rarely a figure the question is about.
pub fn spelled_numbers(folded: &str) -> Vec<String> {
    // Figures as `words` reads them: "2,500" is 2500, not 2 and 500.
    let figures: Vec<String> = folded
        .split(|c: char| !(c.is_alphanumeric() || c == ',' || c == '.'))
        .map(|t| t.trim_matches([',', '.']).replace(',', ""))
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(number_word)
        .map(|n| n.to_string())
        .filter(|n| !figures.contains(n))
        .collect()
}

/// A number that reads as a year ("2003", "2025").
pub fn is_year(number: &str) -> bool {
    number.len() == 4
        && number
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2100).contains(&y))
}

pub fn is_number(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Verbs of saying that attribute a statement to a speaker. Shared by the matcher and the
/// drafter.
pub const SAYING: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "announced",
    "stated",
    "warned",
    "noted",
    "acknowledged",
    "argued",
    "insisted",
    "claimed",
    "explained",
    "confirmed",
    "reported",
    "wrote",
    "tweeted",
];

/// Irregular past tenses and participles with their base forms ("struck" -> "strike"),
/// which a stemmer cannot find, simple past before participle. Shared by the matcher and the
/// drafter.
#[rustfmt::skip]
pub const IRREGULAR_VERBS: &[(&str, &str)] = &[
    ("began", "begin"), ("begun", "begin"), ("bought", "buy"), ("brought", "bring"),
    ("built", "build"), ("came", "come"), ("caught", "catch"), ("chose", "choose"),
    ("chosen", "choose"), ("did", "do"), ("done", "do"), ("drew", "draw"), ("drawn", "draw"),
    ("drove", "drive"), ("driven", "drive"), ("fell", "fall"), ("fallen", "fall"), ("felt", "feel"),
    ("fought", "fight"), ("found", "find"), ("fled", "flee"), ("flew", "fly"), ("flown", "fly"),
    ("forgot", "forget"), ("froze", "freeze"), ("gave", "give"), ("given", "give"), ("got", "get"),
    ("gotten", "get"), ("went", "go"), ("gone", "go"), ("grew", "grow"), ("grown", "grow"),
    ("heard", "hear"), ("held", "hold"), ("hid", "hide"), ("hit", "hit"), ("hurt", "hurt"),
    ("kept", "keep"), ("knew", "know"), ("known", "know"), ("laid", "lay"), ("led", "lead"),
    ("left", "leave"), ("lent", "lend"), ("lost", "lose"), ("made", "make"), ("meant", "mean"),
    ("met", "meet"), ("paid", "pay"), ("put", "put"), ("quit", "quit"), ("ran", "run"),
    ("rose", "rise"), ("risen", "rise"), ("said", "say"), ("saw", "see"), ("seen", "see"),
    ("sought", "seek"), ("sold", "sell"), ("sent", "send"), ("set", "set"), ("shot", "shoot"),
    ("shut", "shut"), ("spoke", "speak"), ("spoken", "speak"), ("spent", "spend"),
    ("split", "split"), ("spread", "spread"), ("stood", "stand"), ("stole", "steal"),
    ("struck", "strike"), ("stricken", "strike"), ("swore", "swear"), ("sworn", "swear"),
    ("took", "take"), ("taken", "take"), ("taught", "teach"), ("told", "tell"),
    ("thought", "think"), ("threw", "throw"), ("thrown", "throw"), ("understood", "understand"),
    ("won", "win"), ("wore", "wear"), ("wrote", "write"), ("written", "write"), ("bled", "bleed"),
    ("broke", "break"), ("broken", "break"), ("dealt", "deal"), ("hidden", "hide"),
    ("sank", "sink"), ("slain", "slay"), ("slew", "slay"), ("sunk", "sink"),
    ("withdrawn", "withdraw"), ("withdrew", "withdraw"),
];

/// Irregular forms the matcher leaves alone: in questions they are more often about games
/// ("who won the cup") than the base's sense of the verb.
const KEEP_AS_WRITTEN: &[&str] = &["won", "lost"];

/// The base form of an irregular verb ("struck" -> "strike"); other words are returned as
/// they are.
pub fn base_form(word: &str) -> &str {
    static MAP: OnceLock<FxHashMap<&'static str, &'static str>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        IRREGULAR_VERBS
            .iter()
            .filter(|(past, _)| !KEEP_AS_WRITTEN.contains(past))
            .copied()
            .collect()
    });
    map.get(word).copied().unwrap_or(word)
}

/// A word typed with a letter held down ("sooo", "hiii", "whyyy"), with each run of three or
/// more letters cut to two and to one; None for other words and for numbers.
pub fn squeezed(word: &str) -> Option<(String, String)> {
    let chars: Vec<char> = word.chars().collect();
    // Numbers hold runs of zeros by right.
    let letters = chars.iter().all(|c| c.is_alphabetic());
    if !letters || !chars.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
        return None;
    }
    let (mut two, mut one) = (String::new(), String::new());
    for (i, &c) in chars.iter().enumerate() {
        let run = chars[..i].iter().rev().take_while(|&&p| p == c).count();
        if run < 2 {
            two.push(c);
        }
        if run < 1 {
            one.push(c);
        }
    }
    Some((two, one))
}

/// Casual spellings mapped to the word they stand for, before anything else looks at them.
pub fn slang(word: &str) -> &str {
    match word {
        "wat" | "wut" | "wht" | "wot" | "whats" | "wats" | "wuts" | "whatd" | "wha" => "what",
        "hw" | "hows" | "howd" => "how",
        "wen" | "whens" => "when",
        "wher" | "wheres" | "whered" => "where",
        "whos" | "whod" => "who",
        "whys" | "whyd" => "why",
        "r" => "are",
        "em" => "them",
        "u" | "ya" => "you",
        "ur" => "your",
        "y" => "why",
        "w" => "with",
        "abt" | "bout" => "about",
        "bc" | "cuz" | "coz" | "cos" | "cus" | "bcuz" => "because",
        "gonna" => "going",
        "tho" => "though",
        "thru" => "through",
        "pls" | "plz" | "pleez" => "please",
        "rn" | "atm" => "now",
        "b4" => "before",
        "govt" | "gov" => "government",
        "mil" => "military",
        "ppl" | "ppls" => "people",
        "prob" | "probs" | "prolly" | "probly" | "prbly" => "probably",
        "def" | "defo" => "definitely",
        "esp" => "especially",
        "pres" | "prez" => "president",
        "q" => "question",
        "any1" => "anyone",
        "some1" => "someone",
        "dunno" => "know",
        "rly" | "realy" => "really",
        "usa" => "us",
        w => w,
    }
}

/// Function words and conversational filler: they carry no topic, so they neither match facts
/// nor count against a match. Question words are read for the question kind before removal.
pub fn is_stopword(word: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(word)
}

// Sorted; checked by a test.
#[rustfmt::skip]
pub(crate) const STOPWORDS: &[&str] = &[
    "a", "about", "above", "across", "actually", "afaik", "after", "again", "against", "ah", "aka",
    "al", "all", "along", "also", "am", "amid", "among", "an", "and", "any", "anybody", "anyone",
    "anything", "anyway", "apparently", "approximately", "are", "around", "as", "at", "basically",
    "be", "became", "because", "become", "becomes", "becoming", "been", "before", "being", "below",
    "between", "beyond", "bot", "both", "bro", "bruh", "btw", "but", "by", "came", "can", "come",
    "comes", "coming", "could", "curious", "currently", "deal", "despite", "details", "did", "do",
    "does", "doing", "done", "dude", "during", "each", "else", "even", "ever", "every",
    "everybody", "everyone", "exactly", "except", "explain", "factbot", "folks", "for", "fr",
    "from", "fyi", "get", "gets", "getting", "gimme", "give", "gm", "go", "going", "got", "gotta",
    "guess", "guy", "guys", "had", "has", "have", "having", "he", "heard", "hello", "her", "here",
    "hey", "hi", "him", "his", "hm", "hmm", "honestly", "hopefully", "how", "i", "idk", "if", "ig",
    "iirc", "imo", "in", "info", "into", "is", "it", "its", "just", "kind", "kinda", "know",
    "lately", "lemme", "let", "like", "literally", "lmao", "lmk", "lol", "made", "make", "makes",
    "many", "me", "mean", "more", "most", "much", "my", "nah", "news", "ngl", "no", "nope", "not",
    "now", "nvm", "of", "off", "oh", "ok", "okay", "omg", "on", "one", "onto", "or", "other",
    "our", "out", "over", "per", "please", "pls", "pretty", "question", "quick", "quite", "rather",
    "really", "right", "roughly", "said", "say", "says", "seriously", "she", "should", "since",
    "smh", "so", "some", "somebody", "someone", "sort", "sorta", "srsly", "still", "stuff", "such",
    "sup", "tbh", "tell", "tf", "than", "thanks", "that", "the", "their", "them", "then", "there",
    "these", "they", "thing", "things", "this", "those", "though", "through", "thx", "to", "today",
    "too", "toward", "towards", "true", "ty", "uh", "um", "under", "until", "up", "upon", "very",
    "via", "wait", "wanna", "was", "way", "we", "were", "what", "whats", "when", "where",
    "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within",
    "without", "wonder", "wondering", "would", "wtf", "yall", "yeah", "yep", "yes", "yet", "yo",
    "you", "your", "yup",
];

const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "do", "does", "did", "will", "would", "can", "could", "has",
    "have", "had", "should", "shall", "may", "might", "must", "isn", "aren", "wasn", "didn", "won",
];

/// The words naming what is counted: the run of content words after "how many", "how much"
/// or "number of" and, with `after_numbers`, after each number ("2,500 U.S. troops", "90
/// times"). A count question about troops is not answered by a count of attacks.
pub fn counted_runs(words: &[String], after_numbers: bool) -> Vec<Vec<String>> {
    const MAX_RUN: usize = 4;
    let mut runs = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let w = slang(word);
        let prev = i.checked_sub(1).map(|p| slang(&words[p]));
        let starts = matches!(
            (prev, w),
            (Some("how"), "many" | "much") | (Some("number"), "of")
        ) || after_numbers && is_number(w);
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
        let run: Vec<String> = rest
            .iter()
            .take_while(|w| !is_stopword(slang(w)) && !is_number(w))
            .take(MAX_RUN)
            .cloned()
            .collect();
        if !run.is_empty() {
            runs.push(run);
        }
    }
    runs
}

/// Nouns that, after "what" or "which", say what kind of answer is wanted ("which militia"
/// wants a name, "what day" a time, "which base" a place).
const TIME_HEADS: &[&str] = &[
    "date", "day", "days", "hour", "month", "months", "time", "week", "weekday", "year", "years",
];
const PLACE_HEADS: &[&str] = &[
    "area",
    "base",
    "bases",
    "city",
    "country",
    "countries",
    "location",
    "locations",
    "nation",
    "place",
    "province",
    "region",
    "site",
    "sites",
    "town",
];
const PERSON_HEADS: &[&str] = &[
    "agency",
    "body",
    "chief",
    "commander",
    "department",
    "faction",
    "factions",
    "general",
    "group",
    "groups",
    "leader",
    "leaders",
    "man",
    "militia",
    "militias",
    "minister",
    "ministry",
    "official",
    "officials",
    "organization",
    "person",
    "people",
    "president",
    "secretary",
    "spokesman",
    "woman",
];

/// Whether `words[i]` only names the kind of answer wanted ("date" in "on what date did ..."),
/// which [`question_kind`] reads; as a topic word it would match every fact giving a date.
pub fn is_kind_word(words: &[String], i: usize) -> bool {
    words.get(i).is_some_and(|w| is_kind_head(w))
        && words[i.saturating_sub(2)..i]
            .iter()
            .any(|w| matches!(slang(w), "what" | "which"))
}

/// Whether a question asks for someone's or something's name ("what's the name of the
/// official", "what is the militia called").
pub fn asks_for_name(words: &[String]) -> bool {
    words.windows(2).any(|w| {
        matches!(
            (w[0].as_str(), w[1].as_str()),
            ("name", "of") | ("names", "of")
        )
    }) || words.last().is_some_and(|w| w == "called") && words.iter().any(|w| w == "what")
        || words.windows(2).any(|w| w[0] == "who" && w[1] == "named")
}

/// Whether a question asks for a sum of money ("how much does the deployment cost", "what
/// does it mean for taxpayers").
pub fn asks_for_money(words: &[String]) -> bool {
    const MONEY: &[&str] = &[
        "cost",
        "costs",
        "costing",
        "spend",
        "spends",
        "spending",
        "spent",
        "pay",
        "pays",
        "paid",
        "money",
        "dollars",
        "budget",
        "price",
        "funding",
        "taxpayers",
        "billion",
        "million",
    ];
    const CURRENCY: &[&str] = &["dollars", "euros", "money", "budget", "taxpayers"];
    let how_much = words.windows(2).any(|w| w[0] == "how" && w[1] == "much");
    how_much && words.iter().any(|w| MONEY.contains(&w.as_str()))
        || words.iter().any(|w| CURRENCY.contains(&w.as_str()))
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
pub fn is_kind_head(word: &str) -> bool {
    TIME_HEADS.contains(&word)
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
    {
        return QuestionKind::Count;
    }
    // The noun a "what" or "which" asks about, a few words on ("which Iraqi ministry").
    let head = |heads: &[&str]| {
        w.iter().enumerate().any(|(i, x)| {
            matches!(*x, "what" | "which")
                && w[i + 1..]
                    .iter()
                    .take(3)
                    .take_while(|n| !AUXILIARIES.contains(n))
                    .any(|n| heads.contains(n))
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
    if leads("when") || head(TIME_HEADS) || has(&["how", "long"]) {
        return QuestionKind::Time;
    }
    if leads("why") || has(&["what", "reason"]) || has(&["how", "come"]) || has(&["what", "caused"])
    {
        return QuestionKind::Reason;
    }
    if leads("where") || head(PLACE_HEADS) {
        return QuestionKind::Place;
    }
    if leads("who") || leads("whom") || leads("whose") || head(PERSON_HEADS) {
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
    use super::*;

    fn ws(text: &str) -> Vec<String> {
        words(&fold(text))
    }

    #[test]
    fn stopwords_are_sorted() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn folds_case_accents_quotes_dashes_and_abbreviations() {
        assert_eq!(fold("Iraq’s “U.S.” — Café"), "iraq's \"us\" - cafe");
        assert_eq!(ws("U.S.-led coalition"), vec!["us", "led", "coalition"]);
        assert_eq!(
            ws("the US and the U.S."),
            vec!["the", "us", "and", "the", "us"]
        );
        assert_eq!(ws("Ẑ̸̢a̷l̴g̵o̶ text"), vec!["zalgo", "text"]);
        assert_eq!(ws("at 2 a.m. Friday"), vec!["at", "2", "am", "friday"]);
        assert_eq!(ws("is IS in Iraq"), vec!["is", "isqqacronym", "in", "iraq"]);
        assert_eq!(ws("IS"), vec!["isqqacronym"]);
        assert_eq!(ws("WHAT IS THE PMF"), vec!["what", "is", "the", "pmf"]);
    }

    #[test]
    fn reads_numbers_possessives_and_contractions() {
        assert_eq!(ws("2,500 troops"), vec!["2500", "troops"]);
        assert_eq!(
            ws("2.5 million, three sites"),
            vec!["2.5", "million", "3", "sites"]
        );
        assert_eq!(
            ws("Iraq's army isn't ready, what's"),
            vec!["iraq", "army", "is", "not", "ready", "what"]
        );
    }

    #[test]
    fn numbers_written_only_as_words_are_told_apart() {
        assert_eq!(spelled_numbers(&fold("the two governments")), vec!["2"]);
        assert!(spelled_numbers(&fold("2 or two sites")).is_empty());
        assert!(spelled_numbers(&fold("quick one: how many")).is_empty());
        assert_eq!(
            spelled_numbers(&fold("2,500 troops at two bases")),
            vec!["2"]
        );
    }

    #[test]
    fn squeezes_held_down_letters() {
        assert_eq!(squeezed("sooo"), Some(("soo".into(), "so".into())));
        assert_eq!(squeezed("hiii"), Some(("hii".into(), "hi".into())));
        assert_eq!(squeezed("troops"), None);
        assert_eq!(squeezed("25000"), None);
    }

    #[test]
    fn reads_questions_for_names_and_money() {
        assert!(asks_for_name(&ws(
            "whats the name of the anonymous official"
        )));
        assert!(asks_for_name(&ws("what is the militia called")));
        assert!(!asks_for_name(&ws(
            "who was named prime minister? no: who is he"
        )));
        assert!(asks_for_money(&ws(
            "how much is the deployment costing taxpayers"
        )));
        assert!(!asks_for_money(&ws("how much of Iraq do they hold")));
    }

    #[test]
    fn strips_discord_mentions() {
        assert_eq!(
            ws("<@123> hi @everyone <@&456> <#789> <:wave:42> @here ok"),
            vec!["hi", "ok"]
        );
        assert_eq!(ws("a <b> c@d"), vec!["a", "b", "c", "d"]);
    }

    #[test]
    fn finds_what_is_counted() {
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
        assert_eq!(
            counted_runs(&ws("how much does the US spend each year"), false),
            vec![vec!["us", "spend"]]
        );
    }

    #[test]
    fn detects_question_kinds() {
        let k = |q: &str| question_kind(&ws(q));
        assert_eq!(k("how many US troops are in Iraq?"), QuestionKind::Count);
        assert_eq!(k("When did the U.S. strike back?"), QuestionKind::Time);
        assert_eq!(k("On what day did they announce it?"), QuestionKind::Time);
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
