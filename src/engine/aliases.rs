//! Who a name is, as the article itself says: "Thunder coach Billy Donovan", "Lewis Ward,
//! research director at IDC," give "Donovan" the words "thunder coach" and "Ward" the words
//! "research director IDC". A later sentence that only says "Donovan said" is then found by
//! "what does the Thunder coach think?". News style introduces people this way, so the rule
//! reads any article; no word of any article is listed here.

use crate::text::fold::fold;
use crate::text::words::{is_saying as saying_verb, is_stopword};

/// Most words a descriptor may have on either side of a name.
const MAX_BEFORE: usize = 3;
const MAX_AFTER: usize = 6;

/// The names of a sentence (each a run of capitalized words; the run's last word, folded, is
/// its key) with the words that describe them there. Keys of names without descriptor words
/// come with the run's other words ("Billy" for "Donovan").
pub fn descriptions(sentence: &str) -> Vec<(String, String)> {
    let tokens: Vec<&str> = sentence.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !is_name_token(tokens[i]) || (i == 0 && is_stopword(&fold(bare(tokens[i])))) {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < tokens.len() && !ends_phrase(tokens[i]) && is_name_token(tokens[i + 1]) {
            i += 1;
        }
        let end = i;
        i += 1;
        let key = fold(bare(tokens[end]));
        if key.is_empty() || is_stopword(&key) {
            continue;
        }
        let mut words: Vec<&str> = tokens[start..end].iter().map(|t| bare(t)).collect();
        // Before: "Oklahoma City coach Billy Donovan", up to punctuation or a function word.
        let mut before = Vec::new();
        for t in tokens[..start].iter().rev().take(MAX_BEFORE) {
            let w = bare(t);
            if ends_phrase(t) || is_stopword(&fold(w)) || is_saying(w) || w.is_empty() {
                break;
            }
            before.push(w);
        }
        words.extend(before.iter().rev());
        // After: "Lewis Ward, research director at IDC, said".
        if tokens[end].ends_with(',') {
            for t in tokens.iter().skip(end + 1).take(MAX_AFTER) {
                let w = bare(t);
                if is_saying(w) {
                    break;
                }
                words.push(w);
                if ends_phrase(t) {
                    break;
                }
            }
        }
        if !words.is_empty() {
            out.push((key, words.join(" ")));
        }
    }
    out
}

fn is_saying(word: &str) -> bool {
    saying_verb(&fold(word))
}

/// A token without the punctuation around it.
fn bare(token: &str) -> &str {
    token.trim_matches(|c: char| !c.is_alphanumeric())
}

fn is_name_token(token: &str) -> bool {
    let word = token.trim_start_matches(|c: char| !c.is_alphanumeric());
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A token closing a phrase: followed by a comma, a stop, a colon or a closing quote.
fn ends_phrase(token: &str) -> bool {
    token.ends_with([',', '.', ';', ':', '?', '!', '”', '"', ')', '—'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(sentence: &str, key: &str) -> Vec<String> {
        descriptions(sentence)
            .into_iter()
            .filter(|(k, _)| k == key)
            .map(|(_, d)| d)
            .collect()
    }

    #[test]
    fn a_title_before_a_name_describes_it() {
        assert_eq!(
            of("said city council member Jane Roe on Monday.", "roe"),
            vec!["Jane city council member"]
        );
        assert_eq!(of("Mayor Ann Smith spoke.", "smith"), vec!["Mayor Ann"]);
    }

    #[test]
    fn an_apposition_after_a_name_describes_it() {
        assert_eq!(
            of(
                "John Doe, an economist at the bank, said prices rose.",
                "doe"
            ),
            vec!["John an economist at the bank"]
        );
    }

    #[test]
    fn function_words_and_verbs_of_saying_end_a_description() {
        assert_eq!(of("The report by Ann Lee found it.", "lee"), vec!["Ann"]);
        assert_eq!(of("“It works,” said Ann Lee.", "lee"), vec!["Ann"]);
        assert!(of("Lee said it works.", "lee").is_empty());
    }
}
