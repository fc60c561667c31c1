//! Who a sentence quotes: "X said (that) Y", "Y, X said" and "Y, said X" split into speaker
//! and words, the name to ask "What did … say?" with, and sentences that carry on a quotation.

use super::grammar::is_name_word;
use super::text::verb_base;
use crate::text::tokens::{is_function_word, tokens, Token};
use crate::text::words::is_saying;

/// Whether a sentence is (part of) a quotation whose speaker is named elsewhere: it opens with
/// a quote mark, or closes one it did not open.
pub(super) fn continues_quote(sentence: &str) -> bool {
    sentence.starts_with(['“', '"'])
        || (sentence.trim_end().ends_with(['”', '"']) && !sentence.contains('“'))
}

/// Splits "X said (in a statement) (that) Y", "Y, X said" and "Y, said X" into (speaker, Y).
pub(super) fn attribution(text: &str) -> (Option<String>, String) {
    // "Y, he said" / "Y, officials said Thursday" / "Y, said Levy".
    if let Some(comma) = text.rfind(", ") {
        let tail = &text[comma + 2..];
        let tail_toks = tokens(tail);
        let saying = |t: &Token| is_saying(&t.lower());
        if (2..=6).contains(&tail_toks.len()) {
            if let Some(v) = tail_toks.iter().position(saying) {
                let speaker = if v == 0 {
                    tail[tail_toks[1].start..].trim()
                } else {
                    tail[..tail_toks[v].start].trim()
                };
                if !speaker.is_empty() {
                    return (Some(speaker.to_string()), text[..comma].to_string());
                }
            }
        }
    }
    // "X said (that) Y": X is a noun phrase of at most eight words before the verb.
    let toks = tokens(text);
    if let Some(v) = toks.iter().take(12).position(|t| is_saying(&t.lower())) {
        let before = text[..toks[v].start].trim();
        // "Maj. Gen. Alan Brooks, the Pentagon press secretary, said": the name before the
        // appositive when the last stretch names no one.
        let mut segments = before.rsplit(", ");
        let last = segments.next().unwrap_or(before).trim();
        let speaker = match segments.next() {
            Some(previous) if speaker_name(last).is_none() => previous.trim(),
            _ => last,
        };
        let rest = text[toks[v].end..].trim_start();
        let rest = rest.strip_prefix("that ").unwrap_or(rest);
        // "Gallinari added 25 points", "gold added 0.1%": a figure, not words.
        let figure = toks.get(v + 1).is_some_and(|t| t.is_number()) || rest.starts_with('$');
        if v > 0 && !figure && tokens(speaker).len() <= 8 && tokens(rest).len() >= 3 {
            return (Some(speaker.to_string()), text.to_string());
        }
    }
    (None, text.to_string())
}

/// The name to ask "What did … say?" with: a full name at the end of the speaker's phrase
/// ("Oklahoma City coach Billy Donovan" -> "Billy Donovan"), or the phrase itself when it is a
/// plain noun phrase ("the affidavit", "federal authorities", "Davis").
pub(super) fn speaker_name(phrase: &str) -> Option<String> {
    let toks = tokens(phrase);
    let run = trailing_name(phrase, &toks);
    if run.len() >= 2 || (run.len() == 1 && toks.len() == 1) {
        let (first, last) = (run.first()?, run.last()?);
        // "the Syrian Democratic Forces" keeps its article.
        let the = toks.len() == run.len() + 1 && toks[0].lower() == "the";
        let start = if the { toks[0].start } else { first.start };
        return Some(phrase[start..last.end].to_string());
    }
    plain_noun_phrase(phrase, &toks).then(|| phrase.to_string())
}

/// The capitalized run of words ending a phrase, joined by single spaces.
fn trailing_name<'a>(text: &str, toks: &'a [Token<'a>]) -> &'a [Token<'a>] {
    let mut s = toks.len();
    while s > 0 {
        let t = &toks[s - 1];
        let joined = s == toks.len() || text[t.end..toks[s].start] == *" ";
        if !joined || !is_name_word(t) {
            break;
        }
        s -= 1;
    }
    &toks[s..]
}

/// "the affidavit", "federal authorities": an optional "the", then one to four words that are
/// neither function words, verbs nor numbers.
fn plain_noun_phrase(text: &str, toks: &[Token]) -> bool {
    let words = match toks.first() {
        Some(t) if t.lower() == "the" => &toks[1..],
        _ => toks,
    };
    let joined = toks.windows(2).all(|w| text[w[0].end..w[1].start] == *" ");
    joined
        && (1..=4).contains(&words.len())
        && words.iter().all(|t| {
            let l = t.lower();
            !t.capitalized()
                && !is_function_word(&l)
                && verb_base(&l).is_none()
                && t.text.chars().all(|c| c.is_alphabetic() || c == '-')
        })
}
