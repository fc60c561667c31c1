//! Word-level helpers for drafting: verb forms, quantity words and slugs. General English
//! only; nothing here knows any one article.

/// Words ending in -ed that are not past tenses (a spelling heuristic of the drafter, kept in
/// code: the hand-checked sentence splits and question forms are tested against it; no word of
/// any article).
const NOT_PAST: &[&str] = &[
    "bed",
    "bred",
    "embed",
    "feed",
    "fled",
    "greed",
    "hundred",
    "indeed",
    "need",
    "red",
    "seed",
    "shed",
    "sled",
    "speed",
    "shred",
    "steed",
    "wed",
    "weed",
    "united",
    "limited",
    "alleged",
    "armed",
    "advanced",
    "based",
    "detailed",
    "related",
    "so-called",
    "unnamed",
    "wounded",
];

/// Common present-tense verbs ending in -s that head a clause after a subject (grammar of the
/// drafter, kept in code beside NOT_PAST).
const PRESENT_S: &[&str] = &[
    "aims",
    "calls",
    "claims",
    "comes",
    "continues",
    "denies",
    "expects",
    "faces",
    "fears",
    "fuels",
    "gives",
    "goes",
    "hopes",
    "includes",
    "leads",
    "lies",
    "makes",
    "means",
    "needs",
    "operates",
    "plans",
    "remains",
    "reports",
    "requires",
    "runs",
    "says",
    "seeks",
    "seems",
    "sees",
    "shows",
    "stands",
    "suggests",
    "takes",
    "tells",
    "thinks",
    "wants",
    "warns",
];

/// Common base-form verbs that head a clause after a plural subject or an auxiliary (grammar
/// of the drafter, kept in code beside NOT_PAST).
const PRESENT_BASE: &[&str] = &[
    "aim", "begin", "believe", "call", "claim", "continue", "expect", "face", "fear", "hope",
    "intend", "lead", "make", "need", "plan", "remain", "say", "see", "seek", "show", "think",
    "want", "warn",
];

/// The base form of a verb given in the past, participle or -s form, when it is one.
pub fn verb_base(lower: &str) -> Option<String> {
    if let Some(base) = crate::text::words::irregular_base(lower) {
        return Some(base.to_string());
    }
    if PRESENT_S.contains(&lower) {
        let w = lower.strip_suffix("ies").map_or_else(
            || {
                if lower.ends_with("oes") || lower.ends_with("shes") || lower.ends_with("ches") {
                    lower[..lower.len() - 2].to_string()
                } else {
                    lower[..lower.len() - 1].to_string()
                }
            },
            |stem| format!("{stem}y"),
        );
        return Some(w);
    }
    if PRESENT_BASE.contains(&lower) {
        return Some(lower.to_string());
    }
    if lower.len() > 4 && lower.ends_with("ed") && !NOT_PAST.contains(&lower) {
        let stem = &lower[..lower.len() - 2];
        let b = stem.as_bytes();
        let n = b.len();
        // "stopped" -> "stop", "tried" -> "try", "hoped" -> "hope", "hit" stays.
        if n >= 2 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z' | b'f') {
            return Some(stem[..n - 1].to_string());
        }
        if let Some(s) = stem.strip_suffix('i') {
            return Some(format!("{s}y"));
        }
        // Stem endings after which a regular past drops a final -e (an English spelling rule).
        const E_ENDINGS: &[&str] = &[
            "at", "iz", "uc", "iv", "ov", "ag", "dg", "rg", "nc", "rc", "lv", "rv", "ud", "ut",
            "bl", "pl", "tl", "gl", "ik", "ur", "ir", "os", "ns", "rs", "ps", "as", "ot", "ac",
            "ib", "ol", "ar",
        ];
        let needs_e = E_ENDINGS.iter().any(|e| stem.ends_with(e))
            && !stem.ends_with("ait")
            && !stem.ends_with("eat")
            && !stem.ends_with("ear")
            && !stem.ends_with("oot")
            && !stem.ends_with("ail");
        return Some(if needs_e {
            format!("{stem}e")
        } else {
            stem.to_string()
        });
    }
    None
}

/// Number words as news writes them; with digits, they make a fact answer "how many".
pub const QUANTITY_WORDS: &[&str] = &[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "dozen",
    "dozens",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "scores",
    "several",
    "multiple",
    "numerous",
    "half",
    "percent",
    "majority",
    "minority",
    "twice",
    "double",
    "triple",
    "times",
];

/// Lowercase ASCII slug of words: "Kataib Hezbollah" -> "kataib-hezbollah".
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in crate::text::fold::fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verb_bases() {
        assert_eq!(verb_base("struck").as_deref(), Some("strike"));
        assert_eq!(verb_base("launched").as_deref(), Some("launch"));
        assert_eq!(verb_base("killed").as_deref(), Some("kill"));
        assert_eq!(verb_base("stopped").as_deref(), Some("stop"));
        assert_eq!(verb_base("tried").as_deref(), Some("try"));
        assert_eq!(verb_base("located").as_deref(), Some("locate"));
        assert_eq!(verb_base("received").as_deref(), Some("receive"));
        assert_eq!(verb_base("wants").as_deref(), Some("want"));
        assert_eq!(verb_base("hundred"), None);
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Kataib Hezbollah"), "kataib-hezbollah");
        assert_eq!(slug("U.S. troops"), "us-troops");
    }
}
