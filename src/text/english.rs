//! Common English words: a list, so that a real word the knowledge base happens not to know
//! is left as it is rather than "corrected" into a knowledge word, and how common each is, so
//! that everyday words ("held", "side") weigh less as evidence than rare ones ("delegation").

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

const WORDS: &str = include_str!("data/english-words.txt");
const FREQUENCY: &str = include_str!("data/english-frequency.txt");

fn words() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        WORDS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    })
}

/// What the lists say of one word: in the word list, and its Zipf frequency (× 10) if listed.
#[derive(Clone, Copy)]
struct Entry {
    english: bool,
    zipf: Option<u8>,
}

/// Both lists in one hash map: a question's words are looked up several times each, and a
/// binary search of 40,000 words (16 string comparisons, most of them cache misses) was a
/// tenth of the answer time.
fn entries() -> &'static FxHashMap<&'static str, Entry> {
    static MAP: OnceLock<FxHashMap<&'static str, Entry>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: FxHashMap<&'static str, Entry> = FxHashMap::default();
        map.reserve(words().len());
        for &word in words() {
            map.insert(
                word,
                Entry {
                    english: true,
                    zipf: None,
                },
            );
        }
        for &(word, zipf) in frequencies() {
            map.entry(word)
                .or_insert(Entry {
                    english: false,
                    zipf: None,
                })
                .zipf = Some(zipf);
        }
        map
    })
}

/// Whether `word` (lowercase) is a common English word. Countries spelled like common nouns
/// ("turkey", "china") are names here: a question about them is about a place.
pub fn is_english_word(word: &str) -> bool {
    const COUNTRIES: &[&str] = &["chile", "china", "guinea", "turkey"];
    entries().get(word).is_some_and(|e| e.english) && !COUNTRIES.contains(&word)
}

/// (word, Zipf frequency × 10), sorted by word.
pub fn frequencies() -> &'static [(&'static str, u8)] {
    static LIST: OnceLock<Vec<(&'static str, u8)>> = OnceLock::new();
    LIST.get_or_init(|| {
        FREQUENCY
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (word, zipf) = l.split_once(' ')?;
                Some((word, zipf.parse().ok()?))
            })
            .collect()
    })
}

/// How much a word tells about what a question is about, in (0, 1]: 1 for rare words and
/// names, less the more common the word is in English ("time" 0.25, "held" 0.6).
pub fn specificity(word: &str) -> f32 {
    /// Zipf frequency (× 10) from which a word starts to count as common.
    const COMMON: f32 = 35.0;
    match entries().get(word).and_then(|e| e.zipf) {
        Some(zipf) => (1.0 - (f32::from(zipf) - COMMON) * 0.03).clamp(0.25, 1.0),
        None => 1.0,
    }
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
        assert!(!is_english_word("turkey"));
    }

    #[test]
    fn common_words_are_less_specific_than_rare_ones() {
        assert!(frequencies().windows(2).all(|w| w[0].0 < w[1].0));
        assert!(specificity("time") < specificity("held"));
        assert!(specificity("held") < specificity("delegation"));
        assert_eq!(specificity("timetable"), 1.0);
        assert_eq!(specificity("kataib"), 1.0);
    }
}
