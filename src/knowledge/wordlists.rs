//! Word-list data files: `[section]` headers, then lowercase words separated by spaces; `#`
//! starts a comment. The splitter's abbreviations and the drafter's question words use it.

/// Each word of `text` with the section it is listed under, in file order.
pub fn words(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    let mut section = "";
    text.lines().flat_map(move |line| {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            return Vec::new();
        }
        line.split_whitespace().map(|w| (section, w)).collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn sections_comments_and_words() {
        let text = "# a list\n[one]\na b # c\n\n[two]\nd\n";
        let got: Vec<_> = super::words(text).collect();
        assert_eq!(got, vec![("one", "a"), ("one", "b"), ("two", "d")]);
    }
}
