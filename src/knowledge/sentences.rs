//! Sentence splitting for news text: abbreviations ("U.S.", "Gen.", "Oct. 7"), initials,
//! decimals, quotes and a truncated last sentence do not fool it. The abbreviations and the
//! words that open sentences are data (`abbreviations.txt`).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// How an abbreviation behaves at its period, read from `abbreviations.txt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbreviation {
    /// Before a name ("Gen.", "Spc."): capitalized, never the end of a sentence.
    Title,
    /// Before a number ("Oct. 7", "No. 2"): inside the sentence there, else ends it before a
    /// sentence starter.
    Number,
    /// Capitalized after a name or phrase ("Jr.", "Inc.", "Calif."): ends a sentence only before
    /// a sentence starter.
    Trailing,
    /// Like `Trailing`, in lowercase too ("etc.", "et al.").
    Inline,
}

/// The splitter's word lists: abbreviations by class, and the words that open sentences.
struct Lexicon {
    abbreviations: HashMap<&'static str, Abbreviation>,
    starters: HashSet<&'static str>,
}

const ABBREVIATIONS: &str = include_str!("abbreviations.txt");

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut lexicon = Lexicon {
            abbreviations: HashMap::new(),
            starters: HashSet::new(),
        };
        for (section, word) in super::wordlists::words(ABBREVIATIONS) {
            let class = match section {
                "title" => Abbreviation::Title,
                "number" => Abbreviation::Number,
                "trailing" => Abbreviation::Trailing,
                "inline" => Abbreviation::Inline,
                "starter" => {
                    lexicon.starters.insert(word);
                    continue;
                }
                _ => continue,
            };
            // The first class a word is listed in wins.
            lexicon.abbreviations.entry(word).or_insert(class);
        }
        lexicon
    })
}

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '»'];

/// Splits one paragraph into sentences, trimmed, in order. Text without a final period still
/// yields its last (possibly truncated) sentence.
pub fn split(paragraph: &str) -> Vec<&str> {
    split_with(paragraph, true)
}

/// Like [`split`] for chat messages, where a sentence may start in lowercase
/// ("hi. how many troops are there?").
pub fn split_chat(message: &str) -> Vec<&str> {
    split_with(message, false)
}

fn split_with(paragraph: &str, needs_capital: bool) -> Vec<&str> {
    // Most chat messages hold no terminal mark but in the run that ends them: then they are
    // one sentence (any boundary is at the end), found without collecting their characters.
    let terminal = |c: char| matches!(c, '.' | '?' | '!' | '…');
    let body = paragraph
        .trim_end()
        .trim_end_matches(|c: char| terminal(c) || CLOSERS.contains(&c));
    if !body.contains(terminal) {
        let sentence = paragraph.trim();
        return if sentence.is_empty() {
            Vec::new()
        } else {
            vec![sentence]
        };
    }
    let mut sentences = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if matches!(c, '.' | '?' | '!' | '…') {
            // Take the whole run of terminal punctuation and closing quotes.
            let mut j = i + 1;
            while j < chars.len()
                && (matches!(chars[j].1, '.' | '?' | '!' | '…')
                    || CLOSERS.contains(&chars[j].1)
                    || mistyped_closer(&chars, j))
            {
                j += 1;
            }
            let end = chars.get(j).map_or(paragraph.len(), |&(p, _)| p);
            // Punctuation alone is no sentence: an ellipsis opening a paragraph belongs to
            // what follows it.
            let so_far = &paragraph[start..pos];
            if so_far.contains(char::is_alphanumeric)
                && is_boundary(paragraph, pos, c, &chars[j..], needs_capital)
            {
                let sentence = paragraph[start..end].trim();
                if !sentence.is_empty() {
                    sentences.push(sentence);
                }
                start = end;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    let rest = paragraph[start..].trim();
    if !rest.is_empty() {
        sentences.push(rest);
    }
    sentences
}

/// An opening quote mark typed where a closing one belongs: right after the sentence's
/// punctuation and before a space ("misguided decision.“ However"), it opens nothing.
fn mistyped_closer(chars: &[(usize, char)], at: usize) -> bool {
    matches!(chars[at].1, '“' | '‘') && chars.get(at + 1).is_none_or(|&(_, c)| c.is_whitespace())
}

fn is_boundary(
    text: &str,
    pos: usize,
    punct: char,
    after: &[(usize, char)],
    needs_capital: bool,
) -> bool {
    // A boundary needs whitespace after it (or the end of the paragraph).
    let Some(&(_, first_after)) = after.first() else {
        return true;
    };
    if !first_after.is_whitespace() {
        return false;
    }
    let next = after.iter().map(|&(_, c)| c).find(|c| !c.is_whitespace());
    let Some(next) = next else { return true };
    // After an opening quote or bracket, its first letter decides: "(how do I best explain
    // this?)" after an ellipsis goes on with the sentence, "(It was ...)" starts one.
    let opener = |c: char| matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '—');
    let next_starts_sentence = next.is_uppercase()
        || next.is_ascii_digit()
        || opener(next)
            && after
                .iter()
                .map(|&(_, c)| c)
                .skip_while(|&c| c.is_whitespace() || opener(c))
                .find(|c| c.is_alphanumeric())
                .is_none_or(|c| !c.is_lowercase());
    if needs_capital && !next_starts_sentence {
        return false;
    }
    if punct != '.' {
        return true;
    }
    let word = last_word(&text[..pos]);
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    let next_word: String = after
        .iter()
        .map(|&(_, c)| c)
        .skip_while(|c| c.is_whitespace())
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    // In chat text too, an abbreviation ends a sentence only before a capitalized starter:
    // "the U.S. and Iraq" is one sentence.
    let lexicon = lexicon();
    let starter =
        lexicon.starters.contains(next_word.as_str()) && (needs_capital || next.is_uppercase());
    let capitalized = word.chars().next().is_some_and(char::is_uppercase);
    // Initials and dotted abbreviations: "U.S.", "a.m.", "J. Smith"; a sentence may still end
    // on one ("... ties to the U.S. The official said").
    if word.contains('.') || (word.chars().count() == 1 && word.chars().all(char::is_alphabetic)) {
        return starter && word.chars().count() > 1;
    }
    match lexicon.abbreviations.get(lower.as_str()) {
        Some(Abbreviation::Title) if capitalized => false,
        Some(Abbreviation::Number) if capitalized || next.is_ascii_digit() => {
            !next.is_ascii_digit() && starter
        }
        Some(Abbreviation::Trailing) if capitalized => starter,
        Some(Abbreviation::Inline) => starter,
        _ => true,
    }
}

/// Whether a sentence ends as sentences do (terminal punctuation, maybe closing quotes); a
/// paragraph's last "sentence" without one was cut off in the text.
pub fn is_complete(sentence: &str) -> bool {
    sentence
        .trim_end()
        .trim_end_matches(CLOSERS)
        .ends_with(['.', '?', '!', '…'])
}

/// The word right before a position, keeping its inner periods ("U.S" for "U.S.").
fn last_word(before: &str) -> &str {
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

#[cfg(test)]
mod tests {
    use super::{is_complete, split, split_chat};

    #[test]
    fn chat_sentences_start_lowercase_but_abbreviations_do_not_end_them() {
        assert_eq!(
            split_chat("hey. quick one: where will the U.S. and Iraq talk?"),
            vec!["hey.", "quick one: where will the U.S. and Iraq talk?"]
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials_inside_sentences() {
        let text = "Since Oct. 7, U.S. forces were hit. Iranian Gen. Qassem Soleimani was killed at 2 a.m. Friday. It cost 2.5 million.";
        assert_eq!(
            split(text),
            vec![
                "Since Oct. 7, U.S. forces were hit.",
                "Iranian Gen. Qassem Soleimani was killed at 2 a.m. Friday.",
                "It cost 2.5 million."
            ]
        );
    }

    #[test]
    fn an_opening_quote_typed_for_a_closing_one_still_ends_the_sentence() {
        assert_eq!(
            split("I am disappointed with the decision.“ However, the center gets seats."),
            vec![
                "I am disappointed with the decision.“",
                "However, the center gets seats."
            ]
        );
        // Before a word it opens a quotation.
        assert_eq!(
            split("He said.“Wait” was all."),
            vec!["He said.“Wait” was all."]
        );
    }

    #[test]
    fn splits_after_closing_quotes_and_keeps_truncated_tail() {
        let text =
            "“We are sovereign,” he said. “This is a request.” On Tuesday at the funeral launched";
        assert_eq!(
            split(text),
            vec![
                "“We are sovereign,” he said.",
                "“This is a request.”",
                "On Tuesday at the funeral launched"
            ]
        );
    }

    #[test]
    fn questions_exclamations_and_ellipses() {
        assert_eq!(
            split("Why? Because... it is! Done"),
            vec!["Why?", "Because... it is!", "Done"]
        );
        assert_eq!(
            split("He paused... and went on."),
            vec!["He paused... and went on."]
        );
        // A bracket opening in lower case goes on with the sentence; one in capitals starts
        // the next.
        assert_eq!(
            split("We went to college; and ... (how do I best explain this?) Then we met."),
            vec![
                "We went to college; and ... (how do I best explain this?)",
                "Then we met."
            ]
        );
        assert_eq!(
            split("He left. (It was late.)"),
            vec!["He left.", "(It was late.)"]
        );
        // An ellipsis between two sentences ends the first (as AP's notes have it); one that
        // opens a paragraph is no sentence of its own.
        assert_eq!(
            split("He missed the game. ... Schröder got a foul."),
            vec!["He missed the game. ...", "Schröder got a foul."]
        );
        assert_eq!(
            split("... and so on. Done."),
            vec!["... and so on.", "Done."]
        );
    }

    #[test]
    fn abbreviations_before_numbers_titles_and_sentence_ends() {
        assert_eq!(
            split("He was ranked No. 2 on Jan. 5. Mr. Smith left at 9 a.m. The talks ended."),
            vec![
                "He was ranked No. 2 on Jan. 5.",
                "Mr. Smith left at 9 a.m.",
                "The talks ended."
            ]
        );
        assert_eq!(
            split("Troops stayed in the U.S. The rest left. Gen. Smith and Sen. Jones spoke."),
            vec![
                "Troops stayed in the U.S.",
                "The rest left.",
                "Gen. Smith and Sen. Jones spoke."
            ]
        );
        assert_eq!(
            split("It was founded by John Smith Jr. in 1990. He paused... Then he left."),
            vec![
                "It was founded by John Smith Jr. in 1990.",
                "He paused...",
                "Then he left."
            ]
        );
    }

    #[test]
    fn ranks_titles_states_and_lowercase_words_at_a_period() {
        assert_eq!(
            split("Army Spc. Kennedy Sanders, 24, and Sgt. William Rivers died. Pfc. Jones and Lt. Col. Smith survived."),
            vec![
                "Army Spc. Kennedy Sanders, 24, and Sgt. William Rivers died.",
                "Pfc. Jones and Lt. Col. Smith survived."
            ]
        );
        assert_eq!(
            split(
                "He lives in Fresno, Calif. The city grew. Gov. Ann Lee of Tex. Gov. Bo Ray spoke."
            ),
            vec![
                "He lives in Fresno, Calif.",
                "The city grew.",
                "Gov. Ann Lee of Tex. Gov. Bo Ray spoke."
            ]
        );
        // A lowercase word that is also an abbreviation ("sat", "ill") ends its sentence.
        assert_eq!(
            split("She was ill. Doctors came. He sat. Nobody spoke. See p. 14 and vol. 2, etc. The end."),
            vec![
                "She was ill.",
                "Doctors came.",
                "He sat.",
                "Nobody spoke.",
                "See p. 14 and vol. 2, etc.",
                "The end."
            ]
        );
    }

    #[test]
    fn each_abbreviation_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for (section, word) in crate::knowledge::wordlists::words(super::ABBREVIATIONS) {
            assert_eq!(word, word.to_lowercase(), "{word}");
            if section != "starter" {
                assert!(seen.insert(word), "{word} is listed twice");
            }
        }
        assert!(super::lexicon().abbreviations.len() > 100);
        assert!(super::lexicon().starters.contains("the"));
    }

    #[test]
    fn dashes_and_unbalanced_quotes() {
        assert_eq!(
            split("WASHINGTON — Talks begin. He said it was “discussing this and the “timing is fine.” Then — again — nothing."),
            vec![
                "WASHINGTON — Talks begin.",
                "He said it was “discussing this and the “timing is fine.”",
                "Then — again — nothing."
            ]
        );
    }

    #[test]
    fn tells_complete_sentences_from_cut_ones() {
        assert!(is_complete("“This is a request.”"));
        assert!(is_complete("Why?"));
        assert!(!is_complete("On Tuesday at the funeral launched"));
    }
}
