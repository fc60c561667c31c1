//! English function words and word forms every layer reads alike: stop words, casual
//! spellings ("wat", "r"), verbs of saying and irregular past tenses (both compiled from
//! WordNet 3.0 into `data/`), held-down letters.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::classes::pairs;

const SAYING: &str = include_str!("data/wordnet-saying.txt");
const VERB_FORMS: &str = include_str!("data/wordnet-verb-forms.txt");

/// What a form of a verb of saying does, from `data/wordnet-saying.txt` (compiled from
/// WordNet 3.0 by `tools/compile-saying.py`).
#[derive(Debug, Clone, Copy, Default)]
struct Speech {
    /// A news text attributes words to a speaker with it ("said", "warned", "adds").
    attribute: bool,
    /// A question asks for someone's words or views with it ("say", "think", "meant").
    ask: bool,
}

fn speech(word: &str) -> Speech {
    static MAP: OnceLock<FxHashMap<&'static str, Speech>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        pairs(SAYING)
            .map(|(word, classes)| {
                let mut s = Speech::default();
                for class in classes.split(',') {
                    s.attribute |= class == "attribute";
                    s.ask |= class == "ask";
                }
                (word, s)
            })
            .collect()
    });
    map.get(word).copied().unwrap_or_default()
}

/// A preposition that puts a name as a place: "in Toronto", "outside Boston". Shared by the
/// drafter (which sentences tell where) and the matcher (which name answers "where").
pub fn is_place_preposition(lower: &str) -> bool {
    matches!(
        lower,
        "in" | "at" | "to" | "from" | "near" | "outside" | "inside" | "across"
    )
}

/// A verb of saying that attributes a statement to a speaker ("said", "warned", "adds"),
/// lower-case. Shared by the matcher and the drafter.
pub fn is_saying(word: &str) -> bool {
    speech(word).attribute
}

/// A verb a question uses to ask for someone's words or views ("say", "think", "meant").
pub fn asks_for_words(word: &str) -> bool {
    speech(word).ask
}

/// Verbs whose past tense and participle are spelled as their base: a small closed class of
/// English grammar that WordNet's exception list (verb.exc) does not hold.
const SAME_FORM_PAST: &[&str] = &[
    "hit", "hurt", "put", "quit", "set", "shut", "split", "spread",
];

/// The base form of an irregular past tense or participle ("struck" -> "strike", "put" ->
/// "put"), from WordNet's verb.exc (`data/wordnet-verb-forms.txt`, compiled by
/// `tools/compile-verb-forms.py`). Shared by the matcher and the drafter.
pub fn irregular_base(form: &str) -> Option<&'static str> {
    static MAP: OnceLock<FxHashMap<&'static str, &'static str>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        pairs(VERB_FORMS)
            .chain(SAME_FORM_PAST.iter().map(|&w| (w, w)))
            .collect()
    });
    map.get(form).copied()
}

/// Irregular forms the matcher leaves alone: in questions they are more often about games
/// ("who won the cup") than the base's sense of the verb.
const KEEP_AS_WRITTEN: &[&str] = &["won", "lost"];

/// The base form of an irregular verb ("struck" -> "strike"); other words are returned as
/// they are.
pub fn base_form(word: &str) -> &str {
    if KEEP_AS_WRITTEN.contains(&word) {
        return word;
    }
    irregular_base(word).unwrap_or(word)
}

/// A word typed with a letter held down ("sooo", "hiii", "whyyy"), with each run of three or
/// more letters cut to two and to one; None for other words and for numbers.
pub fn squeezed(word: &str) -> Option<(String, String)> {
    // Most words have no run of three: found without collecting the characters. Numbers hold
    // runs of zeros by right.
    let (mut last, mut run, mut longest) = ('\0', 0, 0);
    for c in word.chars() {
        if !c.is_alphabetic() {
            return None;
        }
        run = if c == last { run + 1 } else { 1 };
        last = c;
        longest = longest.max(run);
    }
    if longest < 3 {
        return None;
    }
    let chars: Vec<char> = word.chars().collect();
    let (mut two, mut one) = (String::new(), String::new());
    for (i, &c) in chars.iter().enumerate() {
        let run = chars[..i].iter().rev().take_while(|&&p| p == c).count();
        if run < 2 {
            two.push(c);
        }
        if run < 1 {
            one.push(c);
        }
    }
    Some((two, one))
}

/// Casual spellings mapped to the word they stand for, before anything else looks at them: a
/// list of chat conventions, not a lexicon, and no word of any article (the permissively
/// licensed slang list found on PyPI, `contractions` 0.1.73, holds 48 entries and a dozen of
/// these; see src/text/data/README.md).
pub fn slang(word: &str) -> &str {
    // Every casual spelling is short; most words are not, and skip the look-up.
    if word.len() > 6 {
        return word;
    }
    // Looked up by hash: questions read their words through this many times over.
    static MAP: OnceLock<FxHashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        SLANG
            .iter()
            .flat_map(|(spellings, word)| spellings.iter().map(move |s| (*s, *word)))
            .collect()
    })
    .get(word)
    .copied()
    .unwrap_or(word)
}

/// Each word and the casual spellings that stand for it ([`slang`]).
const SLANG: &[(&[&str], &str)] = &[
    (
        &[
            "wat", "wut", "wht", "wot", "whats", "wats", "wuts", "whatd", "wha",
        ],
        "what",
    ),
    (&["hw", "hows", "howd"], "how"),
    (&["wen", "whens"], "when"),
    (&["wher", "wheres", "whered"], "where"),
    (&["whos", "whod"], "who"),
    (&["whys", "whyd"], "why"),
    (&["r"], "are"),
    (&["em"], "them"),
    (&["u", "ya"], "you"),
    (&["ur"], "your"),
    (&["y"], "why"),
    (&["w"], "with"),
    (&["abt", "bout"], "about"),
    (&["bc", "cuz", "coz", "cos", "cus", "bcuz"], "because"),
    (&["gonna"], "going"),
    (&["tho"], "though"),
    (&["thru"], "through"),
    (&["pls", "plz", "pleez"], "please"),
    (&["rn", "atm"], "now"),
    (&["b4"], "before"),
    (&["govt", "gov"], "government"),
    (&["mil"], "military"),
    (&["ppl", "ppls"], "people"),
    (&["prob", "probs", "prolly", "probly", "prbly"], "probably"),
    (&["def", "defo"], "definitely"),
    (&["esp"], "especially"),
    (&["pres", "prez"], "president"),
    (&["q"], "question"),
    (&["any1"], "anyone"),
    (&["some1"], "someone"),
    (&["dunno"], "know"),
    (&["rly", "realy"], "really"),
    (&["usa"], "us"),
];

/// Function words and conversational filler: they carry no topic, so they neither match facts
/// nor count against a match. Question words are read for the question kind before removal.
pub fn is_stopword(word: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(word)
}

// Sorted; checked by a test.
#[rustfmt::skip]
pub(crate) const STOPWORDS: &[&str] = &[
    "a", "about", "above", "across", "actually", "afaik", "after", "again", "against", "ah", "aka",
    "al", "all", "along", "also", "am", "amid", "among", "an", "and", "any", "anybody", "anyone",
    "anything", "anyway", "apparently", "approximately", "are", "around", "as", "at", "basically",
    "be", "became", "because", "become", "becomes", "becoming", "been", "before", "being", "below",
    "between", "beyond", "bot", "both", "bro", "bruh", "btw", "but", "by", "came", "can", "come",
    "comes", "coming", "could", "curious", "currently", "deal", "despite", "details", "did", "do",
    "does", "doing", "done", "dude", "during", "each", "else", "even", "ever", "every",
    "everybody", "everyone", "exactly", "except", "explain", "factbot", "folks", "for", "fr",
    "from", "fyi", "get", "gets", "getting", "gimme", "give", "gm", "go", "going", "got", "gotta",
    "guess", "guy", "guys", "had", "has", "have", "having", "he", "heard", "hello", "her", "here",
    "hey", "hi", "him", "his", "hm", "hmm", "honestly", "hopefully", "how", "i", "idk", "if", "ig",
    "iirc", "imo", "in", "info", "into", "is", "it", "its", "just", "kind", "kinda", "know",
    "lately", "lemme", "let", "like", "literally", "lmao", "lmk", "lol", "made", "make", "makes",
    "many", "me", "mean", "more", "most", "much", "my", "nah", "news", "ngl", "no", "nope", "not",
    "now", "nvm", "of", "off", "oh", "ok", "okay", "omg", "on", "one", "onto", "or", "other",
    "our", "out", "over", "per", "please", "pls", "pretty", "question", "quick", "quite", "rather",
    "really", "right", "roughly", "said", "say", "says", "seriously", "she", "should", "since",
    "smh", "so", "some", "somebody", "someone", "sort", "sorta", "srsly", "still", "stuff", "such",
    "sup", "tbh", "tell", "tf", "than", "thanks", "that", "the", "their", "them", "then", "there",
    "these", "they", "thing", "things", "this", "those", "though", "through", "thx", "to", "today",
    "too", "toward", "towards", "true", "ty", "uh", "um", "under", "until", "up", "upon", "very",
    "via", "wait", "wanna", "was", "way", "we", "were", "what", "whats", "when", "where",
    "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within",
    "without", "wonder", "wondering", "would", "wtf", "yall", "yeah", "yep", "yes", "yet", "yo",
    "you", "your", "yup",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn verb_lists_read_whole_and_sorted() {
        for data in [SAYING, VERB_FORMS] {
            let list: Vec<_> = pairs(data).collect();
            super::super::classes::assert_read_whole_and_sorted(data, &list);
            assert!(list.iter().all(|(_, c)| c
                .split(',')
                .all(|c| ["attribute", "ask"].contains(&c)
                    || c.chars().all(|c| c.is_ascii_lowercase()))));
        }
    }

    #[test]
    fn verbs_of_saying_and_irregular_forms() {
        for w in [
            "said", "says", "told", "added", "warned", "noted", "wrote", "adds",
        ] {
            assert!(is_saying(w), "{w}");
        }
        // More often nouns: "the states", "news reports".
        assert!(!is_saying("states") && !is_saying("reports") && !is_saying("say"));
        for w in [
            "say", "said", "think", "believes", "claim", "meant", "feel", "told",
        ] {
            assert!(asks_for_words(w), "{w}");
        }
        assert!(!asks_for_words("state") && !asks_for_words("reason"));
        assert_eq!(base_form("struck"), "strike");
        assert_eq!(base_form("fled"), "flee");
        assert_eq!(base_form("slain"), "slay");
        assert_eq!(base_form("won"), "won");
        assert_eq!(base_form("put"), "put");
        assert_eq!(base_form("ground"), "ground");
        assert_eq!(base_form("wound"), "wound");
        assert_eq!(irregular_base("stopped"), None);
    }

    #[test]
    fn squeezes_held_down_letters() {
        assert_eq!(squeezed("sooo"), Some(("soo".into(), "so".into())));
        assert_eq!(squeezed("hiii"), Some(("hii".into(), "hi".into())));
        assert_eq!(squeezed("troops"), None);
        assert_eq!(squeezed("25000"), None);
    }
}
