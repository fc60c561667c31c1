//! A sentence's words as written, with their byte spans (case and inner punctuation kept:
//! "U.S.", "al-Asad’s", "2,500"), and English function words. The drafter reads sentences
//! through these, and so do extractive summaries.

/// A word of a sentence with its byte span.
#[derive(Debug, Clone, PartialEq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Token<'_> {
    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }

    pub fn capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Capitalized, or a name with a lowercase particle ("al-Asad", "bin-Salman").
    pub fn namelike(&self) -> bool {
        self.capitalized()
            || self.text.split_once('-').is_some_and(|(p, rest)| {
                p.len() <= 3 && rest.chars().next().is_some_and(char::is_uppercase)
            })
    }

    pub fn is_number(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    }
}

/// Splits text into words: letters, digits and inner `.`, `,` (in numbers), `'`, `’` and `-`.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut start: Option<usize> = None;
    let mut prev = '\0';
    let mut chars = text.char_indices().peekable();
    while let Some((pos, c)) = chars.next() {
        // Inner punctuation joins two parts of one word ("U.S", "al-Asad", "2,500").
        let inner = matches!(c, '.' | ',' | '\'' | '’' | '-')
            && start.is_some()
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric())
            && (c != ',' || prev.is_ascii_digit());
        if c.is_alphanumeric() || inner {
            if start.is_none() {
                start = Some(pos);
            }
        } else if let Some(s) = start.take() {
            // Keep the final period of "U.S." and "a.m." with the word.
            let end = if c == '.' && text[s..pos].contains('.') {
                pos + 1
            } else {
                pos
            };
            out.push(Token {
                text: &text[s..end],
                start: s,
                end,
            });
        }
        prev = c;
    }
    if let Some(s) = start {
        out.push(Token {
            text: &text[s..],
            start: s,
            end: text.len(),
        });
    }
    out
}

/// Function words: they carry no subject, so they make neither topics nor key terms, and an
/// extractive summary does not count them.
pub fn is_function_word(lower: &str) -> bool {
    FUNCTION_WORDS.binary_search(&lower).is_ok()
}

// Sorted; checked by a test.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "above", "across", "after", "again", "against", "all", "almost", "along",
    "already", "also", "although", "always", "am", "among", "an", "and", "another", "any", "are",
    "around", "as", "at", "be", "became", "because", "become", "been", "before", "being", "below",
    "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during",
    "each", "either", "else", "even", "ever", "every", "few", "for", "from", "further", "had",
    "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "however", "i",
    "if", "in", "into", "is", "it", "its", "itself", "just", "least", "less", "may", "me", "might",
    "more", "most", "much", "must", "my", "neither", "no", "nor", "not", "now", "of", "off",
    "often", "on", "once", "one", "only", "or", "other", "others", "our", "out", "over", "own",
    "per", "rather", "said", "same", "says", "shall", "she", "should", "since", "so", "some",
    "still", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these",
    "they", "this", "those", "though", "through", "thus", "to", "too", "under", "until", "up",
    "upon", "us", "very", "was", "we", "were", "what", "when", "where", "whether", "which",
    "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet",
    "you", "your",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_sorted() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn tokens_keep_initials_numbers_and_hyphens() {
        let t: Vec<&str> =
            tokens("The U.S.-led force, 2,500 strong, hit al-Asad’s base at 2 a.m. Friday.")
                .iter()
                .map(|t| t.text)
                .collect();
        assert_eq!(
            t,
            vec![
                "The",
                "U.S.",
                "led",
                "force",
                "2,500",
                "strong",
                "hit",
                "al-Asad’s",
                "base",
                "at",
                "2",
                "a.m.",
                "Friday"
            ]
        );
    }
}
