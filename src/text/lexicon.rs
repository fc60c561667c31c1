//! General English paraphrase from WordNet 3.0: synonyms of a word's main senses, its
//! derivationally related forms (decide/decision, die/death) and the base forms of inflected
//! words (went -> go, killed -> kill).
//!
//! The data is `data/wordnet-related.txt`, compiled at development time by
//! `tools/compile-lexicon.py` and embedded in the binary; nothing is read or downloaded at run
//! time. It is parsed once, on first use, into a hash map from each word to the offsets of its
//! line in the embedded text; a lookup returns slices of that text, so nothing is allocated
//! after the first call.
//!
//! Words are looked up as given: callers pass lower-case words (the file holds no names).
//! Relations are not forced to be symmetric ("bribe" lists "buy", "buy" does not list "bribe");
//! use [`relates`] to test a pair both ways.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Field `i` of a line (0 the word, then synonyms, derived, lemmas).
fn field<'a>(text: &'a str, e: &Entry, i: usize) -> &'a str {
    let start = e.start as usize;
    let bounds = [0, e.tabs[0], e.tabs[1], e.tabs[2], e.len];
    let from = if i == 0 { 0 } else { bounds[i] as usize + 1 };
    let to = (bounds[i + 1] as usize).max(from);
    // Offsets are byte positions of '\t' and '\n' (ASCII), so they are char boundaries.
    text.get(start + from..start + to).unwrap_or("")
}

/// The embedded lexicon file (format in `data/README.md`).
pub const DATA: &str = include_str!("data/wordnet-related.txt");

/// A word list from the lexicon: the word's own entries, then those of its base form (lemma)
/// that the word's own entries do not already hold. Iterate with [`Words::iter`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Words<'a> {
    word: &'a str,
    own: &'a str,
    base: &'a str,
}

impl<'a> Words<'a> {
    /// The words and phrases (multi-word entries are written with spaces), without repeats and
    /// never the looked-up word itself.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let (word, own, base) = (self.word, self.own, self.base);
        let own_items = own.split(',').filter(move |w| !w.is_empty() && *w != word);
        let base_items = base
            .split(',')
            .filter(move |w| !w.is_empty() && *w != word && !own.split(',').any(|o| o == *w));
        own_items.chain(base_items)
    }

    /// Whether the list holds `other`.
    pub fn contains(&self, other: &str) -> bool {
        !other.is_empty() && self.iter().any(|w| w == other)
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// How many entries the list holds.
    pub fn len(&self) -> usize {
        self.iter().count()
    }
}

/// What the lexicon knows of one word. All lists are empty for an unknown word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Related<'a> {
    /// Synonyms from the word's main senses ("purchase" for "buy"), then its lemma's.
    pub synonyms: Words<'a>,
    /// Derivationally related forms ("decision" for "decide"), then its lemma's
    /// ("injured" -> lemma "injure" -> "injury").
    pub derived: Words<'a>,
    /// The most frequent base form, when the word is an inflected form ("went" -> "go").
    pub lemma: Option<&'a str>,
}

impl<'a> Related<'a> {
    /// Whether the word has no synonym, no derived form and no lemma.
    pub fn is_empty(&self) -> bool {
        self.lemma.is_none() && self.synonyms.is_empty() && self.derived.is_empty()
    }
}

/// One line of the file, as offsets into the text: the word is `start..start + tabs[0]`, the
/// three lists follow between the tabs and `len`.
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: u32,
    tabs: [u16; 3],
    len: u16,
}

/// A parsed lexicon over some text in the `wordnet-related.txt` format: a hash map from each
/// word (a slice of the text) to the offsets of its line.
#[derive(Debug)]
pub struct Lexicon<'a> {
    text: &'a str,
    entries: FxHashMap<&'a str, Entry>,
}

impl<'a> Lexicon<'a> {
    /// Parses `text`: `word<TAB>synonyms<TAB>derived<TAB>lemmas` lines, `#` comments. Lines
    /// without a tab, with an empty word or longer than 64 KiB are skipped; missing trailing
    /// fields are empty. A repeated word keeps its first line.
    pub fn parse(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut entries = FxHashMap::default();
        entries.reserve(bytes.len() / 24);
        let mut start = 0usize;
        while start < bytes.len() {
            let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            if let Some(entry) = Self::entry(bytes, start, end) {
                entries.entry(field(text, &entry, 0)).or_insert(entry);
            }
            start = end + 1;
        }
        entries.shrink_to_fit();
        Lexicon { text, entries }
    }

    fn entry(bytes: &[u8], start: usize, end: usize) -> Option<Entry> {
        let mut line = &bytes[start..end];
        if line.last() == Some(&b'\r') {
            line = &line[..line.len() - 1];
        }
        if line.is_empty() || line[0] == b'#' || line[0] == b'\t' {
            return None;
        }
        let len = u16::try_from(line.len()).ok()?;
        let start = u32::try_from(start).ok()?;
        let mut tabs = [len; 3];
        let mut found = 0;
        for i in memchr::memchr_iter(b'\t', line).take(3) {
            tabs[found] = i as u16; // i < len <= u16::MAX
            found += 1;
        }
        (found > 0).then_some(Entry { start, tabs, len })
    }

    /// The lexicon embedded in the binary, parsed on first use.
    pub fn embedded() -> &'static Lexicon<'static> {
        static LEXICON: OnceLock<Lexicon<'static>> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::parse(DATA))
    }

    /// How many words the lexicon holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the lexicon holds no word.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn field(&self, e: &Entry, i: usize) -> &'a str {
        field(self.text, e, i)
    }

    fn word(&self, e: &Entry) -> &'a str {
        self.field(e, 0)
    }

    fn find(&self, word: &str) -> Option<&Entry> {
        self.entries.get(word)
    }

    /// The base forms of an inflected word, most frequent first ("leaves": "leave", "leaf").
    pub fn lemmas(&self, word: &str) -> Words<'a> {
        let own = self.find(word).map_or("", |e| self.field(e, 3));
        Words {
            word: "",
            own,
            base: "",
        }
    }

    /// The most frequent base form of an inflected word ("went" -> "go", "mice" -> "mouse",
    /// "killed" -> "kill"); `None` for a base form or an unknown word.
    pub fn lemma(&self, word: &str) -> Option<&'a str> {
        self.lemmas(word).iter().next()
    }

    /// Synonyms and derived forms of `word`, and those of its lemma when it is inflected.
    pub fn related(&self, word: &str) -> Related<'a> {
        let Some(e) = self.find(word) else {
            return Related::default();
        };
        let word = self.word(e);
        let lemma = self.field(e, 3).split(',').next().filter(|l| !l.is_empty());
        let base = lemma.and_then(|l| self.find(l));
        let list = |i: usize| Words {
            word,
            own: self.field(e, i),
            base: base.map_or("", |b| self.field(b, i)),
        };
        Related {
            synonyms: list(1),
            derived: list(2),
            lemma,
        }
    }

    /// Whether `a` and `b` are the same word, share a lemma, or one lists the other (or the
    /// other's lemma) as a synonym or derived form, in either direction.
    pub fn relates(&self, a: &str, b: &str) -> bool {
        if a.is_empty() || b.is_empty() {
            return false;
        }
        let base_a = self.lemma(a).unwrap_or(a);
        let base_b = self.lemma(b).unwrap_or(b);
        if a == b || base_a == base_b {
            return true;
        }
        let lists = |x: &str, y: &str, base_y: &str| {
            let r = self.related(x);
            [y, base_y]
                .iter()
                .any(|t| r.synonyms.contains(t) || r.derived.contains(t))
        };
        lists(a, b, base_b) || lists(b, a, base_a)
    }
}

/// Synonyms, derived forms and lemma of a lower-case word from the embedded lexicon.
pub fn related(word: &str) -> Related<'static> {
    Lexicon::embedded().related(word)
}

/// The base form of an inflected lower-case word from the embedded lexicon.
pub fn lemma(word: &str) -> Option<&'static str> {
    Lexicon::embedded().lemma(word)
}

/// Whether two lower-case words are related in the embedded lexicon (see
/// [`Lexicon::relates`]).
pub fn relates(a: &str, b: &str) -> bool {
    Lexicon::embedded().relates(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(words: Words<'_>) -> Vec<&str> {
        words.iter().collect()
    }

    #[test]
    fn embedded_file_parses_whole() {
        let lines = DATA
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(Lexicon::embedded().len(), lines);
        assert!(lines > 10_000, "{lines} words");
    }

    #[test]
    fn derivations_link_verbs_and_nouns() {
        assert!(related("decision").derived.contains("decide"));
        assert!(related("decide").derived.contains("decision"));
        assert!(related("die").derived.contains("death"));
        assert!(related("injury").derived.contains("injure"));
        // An inflected word brings its lemma's relations: injured -> injure -> injury.
        assert!(related("injured").derived.contains("injury"));
        assert!(relates("injured", "injury"));
        assert!(relates("decisions", "decided"));
    }

    #[test]
    fn synonyms_of_main_senses() {
        assert!(related("purchase").synonyms.contains("buy"));
        assert!(related("buy").synonyms.contains("purchase"));
        assert!(relates("bought", "purchased"));
        assert!(related("die").synonyms.contains("perish"));
        // "go" is not one of die's senses worth matching: die is go's 27th sense.
        assert!(!related("die").synonyms.contains("go"));
        assert!(!relates("die", "go"));
        assert!(!relates("buy", "sell"));
    }

    #[test]
    fn lemmas_of_inflected_forms() {
        assert_eq!(lemma("killed"), Some("kill"));
        assert_eq!(lemma("went"), Some("go"));
        assert_eq!(lemma("mice"), Some("mouse"));
        assert_eq!(lemma("injuries"), Some("injury"));
        assert_eq!(lemma("kill"), None);
        assert_eq!(related("went").lemma, Some("go"));
    }

    #[test]
    fn lists_never_hold_the_word_itself_or_repeats() {
        for word in ["meeting", "leaves", "injured", "better", "said"] {
            let r = related(word);
            for list in [r.synonyms, r.derived] {
                let items = all(list);
                assert!(!items.contains(&word), "{word}: {items:?}");
                let mut unique = items.clone();
                unique.sort_unstable();
                unique.dedup();
                assert_eq!(unique.len(), items.len(), "{word}: {items:?}");
            }
        }
    }

    #[test]
    fn unknown_empty_and_odd_input() {
        for word in ["", "qzxv", "café", "日本", "\t", ",", "#", "Buy", " buy"] {
            let r = related(word);
            assert!(r.is_empty(), "{word:?}: {r:?}");
            assert_eq!(lemma(word), None);
            assert!(!relates(word, "buy"));
        }
        assert!(!relates("", ""));
    }

    #[test]
    fn parse_skips_bad_lines_and_keeps_first_of_repeats() {
        let text = "# comment\nzeta\tz1\t\t\nnotab\n\n\talpha\tx\nbeta\tb1,b2\tbd\tbase\r\nbase\tbs\tbd,bx\nbeta\tdup\n";
        let lex = Lexicon::parse(text);
        assert_eq!(lex.len(), 3);
        assert_eq!(all(lex.related("zeta").synonyms), ["z1"]);
        let beta = lex.related("beta");
        assert_eq!(beta.lemma, Some("base"));
        assert_eq!(all(beta.synonyms), ["b1", "b2", "bs"]);
        assert_eq!(all(beta.derived), ["bd", "bx"]);
        assert!(lex.related("notab").is_empty());
        assert!(Lexicon::parse("").is_empty());
    }
}
