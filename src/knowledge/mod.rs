//! The fact base: sources, curated facts, topics, summaries and synonyms, loaded from a
//! knowledge directory and validated as a whole (see `knowledge/README.md` for the format);
//! and what is read from a source's own text: its sentences, and an extractive summary where
//! no curated one is written.

mod dates;
mod error;
mod load;
pub mod sentences;
pub mod summary;
pub mod wordlists;

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use dates::{
    format_date, is_calendar_word, is_far_future, parse_date, resolve_relative_date, DateError,
};
pub use error::{Diagnostic, LoadError, Problem};
pub use load::{load_dir, Loaded};

/// The kinds of question a fact can answer; the matcher detects the same kinds in questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    /// how many, how much, how big
    Count,
    /// when, what day, since when
    Time,
    /// who, which official / group
    Person,
    /// where, which base / region
    Place,
    /// why, for what reason
    Reason,
    /// how (did / will ...)
    Manner,
    /// what, which
    Thing,
    /// yes/no: is it true, did, will, can ...
    Confirm,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 8] = [
        QuestionKind::Count,
        QuestionKind::Time,
        QuestionKind::Person,
        QuestionKind::Place,
        QuestionKind::Reason,
        QuestionKind::Manner,
        QuestionKind::Thing,
        QuestionKind::Confirm,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Count => "count",
            QuestionKind::Time => "time",
            QuestionKind::Person => "person",
            QuestionKind::Place => "place",
            QuestionKind::Reason => "reason",
            QuestionKind::Manner => "manner",
            QuestionKind::Thing => "thing",
            QuestionKind::Confirm => "confirm",
        }
    }
}

/// One article (or other document) the facts are drawn from.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub published: NaiveDate,
    pub dateline: Option<String>,
    pub authors: Vec<String>,
    pub contributors: Vec<String>,
    /// The article text exactly as received.
    pub text: String,
    /// Lines of `text` that are not news (byline, boilerplate).
    pub not_news: Vec<String>,
    pub summary: Vec<SummaryBullet>,
    /// The folder the source was loaded from.
    pub dir: PathBuf,
}

impl Source {
    /// The sentences of the article that carry news, in article order.
    pub fn newsworthy_sentences(&self) -> Vec<&str> {
        self.text
            .lines()
            .filter(|line| !self.not_news.iter().any(|n| n.trim() == line.trim()))
            .flat_map(sentences::split)
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct SummaryBullet {
    pub text: String,
    /// Index into [`FactBase::facts`] of the fact the bullet rests on.
    pub fact: usize,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Index into [`FactBase::sources`] of the source declaring it.
    pub source: usize,
}

/// A curated answer, tied to the sentence of its source that supports it.
#[derive(Debug, Clone)]
pub struct Fact {
    pub id: String,
    /// Index into [`FactBase::sources`].
    pub source: usize,
    pub answer: String,
    /// Verbatim sentence of the source text.
    pub sentence: String,
    pub questions: Vec<String>,
    /// Indexes into [`FactBase::topics`].
    pub topics: Vec<usize>,
    pub kinds: Vec<QuestionKind>,
    pub when: Option<NaiveDate>,
    pub truncated: bool,
    pub draft: bool,
}

/// Words and phrases that mean the same thing to the matcher; the first term names the group.
#[derive(Debug, Clone)]
pub struct SynonymGroup {
    pub terms: Vec<String>,
}

/// A whole, validated knowledge base. Built only by [`load_dir`] (or [`FactBase::new`] in
/// code that generates one), so every citation has been checked against its source.
#[derive(Debug, Clone, Default)]
pub struct FactBase {
    pub sources: Vec<Source>,
    pub facts: Vec<Fact>,
    pub topics: Vec<Topic>,
    /// Every synonym group in force: those of the shared `synonyms.toml` first, then each
    /// source's own `sources/<id>/synonyms.toml`, in source order. The matcher reads them all
    /// alike; [`FactBase::synonym_sources`] says which file each came from.
    pub synonyms: Vec<SynonymGroup>,
    /// Parallel to `synonyms`: the index into `sources` of the source whose folder declares
    /// the group, or `None` for the shared file.
    pub synonym_sources: Vec<Option<usize>>,
}

impl FactBase {
    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.id == id)
    }

    pub fn source_of(&self, fact: &Fact) -> &Source {
        &self.sources[fact.source]
    }

    pub fn topic(&self, id_or_title: &str) -> Option<(usize, &Topic)> {
        let wanted = id_or_title.trim().to_lowercase();
        self.topics
            .iter()
            .enumerate()
            .find(|(_, t)| t.id == wanted || t.title.to_lowercase() == wanted)
    }

    pub fn facts_in_topic(&self, topic: usize) -> impl Iterator<Item = &Fact> {
        self.facts.iter().filter(move |f| f.topics.contains(&topic))
    }

    pub fn facts_of_source(&self, source: usize) -> impl Iterator<Item = &Fact> {
        self.facts.iter().filter(move |f| f.source == source)
    }

    /// The synonym groups a source's own `synonyms.toml` declares (`None`: the shared file's).
    pub fn synonyms_of(&self, source: Option<usize>) -> impl Iterator<Item = &SynonymGroup> {
        self.synonyms
            .iter()
            .zip(&self.synonym_sources)
            .filter(move |(_, owner)| **owner == source)
            .map(|(group, _)| group)
    }
}
