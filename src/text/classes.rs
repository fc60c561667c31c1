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

/// The embedded list as (noun, class), sorted by noun; lines it cannot read are skipped (a
/// unit test keeps there from being any).
fn entries() -> &'static [(&'static str, NounClass)] {
    static LIST: OnceLock<Vec<(&'static str, NounClass)>> = OnceLock::new();
    LIST.get_or_init(|| {
        read(DATA, |class| match class {
            "person" => Some(NounClass::Person),
            "group" => Some(NounClass::Group),
            "place" => Some(NounClass::Place),
            "time" => Some(NounClass::Time),
            _ => None,
        })
    })
}

/// A compiled word list of "word<TAB>class" lines ('#' lines are comments), as (word, class);
/// lines whose class `parse` does not know are skipped.
pub(crate) fn read<T>(
    data: &'static str,
    parse: impl Fn(&str) -> Option<T>,
) -> Vec<(&'static str, T)> {
    data.lines()
        .filter_map(|line| {
            let (word, class) = line.split_once('\t')?;
            Some((word, parse(class)?))
        })
        .collect()
}

/// The class of a word as written in a sorted list from [`read`].
pub(crate) fn exact_class<T: Copy>(list: &[(&str, T)], word: &str) -> Option<T> {
    list.binary_search_by(|(n, _)| (*n).cmp(word))
        .ok()
        .map(|i| list[i].1)
}

/// The class of a lower-case word in a sorted list from [`read`], or of its base form
/// ("cities" as "city", "killed" as "kill").
pub(crate) fn class_of<T: Copy>(list: &[(&str, T)], word: &str) -> Option<T> {
    exact_class(list, word)
        .or_else(|| super::lexicon::lemma(word).and_then(|l| exact_class(list, l)))
}

/// The class of a lower-case noun, or of its base form ("cities" as "city").
pub fn noun_class(word: &str) -> Option<NounClass> {
    class_of(entries(), word)
}

/// That every line of a compiled list was read and the words are sorted (for [`class_of`]'s
/// binary search).
#[cfg(test)]
pub(crate) fn assert_read_whole_and_sorted<T>(data: &str, list: &[(&str, T)]) {
    let lines = data.lines().filter(|l| !l.starts_with('#')).count();
    assert_eq!(list.len(), lines);
    assert!(list.windows(2).all(|w| w[0].0 < w[1].0));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_reads_and_the_list_is_sorted() {
        assert_read_whole_and_sorted(DATA, entries());
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
