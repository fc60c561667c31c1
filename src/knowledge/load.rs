//! Reading and validating a knowledge directory. Every problem is collected with its
//! `path:line:col`; the base is built only when there are none, so it never loads half-way.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use memchr::memmem;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use toml::Spanned;

use super::dates::{is_far_future, parse_date};
use super::error::{Diagnostic, LoadError, Problem};
use super::{Fact, FactBase, QuestionKind, Source, SummaryBullet, SynonymGroup, Topic};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSynonyms {
    #[serde(default)]
    group: Vec<RawGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    terms: Spanned<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Spanned<String>,
    title: String,
    publisher: String,
    published: Spanned<toml::Value>,
    dateline: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    contributors: Vec<String>,
    text: Option<Spanned<String>>,
    #[serde(default)]
    not_news: Vec<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFacts {
    summary: Option<RawSummary>,
    #[serde(default)]
    topic: Vec<RawTopic>,
    #[serde(default)]
    fact: Vec<RawFact>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSummary {
    #[serde(default)]
    bullets: Vec<RawBullet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBullet {
    text: Spanned<String>,
    fact: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    id: Spanned<String>,
    answer: Spanned<String>,
    sentence: Spanned<String>,
    questions: Spanned<Vec<String>>,
    #[serde(default)]
    topics: Vec<Spanned<String>>,
    #[serde(default)]
    kinds: Vec<QuestionKind>,
    when: Option<Spanned<toml::Value>>,
    #[serde(default)]
    truncated: bool,
    #[serde(default)]
    draft: bool,
}

/// A file's text, kept for locating problems in it.
#[derive(Clone)]
struct File {
    path: PathBuf,
    text: String,
}

impl File {
    fn diag(&self, offset: usize, problem: Problem, message: String) -> Diagnostic {
        Diagnostic::at(&self.path, &self.text, offset, problem, message)
    }
}

/// A validated base plus what deserves a curator's look but does not stop loading.
#[derive(Debug)]
pub struct Loaded {
    pub base: FactBase,
    pub warnings: Vec<Diagnostic>,
}

/// Loads `dir` (see `knowledge/README.md`): `synonyms.toml` and `sources/<id>/` (each with
/// an optional `synonyms.toml` of its own).
pub fn load_dir(dir: &Path) -> Result<Loaded, LoadError> {
    let mut loader = Loader::default();
    loader.load(dir);
    if loader.errors.is_empty() {
        Ok(Loaded {
            base: loader.base,
            warnings: loader.warnings,
        })
    } else {
        Err(LoadError {
            diagnostics: loader.errors,
        })
    }
}

#[derive(Default)]
struct Loader {
    base: FactBase,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// Fact and topic ids to their indexes: lookups stay constant-time on large bases.
    fact_ids: FxHashMap<String, usize>,
    topic_ids: FxHashMap<String, usize>,
    /// Each synonym term (folded) to where it was first listed, across the shared file and
    /// every source's file: a term may belong to one group only.
    synonym_terms: FxHashMap<String, SeenTerm>,
    /// The synonym files read so far, for locating a term first listed in one of them.
    synonym_files: Vec<File>,
}

/// Where a synonym term was first listed.
struct SeenTerm {
    /// Index into `FactBase::synonyms` of its group.
    group: usize,
    /// The group's number in its file (1-based), as curators count them.
    number: usize,
    /// Index into `Loader::synonym_files`, and the term's byte offset in that file.
    file: usize,
    offset: usize,
}

/// What is parsed of one source before cross-source checks.
struct Pending {
    facts_file: Option<File>,
    facts: RawFacts,
    /// The source's own `synonyms.toml`, when it has one.
    synonyms: Option<(File, RawSynonyms)>,
    /// Whether each fact's sentence is in the source text: searched while parsing, in
    /// parallel, as the search is the costliest check on a large base.
    cited: Vec<bool>,
}

fn read(path: &Path, errors: &mut Vec<Diagnostic>) -> Option<File> {
    match fs::read_to_string(path) {
        Ok(text) => Some(File {
            path: path.to_path_buf(),
            text,
        }),
        Err(e) => {
            errors.push(Diagnostic::file(
                path,
                Problem::Io,
                format!("cannot read file: {e}"),
            ));
            None
        }
    }
}

fn parse<T: for<'de> Deserialize<'de>>(file: &File, errors: &mut Vec<Diagnostic>) -> Option<T> {
    match toml::from_str(&file.text) {
        Ok(value) => Some(value),
        Err(e) => {
            let message = e.message().trim().to_string();
            let problem = if message.starts_with("unknown field") {
                Problem::UnknownField
            } else if message.starts_with("missing field") {
                Problem::MissingField
            } else {
                Problem::Syntax
            };
            let hint = match problem {
                Problem::UnknownField => " (check the spelling against knowledge/README.md)",
                Problem::MissingField => " (add it; see knowledge/README.md)",
                _ => "",
            };
            let offset = e.span().map_or(0, |s| s.start);
            errors.push(file.diag(offset, problem, format!("{message}{hint}")));
            None
        }
    }
}

/// Reads a date field: a quoted `"YYYY-MM-DD"`, or the same written unquoted, which TOML reads
/// as a date of its own (curators write it either way; the meaning is the same). `what` names
/// the field in the message ("published date", "fact \"x\": when").
fn date(
    file: &File,
    value: &Spanned<toml::Value>,
    what: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    let parsed = match value.get_ref() {
        toml::Value::String(text) => parse_date(text).map_err(|e| e.to_string()),
        toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(_), None, None) => parse_date(&dt.to_string()).map_err(|e| e.to_string()),
            _ => Err(format!(
                "{dt} has a time of day; write the day alone, quoted: \"YYYY-MM-DD\""
            )),
        },
        other => Err(format!(
            "must be a quoted date \"YYYY-MM-DD\", e.g. \"2024-01-25\", not the {} {other}",
            other.type_str()
        )),
    };
    match parsed {
        Ok(d) => Some(d),
        Err(message) => {
            errors.push(file.diag(
                value.span().start,
                Problem::BadDate,
                format!("{what} {message}"),
            ));
            None
        }
    }
}

impl Loader {
    fn load(&mut self, dir: &Path) {
        let synonyms_path = dir.join("synonyms.toml");
        if synonyms_path.exists() {
            if let Some(file) = read(&synonyms_path, &mut self.errors) {
                if let Some(raw) = parse::<RawSynonyms>(&file, &mut self.errors) {
                    self.synonyms(&file, raw, None);
                }
            }
        }

        let sources_dir = dir.join("sources");
        let entries = match fs::read_dir(&sources_dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.errors.push(Diagnostic::file(
                    &sources_dir,
                    Problem::Io,
                    format!("cannot read the sources folder: {e} (a knowledge directory holds sources/<id>/source.toml)"),
                ));
                return;
            }
        };
        let mut dirs: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        let mut pending = Vec::new();
        for parsed in parse_sources(&dirs) {
            if let Some(p) = self.merge(parsed) {
                pending.push(p);
            }
        }
        if self.base.sources.is_empty() && self.errors.is_empty() {
            self.errors.push(Diagnostic::file(
                &sources_dir,
                Problem::NoSources,
                "no source folders found".into(),
            ));
        }
        // A source's synonym groups follow the shared ones, in source order.
        for (source, p) in pending.iter_mut().enumerate() {
            if let Some((file, raw)) = p.synonyms.take() {
                self.synonyms(&file, raw, Some(source));
            }
        }
        self.drop_empty_synonym_groups();
        // Topics first: facts of any source may use topics declared by another.
        for (source, p) in pending.iter().enumerate() {
            if let Some(file) = &p.facts_file {
                self.topics(file, source, &p.facts.topic);
            }
        }
        for (source, p) in pending.iter_mut().enumerate() {
            if let Some(file) = &p.facts_file {
                let facts = std::mem::take(&mut p.facts.fact);
                let own: Vec<&str> = p
                    .facts
                    .topic
                    .iter()
                    .map(|t| t.id.get_ref().as_str())
                    .collect();
                self.facts(file, source, facts, &p.cited, &own);
            }
        }
        for (source, p) in pending.iter_mut().enumerate() {
            if let (Some(file), Some(summary)) = (&p.facts_file, p.facts.summary.take()) {
                self.summary(file, source, summary);
            }
        }
        self.coverage_warnings(&pending);
    }

    /// Adds the groups of one synonyms file: the shared one (`owner` None) or a source's.
    fn synonyms(&mut self, file: &File, raw: RawSynonyms, owner: Option<usize>) {
        let file_index = self.synonym_files.len();
        for (index, group) in raw.group.into_iter().enumerate() {
            if group.terms.get_ref().is_empty() {
                self.errors.push(file.diag(
                    group.terms.span().start,
                    Problem::Empty,
                    "empty synonym group".into(),
                ));
                continue;
            }
            let this = self.base.synonyms.len();
            let mut terms = Vec::new();
            for term in group.terms.into_inner() {
                let key = crate::text::fold::fold(term.get_ref());
                if key.trim().is_empty() {
                    self.errors.push(file.diag(
                        term.span().start,
                        Problem::Empty,
                        "empty synonym term".into(),
                    ));
                    continue;
                }
                if let Some(seen) = self.synonym_terms.get(&key) {
                    if seen.group != this {
                        let name = self
                            .base
                            .synonyms
                            .get(seen.group)
                            .and_then(|g| g.terms.first())
                            .map_or("", String::as_str);
                        let place = if seen.file == file_index {
                            format!("synonym group {} (\"{name}\")", seen.number)
                        } else {
                            // Named as `path:line:col`, like the problem itself.
                            let first = &self.synonym_files[seen.file];
                            let at =
                                first.diag(seen.offset, Problem::DuplicateSynonym, String::new());
                            format!(
                                "synonym group {} (\"{name}\") of {}:{}:{}",
                                seen.number,
                                at.path.display(),
                                at.line,
                                at.col
                            )
                        };
                        self.errors.push(file.diag(
                            term.span().start,
                            Problem::DuplicateSynonym,
                            format!(
                                "\"{}\" is already in {place}; a term may belong to one group only, in the shared synonyms.toml and every source's together",
                                term.get_ref(),
                            ),
                        ));
                    }
                    continue;
                }
                self.synonym_terms.insert(
                    key,
                    SeenTerm {
                        group: this,
                        number: index + 1,
                        file: file_index,
                        offset: term.span().start,
                    },
                );
                terms.push(term.into_inner());
            }
            // Groups that lost all their terms are dropped once every file is read, so the
            // indexes kept in `synonym_terms` stay valid until then.
            self.base.synonyms.push(SynonymGroup { terms });
            self.base.synonym_sources.push(owner);
        }
        self.synonym_files.push(file.clone());
    }

    fn drop_empty_synonym_groups(&mut self) {
        let groups = std::mem::take(&mut self.base.synonyms);
        let owners = std::mem::take(&mut self.base.synonym_sources);
        for (group, owner) in groups.into_iter().zip(owners) {
            if !group.terms.is_empty() {
                self.base.synonyms.push(group);
                self.base.synonym_sources.push(owner);
            }
        }
    }

    /// Adds a parsed source in folder order, reporting its problems as a sequential load
    /// would: those found before the duplicate-id check, that check, then the rest.
    fn merge(&mut self, parsed: ParsedSource) -> Option<Pending> {
        self.errors.extend(parsed.early);
        let mut duplicate = false;
        if let Some((meta_file, id)) = &parsed.id_check {
            if self.base.sources.iter().any(|s| s.id == *id.get_ref()) {
                self.errors.push(meta_file.diag(
                    id.span().start,
                    Problem::DuplicateId,
                    format!("duplicate source id \"{}\"", id.get_ref()),
                ));
                duplicate = true;
            }
        }
        self.errors.extend(parsed.late);
        self.warnings.extend(parsed.warnings);
        let (source, pending) = parsed.loaded.filter(|_| !duplicate)?;
        self.base.sources.push(source);
        Some(pending)
    }

    fn topics(&mut self, file: &File, source: usize, topics: &[RawTopic]) {
        for topic in topics {
            let id = topic.id.get_ref();
            if !is_id(id) {
                self.errors.push(file.diag(
                    topic.id.span().start,
                    Problem::BadId,
                    format!("topic id \"{id}\" must be lowercase letters, digits and '-'"),
                ));
            } else if self.topic_ids.contains_key(id) {
                self.errors.push(file.diag(
                    topic.id.span().start,
                    Problem::DuplicateId,
                    format!("duplicate topic id \"{id}\""),
                ));
            } else {
                self.topic_ids.insert(id.clone(), self.base.topics.len());
                self.base.topics.push(Topic {
                    id: id.clone(),
                    title: topic.title.clone(),
                    description: topic.description.clone(),
                    source,
                });
            }
        }
    }

    fn facts(
        &mut self,
        file: &File,
        source: usize,
        facts: Vec<RawFact>,
        cited: &[bool],
        own_topics: &[&str],
    ) {
        for (raw, &cited) in facts.into_iter().zip(cited) {
            let before = self.errors.len();
            let id = raw.id.get_ref().clone();
            if !is_id(&id) {
                self.errors.push(file.diag(
                    raw.id.span().start,
                    Problem::BadId,
                    format!("fact id \"{id}\" must be lowercase letters, digits and '-'"),
                ));
            } else if self.fact_ids.contains_key(&id) {
                self.errors.push(file.diag(
                    raw.id.span().start,
                    Problem::DuplicateId,
                    format!("duplicate fact id \"{id}\"; give each fact its own id"),
                ));
            }
            // A draft may have no question form yet: the matcher reads its sentence, and
            // `draft` writes no form rather than a garbled one. A reviewed fact needs forms.
            if !raw.draft && raw.questions.get_ref().iter().all(|q| q.trim().is_empty()) {
                self.errors.push(file.diag(
                    raw.questions.span().start,
                    Problem::Empty,
                    format!("fact \"{id}\" has no questions; add the ways people would ask for it"),
                ));
            }
            if raw.answer.get_ref().trim().is_empty() {
                self.errors.push(file.diag(
                    raw.answer.span().start,
                    Problem::Empty,
                    format!("fact \"{id}\" has an empty answer"),
                ));
            }
            let text = &self.base.sources[source].text;
            let sentence = raw.sentence.get_ref();
            if sentence.trim().is_empty() {
                self.errors.push(file.diag(
                    raw.sentence.span().start,
                    Problem::Empty,
                    format!("fact \"{id}\" has an empty sentence"),
                ));
            } else if !cited {
                let message = citation_mismatch(sentence, text);
                self.errors.push(file.diag(
                    raw.sentence.span().start,
                    Problem::CitationNotFound,
                    format!("fact \"{id}\": {message}"),
                ));
            }
            let mut topics = Vec::new();
            for topic in &raw.topics {
                match self.topic_ids.get(topic.get_ref()).copied() {
                    Some(i) => topics.push(i),
                    None => self.unknown_topic(file, topic, own_topics),
                }
            }
            let when = raw
                .when
                .as_ref()
                .and_then(|w| date(file, w, &format!("fact \"{id}\": when"), &mut self.errors));
            if self.errors.len() != before {
                continue;
            }
            let mut kinds = raw.kinds;
            if kinds.is_empty() {
                kinds = vec![QuestionKind::Thing, QuestionKind::Confirm];
            }
            self.fact_ids.insert(id.clone(), self.base.facts.len());
            self.base.facts.push(Fact {
                id,
                source,
                answer: raw.answer.into_inner().trim().to_string(),
                sentence: raw.sentence.into_inner(),
                questions: raw
                    .questions
                    .into_inner()
                    .into_iter()
                    .filter(|q| !q.trim().is_empty())
                    .collect(),
                topics,
                kinds,
                when,
                truncated: raw.truncated,
                draft: raw.draft,
            });
        }
    }

    /// A fact's topic that no source declares. Facts may use topics other sources declare
    /// (`factbot draft` reuses them), so removing one article can leave another's facts
    /// naming a topic that is gone: a topic only groups facts for `/summary`, so the fact
    /// loads without it and `check` warns, rather than one removal breaking the whole base.
    /// A near miss of a topic declared in the same file, though, is a typo no removal can
    /// cause, and stays an error.
    fn unknown_topic(&mut self, file: &File, topic: &Spanned<String>, own_topics: &[&str]) {
        let id = topic.get_ref();
        if let Some(meant) = own_topics.iter().find(|t| is_near(id, t)) {
            self.errors.push(file.diag(
                topic.span().start,
                Problem::UnknownTopic,
                format!("unknown topic \"{id}\"; did you mean \"{meant}\", declared in this file? Fix the id, or declare \"{id}\" as a [[topic]]"),
            ));
            return;
        }
        let hint = self
            .base
            .topics
            .iter()
            .find(|t| is_near(id, &t.id))
            .map_or(String::new(), |t| format!(" (did you mean \"{}\"?)", t.id));
        self.warnings.push(file.diag(
            topic.span().start,
            Problem::UnknownTopic,
            format!("no source declares topic \"{id}\"{hint}; the fact loads without it. If the source declaring it was removed, take the id out of `topics`; otherwise declare it as a [[topic]] or fix the id"),
        ));
    }

    fn summary(&mut self, file: &File, source: usize, summary: RawSummary) {
        for bullet in summary.bullets {
            match self.fact_ids.get(bullet.fact.get_ref()).copied() {
                Some(fact) => self.base.sources[source].summary.push(SummaryBullet {
                    text: bullet.text.into_inner(),
                    fact,
                }),
                None => self.errors.push(file.diag(
                    bullet.fact.span().start,
                    Problem::UnknownFact,
                    format!(
                        "summary bullet cites unknown fact \"{}\"",
                        bullet.fact.get_ref()
                    ),
                )),
            }
        }
    }

    /// Newsworthy sentences no fact cites, and facts citing part of a sentence.
    fn coverage_warnings(&mut self, pending: &[Pending]) {
        let mut by_source: Vec<Vec<&Fact>> = vec![Vec::new(); self.base.sources.len()];
        for fact in &self.base.facts {
            by_source[fact.source].push(fact);
        }
        for (index, source) in self.base.sources.iter().enumerate() {
            let Some(file) = &pending[index].facts_file else {
                continue;
            };
            let cited: FxHashSet<&str> = by_source[index]
                .iter()
                .map(|f| f.sentence.as_str())
                .collect();
            let path = source.dir.join("article.txt");
            // Splitting is most of the cost here: once per source serves both checks.
            let newsworthy = source.newsworthy_sentences();
            for &sentence in &newsworthy {
                if !cited.contains(sentence) {
                    let offset = source.text.find(sentence).unwrap_or(0);
                    self.warnings.push(Diagnostic::at(
                        &path,
                        &source.text,
                        offset,
                        Problem::CitationNotFound,
                        format!(
                            "no fact cites this sentence: \"{}\"",
                            ellipsize(sentence, 80)
                        ),
                    ));
                }
            }
            let whole: FxHashSet<&str> = newsworthy.into_iter().collect();
            for fact in &by_source[index] {
                if !whole.contains(fact.sentence.as_str()) {
                    let offset = file.text.find(&fact.sentence).unwrap_or(0);
                    self.warnings.push(file.diag(
                        offset,
                        Problem::CitationNotFound,
                        format!("fact \"{}\" cites part of a sentence (or several); cite whole sentences", fact.id),
                    ));
                }
            }
        }
    }
}

/// One source folder read and parsed on its own, so folders can be parsed in parallel; the
/// checks against other sources wait for [`Loader::merge`].
#[derive(Default)]
struct ParsedSource {
    /// Problems found before the duplicate source id check, and after it.
    early: Vec<Diagnostic>,
    late: Vec<Diagnostic>,
    /// What deserves a look but does not stop the source loading.
    warnings: Vec<Diagnostic>,
    /// The metadata file and id, for that check; `None` when the metadata did not parse.
    id_check: Option<(File, Spanned<String>)>,
    loaded: Option<(Source, Pending)>,
}

impl ParsedSource {
    fn new(dir: &Path) -> ParsedSource {
        let mut parsed = ParsedSource::default();
        parsed.loaded = parsed.fill(dir);
        parsed
    }

    fn fill(&mut self, dir: &Path) -> Option<(Source, Pending)> {
        let meta_file = read(&dir.join("source.toml"), &mut self.early)?;
        let raw: RawSource = parse(&meta_file, &mut self.early)?;
        let folder = dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let mut ok = true;
        let id = raw.id.get_ref();
        // Say which of the two is wrong: a copied folder ("x.bak") keeps a good id, and
        // telling its curator to fix the id would send them to the wrong file.
        let message = if !is_id(id) {
            Some(format!(
                "source id \"{id}\" must be lowercase letters, digits and '-', and equal its folder name \"{folder}\""
            ))
        } else if *id == folder {
            None
        } else if !is_id(&folder) {
            Some(format!(
                "the folder name \"{folder}\" is not a source id (lowercase letters, digits and '-'): rename the folder to \"{id}\", the id in this file, or move it out of sources/ if it is a copy"
            ))
        } else {
            Some(format!(
                "source id \"{id}\" does not equal its folder name \"{folder}\": rename the folder or change the id so they match"
            ))
        };
        if let Some(message) = message {
            self.early
                .push(meta_file.diag(raw.id.span().start, Problem::BadId, message));
            ok = false;
        } else {
            // Only a source whose folder and id agree can clash with another by id; a
            // mismatched one is already reported, and "duplicate" would only blur that.
            self.id_check = Some((meta_file.clone(), raw.id.clone()));
        }
        let published = date(&meta_file, &raw.published, "published date", &mut self.late);
        if let Some(day) = published {
            if is_far_future(day, chrono::Local::now().date_naive()) {
                self.warnings.push(meta_file.diag(
                    raw.published.span().start,
                    Problem::BadDate,
                    format!("published date {day} is more than a year from today; check the year (relative dates in the article are read from it)"),
                ));
            }
        }
        let text_name = raw
            .text
            .as_ref()
            .map_or("article.txt", |t| t.get_ref().as_str());
        let text_file = read(&dir.join(text_name), &mut self.late)?;
        for line in &raw.not_news {
            if !text_file
                .text
                .lines()
                .any(|l| l.trim() == line.get_ref().trim())
            {
                self.late.push(meta_file.diag(
                    line.span().start,
                    Problem::CitationNotFound,
                    format!(
                        "not_news line not found as a whole line of {}",
                        text_file.path.display()
                    ),
                ));
                ok = false;
            }
        }
        let facts_path = dir.join("facts.toml");
        let (facts_file, facts) = if facts_path.exists() {
            let file = read(&facts_path, &mut self.late)?;
            let facts = parse::<RawFacts>(&file, &mut self.late)?;
            (Some(file), facts)
        } else {
            // Every source needs facts, but this stays a warning: a folder of metadata and
            // text alone has always loaded (tests build such sources), so refusing it
            // outright is the maintainers' call.
            self.warnings.push(Diagnostic::file(
                &facts_path,
                Problem::MissingFile,
                "facts.toml is missing: every source needs its facts; run `factbot draft` to make one (the source loads with no facts until then)".into(),
            ));
            (None, RawFacts::default())
        };
        let synonyms_path = dir.join("synonyms.toml");
        let synonyms = if synonyms_path.exists() {
            let file = read(&synonyms_path, &mut self.late)?;
            let raw = parse::<RawSynonyms>(&file, &mut self.late)?;
            Some((file, raw))
        } else {
            None
        };
        let published = published?;
        if !ok {
            return None;
        }
        let cited = facts
            .fact
            .iter()
            .map(|f| {
                memmem::find(text_file.text.as_bytes(), f.sentence.get_ref().as_bytes()).is_some()
            })
            .collect();
        let source = Source {
            id: raw.id.into_inner(),
            title: raw.title,
            publisher: raw.publisher,
            published,
            dateline: raw.dateline,
            authors: raw.authors,
            contributors: raw.contributors,
            text: text_file.text,
            not_news: raw.not_news.into_iter().map(Spanned::into_inner).collect(),
            summary: Vec::new(),
            dir: dir.to_path_buf(),
        };
        Some((
            source,
            Pending {
                facts_file,
                facts,
                synonyms,
                cited,
            },
        ))
    }
}

/// Parses source folders on all cores (parsing is most of a large base's load time), in
/// `dirs` order whatever the scheduling.
fn parse_sources(dirs: &[PathBuf]) -> Vec<ParsedSource> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(dirs.len());
    if threads <= 1 {
        return dirs.iter().map(|d| ParsedSource::new(d)).collect();
    }
    // Folders are handed out one at a time: sources differ a lot in size.
    let next = AtomicUsize::new(0);
    let mut parsed: Vec<(usize, ParsedSource)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(dir) = dirs.get(i) else { break };
                        done.push((i, ParsedSource::new(dir)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    parsed.sort_unstable_by_key(|&(i, _)| i);
    parsed.into_iter().map(|(_, p)| p).collect()
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Whether a topic id looks like a typo of another: a letter or two off (one for short ids,
/// where two would make most ids alike), or the same but for case.
fn is_near(typed: &str, declared: &str) -> bool {
    let allowed = if declared.chars().count() <= 4 { 1 } else { 2 };
    typed != declared
        && (typed.eq_ignore_ascii_case(declared)
            || strsim::osa_distance(typed, declared) <= allowed)
}

fn ellipsize(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// Says where a citation stops matching its source, so curators can fix it at a glance.
fn citation_mismatch(sentence: &str, text: &str) -> String {
    let mut best = (0, 0); // (matched bytes, start in text)
    for (start, _) in text.char_indices() {
        let matched = sentence
            .char_indices()
            .zip(text[start..].chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        if matched > best.0 {
            best = (matched, start);
        }
    }
    if best.0 < 8 {
        return "sentence not found verbatim in the source text; copy it exactly from the article"
            .into();
    }
    let fact_rest: String = sentence[best.0..].chars().take(20).collect();
    let text_rest: String = text[best.1 + best.0..].chars().take(20).collect();
    format!(
        "sentence not found verbatim in the source text: it matches up to \"{}\", then the fact has \"{fact_rest}\" where the article has \"{text_rest}\"; copy it exactly (curly quotes included)",
        ellipsize(&sentence[..best.0], 60)
    )
}
