//! English function words and word forms every layer reads alike: stop words, casual
//! spellings ("wat", "r"), verbs of saying, irregular past tenses, held-down letters.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

/// Verbs of saying that attribute a statement to a speaker. Shared by the matcher and the
/// drafter.
pub const SAYING: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "announced",
    "stated",
    "warned",
    "noted",
    "acknowledged",
    "argued",
    "insisted",
    "claimed",
    "explained",
    "confirmed",
    "reported",
    "wrote",
    "tweeted",
];

/// Irregular past tenses and participles with their base forms ("struck" -> "strike"),
/// which a stemmer cannot find, simple past before participle. Shared by the matcher and the
/// drafter.
#[rustfmt::skip]
pub const IRREGULAR_VERBS: &[(&str, &str)] = &[
    ("began", "begin"), ("begun", "begin"), ("bought", "buy"), ("brought", "bring"),
    ("built", "build"), ("came", "come"), ("caught", "catch"), ("chose", "choose"),
    ("chosen", "choose"), ("did", "do"), ("done", "do"), ("drew", "draw"), ("drawn", "draw"),
    ("drove", "drive"), ("driven", "drive"), ("fell", "fall"), ("fallen", "fall"), ("felt", "feel"),
    ("fought", "fight"), ("found", "find"), ("fled", "flee"), ("flew", "fly"), ("flown", "fly"),
    ("forgot", "forget"), ("froze", "freeze"), ("gave", "give"), ("given", "give"), ("got", "get"),
    ("gotten", "get"), ("went", "go"), ("gone", "go"), ("grew", "grow"), ("grown", "grow"),
    ("heard", "hear"), ("held", "hold"), ("hid", "hide"), ("hit", "hit"), ("hurt", "hurt"),
    ("kept", "keep"), ("knew", "know"), ("known", "know"), ("laid", "lay"), ("led", "lead"),
    ("left", "leave"), ("lent", "lend"), ("lost", "lose"), ("made", "make"), ("meant", "mean"),
    ("met", "meet"), ("paid", "pay"), ("put", "put"), ("quit", "quit"), ("ran", "run"),
    ("rose", "rise"), ("risen", "rise"), ("said", "say"), ("saw", "see"), ("seen", "see"),
    ("sought", "seek"), ("sold", "sell"), ("sent", "send"), ("set", "set"), ("shot", "shoot"),
    ("shut", "shut"), ("spoke", "speak"), ("spoken", "speak"), ("spent", "spend"),
    ("split", "split"), ("spread", "spread"), ("stood", "stand"), ("stole", "steal"),
    ("struck", "strike"), ("stricken", "strike"), ("swore", "swear"), ("sworn", "swear"),
    ("took", "take"), ("taken", "take"), ("taught", "teach"), ("told", "tell"),
    ("thought", "think"), ("threw", "throw"), ("thrown", "throw"), ("understood", "understand"),
    ("won", "win"), ("wore", "wear"), ("wrote", "write"), ("written", "write"), ("bled", "bleed"),
    ("broke", "break"), ("broken", "break"), ("dealt", "deal"), ("hidden", "hide"),
    ("sank", "sink"), ("slain", "slay"), ("slew", "slay"), ("sunk", "sink"),
    ("withdrawn", "withdraw"), ("withdrew", "withdraw"),
];

/// Irregular forms the matcher leaves alone: in questions they are more often about games
/// ("who won the cup") than the base's sense of the verb.
const KEEP_AS_WRITTEN: &[&str] = &["won", "lost"];

/// The base form of an irregular verb ("struck" -> "strike"); other words are returned as
/// they are.
pub fn base_form(word: &str) -> &str {
    static MAP: OnceLock<FxHashMap<&'static str, &'static str>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        IRREGULAR_VERBS
            .iter()
            .filter(|(past, _)| !KEEP_AS_WRITTEN.contains(past))
            .copied()
            .collect()
    });
    map.get(word).copied().unwrap_or(word)
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

/// Casual spellings mapped to the word they stand for, before anything else looks at them.
pub fn slang(word: &str) -> &str {
    match word {
        "wat" | "wut" | "wht" | "wot" | "whats" | "wats" | "wuts" | "whatd" | "wha" => "what",
        "hw" | "hows" | "howd" => "how",
        "wen" | "whens" => "when",
        "wher" | "wheres" | "whered" => "where",
        "whos" | "whod" => "who",
        "whys" | "whyd" => "why",
        "r" => "are",
        "em" => "them",
        "u" | "ya" => "you",
        "ur" => "your",
        "y" => "why",
        "w" => "with",
        "abt" | "bout" => "about",
        "bc" | "cuz" | "coz" | "cos" | "cus" | "bcuz" => "because",
        "gonna" => "going",
        "tho" => "though",
        "thru" => "through",
        "pls" | "plz" | "pleez" => "please",
        "rn" | "atm" => "now",
        "b4" => "before",
        "govt" | "gov" => "government",
        "mil" => "military",
        "ppl" | "ppls" => "people",
        "prob" | "probs" | "prolly" | "probly" | "prbly" => "probably",
        "def" | "defo" => "definitely",
        "esp" => "especially",
        "pres" | "prez" => "president",
        "q" => "question",
        "any1" => "anyone",
        "some1" => "someone",
        "dunno" => "know",
        "rly" | "realy" => "really",
        "usa" => "us",
        w => w,
    }
}

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
    fn squeezes_held_down_letters() {
        assert_eq!(squeezed("sooo"), Some(("soo".into(), "so".into())));
        assert_eq!(squeezed("hiii"), Some(("hii".into(), "hi".into())));
        assert_eq!(squeezed("troops"), None);
        assert_eq!(squeezed("25000"), None);
    }
}
