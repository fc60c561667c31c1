use std::fmt;
use std::path::{Path, PathBuf};

/// What is wrong, as a category tests and tools can match on; the message says the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A file or folder could not be read.
    Io,
    /// The TOML does not parse, or a value has the wrong type.
    Syntax,
    /// A key the format does not know (usually a typo).
    UnknownField,
    /// A required key is missing.
    MissingField,
    /// A file every source should have is missing (`facts.toml`).
    MissingFile,
    /// Two facts, sources or topics share an id.
    DuplicateId,
    /// An id that is not lowercase letters, digits and dashes, or a source id that is not its folder's name.
    BadId,
    /// A fact with no question forms, or a blank answer or sentence.
    Empty,
    /// A fact's sentence is not found verbatim in its source text.
    CitationNotFound,
    /// A reference to a topic that no source declares: a warning (the fact loads without
    /// it), or an error when it is a near miss of a topic its own file declares.
    UnknownTopic,
    /// A summary bullet naming a fact that does not exist.
    UnknownFact,
    /// A date that is not `YYYY-MM-DD` with a four-digit year (an error), or a publication
    /// date more than a year ahead (a warning).
    BadDate,
    /// A synonym term listed in two groups.
    DuplicateSynonym,
    /// The knowledge directory holds no source at all.
    NoSources,
}

/// One problem in a knowledge file, located as `path:line:col`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub problem: Problem,
    pub message: String,
}

impl Diagnostic {
    pub(crate) fn at(
        path: &Path,
        text: &str,
        offset: usize,
        problem: Problem,
        message: String,
    ) -> Self {
        let (line, col) = line_col(text, offset);
        Diagnostic {
            path: path.to_path_buf(),
            line,
            col,
            problem,
            message,
        }
    }

    pub(crate) fn file(path: &Path, problem: Problem, message: String) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            line: 1,
            col: 1,
            problem,
            message,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.col,
            self.message
        )
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// A knowledge base that failed validation: every problem found, not just the first.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", render(.diagnostics))]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::line_col;

    #[test]
    fn line_col_counts_from_one_in_chars() {
        assert_eq!(line_col("ab\n“x”y", 0), (1, 1));
        assert_eq!(line_col("ab\n“x”y", 3), (2, 1));
        assert_eq!(line_col("ab\n“x”y", 3 + 3 + 1 + 3), (2, 4));
        assert_eq!(line_col("ab", 99), (1, 3));
    }
}
