//! Verbs of deeds whose doer and sufferer news questions tell apart, from WordNet 3.0: harm
//! (violence, injury, seizure: "kill", "attack", "arrest") and dying, whose subject suffers
//! it ("how many Americans died"); and verbs of reacting ("how did Baghdad respond?").
//!
//! The data is `data/wordnet-deeds.txt`, compiled at development time by
//! `tools/compile-deeds.py` (which names the WordNet concepts it starts from) and embedded in
//! the binary; it lists base forms, and "killed" or "slain" is looked up by its base form from
//! the paraphrase lexicon ([`super::lexicon::lemma`]).

use super::classes::WordList;

const DATA: &str = include_str!("data/wordnet-deeds.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deed {
    /// Someone does it to someone: "kill", "wound", "attack", "arrest".
    Harm,
    /// Its subject suffers it: "die", "perish".
    Undergo,
    /// Its subject answers something: "react", "respond", "reply".
    React,
}

static LIST: WordList<Deed> = WordList::new(DATA, |class| match class {
    "harm" => Some(Deed::Harm),
    "undergo" => Some(Deed::Undergo),
    "react" => Some(Deed::React),
    _ => None,
});

/// The deed a lower-case word (or its base form) names.
pub fn deed(word: &str) -> Option<Deed> {
    LIST.class_of(word)
}

/// Every verb of the list, base forms, sorted.
pub fn verbs() -> impl Iterator<Item = (&'static str, Deed)> {
    LIST.entries().iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_reads_and_the_list_is_sorted() {
        LIST.assert_read_whole_and_sorted();
    }

    #[test]
    fn verbs_and_their_forms_have_their_deed() {
        assert_eq!(deed("kill"), Some(Deed::Harm));
        assert_eq!(deed("killed"), Some(Deed::Harm));
        assert_eq!(deed("slain"), Some(Deed::Harm));
        assert_eq!(deed("wounded"), Some(Deed::Harm));
        assert_eq!(deed("assassinated"), Some(Deed::Harm));
        assert_eq!(deed("died"), Some(Deed::Undergo));
        assert_eq!(deed("perished"), Some(Deed::Undergo));
        assert_eq!(deed("responded"), Some(Deed::React));
        assert_eq!(deed("replied"), Some(Deed::React));
        // Most often not violence: "aim", "cause to move by striking", "expect".
        assert_eq!(deed("target"), None);
        assert_eq!(deed("hit"), None);
        assert_eq!(deed("expected"), None);
    }
}
