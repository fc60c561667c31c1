//! The words the knowledge base knows, with a character-bigram index for typo correction, so
//! finding the closest word costs a few postings lookups rather than a scan of the vocabulary.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::text::english::{frequencies, is_english_word};

#[derive(Debug, Default)]
pub struct Vocabulary {
    words: Vec<String>,
    frequency: Vec<u32>,
    /// By id: the word's length in characters (at most 255).
    lens: Vec<u8>,
    /// By id: the word's [`letters`].
    letters: Vec<u64>,
    ids: FxHashMap<String, u32>,
    /// Words by (bigram, length in characters): a correction is near in length, so only a
    /// few lengths' postings are walked.
    bigrams: FxHashMap<(char, char, u8), Vec<u32>>,
    /// Words of six characters or more by their first six: the other way to be a correction
    /// is to share a long prefix, at any length.
    prefixes: FxHashMap<[char; PREFIX], Vec<u32>>,
}

/// A correction found for an unknown word.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction<'a> {
    pub word: &'a str,
    pub distance: usize,
}

/// Length of the prefix a morphological variant shares (see [`shares_stem`]).
const PREFIX: usize = 6;

fn prefix(word: &str) -> Option<[char; PREFIX]> {
    let mut out = ['\0'; PREFIX];
    let mut chars = word.chars();
    for c in &mut out {
        *c = chars.next()?;
    }
    Some(out)
}

/// The characters a word holds, as bits (a character's code modulo 64). Each edit removes at
/// most one character from a word and adds at most one (an adjacent swap, neither), so two
/// words are at least as many edits apart as either holds letters the other lacks: most
/// words sharing a few bigrams with a typo are ruled out by this, without aligning them.
fn letters(word: &str) -> u64 {
    word.chars().fold(0, |m, c| m | 1 << (u32::from(c) % 64))
}

fn bigrams(word: &str) -> Vec<(char, char)> {
    let mut grams = Vec::with_capacity(word.len() + 1);
    bigrams_into(word, &mut grams);
    grams
}

/// [`bigrams`] into a buffer the caller reuses: typo search reads them for many words.
fn bigrams_into(word: &str, grams: &mut Vec<(char, char)>) {
    grams.clear();
    let mut prev = '^';
    for c in word.chars() {
        grams.push((prev, c));
        prev = c;
    }
    grams.push((prev, '$'));
    grams.sort_unstable();
    grams.dedup();
}

/// Edits tolerated for a word of this many characters: none for very short words, where any
/// edit makes another word.
fn max_distance(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=6 => 1,
        _ => 2,
    }
}

impl Vocabulary {
    /// Adds one occurrence of `word`; true when the word is new.
    pub fn add(&mut self, word: &str) -> bool {
        self.insert(word).1
    }

    /// [`Self::add`], also giving the word's id (ids count up from 0 in order of addition).
    pub fn insert(&mut self, word: &str) -> (u32, bool) {
        if let Some(&id) = self.ids.get(word) {
            self.frequency[id as usize] += 1;
            return (id, false);
        }
        let id = self.words.len() as u32;
        self.words.push(word.to_string());
        self.frequency.push(1);
        let len = u8::try_from(word.chars().count()).unwrap_or(u8::MAX);
        self.lens.push(len);
        self.letters.push(letters(word));
        self.ids.insert(word.to_string(), id);
        for (a, b) in bigrams(word) {
            self.bigrams.entry((a, b, len)).or_default().push(id);
        }
        if let Some(p) = prefix(word) {
            self.prefixes.entry(p).or_default().push(id);
        }
        (id, true)
    }

    /// Counts one more occurrence of the word with this id.
    pub fn count(&mut self, id: u32) {
        if let Some(f) = self.frequency.get_mut(id as usize) {
            *f += 1;
        }
    }

    /// Sets how often a word was seen, which breaks ties between corrections.
    pub fn set_frequency(&mut self, id: u32, frequency: u32) {
        if let Some(f) = self.frequency.get_mut(id as usize) {
            *f = frequency;
        }
    }

    pub fn id(&self, word: &str) -> Option<u32> {
        self.ids.get(word).copied()
    }

    pub fn words(&self) -> &[String] {
        &self.words
    }

    pub fn contains(&self, word: &str) -> bool {
        self.ids.contains_key(word)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// A known word that is `word` with a derivational suffix added or removed
    /// ("north" / "northern", "democracy" / "democratic" is left to the stemmer).
    pub fn variant(&self, word: &str) -> Option<&str> {
        const SUFFIXES: &[&str] = &[
            "ern", "ian", "an", "ic", "al", "ly", "ness", "ity", "ation", "ion", "ment", "er",
            "ers",
        ];
        if word.chars().count() < 4 {
            return None;
        }
        // One buffer for every longer form: formatting a new String per suffix was most of
        // the cost of a look-up.
        let mut longer = String::with_capacity(word.len() + 5);
        for suffix in SUFFIXES {
            longer.clear();
            longer.push_str(word);
            longer.push_str(suffix);
            if let Some(&id) = self.ids.get(longer.as_str()) {
                return Some(&self.words[id as usize]);
            }
            if let Some(shorter) = word.strip_suffix(suffix) {
                if shorter.chars().count() >= 4 {
                    if let Some(&id) = self.ids.get(shorter) {
                        return Some(&self.words[id as usize]);
                    }
                }
            }
        }
        None
    }

    /// The known word closest to `word` within the edits its length allows (optimal string alignment),
    /// or sharing a long prefix (a morphological variant: "democrasy" / "democratic").
    /// Ties go to a word with the same first letter, then to the more frequent word.
    pub fn correct(&self, word: &str) -> Option<Correction<'_>> {
        let len = word.chars().count();
        let max = max_distance(len);
        if max == 0 || word.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let chars: Vec<char> = word.chars().collect();
        let grams = bigrams(word);
        // Shared-bigram counts by word id, kept per thread and cleared after use: zeroing one
        // per call cost as much as the search for short words.
        thread_local! {
            static COUNTS: std::cell::RefCell<(Vec<u16>, Vec<u32>)> =
                const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
        }
        COUNTS.with(|cell| {
            let (counts, shared) = &mut *cell.borrow_mut();
            if counts.len() < self.words.len() {
                counts.resize(self.words.len(), 0);
            }
            shared.clear();
            self.closest(word, &chars, &grams, max, counts, shared)
        })
    }

    /// [`Self::correct`]'s search, with `counts` all zero on entry and on return.
    fn closest(
        &self,
        word: &str,
        chars: &[char],
        grams: &[(char, char)],
        max: usize,
        counts: &mut [u16],
        shared: &mut Vec<u32>,
    ) -> Option<Correction<'_>> {
        let len = chars.len();
        let lengths = len.saturating_sub(max)..=len + max;
        for &(a, b) in grams {
            for l in lengths.clone() {
                let Ok(l) = u8::try_from(l) else { break };
                let Some(ids) = self.bigrams.get(&(a, b, l)) else {
                    continue;
                };
                for &id in ids {
                    if counts[id as usize] == 0 {
                        shared.push(id);
                    }
                    counts[id as usize] = counts[id as usize].saturating_add(1);
                }
            }
        }
        // Words of other lengths sharing the first six letters, with their shared bigrams
        // counted directly.
        let other_lengths = prefix(word)
            .and_then(|p| self.prefixes.get(&p))
            .into_iter()
            .flatten()
            .filter(|&&id| !lengths.contains(&usize::from(self.lens[id as usize])));
        let mut theirs = Vec::new();
        for &id in other_lengths {
            bigrams_into(&self.words[id as usize], &mut theirs);
            let common = grams.iter().filter(|g| theirs.contains(g)).count();
            counts[id as usize] = u16::try_from(common).unwrap_or(u16::MAX);
            if common > 0 {
                shared.push(id);
            }
        }
        // Each edit breaks at most three bigrams (a transposition), so fewer shared bigrams
        // than this cannot be within `max` edits; the prefix rule needs three shared anyway.
        let needed = (grams.len().saturating_sub(3 * max)).max(2) as u32;
        let first = word.chars().next();
        let mine = letters(word);
        let mut best: Option<(usize, bool, u32, u32)> = None; // (distance, other first letter, -freq, id)
        for &id in shared.iter() {
            if u32::from(counts[id as usize]) < needed {
                continue;
            }
            // Words of other lengths came from the prefix map: only a variant can be one.
            let cand_len = usize::from(self.lens[id as usize]);
            let near = cand_len.abs_diff(len) <= max;
            let candidate = &self.words[id as usize];
            // Short words: keep the first letter, where any edit elsewhere makes another word;
            // three letters: only a letter left out ("bse" for "base").
            let vowel = |c: Option<char>| c.is_some_and(|c| "aeiou".contains(c));
            let same_first = candidate.chars().next() == first;
            if len <= 4 && !same_first && !(vowel(first) && vowel(candidate.chars().next())) {
                continue;
            }
            if len == 3 && cand_len != 4 {
                continue;
            }
            let theirs = self.letters[id as usize];
            let apart = (mine & !theirs)
                .count_ones()
                .max((theirs & !mine).count_ones());
            let distance = if near && apart as usize <= max {
                within(chars, candidate, max).unwrap_or(usize::MAX)
            } else {
                usize::MAX
            };
            let distance = if distance <= max {
                distance
            } else if shares_stem(word, candidate) {
                max
            } else {
                continue;
            };
            let key = (
                distance,
                candidate.chars().next() != first,
                u32::MAX - self.frequency[id as usize],
                id,
            );
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
        for &id in shared.iter() {
            counts[id as usize] = 0;
        }
        best.map(|(distance, _, _, id)| Correction {
            word: &self.words[id as usize],
            distance,
        })
    }
}

/// The optimal string alignment distance (an adjacent swap is one edit, as in
/// Damerau-Levenshtein) between `a` and `b` when it is at most `max`, else None. Typo
/// correction compares a word with hundreds of candidates: this keeps three rows on the
/// stack and stops as soon as a row exceeds `max`.
fn within(a: &[char], b: &str, max: usize) -> Option<usize> {
    const CAP: usize = 48;
    let mut bc = ['\0'; CAP];
    let mut m = 0;
    for c in b.chars() {
        if m == CAP {
            let a: String = a.iter().collect();
            return Some(strsim::osa_distance(&a, b)).filter(|d| *d <= max);
        }
        bc[m] = c;
        m += 1;
    }
    let (n, b) = (a.len(), &bc[..m]);
    if n.abs_diff(m) > max || n >= CAP {
        let a: String = a.iter().collect();
        let b: String = b.iter().collect();
        return (n >= CAP)
            .then(|| strsim::osa_distance(&a, &b))
            .filter(|d| *d <= max);
    }
    // Rows i-2, i-1 and i of the (n+1) x (m+1) table, taken in turn (copying them cost more
    // than filling them). Cells hold at most CAP, so bytes do.
    let mut rows = [[0u8; CAP + 1]; 3];
    for (j, cell) in rows[1].iter_mut().enumerate().take(m + 1) {
        *cell = j as u8;
    }
    let (mut before, mut prev, mut row) = (0, 1, 2);
    // A swap reaches back two rows, so the distance can only stay within `max` while one of
    // the last two rows holds a cell within it.
    let mut prev_best = 0;
    for i in 1..=n {
        rows[row][0] = i as u8;
        let mut best = i;
        for j in 1..=m {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev][j] + 1)
                .min(rows[row][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[before][j - 2] + 1);
            }
            rows[row][j] = d;
            best = best.min(usize::from(d));
        }
        if best > max && prev_best > max {
            return None;
        }
        prev_best = best;
        (before, prev, row) = (prev, row, before);
    }
    Some(usize::from(rows[prev][m])).filter(|d| *d <= max)
}

/// Words sharing a long common prefix that covers most of both: variants of one stem.
fn shares_stem(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    common >= PREFIX && common * 10 >= shorter * 7
}

/// The everyday English words as a vocabulary, each counted as often as its Zipf frequency
/// (× 10) says, for correcting a misspelt word the knowledge base does not know: "treatmnt"
/// is the everyday word "treatment", not a name.
pub fn everyday() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        // The words with a frequency: the everyday words people misspell, a third of the list.
        let mut vocab = Vocabulary::default();
        for &(word, zipf) in frequencies() {
            if is_english_word(word) {
                let (id, _) = vocab.insert(word);
                vocab.set_frequency(id, u32::from(zipf));
            }
        }
        vocab
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_everyday_words_are_found() {
        let fix = |w: &str| everyday().correct(w).map(|c| c.word.to_string());
        assert_eq!(fix("treatmnt").as_deref(), Some("treatment"));
        assert_eq!(fix("carrer").as_deref(), Some("career"));
    }

    fn vocab(words: &[&str]) -> Vocabulary {
        let mut v = Vocabulary::default();
        for w in words {
            v.add(w);
        }
        v
    }

    /// Words and misspellings of them, for checking distances pair by pair.
    const NEAR_PAIRS: [&str; 22] = [
        "troops",
        "troups",
        "iraq",
        "irak",
        "soldiers",
        "soliders",
        "base",
        "bse",
        "abc",
        "acb",
        "committed",
        "comited",
        "",
        "a",
        "aaab",
        "baaa",
        "democrasy",
        "democratic",
        "kuzma",
        "kuzam",
        "café",
        "cafe",
    ];

    #[test]
    fn bounded_distance_agrees_with_strsim() {
        let words = NEAR_PAIRS;
        for a in words {
            let chars: Vec<char> = a.chars().collect();
            for b in words {
                let d = strsim::osa_distance(a, b);
                for max in 0..4 {
                    assert_eq!(
                        within(&chars, b, max),
                        Some(d).filter(|d| *d <= max),
                        "{a} {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn letters_never_exceed_the_distance() {
        let words = NEAR_PAIRS;
        for a in words {
            for b in words {
                let (x, y) = (letters(a), letters(b));
                let apart = (x & !y).count_ones().max((y & !x).count_ones());
                assert!(apart as usize <= strsim::osa_distance(a, b), "{a} {b}");
            }
        }
    }

    #[test]
    fn corrects_common_typos_to_known_words() {
        let v = vocab(&[
            "troops",
            "iraq",
            "lloyd",
            "austin",
            "soleimani",
            "soldiers",
            "base",
            "democratic",
            "committed",
            "use",
        ]);
        let fix = |w: &str| v.correct(w).map(|c| c.word.to_string());
        assert_eq!(fix("troups").as_deref(), Some("troops"));
        assert_eq!(fix("irak").as_deref(), Some("iraq"));
        assert_eq!(fix("loyd").as_deref(), Some("lloyd"));
        assert_eq!(fix("austen").as_deref(), Some("austin"));
        assert_eq!(fix("soleimany").as_deref(), Some("soleimani"));
        assert_eq!(fix("soliders").as_deref(), Some("soldiers"));
        assert_eq!(fix("comited").as_deref(), Some("committed"));
        assert_eq!(fix("bse").as_deref(), Some("base"));
        assert_eq!(fix("democrasy").as_deref(), Some("democratic"));
    }

    #[test]
    fn leaves_unrelated_and_short_words_alone() {
        let v = vocab(&["troops", "iraq", "syria", "base"]);
        assert!(v.correct("pizza").is_none());
        assert!(v.correct("biden").is_none());
        assert!(v.correct("ab").is_none());
        assert!(v.correct("2500").is_none());
    }
}
