//! Text to terms: words, typo correction, stems, synonym groups, stop words.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use rust_stemmers::{Algorithm, Stemmer};

use super::english::{is_english_word, specificity};
use super::question::is_kind_word;
use super::vocab::Vocabulary;
use crate::knowledge::SynonymGroup;
use crate::text::fold::{fold, is_number, words};
use crate::text::words::{base_form, is_stopword, slang, squeezed};

/// One term of analyzed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Term<'a> {
    /// A stem, or `=name` for a synonym group.
    pub key: Cow<'a, str>,
    /// Edits made to the user's word to find it (0 when spelled as known).
    pub corrected: usize,
    /// The word is written as a name: capitalized mid-question, or the thing possessed in
    /// "Iraq's delegation" (what the question is about, whatever its case).
    pub named: bool,
    /// A known or common English word, as opposed to an unknown name or string.
    pub english: bool,
    /// How telling the word is, by how common it is in English (see [`specificity`]).
    pub specificity: f32,
    /// The user's word as read (spelling corrected) when the term is one English word, for
    /// looking up its paraphrases; None for phrases, names and curated text.
    pub word: Option<String>,
}

struct Stem<'a> {
    word: Option<String>,
    stem: Cow<'a, str>,
    corrected: usize,
    capitalized: bool,
    stop: bool,
    english: bool,
    specificity: f32,
}

pub struct Analyzer {
    stemmer: Stemmer,
    /// Stems of the vocabulary, computed once: most words of a question are known words.
    stems: FxHashMap<String, String>,
    /// First stem of a phrase -> (the phrase's stems, group key), longest phrases first.
    phrases: FxHashMap<String, Vec<(Vec<String>, String)>>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("phrases", &self.phrases.len())
            .finish()
    }
}

impl Analyzer {
    pub fn new(groups: &[SynonymGroup]) -> Self {
        let mut analyzer = Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
            phrases: FxHashMap::default(),
            stems: FxHashMap::default(),
        };
        for group in groups {
            let Some(name) = group.terms.first() else {
                continue;
            };
            let key = format!("={}", words(&fold(name)).join("_"));
            for term in &group.terms {
                let words = words(&fold(term));
                analyzer.remember_stems(&words);
                let stems: Vec<String> = words.iter().map(|w| analyzer.stem(w)).collect();
                if let Some(first) = stems.first().cloned() {
                    analyzer
                        .phrases
                        .entry(first)
                        .or_default()
                        .push((stems, key.clone()));
                }
            }
        }
        for list in analyzer.phrases.values_mut() {
            list.sort_by_key(|(stems, _)| std::cmp::Reverse(stems.len()));
        }
        analyzer
    }

    pub fn stem(&self, word: &str) -> String {
        self.stem_cow(word).into_owned()
    }

    fn stem_cow(&self, word: &str) -> Cow<'_, str> {
        let word = base_form(word);
        match self.stems.get(word) {
            Some(stem) => Cow::Borrowed(stem.as_str()),
            None => Cow::Owned(self.stemmer.stem(word).into_owned()),
        }
    }

    /// The term a word stands for alone: its group's key when it is a one-word member of a
    /// synonym group ("militias" -> "=militia"), else its stem.
    pub fn word_term(&self, word: &str) -> Cow<'_, str> {
        let stem = self.stem_cow(word);
        let group = self
            .phrases
            .get(stem.as_ref())
            .and_then(|list| list.iter().find(|(phrase, _)| phrase.len() == 1));
        match group {
            Some((_, key)) => Cow::Borrowed(key.as_str()),
            None => stem,
        }
    }

    /// Caches the stem of each word (index build time), so stemming each known word happens
    /// once per base rather than once per occurrence or per question.
    pub fn remember_stems<'a>(&mut self, words: impl IntoIterator<Item = &'a String>) {
        for w in words {
            let w = base_form(w);
            if !self.stems.contains_key(w) {
                let stem = self.stemmer.stem(w).into_owned();
                self.stems.insert(w.to_string(), stem);
            }
        }
    }

    /// Whether a synonym phrase may start at a word with this stem (index build time).
    pub fn starts_phrase(&self, stem: &str) -> bool {
        self.phrases.contains_key(stem)
    }

    /// Terms of curated text (facts, question forms): no slang, no typo correction.
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.terms_of_words(&words(&fold(text)))
    }

    /// Terms of curated text already split into words.
    pub fn terms_of_words(&self, words: &[String]) -> Vec<String> {
        self.terms_of_words_cow(words)
            .into_iter()
            .map(Cow::into_owned)
            .collect()
    }

    /// [`Self::terms_of_words`], borrowing stems and group keys from the analyzer.
    pub fn terms_of_words_cow(&self, words: &[String]) -> Vec<Cow<'_, str>> {
        let stems: Vec<Stem> = words
            .iter()
            .enumerate()
            .map(|(i, w)| Stem {
                word: None,
                stem: self.stem_cow(w),
                corrected: 0,
                capitalized: false,
                stop: is_stopword(w) || is_kind_word(words, i),
                english: true,
                specificity: 1.0,
            })
            .collect();
        self.group(stems).into_iter().map(|t| t.key).collect()
    }

    /// Terms of a user's question: slang read, unknown words corrected against `vocab`.
    pub fn question_terms(&self, raw: &str, words: &[String], vocab: &Vocabulary) -> Vec<Term<'_>> {
        let mut caps = capitalized_words(raw);
        caps.extend(possessed_words(raw));
        let mut stems = Vec::with_capacity(words.len());
        let mut i = 0;
        while i < words.len() {
            let squeezed = self.squeeze(&words[i], vocab);
            let word = slang(squeezed.as_deref().unwrap_or(&words[i]));
            // "end up staying" is "staying": the phrasal "end up" is not about ending anything.
            if matches!(word, "end" | "ended" | "ends")
                && words.get(i + 1).is_some_and(|w| w == "up")
            {
                i += 2;
                continue;
            }
            let named = caps.iter().any(|c| c == word);
            let mut stem = self.question_word(word, named, vocab);
            stem.stop |= is_kind_word(words, i);
            stems.push(stem);
            i += 1;
        }
        self.group(stems)
    }

    /// The word meant by one typed with a held-down letter ("sooo" -> "so"), if it is a
    /// known, common or casual word.
    fn squeeze(&self, word: &str, vocab: &Vocabulary) -> Option<String> {
        let (two, one) = squeezed(word)?;
        let known =
            |w: &str| is_stopword(w) || vocab.contains(w) || is_english_word(w) || slang(w) != w;
        [two, one].into_iter().find(|w| known(w))
    }

    fn question_word(&self, word: &str, capitalized: bool, vocab: &Vocabulary) -> Stem<'_> {
        let stem = |w: &str, corrected: usize, english: bool| {
            let stop = is_stopword(w);
            Stem {
                word: (english && !capitalized && !stop).then(|| w.to_string()),
                stem: self.stem_cow(w),
                corrected,
                capitalized,
                stop,
                english,
                // Only a term's specificity is read, and stop words make no term alone.
                specificity: if stop { 1.0 } else { specificity(w) },
            }
        };
        if is_stopword(word) {
            return stem(word, 0, true);
        }
        if vocab.contains(word) {
            // Known, yet maybe only inside a synonym phrase ("Hamas" of "Israel-Hamas war"):
            // alone, it is a name if it is not an English word.
            return stem(word, 0, is_english_word(word));
        }
        if is_english_word(word) {
            // A real word: keep it, unless the base knows it in another form ("north" for
            // "northern") that the stemmer does not join.
            return match vocab.variant(word) {
                Some(known) => stem(known, 0, true),
                None => stem(word, 0, true),
            };
        }
        if let Some(fix) = vocab.correct(word) {
            return stem(fix.word, fix.distance, true);
        }
        // A misspelt everyday word the base lacks ("treatmnt") weighs as that word, not as an
        // unknown name; a capitalized one may be a name.
        let everyday = (!capitalized)
            .then(|| super::english::vocabulary().correct(word))
            .flatten();
        match everyday {
            Some(fix) => stem(fix.word, fix.distance, true),
            None => stem(word, 0, is_number(word)),
        }
    }

    /// Replaces synonym phrases (longest first) by their group key and drops stop words.
    fn group<'a>(&'a self, mut stems: Vec<Stem<'a>>) -> Vec<Term<'a>> {
        let mut out = Vec::new();
        let mut i = 0;
        'outer: while i < stems.len() {
            if let Some(candidates) = self.phrases.get(stems[i].stem.as_ref()) {
                // A stop word alone is no synonym ("like" shares the stem of "likely").
                let candidates = candidates
                    .iter()
                    .filter(|(phrase, _)| phrase.len() > 1 || !stems[i].stop);
                for (phrase, key) in candidates {
                    let end = i + phrase.len();
                    if end <= stems.len()
                        && stems[i..end].iter().zip(phrase).all(|(s, p)| s.stem == *p)
                    {
                        let corrected = stems[i..end].iter().map(|s| s.corrected).sum();
                        let named = stems[i..end].iter().any(|s| s.capitalized);
                        out.push(Term {
                            key: Cow::Borrowed(key.as_str()),
                            corrected,
                            named,
                            english: true,
                            specificity: 1.0,
                            word: None,
                        });
                        i = end;
                        continue 'outer;
                    }
                }
            }
            let s = &mut stems[i];
            if !s.stop && !s.stem.is_empty() {
                out.push(Term {
                    key: s.stem.clone(),
                    corrected: s.corrected,
                    named: s.capitalized,
                    english: s.english,
                    specificity: s.specificity,
                    word: s.word.take(),
                });
            }
            i += 1;
        }
        out
    }
}

/// Words written with a capital that is not the question's first word, folded.
/// Words right after a possessive ("Iraq's foreign minister" -> foreign, minister), folded.
fn possessed_words(raw: &str) -> Vec<String> {
    if !raw.contains(['\'', '’']) {
        return Vec::new();
    }
    let folded = fold(raw);
    let mut out = Vec::new();
    for (i, _) in folded.match_indices("'s ") {
        let rest = words(&folded[i + 3..]);
        out.extend(rest.into_iter().take_while(|w| !is_stopword(w)).take(3));
    }
    out
}

fn capitalized_words(raw: &str) -> Vec<String> {
    raw.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .skip(1)
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .map(fold)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzer() -> Analyzer {
        Analyzer::new(&[
            SynonymGroup {
                terms: vec![
                    "US".into(),
                    "U.S.".into(),
                    "United States".into(),
                    "America".into(),
                    "American".into(),
                ],
            },
            SynonymGroup {
                terms: vec!["troops".into(), "soldiers".into(), "service members".into()],
            },
            SynonymGroup {
                terms: vec!["Islamic State".into(), "IS".into(), "ISIS".into()],
            },
        ])
    }

    #[test]
    fn maps_synonyms_and_phrases_to_one_term() {
        let a = analyzer();
        assert_eq!(a.terms("the United States troops"), vec!["=us", "=troops"]);
        assert_eq!(a.terms("American service members"), vec!["=us", "=troops"]);
        assert_eq!(
            a.terms("U.S. soldiers fought ISIS"),
            vec!["=us", "=troops", "fight", "=islamic_state"]
        );
        assert_eq!(
            a.terms("the Islamic State group"),
            vec!["=islamic_state", "group"]
        );
    }

    #[test]
    fn stems_and_drops_stop_words() {
        let a = analyzer();
        assert_eq!(a.terms("What are the attacks?"), vec!["attack"]);
        assert_eq!(a.terms("attacked attacking"), vec!["attack", "attack"]);
    }

    #[test]
    fn corrects_question_words_against_the_vocabulary() {
        let a = analyzer();
        let mut vocab = Vocabulary::default();
        for w in ["soldiers", "iraq", "american"] {
            vocab.add(w);
        }
        let raw = "how many amercan soliders r in irak";
        let words = words(&fold(raw));
        let terms: Vec<String> = a
            .question_terms(raw, &words, &vocab)
            .into_iter()
            .map(|t| t.key.into_owned())
            .collect();
        assert_eq!(terms, vec!["=us", "=troops", "iraq"]);
    }
}
