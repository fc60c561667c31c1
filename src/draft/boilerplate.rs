//! Lines of a received article that are not news (bylines, credits, comment notices, share and
//! subscribe prompts, copyright lines, separators), and section headings: part of the article's
//! text, but no fact.

/// Phrases that mark a whole line as site boilerplate (matched lowercase).
const MARKERS: &[&str] = &[
    "contributed to this report",
    "contributed reporting",
    "contributed to this story",
    "contributed to this article",
    "comments are not available",
    "comments are closed",
    "comments have been disabled",
    "questions/comments",
    "send questions",
    "join the conversation",
    "leave a comment",
    "share this",
    "share on facebook",
    "share on twitter",
    "share via",
    "subscribe to",
    "subscribe now",
    "sign up for",
    "sign up to",
    "newsletter",
    "follow us on",
    "follow the ap",
    "click here",
    "read more:",
    "read more at",
    "related:",
    "related coverage",
    "advertisement",
    "all rights reserved",
    "copyright",
    "this material may not be published",
    "download the app",
    "get the app",
    "more on this story",
];

/// Whether a line of the article is boilerplate, a byline or a separator.
pub fn is_not_news(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return false;
    }
    let lower = trimmed.to_lowercase();
    if MARKERS.iter().any(|m| lower.contains(m)) || lower.contains('©') {
        return true;
    }
    // Separators: "___", "* * *", "---".
    if !trimmed.chars().any(char::is_alphanumeric) {
        return true;
    }
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    // Bylines: "By TARA COPP and QASSIM ABDUL-ZAHRA", "By Jane Doe, Associated Press".
    if words.first().is_some_and(|w| w.eq_ignore_ascii_case("by"))
        && words.len() <= 12
        && !trimmed.ends_with(['.', '?', '!'])
    {
        return true;
    }
    false
}

/// Whether a line of the article is a section heading ("UP NEXT", "What comes next"): a line of
/// its own, opening with a capital, with no sentence ending, and either in capitals (up to eight
/// words) or of at most six words.
pub fn is_heading(line: &str) -> bool {
    let trimmed = line.trim();
    let ends = crate::knowledge::sentences::is_complete(trimmed)
        || trimmed.ends_with(['"', '”', ',', ';', ':', '—', '-']);
    if ends || !trimmed.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let words = trimmed.split_whitespace().count();
    let letters = trimmed.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = trimmed.chars().filter(|c| c.is_uppercase()).count();
    words <= 6 || (words <= 8 && capitals * 5 >= letters * 4)
}

#[cfg(test)]
mod tests {
    use super::{is_heading, is_not_news};

    #[test]
    fn drops_boilerplate_and_keeps_news() {
        for line in [
            "Associated Press writer Abby Sewell in Beirut contributed to this report.",
            "Comments are not available on this story.",
            "Send questions/comments to the editors.",
            "Share this article on Facebook",
            "Subscribe to our daily newsletter.",
            "By TARA COPP and QASSIM ABDUL-ZAHRA",
            "___",
            "Copyright 2024 The Associated Press. All rights reserved.",
        ] {
            assert!(is_not_news(line), "{line}");
            assert!(!is_heading(line) || is_not_news(line), "{line}");
        }
        for line in [
            "The U.S. responded Tuesday.",
            "There are an estimated 2,500 U.S. troops deployed to Iraq now.",
            "By the end of the year, the talks had stalled.",
            "“We are a sovereign country,” he said.",
        ] {
            assert!(!is_not_news(line), "{line}");
            assert!(!is_heading(line), "{line}");
        }
    }

    #[test]
    fn headings_are_short_lines_without_an_ending() {
        for line in [
            "UP NEXT",
            "TIP-INS",
            "POINT GUARDS BEHAVE",
            "What comes next",
            "WHAT THE COURT DECIDED ON THE CHARGES",
        ] {
            assert!(is_heading(line), "{line}");
            assert!(!is_not_news(line), "{line}");
        }
        for line in [
            "Thunder: Host the Lakers on Friday.",
            "One long line of news without any ending at all",
            "“Amazing,” Davis said",
            "the talks went on",
            "UPDATE: The talks went on.",
        ] {
            assert!(!is_heading(line), "{line}");
        }
    }
}
