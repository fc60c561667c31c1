//! A list of common English words, so that a real word the knowledge base happens not to
//! know is left as it is rather than "corrected" into a knowledge word.

use std::sync::OnceLock;

const WORDS: &str = include_str!("english-words.txt");

fn words() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        WORDS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    })
}

/// Whether `word` (lowercase) is a common English word.
pub fn is_english_word(word: &str) -> bool {
    words().binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_and_knows_common_words_not_typos() {
        assert!(words().windows(2).all(|w| w[0] < w[1]));
        assert!(is_english_word("purpose"));
        assert!(is_english_word("stationed"));
        assert!(!is_english_word("troups"));
        assert!(!is_english_word("irak"));
    }
}
