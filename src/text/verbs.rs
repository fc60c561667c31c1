//! Common English verbs, from WordNet 3.0: base forms of words whose verb senses SemCor tagged
//! more often than their other senses ("plead", "win", "file"; not "record" or "cost"). A
//! question's verb says what it asks about ("how did Han Lee plead?").
//!
//! The data is `data/wordnet-verbs.txt`, compiled at development time by
//! `tools/compile-verbs.py` and embedded in the binary.

use super::classes::WordList;

const DATA: &str = include_str!("data/wordnet-verbs.txt");

static LIST: WordList<()> = WordList::new(DATA, |class| (class == "verb").then_some(()));

/// Whether a lower-case word is the base form of a common verb.
pub fn is_verb(word: &str) -> bool {
    LIST.get(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_read_whole_and_sorted() {
        LIST.assert_read_whole_and_sorted();
    }

    #[test]
    fn verbs_are_listed_and_nouns_are_not() {
        for verb in ["plead", "win", "file", "say", "meet"] {
            assert!(is_verb(verb), "{verb}");
        }
        for other in ["record", "cost", "troops", "pleaded", "iraq"] {
            assert!(!is_verb(other), "{other}");
        }
    }
}
