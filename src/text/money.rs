//! Words of money, from WordNet 3.0: nouns of money and monetary units ("budget",
//! "dollars", "euros") and words of paying and costing ("cost", "spent", "price").
//!
//! The data is `data/wordnet-money.txt`, compiled at development time by
//! `tools/compile-money.py` (which names the WordNet concepts it starts from) and embedded in
//! the binary; it lists the words with their plurals and verb forms.

use super::classes::WordList;

const DATA: &str = include_str!("data/wordnet-money.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Money {
    /// Names money by itself: "money", "budget", "dollars", "euros".
    Money,
    /// Paying or costing: money after "how much" ("how much did it cost").
    Cost,
}

static LIST: WordList<Money> = WordList::new(DATA, |class| match class {
    "money" => Some(Money::Money),
    "cost" => Some(Money::Cost),
    _ => None,
});

/// What a lower-case word (as written: the list holds the forms) says of money.
pub fn money(word: &str) -> Option<Money> {
    LIST.get(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_reads_and_the_list_is_sorted() {
        LIST.assert_read_whole_and_sorted();
    }

    #[test]
    fn words_of_money() {
        for w in ["money", "budget", "dollars", "euros", "cents"] {
            assert_eq!(money(w), Some(Money::Money), "{w}");
        }
        for w in [
            "cost", "costs", "costing", "spent", "paid", "price", "funding", "spending",
        ] {
            assert_eq!(money(w), Some(Money::Cost), "{w}");
        }
        assert_eq!(money("pounds"), None);
        assert_eq!(money("sent"), None);
    }
}
