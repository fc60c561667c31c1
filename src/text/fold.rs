//! Folding text for comparison: Unicode compatibility forms without accents or combining
//! marks, plain quotes and dashes, lower case, dotted abbreviations joined, Discord mentions
//! removed; then words, with numbers read ("2,500" -> "2500", "three" -> "3").

use std::borrow::Cow;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use super::words::is_stopword;

/// Folds text for comparison: compatibility decomposition without accents or combining marks
/// (so zalgo text folds to its letters), typographic quotes and dashes made plain, lowercase,
/// dotted abbreviations joined ("U.S." -> "us"), Discord mentions removed.
pub fn fold(text: &str) -> String {
    if is_plain(text.as_bytes()) {
        return text.to_ascii_lowercase();
    }
    fold_by_rules(text)
}

/// [`fold`] into a buffer the caller reuses: building an index folds thousands of short texts,
/// most of them only lowercased (the buffer is replaced for the others, which the rules
/// rebuild anyway). `fold` is not written through this: its own allocation, sized by
/// `to_ascii_lowercase`, was cheaper by 0.7% of the load than a buffer grown by `push_str`.
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    if is_plain(text.as_bytes()) {
        out.push_str(text);
        out.make_ascii_lowercase();
    } else {
        *out = fold_by_rules(text);
    }
}

/// [`fold`] for text that needs more than lowercasing.
fn fold_by_rules(text: &str) -> String {
    let stripped = strip_discord_markup(text);
    let text = protect_acronyms(&stripped);
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while !rest.is_empty() {
        // The common case, a run of plain ASCII, copied and lowercased whole, without a trip
        // through the decomposition tables or a push per character.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(ascii);
        let kept = |b: u8| !b.is_ascii_control() || b == b'\n' || b == b'\t';
        if run.bytes().all(kept) {
            let start = out.len();
            out.push_str(run);
            out[start..].make_ascii_lowercase();
        } else {
            out.extend(
                run.chars()
                    .filter(|&c| kept(c as u8))
                    .map(|c| c.to_ascii_lowercase()),
            );
        }
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            decompose_compatible(c, |d| push_folded(d, &mut out));
        }
        rest = chars.as_str();
    }
    join_dotted_abbreviations(out)
}

/// Whether folding a text is only lowercasing it: ASCII without control characters, Discord
/// markup (`<`, `@`), two capitals in a row (a possible acronym) or a dotted abbreviation.
/// One pass over the bytes instead of one per rule: most texts folded (a base's question
/// forms, a user's question) are short and plain, and building a base folds thousands.
fn is_plain(bytes: &[u8]) -> bool {
    let mut upper = false;
    for (i, &b) in bytes.iter().enumerate() {
        let plain = match b {
            b'\n' | b'\t' => true,
            b'<' | b'@' => false,
            b'.' => {
                !(bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
                    && bytes.get(i + 2) == Some(&b'.'))
            }
            b => b.is_ascii() && !b.is_ascii_control() && !(upper && b.is_ascii_uppercase()),
        };
        if !plain {
            return false;
        }
        upper = b.is_ascii_uppercase();
    }
    true
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
    // An acronym holds two capital ASCII letters in a row; most text has none, and this
    // one pass over its bytes spares the character-by-character passes below.
    let capitals = text
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase());
    if !capitals {
        return Cow::Borrowed(text);
    }
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
    let mut copied = 0;
    for word in words.filter(|w| is_acronym(w)) {
        // `word` is a subslice of `text`, starting this far into it; what precedes it is
        // copied as written.
        let start = word.as_ptr() as usize - text.as_ptr() as usize;
        out.push_str(&text[copied..start]);
        out.push_str(&word.to_ascii_lowercase());
        out.push_str(ACRONYM_MARK);
        copied = start + word.len();
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Appended to a protected acronym; letters, so the word stays one token.
const ACRONYM_MARK: &str = "qqacronym";

/// Removes user, role, channel and emoji mentions and @everyone / @here, which carry no meaning
/// for a question and must never be echoed back.
fn strip_discord_markup(text: &str) -> Cow<'_, str> {
    if !text.bytes().any(|b| b == b'<' || b == b'@') {
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
/// possessives and contractions dropped ("iraq's" -> "iraq", "isn't" -> "is", "not"), and
/// an apostrophe inside a name left out ("o'neill" -> "oneill").
pub fn words(folded: &str) -> Vec<String> {
    // Sized for English (a word and its space average about six bytes): growing the list
    // from empty reallocated it four or five times a sentence.
    let mut words = Vec::with_capacity(folded.len() / 6 + 1);
    let n = words_into(folded, &mut words);
    words.truncate(n);
    words
}

/// [`words`] into `out`, reusing the Strings it already holds: the words are `out[..n]` for
/// the `n` returned, and the Strings after them are spare buffers for the next call. Loading
/// splits thousands of question forms, and a new String per word was a tenth of its cost.
pub fn words_into(folded: &str, out: &mut Vec<String>) -> usize {
    let mut words = Words { out, n: 0 };
    // One buffer for the word being read, each word then copied out at its length: growing a
    // new String a character at a time was most of the cost of splitting a question.
    let mut current = String::with_capacity(folded.len());
    let mut rest = folded;
    let mut prev = ' ';
    while let Some(c) = rest.chars().next() {
        // A run of letters and digits is copied whole.
        let run = alphanumeric_run(rest);
        if run > 0 {
            current.push_str(&rest[..run]);
            prev = rest[..run].chars().next_back().unwrap_or(prev);
            rest = &rest[run..];
            continue;
        }
        let after = &rest[c.len_utf8()..];
        let next = after.chars().next();
        if (c == ',' || c == '.')
            && prev.is_ascii_digit()
            && next.is_some_and(|n| n.is_ascii_digit())
            && !current.is_empty()
        {
            if c == '.' {
                current.push('.');
            }
        } else if c == '\'' && !current.is_empty() && next.is_some_and(char::is_alphabetic) {
            let len = after
                .find(|n: char| !n.is_alphabetic())
                .unwrap_or(after.len());
            let suffix = &after[..len];
            // Past an apostrophe that ends no clitic, the word goes on: "o'neill" is one name
            // ("oneill"), not "o" with the rest dropped as if it were "'s".
            if !matches!(suffix, "s" | "t" | "re" | "ve" | "ll" | "d" | "m") {
                current.push_str(suffix);
                prev = suffix.chars().next_back().unwrap_or(c);
                rest = &after[len..];
                continue;
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
            words.push_word(&current);
            current.clear();
            if negation {
                words.push("not");
            }
            prev = suffix.chars().next_back().unwrap_or(c);
            rest = &after[len..];
            continue;
        } else if !current.is_empty() {
            words.push_word(&current);
            current.clear();
        }
        prev = c;
        rest = after;
    }
    if !current.is_empty() {
        words.push_word(&current);
    }
    words.n
}

/// The length in bytes of the letters and digits `text` opens with; ASCII is read a byte at
/// a time, without decoding characters.
fn alphanumeric_run(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_alphanumeric() {
            i += 1;
        } else if b.is_ascii() {
            break;
        } else {
            match text[i..].chars().next() {
                Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

/// The words read so far: `out[..n]`.
struct Words<'a> {
    out: &'a mut Vec<String>,
    n: usize,
}

impl Words<'_> {
    fn push(&mut self, word: &str) {
        match self.out.get_mut(self.n) {
            Some(spare) => {
                spare.clear();
                spare.push_str(word);
            }
            None => self.out.push(word.to_owned()),
        }
        self.n += 1;
    }

    fn push_word(&mut self, word: &str) {
        // Counting characters only when the bytes could exceed the limit: this runs per word.
        if word.is_empty() || (word.len() > 40 && word.chars().count() > 40) {
            return;
        }
        match number_word(word) {
            Some(n) => self.push(&n.to_string()),
            None => self.push(word),
        }
    }
}

/// The value of a lowercase number word ("two" -> 2), as `words` reads it.
pub fn number_word(word: &str) -> Option<u32> {
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
    let spelled: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(number_word)
        .map(|n| n.to_string())
        .collect();
    // Most questions spell no number: the figures are read only when one does.
    if spelled.is_empty() {
        return spelled;
    }
    // Figures as `words` reads them: "2,500" is 2500, not 2 and 500.
    let figures: Vec<String> = folded
        .split(|c: char| !(c.is_alphanumeric() || c == ',' || c == '.'))
        .map(|t| t.trim_matches([',', '.']).replace(',', ""))
        .collect();
    spelled
        .into_iter()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(text: &str) -> Vec<String> {
        words(&fold(text))
    }

    #[test]
    fn the_plain_text_shortcut_folds_as_the_rules_do() {
        // Texts drawn from pieces that touch each rule: capitals in a row, dotted letters,
        // markup, controls, accents.
        let pieces = [
            "a",
            "B",
            "IS",
            "U.S.",
            "e.g.",
            ".",
            " ",
            "\n",
            "\t",
            "\u{1}",
            "\u{7f}",
            "<",
            "@",
            "<@123>",
            "@everyone",
            "Iraq",
            "it's",
            "2,500",
            "é",
            "’",
            "A.",
            "x.y",
            "—",
            "IT",
        ];
        // xorshift: deterministic, without a random crate.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let text: String = (0..next() % 7)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            assert_eq!(fold(&text), fold_by_rules(&text), "{text:?}");
        }
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
        assert_eq!(
            ws("can't, won't, shan't"),
            vec!["can", "not", "will", "not", "shall", "not"]
        );
        // A separator only between digits; a decimal point inside a word stays.
        assert_eq!(
            ws("1,000.5 a1.5 2.5.3 ab,1"),
            vec!["1000.5", "a1.5", "2.5.3", "ab", "1"]
        );
        assert_eq!(
            ws("Zoë's café, São Paulo"),
            vec!["zoe", "cafe", "sao", "paulo"]
        );
        // An apostrophe inside a name is no clitic's.
        assert_eq!(
            ws("What did O'Neill say? D’Angelo's"),
            vec!["what", "did", "oneill", "say", "dangelo"]
        );
        assert_eq!(
            ws("they're, we've, I'd, you'll, I'm"),
            vec!["they", "we", "i", "you", "i"]
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
    fn strips_discord_mentions() {
        assert_eq!(
            ws("<@123> hi @everyone <@&456> <#789> <:wave:42> @here ok"),
            vec!["hi", "ok"]
        );
        assert_eq!(ws("a <b> c@d"), vec!["a", "b", "c", "d"]);
    }
}
