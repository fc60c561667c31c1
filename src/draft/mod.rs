//! `factbot draft`: a new source from an article's raw text, with one draft fact per
//! newsworthy sentence (answer, question forms, kinds, topics, resolved dates), written so
//! that `factbot check` accepts it as it is and curators only review.

mod attribution;
mod boilerplate;
pub mod dates;
mod grammar;
pub mod questions;
pub mod text;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use boilerplate::{is_heading, is_not_news};

use crate::knowledge::sentences::is_complete;
use crate::knowledge::QuestionKind;
use crate::text::tokens::{is_function_word, tokens};
use text::slug;

/// What the curator says about the article on the command line.
#[derive(Debug, Clone)]
pub struct Meta {
    pub id: String,
    pub publisher: String,
    pub published: NaiveDate,
    pub title: Option<String>,
    pub authors: Vec<String>,
}

/// One drafted fact.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftFact {
    pub id: String,
    pub answer: String,
    /// Verbatim from the article.
    pub sentence: String,
    pub questions: Vec<String>,
    pub topics: Vec<String>,
    pub kinds: Vec<QuestionKind>,
    pub when: Option<NaiveDate>,
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DraftTopic {
    pub id: String,
    pub title: String,
    pub description: String,
}

/// A drafted source: metadata, the lines dropped as not news, topics and facts.
#[derive(Debug, Clone)]
pub struct Draft {
    pub meta: Meta,
    pub title: String,
    pub dateline: Option<String>,
    pub not_news: Vec<String>,
    /// Section headings of the article ("UP NEXT"): sentences of its split, but no facts.
    pub headings: Vec<String>,
    /// Topics this source declares (new ones); facts may also use `reused_topics`.
    pub topics: Vec<DraftTopic>,
    pub reused_topics: Vec<String>,
    pub facts: Vec<DraftFact>,
    /// Where [`write`] set aside the source this draft replaced (`--force`), if any.
    pub replaced: Option<PathBuf>,
}

/// An article's text split into sentences, with the lines that are not news set apart.
#[derive(Debug, Clone, Default)]
pub struct Split<'a> {
    /// The sentences of every line that is not boilerplate, in order; headings included.
    pub sentences: Vec<&'a str>,
    /// Whether each of `sentences` comes from a section heading.
    pub in_heading: Vec<bool>,
    /// The section heading lines, trimmed, each once.
    pub headings: Vec<&'a str>,
    /// Boilerplate lines, trimmed, each once.
    pub not_news: Vec<String>,
}

impl<'a> Split<'a> {
    /// The sentences that carry news: all but the headings'.
    pub fn news(&self) -> Vec<&'a str> {
        self.sentences
            .iter()
            .zip(&self.in_heading)
            .filter(|(_, &heading)| !heading)
            .map(|(s, _)| *s)
            .collect()
    }
}

/// Splits an article: every line that is not boilerplate into sentences, headings marked.
pub fn newsworthy(text: &str) -> Split<'_> {
    let mut split = Split::default();
    for line in text.lines() {
        let trimmed = line.trim();
        if is_not_news(line) {
            if !split.not_news.iter().any(|n| n == trimmed) {
                split.not_news.push(trimmed.to_string());
            }
            continue;
        }
        let heading = is_heading(line);
        if heading && !split.headings.contains(&trimmed) {
            split.headings.push(trimmed);
        }
        for sentence in crate::knowledge::sentences::split(line) {
            split.sentences.push(sentence);
            split.in_heading.push(heading);
        }
    }
    split
}

/// "WASHINGTON — The ..." -> Some(("WASHINGTON", "The ...")); Reuters' "NEW YORK (Reuters) -
/// Oil ..." too, where a plain hyphen counts only after the agency's name (elsewhere it
/// joins words: "US - China talks").
fn dateline(sentence: &str) -> Option<(&str, &str)> {
    // The agency's hyphen first: "LONDON (Reuters) - Britain’s economy — hit by strikes —"
    // has its dateline before the hyphen, not before the first dash.
    for dash in [" - ", " — ", " – ", " -- "] {
        if let Some((head, rest)) = sentence.split_once(dash) {
            if dash == " - " && !head.ends_with("(Reuters)") && !head.ends_with("(AP)") {
                continue;
            }
            let head_clean = head.replace("(AP)", "").replace("(Reuters)", "");
            let head_clean = head_clean.trim().trim_end_matches(',');
            let words = head_clean.split_whitespace().count();
            let first_upper = head_clean
                .split([' ', ','])
                .next()
                .is_some_and(|w| w.len() > 1 && w.chars().all(|c| !c.is_lowercase()));
            if (1..=5).contains(&words) && first_upper && !rest.is_empty() {
                return Some((head.trim(), rest));
            }
        }
    }
    None
}

/// The answer for a sentence: dateline dropped, pronoun attribution ("..., he said.")
/// trimmed, stray quote spaces closed, relative dates made absolute.
fn answer(sentence: &str, published: NaiveDate) -> String {
    let mut s = dateline(sentence)
        .map_or(sentence, |(_, rest)| rest)
        .to_string();
    for pronoun in ["he", "she", "they", "it"] {
        for verb in ["said", "says", "added"] {
            let tail = format!(", {pronoun} {verb}.");
            if let Some(body) = s.strip_suffix(&tail) {
                s = format!("{body}.");
            }
        }
    }
    s = s.replace("“ ", "“").replace(" ”", "”");
    let mentions = dates::find(&s, published);
    let mut s = dates::absolute(&s, &mentions);
    if let Some(first) = s.chars().next() {
        if first.is_lowercase() {
            s = first.to_uppercase().chain(s.chars().skip(1)).collect();
        }
    }
    if !is_complete(&s) {
        s.push_str(" …");
    }
    s
}

/// Key terms of a sentence: capitalized names (runs of capitalized words not opening the
/// sentence, or of two or more words anywhere), without dates and function words.
fn names(sentence: &str) -> Vec<String> {
    let toks = tokens(sentence);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let l = t.lower();
        let l = l.trim_end_matches('.');
        if t.capitalized()
            && !is_function_word(l)
            && !crate::knowledge::is_calendar_word(l)
            && !t.is_number()
        {
            let mut e = i + 1;
            while e < toks.len()
                && toks[e].capitalized()
                && !crate::knowledge::is_calendar_word(toks[e].lower().trim_end_matches('.'))
                && sentence[toks[e - 1].end..toks[e].start].trim().is_empty()
            {
                e += 1;
            }
            if i > 0 || e - i >= 2 {
                let name = sentence[t.start..toks[e - 1].end]
                    .trim_end_matches(['’', '\''])
                    .trim_end_matches("’s")
                    .trim_end_matches("'s");
                let name = name.strip_suffix("’s").unwrap_or(name);
                out.push(name.to_string());
            }
            i = e;
        } else {
            i += 1;
        }
    }
    out
}

/// What `draft` reads from the knowledge directory it writes into.
#[derive(Debug, Clone, Default)]
pub struct Existing {
    /// Topic ids other sources declare: facts reuse them instead of declaring them again.
    pub topics: HashSet<String>,
    /// Synonym groups: names in one group make one topic ("Iraqi", "Baghdad" -> "Iraq").
    pub synonyms: Vec<Vec<String>>,
}

impl Existing {
    /// Topic key and title of each synonym term's slug: its group's first term.
    fn topic_index(&self) -> HashMap<String, (String, String)> {
        let mut index = HashMap::new();
        for group in &self.synonyms {
            let Some(first) = group.first() else { continue };
            let entry = (slug(first), first.clone());
            for term in group {
                index.entry(slug(term)).or_insert_with(|| entry.clone());
            }
        }
        index
    }
}

/// The topic key and title for a name: its synonym group's first term, or itself.
fn topic_of(index: &HashMap<String, (String, String)>, name: &str) -> (String, String) {
    let key = slug(name);
    match index.get(&key) {
        Some(found) => found.clone(),
        None => (key, name.to_string()),
    }
}

/// Drafts a source from its raw text, reusing what the knowledge directory already has.
pub fn draft(text: &str, meta: &Meta, existing: &Existing) -> Draft {
    let split = newsworthy(text);
    let sentences = split.news();
    let topic_index = existing.topic_index();
    let dateline_text = sentences.first().and_then(|s| dateline(s)).map(|(d, _)| {
        d.replace("(AP)", "")
            .trim()
            .trim_end_matches(',')
            .to_string()
    });

    // Topics: the names found in two or more sentences, most frequent first (at most 8).
    let sentence_names: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| {
            let body = dateline(s).map_or(*s, |(_, rest)| rest);
            let mut n: Vec<String> = names(body)
                .into_iter()
                .filter(|n| slug(n).len() >= 2)
                .collect();
            n.dedup_by_key(|x| slug(x));
            n
        })
        .collect();
    let mut df: HashMap<String, (usize, usize, String)> = HashMap::new();
    for (i, ns) in sentence_names.iter().enumerate() {
        let mut seen = HashSet::new();
        for n in ns {
            let (key, title) = topic_of(&topic_index, n);
            if seen.insert(key.clone()) {
                let e = df.entry(key).or_insert((0, i, title));
                e.0 += 1;
            }
        }
    }
    let mut ranked: Vec<(String, usize, usize, String)> = df
        .into_iter()
        .filter(|(_, (count, _, _))| *count >= 2)
        .map(|(k, (c, first, title))| (k, c, first, title))
        .collect();
    // Names as common, first met in the same sentence, go by key: the map's order changes
    // from run to run, and a draft must not.
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)).then(a.0.cmp(&b.0)));
    ranked.truncate(8);
    let mut topics = Vec::new();
    let mut reused = Vec::new();
    for (key, _, _, title) in &ranked {
        if existing.topics.contains(key) {
            reused.push(key.clone());
        } else {
            topics.push(DraftTopic {
                id: key.clone(),
                title: title.clone(),
                description: format!(
                    "Drafted from {}: the sentences that mention {title}.",
                    meta.id
                ),
            });
        }
    }
    let topic_keys: HashSet<&str> = ranked.iter().map(|r| r.0.as_str()).collect();

    let mut facts = Vec::new();
    let mut seen_sentences = HashSet::new();
    let mut ids = HashSet::new();
    let mut last_speaker: Option<String> = None;
    let mut ctx = questions::Context::of_article(&sentences);
    for (n, sentence) in sentences.iter().enumerate() {
        if !seen_sentences.insert(*sentence) {
            continue;
        }
        let body = dateline(sentence).map_or(*sentence, |(_, rest)| rest);
        let mentions = dates::find(body, meta.published);
        ctx.speaker = last_speaker.take();
        let generated = questions::generate(body, &mentions, &ctx);
        last_speaker = generated.speaker.clone();
        ctx.previous_name = questions::lead_name(body, &ctx);
        let mut fact_topics: Vec<String> = Vec::new();
        for name in &sentence_names[n] {
            let (key, _) = topic_of(&topic_index, name);
            if topic_keys.contains(key.as_str()) && !fact_topics.contains(&key) {
                fact_topics.push(key);
            }
        }
        let label: Vec<String> = sentence_names[n]
            .first()
            .map(|x| vec![slug(x)])
            .unwrap_or_else(|| {
                tokens(body)
                    .iter()
                    .map(|t| t.lower())
                    .filter(|w| !is_function_word(w) && w.chars().all(char::is_alphanumeric))
                    .take(2)
                    .collect()
            });
        let label: String = slug(&label.join(" ")).chars().take(32).collect();
        let label = label.trim_end_matches('-');
        let mut id = format!("{}-{:02}", meta.id, n + 1);
        if !label.is_empty() {
            id = format!("{id}-{label}");
        }
        while !ids.insert(id.clone()) {
            id.push('x');
        }
        facts.push(DraftFact {
            id,
            answer: answer(sentence, meta.published),
            sentence: sentence.to_string(),
            questions: generated.questions,
            topics: fact_topics,
            kinds: generated.kinds,
            when: mentions.first().map(|m| m.date),
            truncated: !is_complete(sentence),
        });
    }
    let title = meta.title.clone().unwrap_or_else(|| {
        let first = sentences
            .first()
            .map(|s| dateline(s).map_or(*s, |(_, rest)| rest))
            .unwrap_or(meta.id.as_str());
        let words: Vec<&str> = first.split_whitespace().collect();
        let title = words[..words.len().min(12)].join(" ");
        let title = title.trim_end_matches(['.', ',']);
        // Cut mid-phrase, it says so: it is every citation's title until an admin sets one.
        if words.len() > 12 {
            format!("{title} …")
        } else {
            title.to_string()
        }
    });
    Draft {
        meta: meta.clone(),
        title,
        dateline: dateline_text,
        not_news: split.not_news,
        headings: split.headings.iter().map(|h| h.to_string()).collect(),
        topics,
        reused_topics: reused,
        facts,
        replaced: None,
    }
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quote(i)).collect();
    format!("[{}]", quoted.join(", "))
}

impl Draft {
    /// `source.toml` for the drafted source.
    pub fn source_toml(&self) -> String {
        let mut out = String::from(
            "# Metadata of one source, written by `factbot draft`. The article text sits beside it.\n",
        );
        let _ = writeln!(out, "id = {}", quote(&self.meta.id));
        let _ = writeln!(out, "title = {}", quote(&self.title));
        let _ = writeln!(out, "publisher = {}", quote(&self.meta.publisher));
        let _ = writeln!(
            out,
            "published = \"{}\"",
            self.meta.published.format("%Y-%m-%d")
        );
        if let Some(d) = &self.dateline {
            let _ = writeln!(out, "dateline = {}", quote(d));
        }
        if !self.meta.authors.is_empty() {
            let _ = writeln!(out, "authors = {}", list(&self.meta.authors));
        }
        out.push_str("text = \"article.txt\"\n");
        out.push_str(
            "\n# Lines of the text drafted as not news (bylines, boilerplate); check them.\n",
        );
        out.push_str("not_news = [\n");
        for line in &self.not_news {
            let _ = writeln!(out, "  {},", quote(line));
        }
        if !self.headings.is_empty() {
            out.push_str("  # Section headings: part of the text, but no facts.\n");
            for line in &self.headings {
                let _ = writeln!(out, "  {},", quote(line));
            }
        }
        out.push_str("]\n");
        out
    }

    /// `facts.toml` for the drafted source: topics, then one draft fact per sentence.
    pub fn facts_toml(&self) -> String {
        let mut out = format!(
            "# Drafted by `factbot draft` from {} ({} facts). Every fact has `draft = true`:\n\
             # review its answer, questions, kinds and topics, then set `draft = false`.\n\
             # Topics declared by other sources and used here: {}.\n",
            self.meta.id,
            self.facts.len(),
            if self.reused_topics.is_empty() {
                "none".to_string()
            } else {
                self.reused_topics.join(", ")
            }
        );
        for t in &self.topics {
            out.push_str("\n[[topic]]\n");
            let _ = writeln!(out, "id = {}", quote(&t.id));
            let _ = writeln!(out, "title = {}", quote(&t.title));
            let _ = writeln!(out, "description = {}", quote(&t.description));
        }
        for f in &self.facts {
            out.push_str("\n[[fact]]\n");
            let _ = writeln!(out, "id = {}", quote(&f.id));
            let _ = writeln!(out, "answer = {}", quote(&f.answer));
            let _ = writeln!(out, "sentence = {}", quote(&f.sentence));
            out.push_str("questions = [\n");
            for q in &f.questions {
                let _ = writeln!(out, "  {},", quote(q));
            }
            out.push_str("]\n");
            let _ = writeln!(out, "topics = {}", list(&f.topics));
            let kinds: Vec<String> = f.kinds.iter().map(|k| k.as_str().to_string()).collect();
            let _ = writeln!(out, "kinds = {}", list(&kinds));
            if let Some(w) = f.when {
                let _ = writeln!(out, "when = \"{}\"", w.format("%Y-%m-%d"));
            }
            if f.truncated {
                out.push_str("truncated = true\n");
            }
            out.push_str("draft = true\n");
        }
        out
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("source id \"{0}\" must be lowercase letters, digits and '-'")]
    BadId(String),
    #[error("{0} already exists; pass --force to replace it")]
    Exists(PathBuf),
    #[error(
        "{path} holds {count} reviewed fact(s) (draft = false); a draft never replaces reviewed \
         facts: move the folder out of sources/ first if you mean to start again"
    )]
    Reviewed { path: PathBuf, count: usize },
    #[error(
        "{0} cannot be read to see whether it holds reviewed facts; fix it or move the folder \
         out of sources/ first"
    )]
    Unreadable(PathBuf),
    #[error(
        "knowledge directory {0} does not exist (pass --knowledge DIR, or create the folder to \
         start a new base)"
    )]
    NoBase(PathBuf),
    #[error("this article is already the source \"{0}\"")]
    Duplicate(String),
    #[error("the article is empty: no newsworthy sentence to draft")]
    Empty,
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> DraftError + '_ {
    move |source| DraftError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Topic ids declared in the other sources of a knowledge directory (read leniently: a broken
/// file there is `check`'s business, not the draft's).
pub fn existing_topics(dir: &Path, except: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let Ok(entries) = fs::read_dir(dir.join("sources")) else {
        return out;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy() == except {
            continue;
        }
        let Ok(text) = fs::read_to_string(entry.path().join("facts.toml")) else {
            continue;
        };
        let Ok(value) = text.parse::<toml::Table>() else {
            continue;
        };
        if let Some(topics) = value.get("topic").and_then(|t| t.as_array()) {
            for t in topics {
                if let Some(id) = t.get("id").and_then(|i| i.as_str()) {
                    out.insert(id.to_string());
                }
            }
        }
    }
    out
}

/// The synonym groups of a knowledge directory, as the loader merges them: the shared
/// `synonyms.toml`, then each source's own `sources/<id>/synonyms.toml` in folder order (read
/// leniently, like the topics).
pub fn synonyms(dir: &Path) -> Vec<Vec<String>> {
    let mut groups = synonyms_file(&dir.join("synonyms.toml"));
    if let Ok(entries) = fs::read_dir(dir.join("sources")) {
        let mut folders: Vec<_> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        folders.sort();
        for folder in folders {
            groups.extend(synonyms_file(&folder.join("synonyms.toml")));
        }
    }
    groups
}

/// The groups of one synonyms file; none when it is missing or does not parse.
fn synonyms_file(path: &Path) -> Vec<Vec<String>> {
    let Ok(text) = fs::read_to_string(path) else {
        return Vec::new();
    };
    let Ok(value) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    value
        .get("group")
        .and_then(|g| g.as_array())
        .map(|groups| {
            groups
                .iter()
                .filter_map(|g| g.get("terms")?.as_array())
                .map(|terms| {
                    terms
                        .iter()
                        .filter_map(|t| t.as_str().map(String::from))
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Drafts `text` into `dir/sources/<id>/` (source.toml, article.txt verbatim, facts.toml).
/// Refuses to replace an existing source unless `force`, and even then one holding reviewed
/// facts; a replaced source is set aside (see [`Draft::replaced`]), not deleted.
pub fn write(dir: &Path, text: &str, meta: &Meta, force: bool) -> Result<Draft, DraftError> {
    let valid = !meta.id.is_empty()
        && meta
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        return Err(DraftError::BadId(meta.id.clone()));
    }
    if !dir.is_dir() {
        return Err(DraftError::NoBase(dir.to_path_buf()));
    }
    // A byte-order mark is no part of the text: it would stick to the dateline.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(id) = same_article(dir, text, &meta.id) {
        return Err(DraftError::Duplicate(id));
    }
    let target = dir.join("sources").join(&meta.id);
    if target.exists() {
        if !force {
            return Err(DraftError::Exists(target));
        }
        let count = reviewed_facts(&target)?;
        if count > 0 {
            return Err(DraftError::Reviewed {
                path: target,
                count,
            });
        }
    }
    let existing = Existing {
        topics: existing_topics(dir, &meta.id),
        synonyms: synonyms(dir),
    };
    let mut draft = draft(text, meta, &existing);
    if draft.facts.is_empty() {
        return Err(DraftError::Empty);
    }
    if target.exists() {
        draft.replaced = Some(set_aside(dir, &target, &meta.id)?);
    }
    fs::create_dir_all(&target).map_err(io(&target))?;
    for (name, content) in [
        ("article.txt", text.to_string()),
        ("source.toml", draft.source_toml()),
        ("facts.toml", draft.facts_toml()),
    ] {
        let path = target.join(name);
        fs::write(&path, content).map_err(io(&path))?;
    }
    Ok(draft)
}

/// The other source whose article is this text, if any (read leniently, as
/// [`existing_topics`] reads).
fn same_article(dir: &Path, text: &str, except: &str) -> Option<String> {
    let entries = fs::read_dir(dir.join("sources")).ok()?;
    entries.flatten().find_map(|entry| {
        let id = entry.file_name().to_string_lossy().into_owned();
        let theirs = fs::read_to_string(entry.path().join("article.txt")).ok()?;
        let theirs = theirs.strip_prefix('\u{feff}').unwrap_or(&theirs);
        (id != except && theirs.trim() == text.trim()).then_some(id)
    })
}

/// How many facts of a source folder are reviewed (`draft = false`, the default); a folder
/// without facts.toml has none.
fn reviewed_facts(source: &Path) -> Result<usize, DraftError> {
    #[derive(serde::Deserialize)]
    struct Facts {
        #[serde(default)]
        fact: Vec<Fact>,
    }
    #[derive(serde::Deserialize)]
    struct Fact {
        #[serde(default)]
        draft: bool,
    }
    let path = source.join("facts.toml");
    if !path.exists() {
        return Ok(0);
    }
    let text = fs::read_to_string(&path).map_err(|_| DraftError::Unreadable(path.clone()))?;
    let facts: Facts = toml::from_str(&text).map_err(|_| DraftError::Unreadable(path))?;
    Ok(facts.fact.iter().filter(|f| !f.draft).count())
}

/// Moves a source folder being replaced to `replaced/<id>-<UTC time>` in the knowledge
/// directory, outside `sources/`: its drafts may hold an admin's edits, and nothing an admin
/// wrote is deleted.
fn set_aside(dir: &Path, source: &Path, id: &str) -> Result<PathBuf, DraftError> {
    let shelf = dir.join("replaced");
    fs::create_dir_all(&shelf).map_err(io(&shelf))?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut to = shelf.join(format!("{id}-{stamp}"));
    let mut n = 1;
    while to.exists() {
        n += 1;
        to = shelf.join(format!("{id}-{stamp}-{n}"));
    }
    fs::rename(source, &to).map_err(io(source))?;
    Ok(to)
}

/// Undoes [`write`]: removes the drafted folder and puts back the one it replaced. For a
/// caller whose check of the base with the draft failed.
pub fn undo(dir: &Path, draft: &Draft) -> Result<(), DraftError> {
    let target = dir.join("sources").join(&draft.meta.id);
    fs::remove_dir_all(&target).map_err(io(&target))?;
    if let Some(old) = &draft.replaced {
        fs::rename(old, &target).map_err(io(old))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_drop_dateline_and_pronoun_attribution_and_resolve_dates() {
        let p = NaiveDate::from_ymd_opt(2024, 1, 25).unwrap();
        assert_eq!(
            answer(
                "WASHINGTON — The talks begin soon, both governments said Thursday.",
                p
            ),
            "The talks begin soon, both governments said Thursday, Jan. 25, 2024."
        );
        assert_eq!(
            answer(
                "The U.S. will keep the “full right of self-defense” during the talks, he said.",
                p
            ),
            "The U.S. will keep the “full right of self-defense” during the talks."
        );
        assert_eq!(
            answer(
                "NEW YORK (Reuters) - Oil prices fell sharply on Tuesday.",
                p
            ),
            "Oil prices fell sharply on Tuesday, Jan. 23, 2024."
        );
        assert_eq!(
            answer("US - China talks resumed.", p),
            "US - China talks resumed."
        );
        assert_eq!(
            answer(
                "LONDON (Reuters) - Britain’s economy — hit by strikes — shrank.",
                p
            ),
            "Britain’s economy — hit by strikes — shrank."
        );
        assert_eq!(
            answer("On Tuesday at the funeral launched", p),
            "On Tuesday, Jan. 23, 2024, at the funeral launched …"
        );
    }

    #[test]
    fn names_are_key_terms() {
        assert_eq!(
            names("Defense Secretary Lloyd Austin said the U.S. and Iraq’s leaders met."),
            vec!["Defense Secretary Lloyd Austin", "U.S.", "Iraq"]
        );
    }
}
