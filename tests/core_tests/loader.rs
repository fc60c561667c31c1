//! The loader rejects every kind of bad knowledge with `path:line:col`, and never loads half.

use crate::support;

use std::fs;
use std::path::Path;

use factbot::knowledge::{load_dir, Problem};

fn problems(dir: &Path) -> Vec<(Problem, String)> {
    match load_dir(dir) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .diagnostics
            .iter()
            .map(|d| (d.problem, d.to_string()))
            .collect(),
    }
}

/// Writes `facts` as the tiny source's facts.toml and returns the problems found.
fn with_facts(facts: &str) -> Vec<(Problem, String)> {
    let (dir, path) = support::tiny_knowledge();
    fs::write(&path, facts).expect("write facts");
    problems(dir.path())
}

fn assert_one(found: &[(Problem, String)], problem: Problem, text: &str) {
    assert!(
        found.iter().any(|(p, m)| *p == problem && m.contains(text)),
        "expected {problem:?} mentioning {text:?}, got {found:#?}"
    );
}

#[test]
fn the_shipped_base_loads_cleanly_and_cites_every_news_sentence() {
    let loaded = load_dir(&support::knowledge_dir()).expect("shipped base loads");
    assert!(
        loaded.warnings.is_empty(),
        "warnings: {:#?}",
        loaded.warnings
    );
    let base = &loaded.base;
    let source = &base.sources[0];
    let sentences = source.newsworthy_sentences();
    assert_eq!(sentences.len(), 29);
    for s in sentences {
        assert!(
            base.facts.iter().any(|f| f.sentence == s),
            "no fact cites: {s}"
        );
    }
    assert!(base
        .facts
        .iter()
        .any(|f| f.truncated && f.sentence.ends_with("launched")));
    assert!(base.synonyms.len() >= 20);
    assert!(!source.summary.is_empty());
}

#[test]
fn tiny_base_loads() {
    let (dir, _) = support::tiny_knowledge();
    let loaded = load_dir(dir.path()).expect("loads");
    assert_eq!(loaded.base.facts.len(), 2);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[test]
fn syntax_error_has_line_and_column() {
    let found = with_facts("[[fact]]\nid = \"x\"\nanswer = \"unterminated\n");
    assert_one(&found, Problem::Syntax, "facts.toml:3:");
}

#[test]
fn unknown_field_is_named() {
    let facts = support::TINY_FACTS.replace(
        "kinds = [\"count\", \"thing\"]",
        "kinds = [\"count\"]\nanswr = \"typo\"",
    );
    assert_one(&with_facts(&facts), Problem::UnknownField, "answr");
}

#[test]
fn missing_field_is_named() {
    let facts =
        support::TINY_FACTS.replace("answer = \"The bridge will cost 4 million dollars.\"\n", "");
    assert_one(&with_facts(&facts), Problem::MissingField, "answer");
}

#[test]
fn duplicate_fact_id() {
    let facts = support::TINY_FACTS.replace("id = \"bridge-cost\"", "id = \"bridge-approved\"");
    let found = with_facts(&facts);
    assert_one(
        &found,
        Problem::DuplicateId,
        "duplicate fact id \"bridge-approved\"",
    );
    // Located at the second id: line 14 of the file.
    assert_one(&found, Problem::DuplicateId, "facts.toml:14:6:");
}

#[test]
fn bad_ids() {
    let facts = support::TINY_FACTS.replace("id = \"bridge-cost\"", "id = \"Bridge Cost\"");
    assert_one(&with_facts(&facts), Problem::BadId, "Bridge Cost");
}

#[test]
fn empty_question_list() {
    let facts = support::TINY_FACTS.replace(
        "questions = [\"How much will the bridge cost?\", \"What is the price of the bridge?\"]",
        "questions = []",
    );
    assert_one(&with_facts(&facts), Problem::Empty, "has no questions");
}

#[test]
fn a_draft_fact_may_have_no_question_forms_yet() {
    let facts = support::TINY_FACTS.replace(
        "questions = [\"How much will the bridge cost?\", \"What is the price of the bridge?\"]",
        "questions = []\ndraft = true",
    );
    assert!(facts.contains("questions = []\ndraft = true"));
    let found = with_facts(&facts);
    assert!(
        !found.iter().any(|(p, _)| *p == Problem::Empty),
        "{found:#?}"
    );
}

#[test]
fn citation_not_in_source_text_says_where_it_differs() {
    let facts = support::TINY_FACTS.replace(
        "sentence = \"It will cost 4 million dollars.\"",
        "sentence = \"It will cost 5 million dollars.\"",
    );
    let found = with_facts(&facts);
    assert_one(&found, Problem::CitationNotFound, "not found verbatim");
    assert_one(&found, Problem::CitationNotFound, "\"5 million");
}

#[test]
fn a_near_miss_of_a_topic_the_same_file_declares_is_an_error() {
    let facts = support::TINY_FACTS.replace(
        "topics = [\"bridge\"]\nkinds = [\"count\"",
        "topics = [\"brige\"]\nkinds = [\"count\"",
    );
    assert_one(
        &with_facts(&facts),
        Problem::UnknownTopic,
        "unknown topic \"brige\"; did you mean \"bridge\"",
    );
}

#[test]
fn a_topic_no_source_declares_is_a_warning_and_the_fact_loads_without_it() {
    let facts = support::TINY_FACTS.replace(
        "topics = [\"bridge\"]\nkinds = [\"count\"",
        "topics = [\"budget\", \"bridge\"]\nkinds = [\"count\"",
    );
    let (dir, path) = support::tiny_knowledge();
    fs::write(&path, facts).expect("write");
    let loaded = load_dir(dir.path()).expect("an unknown topic alone does not stop loading");
    let cost = loaded.base.fact("bridge-cost").expect("the fact stays");
    assert_eq!(cost.topics.len(), 1, "only the declared topic is kept");
    assert_eq!(loaded.warnings.len(), 1, "{:#?}", loaded.warnings);
    let warning = &loaded.warnings[0];
    assert_eq!(warning.problem, Problem::UnknownTopic);
    assert!(
        warning
            .to_string()
            .starts_with(&format!("{}:18:11:", path.display())),
        "{warning}"
    );
    assert!(
        warning
            .message
            .contains("no source declares topic \"budget\""),
        "{warning}"
    );
}

#[test]
fn removing_a_source_whose_topic_another_uses_leaves_the_base_loading() {
    let (dir, _) = support::tiny_knowledge();
    // A second source whose facts use the tiny source's topic, as `factbot draft` writes
    // them when it reuses another source's topics.
    let other = add_source(dir.path(), "other");
    fs::write(
        other.join("facts.toml"),
        "# Topics declared by other sources and used here: bridge.\n\n[[fact]]\nid = \"park-opened\"\nanswer = \"The mayor opened a park.\"\nsentence = \"The mayor opened a park.\"\nquestions = []\ntopics = [\"bridge\"]\ndraft = true\n",
    )
    .expect("write");
    let base = load_dir(dir.path()).expect("loads").base;
    assert_eq!(base.fact("park-opened").expect("fact").topics.len(), 1);

    fs::remove_dir_all(dir.path().join("sources/tiny")).expect("remove the source");
    let loaded = load_dir(dir.path()).expect("the other source still loads");
    assert_eq!(loaded.base.sources.len(), 1);
    let fact = loaded.base.fact("park-opened").expect("its fact stays");
    assert!(fact.topics.is_empty());
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.problem == Problem::UnknownTopic && w.message.contains("topic \"bridge\"")),
        "{:#?}",
        loaded.warnings
    );
}

#[test]
fn summary_citing_unknown_fact() {
    let facts = format!(
        "[summary]\nbullets = [{{ text = \"x\", fact = \"nope\" }}]\n\n{}",
        support::TINY_FACTS
    );
    assert_one(
        &with_facts(&facts),
        Problem::UnknownFact,
        "unknown fact \"nope\"",
    );
}

#[test]
fn bad_dates() {
    let facts = support::TINY_FACTS.replace(
        "kinds = [\"count\", \"thing\"]",
        "kinds = [\"count\", \"thing\"]\nwhen = \"Monday\"",
    );
    assert_one(
        &with_facts(&facts),
        Problem::BadDate,
        "\"Monday\" is not a date",
    );
}

#[test]
fn unknown_question_kind_is_a_syntax_error() {
    let facts =
        support::TINY_FACTS.replace("kinds = [\"count\", \"thing\"]", "kinds = [\"amount\"]");
    assert_one(&with_facts(&facts), Problem::Syntax, "amount");
}

#[test]
fn duplicate_synonym_term() {
    let (dir, _) = support::tiny_knowledge();
    fs::write(
        dir.path().join("synonyms.toml"),
        "[[group]]\nterms = [\"bridge\", \"span\"]\n\n[[group]]\nterms = [\"Span\", \"viaduct\"]\n",
    )
    .expect("write");
    assert_one(
        &problems(dir.path()),
        Problem::DuplicateSynonym,
        "synonyms.toml:5:",
    );
}

#[test]
fn missing_files_and_folders() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_one(&problems(dir.path()), Problem::Io, "sources");
    fs::create_dir_all(dir.path().join("sources")).expect("mkdir");
    assert_one(
        &problems(dir.path()),
        Problem::NoSources,
        "no source folders",
    );
    fs::create_dir_all(dir.path().join("sources/empty")).expect("mkdir");
    assert_one(&problems(dir.path()), Problem::Io, "source.toml");
}

#[test]
fn source_id_must_match_folder() {
    let (dir, _) = support::tiny_knowledge();
    let meta = dir.path().join("sources/tiny/source.toml");
    let text = fs::read_to_string(&meta)
        .expect("read")
        .replace("id = \"tiny\"", "id = \"other\"");
    fs::write(&meta, text).expect("write");
    assert_one(
        &problems(dir.path()),
        Problem::BadId,
        "folder name \"tiny\"",
    );
}

#[test]
fn a_copied_folder_is_named_as_the_problem_not_its_id() {
    let (dir, _) = support::tiny_knowledge();
    support::copy_dir(
        &dir.path().join("sources/tiny"),
        &dir.path().join("sources/tiny.bak"),
    );
    let found = problems(dir.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    let (problem, message) = &found[0];
    assert_eq!(*problem, Problem::BadId);
    assert!(
        message.contains("sources/tiny.bak/source.toml:1:6: the folder name \"tiny.bak\""),
        "{message}"
    );
    assert!(
        message.contains("rename the folder to \"tiny\""),
        "{message}"
    );
    assert!(!message.contains("source id \"tiny\" must be"), "{message}");
}

#[test]
fn a_source_without_facts_toml_is_warned_about() {
    let (dir, path) = support::tiny_knowledge();
    fs::remove_file(&path).expect("remove facts.toml");
    let loaded = load_dir(dir.path()).expect("loads (a warning, for now)");
    assert_eq!(loaded.warnings.len(), 1, "{:#?}", loaded.warnings);
    let warning = loaded.warnings[0].to_string();
    assert_eq!(loaded.warnings[0].problem, Problem::MissingFile);
    assert!(
        warning.starts_with(&format!("{}:1:1: facts.toml is missing", path.display())),
        "{warning}"
    );
    assert!(warning.contains("run `factbot draft`"), "{warning}");
}

/// Sets the tiny source's `published` line (as written, quotes and all).
fn with_published(published: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, _) = support::tiny_knowledge();
    let meta = dir.path().join("sources/tiny/source.toml");
    let text = fs::read_to_string(&meta).expect("read").replace(
        "published = \"2024-02-01\"",
        &format!("published = {published}"),
    );
    fs::write(&meta, text).expect("write");
    (dir, meta)
}

#[test]
fn a_published_date_needs_a_four_digit_year() {
    for short in ["\"24-01-25\"", "\"0024-01-25\""] {
        let (dir, meta) = with_published(short);
        let found = problems(dir.path());
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_one(
            &found,
            Problem::BadDate,
            &format!(
                "{}:4:13: published date {short} must be YYYY-MM-DD with a four-digit year, e.g. 2024-01-25",
                meta.display()
            ),
        );
    }
}

#[test]
fn a_published_date_far_ahead_is_a_warning() {
    let (dir, meta) = with_published("\"2999-02-01\"");
    let loaded = load_dir(dir.path()).expect("a date far ahead still loads");
    assert_eq!(loaded.warnings.len(), 1, "{:#?}", loaded.warnings);
    assert_eq!(loaded.warnings[0].problem, Problem::BadDate);
    assert!(
        loaded.warnings[0].to_string().starts_with(&format!(
            "{}:4:13: published date 2999-02-01 is more than a year",
            meta.display()
        )),
        "{}",
        loaded.warnings[0]
    );
}

#[test]
fn an_unquoted_date_is_read_as_the_date_it_is() {
    let (dir, _) = with_published("2024-02-01");
    let facts = dir.path().join("sources/tiny/facts.toml");
    let text = fs::read_to_string(&facts).expect("read").replace(
        "kinds = [\"count\", \"thing\"]",
        "kinds = [\"count\", \"thing\"]\nwhen = 2024-01-29",
    );
    fs::write(&facts, text).expect("write");
    let loaded = load_dir(dir.path()).expect("an unquoted TOML date loads");
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    assert_eq!(Some(loaded.base.sources[0].published), day(2024, 2, 1));
    let cost = loaded.base.fact("bridge-cost").expect("fact");
    assert_eq!(cost.when, day(2024, 1, 29));

    // A time of day, or a number, is no date: the message says how to write one.
    let (dir, _) = with_published("2024-02-01T10:00:00");
    assert_one(
        &problems(dir.path()),
        Problem::BadDate,
        "published date 2024-02-01T10:00:00 has a time of day; write the day alone, quoted: \"YYYY-MM-DD\"",
    );
    let (dir, _) = with_published("20240201");
    assert_one(
        &problems(dir.path()),
        Problem::BadDate,
        "published date must be a quoted date \"YYYY-MM-DD\"",
    );
}

#[test]
fn a_bad_fact_among_good_ones_loads_nothing_and_reports_everything() {
    let facts = support::TINY_FACTS
        .replace(
            "sentence = \"It will cost 4 million dollars.\"",
            "sentence = \"It costs a lot.\"",
        )
        .replace(
            "topics = [\"bridge\"]\nkinds = [\"thing\"",
            "topics = [\"bridg\"]\nkinds = [\"thing\"",
        );
    let (dir, path) = support::tiny_knowledge();
    fs::write(&path, facts).expect("write");
    let err = load_dir(dir.path()).expect_err("must not load");
    assert_eq!(err.diagnostics.len(), 2, "{err}");
    for d in &err.diagnostics {
        assert!(
            d.to_string().starts_with(&format!("{}:", path.display())),
            "{d}"
        );
    }
}

#[test]
fn uncited_sentences_are_warnings() {
    let facts = support::TINY_FACTS
        .split("[[fact]]\nid = \"bridge-cost\"")
        .next()
        .expect("split")
        .to_string();
    let (dir, path) = support::tiny_knowledge();
    fs::write(&path, facts).expect("write");
    let loaded = load_dir(dir.path()).expect("loads");
    assert_eq!(loaded.warnings.len(), 1);
    assert!(loaded.warnings[0]
        .message
        .contains("It will cost 4 million dollars."));
}

/// A second source beside the tiny one: metadata and text only (facts are optional).
fn add_source(dir: &Path, id: &str) -> std::path::PathBuf {
    let source = dir.join("sources").join(id);
    fs::create_dir_all(&source).expect("mkdir");
    fs::write(
        source.join("source.toml"),
        format!("id = \"{id}\"\ntitle = \"Other news\"\npublisher = \"Test Wire\"\npublished = \"2024-02-02\"\n"),
    )
    .expect("write");
    fs::write(source.join("article.txt"), "The mayor opened a park.\n").expect("write");
    source
}

#[test]
fn a_source_s_own_synonyms_load_with_it() {
    let (dir, _) = support::tiny_knowledge();
    fs::write(
        dir.path().join("synonyms.toml"),
        "[[group]]\nterms = [\"bridge\", \"span\"]\n",
    )
    .expect("write");
    fs::write(
        dir.path().join("sources/tiny/synonyms.toml"),
        "[[group]]\nterms = [\"council\", \"city council\", \"municipality\"]\n",
    )
    .expect("write");
    let base = load_dir(dir.path()).expect("loads").base;
    let names: Vec<&str> = base.synonyms.iter().map(|g| g.terms[0].as_str()).collect();
    // The matcher reads all groups: the shared ones first, then each source's.
    assert_eq!(names, ["bridge", "council"]);
    assert_eq!(base.synonym_sources, [None, Some(0)]);
    let own: Vec<&str> = base
        .synonyms_of(Some(0))
        .map(|g| g.terms[0].as_str())
        .collect();
    assert_eq!(own, ["council"]);
    assert_eq!(base.synonyms_of(None).count(), 1);
    // `factbot draft` reads them too: its topics follow the same groups.
    let drafted = factbot::draft::synonyms(dir.path());
    assert_eq!(drafted.len(), 2);
    assert_eq!(drafted[1], ["council", "city council", "municipality"]);
}

#[test]
fn a_source_s_synonyms_are_checked_like_the_shared_ones() {
    let (dir, _) = support::tiny_knowledge();
    fs::write(
        dir.path().join("sources/tiny/synonyms.toml"),
        "[[group]]\nterms = [\"council\", \"Council\"]\nwords = []\n",
    )
    .expect("write");
    assert_one(
        &problems(dir.path()),
        Problem::UnknownField,
        "sources/tiny/synonyms.toml:3:",
    );
    fs::write(
        dir.path().join("sources/tiny/synonyms.toml"),
        "[[group]]\nterms = [\"council\"]\n\n[[group]]\nterms = [\"panel\", \"COUNCIL\"]\n",
    )
    .expect("write");
    assert_one(
        &problems(dir.path()),
        Problem::DuplicateSynonym,
        "sources/tiny/synonyms.toml:5:",
    );
}

#[test]
fn a_term_in_the_shared_file_and_a_source_s_file_is_an_error_naming_both() {
    let (dir, _) = support::tiny_knowledge();
    let shared = dir.path().join("synonyms.toml");
    fs::write(&shared, "[[group]]\nterms = [\"bridge\", \"span\"]\n").expect("write");
    let own = dir.path().join("sources/tiny/synonyms.toml");
    fs::write(&own, "[[group]]\nterms = [\"viaduct\", \"Span\"]\n").expect("write");
    let found = problems(dir.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    let (problem, message) = &found[0];
    assert_eq!(*problem, Problem::DuplicateSynonym);
    assert!(
        message.starts_with(&format!("{}:2:", own.display())),
        "{message}"
    );
    assert!(
        message.contains(&format!("\"bridge\") of {}:2:", shared.display())),
        "{message}"
    );

    // Two sources' files: the second in folder order names the first.
    fs::write(&shared, "").expect("write");
    let other = add_source(dir.path(), "other").join("synonyms.toml");
    fs::write(&other, "[[group]]\nterms = [\"span\", \"crossing\"]\n").expect("write");
    let found = problems(dir.path());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, Problem::DuplicateSynonym);
    assert!(
        found[0].1.starts_with(&format!("{}:2:", own.display()))
            && found[0].1.contains(&other.display().to_string()),
        "{}",
        found[0].1
    );
}

#[test]
fn removing_a_source_removes_its_synonyms() {
    let (dir, _) = support::tiny_knowledge();
    fs::write(
        dir.path().join("synonyms.toml"),
        "[[group]]\nterms = [\"bridge\", \"span\"]\n",
    )
    .expect("write");
    let other = add_source(dir.path(), "other");
    fs::write(
        other.join("synonyms.toml"),
        "[[group]]\nterms = [\"park\", \"green space\"]\n",
    )
    .expect("write");
    let base = load_dir(dir.path()).expect("loads").base;
    assert_eq!(base.synonyms.len(), 2);
    let index = base.sources.iter().position(|s| s.id == "other");
    let own: Vec<&str> = base
        .synonyms_of(index)
        .map(|g| g.terms[0].as_str())
        .collect();
    assert_eq!(own, ["park"]);

    fs::remove_dir_all(&other).expect("remove the source");
    let base = load_dir(dir.path()).expect("loads").base;
    assert_eq!(base.sources.len(), 1);
    let names: Vec<&str> = base.synonyms.iter().map(|g| g.terms[0].as_str()).collect();
    assert_eq!(names, ["bridge"]);
    assert_eq!(base.synonym_sources, [None]);
    assert_eq!(factbot::draft::synonyms(dir.path()).len(), 1);
}
