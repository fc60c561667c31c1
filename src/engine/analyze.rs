//! Text to terms: words, typo correction, stems, synonym groups, stop words.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use rust_stemmers::{Algorithm, Stemmer};

use super::question::is_kind_word;
use super::vocab::Vocabulary;
use crate::knowledge::SynonymGroup;
use crate::text::english::{self, is_english_word, specificity};
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
    /// The user's word as read (spelling corrected) when the term is one English word (alone
    /// or as a one-word synonym), for looking up its paraphrases; None for phrases, names and
    /// curated text.
    pub word: Option<String>,
    /// For a group that belongs to one source: the stems of the words as written, which is
    /// how every other source's text was read (its own words, not that source's synonyms).
    pub plain: Vec<Cow<'a, str>>,
}

/// Which synonym groups apply to a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A question, which may be about any source: every group, a source's own groups
    /// keeping the words as written beside (see [`Term::plain`]).
    All,
    /// Text of the source at this index: the shared groups and the source's own.
    Source(usize),
    /// Text of no source in particular: the shared groups only.
    Shared,
}

impl Scope {
    fn admits(self, owner: Option<usize>) -> bool {
        match (self, owner) {
            (_, None) | (Scope::All, _) => true,
            (Scope::Source(s), Some(o)) => s == o,
            (Scope::Shared, Some(_)) => false,
        }
    }
}

/// A synonym group's member, as stems, with the group's key and the source whose folder
/// declares it (None: the shared file).
struct Phrase {
    stems: Vec<String>,
    key: String,
    owner: Option<usize>,
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
    /// Stems of the vocabulary's words that are not common English words (whose stems are
    /// listed, [`english::stem`]), computed once: most words of a question are known words.
    stems: FxHashMap<String, String>,
    /// First stem of a phrase -> the phrases starting with it, longest first.
    phrases: FxHashMap<String, Vec<Phrase>>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("phrases", &self.phrases.len())
            .finish()
    }
}

impl Analyzer {
    /// An analyzer whose groups all apply to every text.
    #[cfg(test)]
    pub fn new(groups: &[SynonymGroup]) -> Self {
        Self::scoped(groups, &[])
    }

    /// An analyzer over groups each declared by a source (`owners`, parallel to `groups`;
    /// missing or None: the shared file), applied to that source's text alone.
    pub fn scoped(groups: &[SynonymGroup], owners: &[Option<usize>]) -> Self {
        let mut analyzer = Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
            phrases: FxHashMap::default(),
            stems: FxHashMap::default(),
        };
        for (i, group) in groups.iter().enumerate() {
            let owner = owners.get(i).copied().flatten();
            let Some(name) = group.terms.first() else {
                continue;
            };
            let key = format!("={}", words(&fold(name)).join("_"));
            for term in &group.terms {
                let words = words(&fold(term));
                analyzer.remember_stems(&words);
                let stems: Vec<String> = words.iter().map(|w| analyzer.stem(w)).collect();
                if let Some(first) = stems.first().cloned() {
                    analyzer.phrases.entry(first).or_default().push(Phrase {
                        stems,
                        key: key.clone(),
                        owner,
                    });
                }
            }
        }
        for list in analyzer.phrases.values_mut() {
            list.sort_by_key(|p| std::cmp::Reverse(p.stems.len()));
        }
        analyzer
    }

    pub fn stem(&self, word: &str) -> String {
        self.stem_cow(word).into_owned()
    }

    pub fn stem_cow(&self, word: &str) -> Cow<'_, str> {
        let word = base_form(word);
        if let Some(stem) = english::stem(word) {
            return Cow::Borrowed(stem);
        }
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
            .and_then(|list| list.iter().find(|p| p.stems.len() == 1));
        match group {
            Some(p) => Cow::Borrowed(p.key.as_str()),
            None => stem,
        }
    }

    /// Caches the stem of each word (index build time), so stemming each known word happens
    /// once per base rather than once per occurrence or per question. Common English words
    /// need no cache: their stems are listed ([`english::stem`]).
    pub fn remember_stems<'a>(&mut self, words: impl IntoIterator<Item = &'a String>) {
        for w in words {
            self.remember_stem(w);
        }
    }

    /// [`Self::remember_stems`] for one word, giving its stem.
    pub fn remember_stem(&mut self, word: &str) -> &str {
        let w = base_form(word);
        if let Some(stem) = english::stem(w) {
            return stem;
        }
        // Looked up again after the insert: returning the stem found by a lookup, else
        // inserting, is a borrow the checker does not accept yet.
        if !self.stems.contains_key(w) {
            let stem = self.stemmer.stem(w).into_owned();
            self.stems.insert(w.to_string(), stem);
        }
        &self.stems[w]
    }

    /// Whether a synonym phrase may start at a word with this stem (index build time).
    pub fn starts_phrase(&self, stem: &str) -> bool {
        self.phrases.contains_key(stem)
    }

    /// The synonym phrase of the groups `scope` admits that starts at the first of `stems`
    /// (each word's stem, and whether it is a stop word), longest first: its group key and
    /// its length in words. What [`Self::group`] does at one word, for a caller that keeps
    /// its own stems (the index build, which stems each vocabulary word once).
    pub fn phrase_at(&self, stems: &[(&str, bool)], scope: Scope) -> Option<(&str, usize)> {
        self.phrase_starting(stems, |s| s.0, |s| s.1, scope)
            .map(|p| (p.key.as_str(), p.stems.len()))
    }

    /// The longest synonym phrase of the groups `scope` admits that `words` start with, each
    /// word read through `stem` and `stop`.
    fn phrase_starting<T>(
        &self,
        words: &[T],
        stem: impl Fn(&T) -> &str,
        stop: impl Fn(&T) -> bool,
        scope: Scope,
    ) -> Option<&Phrase> {
        let first = words.first()?;
        self.phrases
            .get(stem(first))?
            .iter()
            // A stop word alone is no synonym ("like" shares the stem of "likely").
            .filter(|p| (p.stems.len() > 1 || !stop(first)) && scope.admits(p.owner))
            .find(|p| {
                p.stems.len() <= words.len()
                    && words.iter().zip(&p.stems).all(|(w, p)| stem(w) == p)
            })
    }

    /// Terms of curated text (facts, question forms) with every group applied: no slang, no
    /// typo correction.
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.terms_in(text, Scope::All)
    }

    /// Terms of curated text, with the groups of `scope`.
    pub fn terms_in(&self, text: &str, scope: Scope) -> Vec<String> {
        self.terms_of_words(&words(&fold(text)), scope)
    }

    /// Terms of curated text already split into words.
    pub fn terms_of_words(&self, words: &[String], scope: Scope) -> Vec<String> {
        self.terms_of_words_cow(words, scope)
            .into_iter()
            .map(Cow::into_owned)
            .collect()
    }

    /// [`Self::terms_of_words`], borrowing stems and group keys from the analyzer.
    pub fn terms_of_words_cow(&self, words: &[String], scope: Scope) -> Vec<Cow<'_, str>> {
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
        self.group(stems, scope)
            .into_iter()
            .map(|t| t.key)
            .collect()
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
        self.group(stems, Scope::All)
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
            .then(|| super::vocab::everyday().correct(word))
            .flatten();
        match everyday {
            Some(fix) => stem(fix.word, fix.distance, true),
            None => stem(word, 0, is_number(word)),
        }
    }

    /// Replaces synonym phrases (longest first) of the groups `scope` admits by their group
    /// key, and drops stop words.
    fn group<'a>(&'a self, mut stems: Vec<Stem<'a>>, scope: Scope) -> Vec<Term<'a>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < stems.len() {
            let phrase = self.phrase_starting(&stems[i..], |s| s.stem.as_ref(), |s| s.stop, scope);
            if let Some(phrase) = phrase {
                let end = i + phrase.stems.len();
                let span = &mut stems[i..end];
                let corrected = span.iter().map(|s| s.corrected).sum();
                let named = span.iter().any(|s| s.capitalized);
                // One word keeps its paraphrases: a source's own group ("died" among
                // its words of killing) must not hide "death" in every other source.
                let word = match span {
                    [one] => one.word.take(),
                    _ => None,
                };
                let plain = if phrase.owner.is_some() {
                    span.iter_mut()
                        .filter(|s| !s.stop && !s.stem.is_empty())
                        .map(|s| std::mem::take(&mut s.stem))
                        .collect()
                } else {
                    Vec::new()
                };
                out.push(Term {
                    key: Cow::Borrowed(phrase.key.as_str()),
                    corrected,
                    named,
                    english: true,
                    specificity: 1.0,
                    word,
                    plain,
                });
                i = end;
                continue;
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
                    plain: Vec::new(),
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
    fn a_sources_own_groups_read_its_text_alone() {
        let groups = [
            SynonymGroup {
                terms: vec!["talks".into(), "sit down".into()],
            },
            SynonymGroup {
                terms: vec!["troops".into(), "soldiers".into()],
            },
        ];
        // The first group is source 0's own; the second is shared.
        let a = Analyzer::scoped(&groups, &[Some(0), None]);
        assert_eq!(
            a.terms_in("sit down, soldiers", Scope::Source(0)),
            vec!["=talks", "=troops"]
        );
        assert_eq!(
            a.terms_in("sit down, soldiers", Scope::Source(1)),
            vec!["sit", "down", "=troops"]
        );
        assert_eq!(a.terms_in("sit down", Scope::Shared), vec!["sit", "down"]);
        // A question may be about either: the group's key, with the words as written.
        let words = words(&fold("did he sit down"));
        let terms = a.question_terms("did he sit down", &words, &Vocabulary::default());
        assert_eq!(terms.len(), 1);
        assert_eq!(terms[0].key, "=talks");
        assert_eq!(terms[0].plain, vec!["sit", "down"]);
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
