//! Common English words: a list, so that a real word the knowledge base happens not to know
//! is left as it is rather than "corrected" into a knowledge word, and how common each is, so
//! that everyday words ("held", "side") weigh less as evidence than rare ones ("delegation").

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

const WORDS: &str = include_str!("data/english-words.txt");
const FREQUENCY: &str = include_str!("data/english-frequency.txt");
const STEMS: &str = include_str!("data/english-stems.txt");

fn words() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        WORDS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    })
}

/// What the lists say of one word: in the word list, its Zipf frequency (× 10) if listed,
/// and its Snowball stem if it is in the word list.
#[derive(Clone, Copy)]
struct Entry {
    english: bool,
    zipf: Option<u8>,
    stem: Option<&'static str>,
}

/// Both lists in one hash map: a question's words are looked up several times each, and a
/// binary search of 40,000 words (16 string comparisons, most of them cache misses) was a
/// tenth of the answer time.
fn entries() -> &'static FxHashMap<&'static str, Entry> {
    static MAP: OnceLock<FxHashMap<&'static str, Entry>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: FxHashMap<&'static str, Entry> = FxHashMap::default();
        map.reserve(words().len());
        // The stems file lists the words the stemmer changes, in the list's order: read
        // alongside the list, without a second lookup per word.
        let mut stems = STEMS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(' '))
            .peekable();
        for &word in words() {
            let stem = match stems.peek() {
                Some(&(listed, stem)) if listed == word => {
                    stems.next();
                    stem
                }
                _ => word,
            };
            map.insert(
                word,
                Entry {
                    english: true,
                    zipf: None,
                    stem: Some(stem),
                },
            );
        }
        // A line left over is a stems file out of step with the list (the test
        // `english_stems_are_the_stemmers` says how to rewrite it).
        debug_assert!(
            stems.peek().is_none(),
            "english-stems.txt is out of step with english-words.txt"
        );
        for &(word, zipf) in frequencies() {
            map.entry(word)
                .or_insert(Entry {
                    english: false,
                    zipf: None,
                    stem: None,
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

/// The Snowball English stem of a word of the common-word list, as `rust_stemmers` gives it,
/// read from `data/english-stems.txt`; None for other words, which the caller stems. The
/// stemmer allocates and walks its suffix tables for every word: stemming a base's words was a
/// twelfth of building its index, and most of them are common words.
pub fn stem(word: &str) -> Option<&'static str> {
    entries().get(word).and_then(|e| e.stem)
}

/// `data/english-stems.txt` as the stemmer writes it: each word of the list that it changes,
/// with its stem.
#[cfg(test)]
fn stems_file() -> String {
    use rust_stemmers::{Algorithm, Stemmer};
    use std::fmt::Write as _;
    let stemmer = Stemmer::create(Algorithm::English);
    let mut out = String::from(
        "# The Snowball English stem (rust-stemmers, Algorithm::English) of each word of\n\
         # english-words.txt that the stemmer changes, \"word stem\" a line, in the list's order.\n\
         # Generated: FACTBOT_WRITE_DATA=1 cargo test --lib english_stems; do not edit by hand.\n",
    );
    for &word in words() {
        let stem = stemmer.stem(word);
        if stem != word {
            let _ = writeln!(out, "{word} {stem}");
        }
    }
    out
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

    /// The shipped stems are the stemmer's: regenerated when the stemmer or the list changes.
    #[test]
    fn english_stems_are_the_stemmers() {
        let expected = stems_file();
        if STEMS != expected {
            // Rewritten on request, and failing all the same: the binary under test was
            // built with the stale file.
            if std::env::var("FACTBOT_WRITE_DATA").as_deref() == Ok("1") {
                let path = concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/src/text/data/english-stems.txt"
                );
                std::fs::write(path, &expected).expect("write the stems file");
                panic!("src/text/data/english-stems.txt rewritten: run the tests again");
            }
            panic!(
                "src/text/data/english-stems.txt is stale: FACTBOT_WRITE_DATA=1 cargo test --lib english_stems"
            );
        }
        assert_eq!(stem("troops"), Some("troop"));
        assert_eq!(stem("iraq"), None);
        assert_eq!(stem("the"), Some("the"));
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
