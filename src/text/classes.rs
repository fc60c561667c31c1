//! What kind of thing a common English noun names, from WordNet 3.0: a person, a group of
//! people, a place or a time. After "what" or "which" such a noun says what kind of answer a
//! question wants ("which city": a place; "what year": a time).
//!
//! The data is `data/wordnet-classes.txt`, compiled at development time by
//! `tools/compile-classes.py` and embedded in the binary; it lists base forms, and a plural is
//! looked up by its base form from the paraphrase lexicon ([`super::lexicon::lemma`]).

use std::sync::OnceLock;

const DATA: &str = include_str!("data/wordnet-classes.txt");

/// The kind of thing a noun names (its most frequent WordNet senses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NounClass {
    Person,
    /// A body of people: a ministry, an agency, a team.
    Group,
    Place,
    Time,
}

static LIST: WordList<NounClass> = WordList::new(DATA, |class| match class {
    "person" => Some(NounClass::Person),
    "group" => Some(NounClass::Group),
    "place" => Some(NounClass::Place),
    "time" => Some(NounClass::Time),
    _ => None,
});

/// The "word<TAB>class" lines of a compiled list ('#' lines are comments).
pub(crate) fn pairs(data: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    data.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
}

/// A compiled word list embedded in the binary, read on first use as (word, class), sorted
/// by word as the file is; lines whose class `parse` does not know are skipped (each list's
/// unit test keeps there from being any).
pub(crate) struct WordList<T: 'static> {
    data: &'static str,
    parse: fn(&str) -> Option<T>,
    list: OnceLock<Vec<(&'static str, T)>>,
    /// The same words by hash: questions look words up many times each, and a binary search
    /// over thousands of words cost string comparisons that showed in profiles.
    by_word: OnceLock<rustc_hash::FxHashMap<&'static str, T>>,
}

impl<T: Copy> WordList<T> {
    pub(crate) const fn new(data: &'static str, parse: fn(&str) -> Option<T>) -> Self {
        WordList {
            data,
            parse,
            list: OnceLock::new(),
            by_word: OnceLock::new(),
        }
    }

    pub(crate) fn entries(&self) -> &[(&'static str, T)] {
        self.list.get_or_init(|| {
            pairs(self.data)
                .filter_map(|(word, class)| Some((word, (self.parse)(class)?)))
                .collect()
        })
    }

    /// The class of a word as written.
    pub(crate) fn get(&self, word: &str) -> Option<T> {
        self.by_word
            .get_or_init(|| self.entries().iter().copied().collect())
            .get(word)
            .copied()
    }

    /// The class of a lower-case word, or of its base form ("cities" as "city", "killed" as
    /// "kill").
    pub(crate) fn class_of(&self, word: &str) -> Option<T> {
        self.get(word)
            .or_else(|| super::lexicon::lemma(word).and_then(|l| self.get(l)))
    }

    /// That every line was read and the words are sorted (the file's order, which the
    /// compile tool keeps).
    #[cfg(test)]
    pub(crate) fn assert_read_whole_and_sorted(&self) {
        assert_read_whole_and_sorted(self.data, self.entries());
    }
}

/// That every line of a compiled list was read into `list` and its words are sorted.
#[cfg(test)]
pub(crate) fn assert_read_whole_and_sorted<T>(data: &str, list: &[(&str, T)]) {
    let lines = data.lines().filter(|l| !l.starts_with('#')).count();
    assert_eq!(list.len(), lines);
    assert!(list.windows(2).all(|w| w[0].0 < w[1].0));
}

/// The class of a lower-case noun, or of its base form ("cities" as "city").
pub fn noun_class(word: &str) -> Option<NounClass> {
    LIST.class_of(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_reads_and_the_list_is_sorted() {
        LIST.assert_read_whole_and_sorted();
    }

    #[test]
    fn nouns_and_their_plurals_have_their_class() {
        assert_eq!(noun_class("city"), Some(NounClass::Place));
        assert_eq!(noun_class("cities"), Some(NounClass::Place));
        assert_eq!(noun_class("year"), Some(NounClass::Time));
        assert_eq!(noun_class("officials"), Some(NounClass::Person));
        assert_eq!(noun_class("ministry"), Some(NounClass::Group));
        assert_eq!(noun_class("country"), Some(NounClass::Place));
        assert_eq!(noun_class("game"), None);
    }
}
