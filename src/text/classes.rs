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
    LIST.get_or_init(|| DATA.lines().filter_map(parse).collect())
}

fn parse(line: &'static str) -> Option<(&'static str, NounClass)> {
    let (word, class) = line.split_once('\t')?;
    let class = match class {
        "person" => NounClass::Person,
        "group" => NounClass::Group,
        "place" => NounClass::Place,
        "time" => NounClass::Time,
        _ => return None,
    };
    Some((word, class))
}

/// The class of a lower-case noun, or of its base form ("cities" as "city").
pub fn noun_class(word: &str) -> Option<NounClass> {
    let find = |w: &str| {
        let list = entries();
        list.binary_search_by(|(n, _)| (*n).cmp(w))
            .ok()
            .map(|i| list[i].1)
    };
    find(word).or_else(|| super::lexicon::lemma(word).and_then(find))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_reads_and_the_list_is_sorted() {
        let lines = DATA.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(entries().len(), lines);
        assert!(entries().windows(2).all(|w| w[0].0 < w[1].0));
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
