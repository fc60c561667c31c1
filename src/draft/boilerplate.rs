//! Lines of a received article that are not news: bylines, credits, comment notices, share and
//! subscribe prompts, copyright lines, separators and headings.

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

/// Whether a line of the article is boilerplate, a byline, a separator or a bare heading.
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
    // Headings: a few words without an ending, such as a subhead between paragraphs.
    let ends = crate::knowledge::sentences::is_complete(trimmed) || trimmed.ends_with(['"', '”']);
    words.len() <= 6 && !ends && trimmed.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::is_not_news;

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
            "What comes next",
        ] {
            assert!(is_not_news(line), "{line}");
        }
        for line in [
            "The U.S. responded Tuesday.",
            "There are an estimated 2,500 U.S. troops deployed to Iraq now.",
            "By the end of the year, the talks had stalled.",
            "“We are a sovereign country,” he said.",
        ] {
            assert!(!is_not_news(line), "{line}");
        }
    }
}
