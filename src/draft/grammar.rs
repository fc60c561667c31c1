//! The clause grammar the question templates read: a sentence's clauses, a clause's subject
//! and finite verb, the predicate a question can end with, and the closed word classes of
//! `question-words.txt` (determiners, pronouns, subordinators, ...), and the words a name is
//! made of. General English only.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::text::verb_base;
use crate::text::tokens::{is_function_word, tokens, Token};
use crate::text::words::irregular_base;

const WORDS: &str = include_str!("question-words.txt");

/// The sections of `question-words.txt`, each a set of lowercase words.
pub(super) fn listed(section: &str, word: &str) -> bool {
    static SECTIONS: OnceLock<HashMap<&'static str, HashSet<&'static str>>> = OnceLock::new();
    let sections = SECTIONS.get_or_init(|| {
        let mut sections: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
        for (section, word) in crate::knowledge::wordlists::words(WORDS) {
            sections.entry(section).or_default().insert(word);
        }
        sections
    });
    sections.get(section).is_some_and(|s| s.contains(word))
}

/// A text trimmed, without the punctuation it ends on.
pub(super) fn trim_end_punct(text: &str) -> &str {
    text.trim()
        .trim_end_matches(['.', '?', '!', '…', ',', ';', ':'])
        .trim()
}

/// Clauses of a sentence: the stretches between commas, semicolons, colons, dashes,
/// brackets and ellipses, each trimmed of quote marks.
pub(super) fn clauses(sentence: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &(pos, c)) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(i + 1).map(|&(_, n)| n);
        let inside_number = matches!(c, ',' | ':')
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit());
        let spaced_hyphen = c == '-' && prev == Some(' ') && next == Some(' ');
        let cut = (matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–' | '…') && !inside_number)
            || spaced_hyphen
            || (c == '.' && sentence[pos..].starts_with("..."));
        if cut {
            out.push(&sentence[start..pos]);
            start = pos + c.len_utf8();
        }
    }
    out.push(&sentence[start..]);
    out.into_iter()
        .map(|c| {
            let c = c
                .trim_matches(|ch: char| ch.is_whitespace() || matches!(ch, '“' | '”' | '"' | '.'));
            // "…, and Anthony Davis scored": the clause is what follows the conjunction.
            ["and ", "but ", "so ", "or ", "yet "]
                .iter()
                .find_map(|conj| c.strip_prefix(conj))
                .unwrap_or(c)
        })
        .filter(|c| !c.is_empty())
        .collect()
}

/// Auxiliaries that front a subject question as they are, and those that take the singular.
fn finite_auxiliary(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "was" | "were" => "was",
        "is" | "are" | "am" => "is",
        "has" | "have" => "has",
        "had" => "had",
        "will" => "will",
        "would" => "would",
        "can" => "can",
        "could" => "could",
        "may" => "may",
        "might" => "might",
        "must" => "must",
        "should" => "should",
        "did" => "did",
        "does" | "do" => "does",
        _ => return None,
    })
}

/// Whether a lowercase word is a simple past tense: a regular "-ed" verb or an irregular past
/// (not a participle only, such as "taken" or "done").
pub(super) fn is_past(lower: &str) -> bool {
    if irregular_base(lower).is_some() {
        return !is_participle(lower);
    }
    listed("past", lower) || (lower.ends_with("ed") && verb_base(lower).is_some())
}

/// An irregular participle that is no simple past ("taken", "known", "done").
fn is_participle(lower: &str) -> bool {
    irregular_base(lower).is_some_and(|base| {
        (lower.ends_with('n') && !base.ends_with('n')) || matches!(lower, "done" | "gone")
    })
}

/// Determiners: an "-ed" word after one is an adjective ("the alleged ringleader").
fn is_determiner(lower: &str) -> bool {
    listed("determiner", lower)
}

/// Determiners and quantifiers a subject may open with, or a content word ("he" and "she"
/// too).
fn opens_noun_phrase(lower: &str) -> bool {
    listed("determiner", lower) || matches!(lower, "he" | "she") || !is_function_word(lower)
}

/// The clause's subject and finite verb, when the clause is "<noun phrase> <verb> <more>": the
/// verb a past tense or an auxiliary, the subject up to ten words with no verb in it.
pub(super) fn subject_verb<'a>(
    clause: &'a str,
    toks: &'a [Token<'a>],
) -> Option<(usize, &'static str)> {
    let first = toks.first()?;
    let first_lower = first.lower();
    if !opens_noun_phrase(&first_lower) || matches!(first_lower.as_str(), "there" | "it") {
        return None;
    }
    for (i, t) in toks.iter().enumerate().take(11) {
        let l = t.lower();
        let hyphenated = t.text.contains('-') || clause[..t.start].ends_with('-');
        // Contractions ("That’s", "don’t") hide a verb: no template for them.
        if l.contains('’') || l.contains('\'') {
            let stem = l.split(['’', '\'']).next().unwrap_or("");
            if is_function_word(stem) || l.ends_with("n’t") || l.ends_with("n't") {
                return None;
            }
            continue;
        }
        if i == 0 || t.capitalized() || hyphenated {
            continue;
        }
        if listed("subordinator", &l) || listed("pronoun", &l) {
            return None;
        }
        // The subject names something: a content word that is no adverb in -ly, or a pronoun.
        let named = toks[..i].iter().any(|s| {
            let sl = s.lower();
            (!is_function_word(&sl) && !sl.ends_with("ly")) || matches!(sl.as_str(), "he" | "she")
        });
        if let Some(aux) = finite_auxiliary(&l) {
            return named.then_some((i, aux));
        }
        let after_determiner = is_determiner(&toks[i - 1].lower());
        // "inflammation caused by an immune response": a participle, not the clause's verb.
        let passive = l.ends_with("ed") && toks.get(i + 1).is_some_and(|n| n.lower() == "by");
        if passive {
            continue;
        }
        if is_past(&l) && !after_determiner {
            // "The men arrested Friday were charged": a participle before the real verb.
            let later: Vec<String> = toks[i + 1..]
                .iter()
                .map(Token::lower)
                .take_while(|w| {
                    !matches!(
                        w.as_str(),
                        "and" | "but" | "or" | "that" | "which" | "who" | "because" | "as"
                    )
                })
                .collect();
            let later_aux = later.iter().enumerate().any(|(j, w)| {
                matches!(
                    w.as_str(),
                    "was" | "were" | "is" | "are" | "has" | "have" | "had" | "will"
                ) && (j == 0 || later[j - 1] != "to")
            });
            return (named && !later_aux).then_some((i, ""));
        }
        if is_participle(&l) {
            // "a base in Jordan known as Tower 22 killed …": a participle inside the subject.
            continue;
        }
        if verb_base(&l).is_some() {
            // A present tense or another verb form: no template without inflecting it.
            return None;
        }
    }
    None
}

/// The rest of a clause from its verb, as a question's predicate: quotes dropped, nothing a
/// question cannot end on.
pub(super) fn predicate(clause: &str, from: usize) -> Option<String> {
    let rest = &clause[from..];
    if rest.contains(['[', ']', '‘', '?', '!']) || rest.contains(" '") || rest.starts_with('\'') {
        return None;
    }
    let rest: String = rest
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"'))
        .collect();
    // "fell and the Nasdaq rose", "lost 0.12% while MSCI’s gauge gained": the predicate ends
    // where a conjunction opens a clause with a subject of its own.
    let toks = tokens(&rest);
    let mut cut = None;
    for (j, w) in toks.iter().enumerate() {
        let l = w.lower();
        // A conjunction inside a reported or relative clause belongs to that clause.
        if listed("complementizer", &l) {
            break;
        }
        let conj = matches!(l.as_str(), "and" | "but" | "or" | "while" | "whereas");
        let Some(next) = toks.get(j + 1) else { break };
        let nl = next.lower();
        // A bare noun opens a clause too when an auxiliary follows it closely ("but lines for
        // the subway can still be hours long").
        let bare_subject = !is_function_word(&nl)
            && finite_auxiliary(&nl).is_none()
            && !is_past(&nl)
            && toks[j + 2..]
                .iter()
                .take(4)
                .any(|t| finite_auxiliary(&t.lower()).is_some());
        let new_subject = next.capitalized()
            || listed("determiner", &nl)
            || listed("pronoun", &nl)
            || nl == "there"
            || bare_subject;
        // … and a finite verb of its own within a few words.
        let verb_follows = toks[j + 2..].iter().take(10).any(|t| {
            let tl = t.lower();
            !t.capitalized() && (finite_auxiliary(&tl).is_some() || is_past(&tl))
        });
        if conj && new_subject && verb_follows {
            cut = Some(w.start);
            break;
        }
    }
    let rest = trim_end_punct(&rest[..cut.unwrap_or(rest.len())]).to_string();
    let last = rest.split_whitespace().last()?.to_lowercase();
    if dangles(&last) || rest.split_whitespace().count() < 2 {
        return None;
    }
    Some(rest)
}

/// Words a sentence cannot end on: determiners, prepositions, conjunctions.
pub(super) fn dangles(lower: &str) -> bool {
    is_function_word(lower) && !listed("ending", lower)
}

/// A word a clause's subject may open with: a determiner, a pronoun or a content word (no
/// preposition, conjunction or question word).
pub(super) fn opens_subject(lower: &str) -> bool {
    opens_noun_phrase(lower) || matches!(lower, "they" | "it" | "there")
}

/// Whether a clause has a finite verb after its first word: an auxiliary, a past tense or a
/// present tense in -s.
pub(super) fn has_finite_verb(clause: &str, toks: &[Token]) -> bool {
    toks.iter().enumerate().skip(1).any(|(i, t)| {
        let l = t.lower();
        let hyphenated = t.text.contains('-') || clause[..t.start].ends_with('-');
        let after_determiner =
            is_function_word(&toks[i - 1].lower()) && opens_noun_phrase(&toks[i - 1].lower());
        !t.capitalized()
            && !hyphenated
            && (finite_auxiliary(&l).is_some()
                || l.ends_with("n’t")
                || l.ends_with("n't")
                || (is_past(&l) && !after_determiner)
                || (l.ends_with('s') && verb_base(&l).is_some()))
    })
}

/// A word of a name: capitalized (or "al-Asad"), letters and inner marks only, not a function
/// word, not possessive.
pub(super) fn is_name_word(t: &Token) -> bool {
    let l = t.lower();
    t.namelike()
        && !is_function_word(&l)
        && t.text
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '.'))
        && !l.ends_with("’s")
        && !l.ends_with("'s")
}
