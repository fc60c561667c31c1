//! Sentence splitting for news text: abbreviations ("U.S.", "Gen.", "Oct. 7"), initials,
//! decimals, quotes and a truncated last sentence do not fool it.

/// Words that end with a period without ending the sentence (lowercase, without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt",
    "cpl", "pvt", "sen", "rep", "gov", "pres", "sec", "amb", "rev", "st", "jr", "sr", "no", "nos",
    "vs", "inc", "corp", "co", "ltd", "dept", "univ", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
    "fri", "sat", "sun", "ft", "mt", "approx", "est", "fig", "al", "ala", "ariz", "ark", "calif",
    "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky", "la", "md", "mass", "mich",
    "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "va", "vt", "wash",
    "wis", "wyo",
];

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '»'];

/// Splits one paragraph into sentences, trimmed, in order. Text without a final period still
/// yields its last (possibly truncated) sentence.
pub fn split(paragraph: &str) -> Vec<&str> {
    split_with(paragraph, true)
}

/// Like [`split`] for chat messages, where a sentence may start in lowercase
/// ("hi. how many troops are there?").
pub fn split_chat(message: &str) -> Vec<&str> {
    split_with(message, false)
}

fn split_with(paragraph: &str, needs_capital: bool) -> Vec<&str> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if matches!(c, '.' | '?' | '!' | '…') {
            // Take the whole run of terminal punctuation and closing quotes.
            let mut j = i + 1;
            while j < chars.len()
                && (matches!(chars[j].1, '.' | '?' | '!' | '…') || CLOSERS.contains(&chars[j].1))
            {
                j += 1;
            }
            let end = chars.get(j).map_or(paragraph.len(), |&(p, _)| p);
            if is_boundary(paragraph, pos, c, &chars[j..], needs_capital) {
                let sentence = paragraph[start..end].trim();
                if !sentence.is_empty() {
                    sentences.push(sentence);
                }
                start = end;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    let rest = paragraph[start..].trim();
    if !rest.is_empty() {
        sentences.push(rest);
    }
    sentences
}

fn is_boundary(
    text: &str,
    pos: usize,
    punct: char,
    after: &[(usize, char)],
    needs_capital: bool,
) -> bool {
    // A boundary needs whitespace after it (or the end of the paragraph).
    let Some(&(_, first_after)) = after.first() else {
        return true;
    };
    if !first_after.is_whitespace() {
        return false;
    }
    let next = after.iter().map(|&(_, c)| c).find(|c| !c.is_whitespace());
    let Some(next) = next else { return true };
    let next_starts_sentence = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(next, '"' | '“' | '‘' | '\'' | '(' | '[' | '—');
    if needs_capital && !next_starts_sentence {
        return false;
    }
    if punct != '.' {
        return true;
    }
    let word = last_word(&text[..pos]);
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    // Initials and dotted abbreviations: "U.S.", "a.m.", "J. Smith".
    if word.contains('.') || (word.chars().count() == 1 && word.chars().all(char::is_alphabetic)) {
        return false;
    }
    if ABBREVIATIONS.contains(&lower.as_str()) {
        // "No." and month abbreviations are abbreviations only before a number or a name;
        // "Gen. Soleimani" never ends a sentence.
        return false;
    }
    true
}

/// The word right before a position, keeping its inner periods ("U.S" for "U.S.").
fn last_word(before: &str) -> &str {
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn keeps_abbreviations_and_initials_inside_sentences() {
        let text = "Since Oct. 7, U.S. forces were hit. Iranian Gen. Qassem Soleimani was killed at 2 a.m. Friday. It cost 2.5 million.";
        assert_eq!(
            split(text),
            vec![
                "Since Oct. 7, U.S. forces were hit.",
                "Iranian Gen. Qassem Soleimani was killed at 2 a.m. Friday.",
                "It cost 2.5 million."
            ]
        );
    }

    #[test]
    fn splits_after_closing_quotes_and_keeps_truncated_tail() {
        let text =
            "“We are sovereign,” he said. “This is a request.” On Tuesday at the funeral launched";
        assert_eq!(
            split(text),
            vec![
                "“We are sovereign,” he said.",
                "“This is a request.”",
                "On Tuesday at the funeral launched"
            ]
        );
    }

    #[test]
    fn questions_exclamations_and_ellipses() {
        assert_eq!(
            split("Why? Because... it is! Done"),
            vec!["Why?", "Because... it is!", "Done"]
        );
        assert_eq!(
            split("He paused... and went on."),
            vec!["He paused... and went on."]
        );
    }
}
