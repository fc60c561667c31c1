//! What each fuzz target does with one input, and what it checks. The targets in
//! `fuzz_targets/` call these; the main crate's test `core_tests::fuzz_regressions` includes
//! this file too and replays the kept inputs (`tests/data/fuzz-regressions/<target>/`) and the
//! committed seeds through the very same functions, so `cargo test` runs them without
//! cargo-fuzz. Only `factbot`, `tempfile` and std are used here, for that reason.
//!
//! A broken promise panics (libFuzzer reports it as a crash); an input the code rightly
//! rejects (a TOML syntax error, an invalid config) is no failure.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use factbot::draft::{self, Meta};
use factbot::knowledge::load_dir;
use factbot::{MatchConfig, Matcher};

/// What every answer promises (shared with the property tests).
#[path = "../../tests/support/answers.rs"]
mod answers;
pub use answers::check_answer;

/// The names of the targets, as in `fuzz_targets/` and the corpus folders.
pub const TARGETS: [&str; 4] = ["answer", "knowledge", "draft", "config"];

/// Runs the target named `name` on one input.
pub fn run(name: &str, data: &[u8]) {
    match name {
        "answer" => answer(data),
        "knowledge" => knowledge(data),
        "draft" => draft(data),
        "config" => config(data),
        other => panic!("no fuzz target {other:?}"),
    }
}

fn repo() -> PathBuf {
    // fuzz/ sits in the repository; this file is compiled from fuzz/ and from tests/.
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    if here.join("knowledge").is_dir() {
        here.to_path_buf()
    } else {
        here.parent().unwrap_or(here).to_path_buf()
    }
}

fn shipped() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| {
        let loaded = load_dir(&repo().join("knowledge")).expect("the shipped knowledge loads");
        Matcher::new(loaded.base, MatchConfig::default())
    })
}

/// `Matcher::answer` on the shipped base: the input as UTF-8 when it is, and read lossily as
/// any bytes a client could send.
pub fn answer(data: &[u8]) {
    let matcher = shipped();
    let mut questions = vec![String::from_utf8_lossy(data).into_owned()];
    if let Ok(text) = std::str::from_utf8(data) {
        questions.push(text.chars().rev().collect());
    }
    for q in &questions {
        let a = matcher.answer(q);
        check_answer(matcher, q, &a);
        assert_eq!(a, matcher.answer(q), "the same question, the same answer");
    }
}

/// A knowledge folder under a temporary directory, rewritten for every input; one a thread,
/// so that replaying tests running side by side never share it.
struct Folder {
    dir: tempfile::TempDir,
}

thread_local! {
    static FOLDER: Folder = {
        // A RAM disk when there is one: the loader runs once per input.
        let shm = Path::new("/dev/shm");
        let mut builder = tempfile::Builder::new();
        builder.prefix("factbot-fuzz-");
        let dir = if shm.is_dir() {
            builder.tempdir_in(shm)
        } else {
            builder.tempdir()
        }
        .expect("temporary directory");
        Folder { dir }
    };
}

fn with_folder<T>(f: impl FnOnce(&Path) -> T) -> T {
    FOLDER.with(|folder| f(folder.dir.path()))
}

const TINY_SOURCE: &str =
    "id = \"tiny\"\ntitle = \"Tiny news\"\npublisher = \"Test Wire\"\npublished = \"2024-02-01\"\n";
const TINY_ARTICLE: &str =
    "The council approved a new bridge on Monday. It will cost 4 million dollars.\n";
const TINY_FACTS: &str = "[[topic]]\nid = \"bridge\"\ntitle = \"The bridge\"\n\n[[fact]]\nid = \"bridge-cost\"\nanswer = \"The bridge will cost 4 million dollars.\"\nsentence = \"It will cost 4 million dollars.\"\nquestions = [\"How much will the bridge cost?\"]\ntopics = [\"bridge\"]\nkinds = [\"count\"]\n";
const TINY_SYNONYMS: &str = "[[group]]\nterms = [\"bridge\", \"span\"]\n";

/// Splits `article%%facts`-style inputs (the `knowledge` target's selector 4).
pub const SPLIT: &str = "\n%%\n";

/// The knowledge loader on one source folder. The first byte chooses the file the rest of
/// the input becomes (0 `facts.toml`, 1 `source.toml`, 2 `synonyms.toml`, 3 `article.txt`,
/// 4 `article.txt` and `facts.toml` split at a line `%%`); the other files are a tiny valid
/// source. When it loads, everything the loader promises must hold: every citation verbatim
/// in its source, unique fact ids, and a matcher built on it answers as any does.
pub fn knowledge(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let (mut source, mut article, mut facts, mut synonyms) =
        (TINY_SOURCE, TINY_ARTICLE, TINY_FACTS, TINY_SYNONYMS);
    match selector % 5 {
        0 => facts = &text,
        1 => source = &text,
        2 => synonyms = &text,
        3 => article = &text,
        _ => match text.split_once(SPLIT) {
            Some((a, f)) => (article, facts) = (a, f),
            None => article = &text,
        },
    }
    let loaded = with_folder(|root| {
        let dir = root.join("sources/tiny");
        std::fs::create_dir_all(&dir).expect("source folder");
        for (path, content) in [
            (dir.join("source.toml"), source),
            (dir.join("article.txt"), article),
            (dir.join("facts.toml"), facts),
            (root.join("synonyms.toml"), synonyms),
        ] {
            std::fs::write(&path, content).expect("write the fuzz folder");
        }
        load_dir(root)
    });
    let Ok(loaded) = loaded else {
        return;
    };
    let base = loaded.base;
    let mut ids = std::collections::HashSet::new();
    for fact in &base.facts {
        assert!(ids.insert(fact.id.clone()), "duplicate fact id {}", fact.id);
        let source = base.source_of(fact);
        assert!(
            source.text.contains(&fact.sentence),
            "loaded a fact whose sentence is not in {}: {:?}",
            source.id,
            fact.sentence
        );
    }
    let questions: Vec<String> = base
        .facts
        .iter()
        .filter_map(|f| f.questions.first().cloned())
        .take(2)
        .chain([String::from_utf8_lossy(&data[..data.len().min(64)]).into_owned()])
        .collect();
    let matcher = Matcher::new(base, MatchConfig::default());
    for q in &questions {
        check_answer(&matcher, q, &matcher.answer(q));
    }
}

/// `draft` on any article text: it never panics, every drafted sentence is verbatim in the
/// text, question forms are questions, and what `draft::write` writes passes the loader.
pub fn draft(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let meta = Meta {
        id: "fuzzed".into(),
        publisher: "Fuzz Wire".into(),
        published: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).expect("a date"),
        title: None,
        authors: vec![],
    };
    let drafted = draft::draft(&text, &meta, &Default::default());
    for f in &drafted.facts {
        assert!(text.contains(&f.sentence), "not verbatim: {:?}", f.sentence);
        assert!(
            !f.answer.trim().is_empty(),
            "empty answer for {:?}",
            f.sentence
        );
        assert!(
            f.questions.iter().all(|q| q.ends_with('?')),
            "{:?}",
            f.questions
        );
    }
    with_folder(|root| {
        let _ = std::fs::remove_dir_all(root.join("sources"));
        let _ = std::fs::remove_file(root.join("synonyms.toml"));
        match draft::write(root, &text, &meta, true) {
            Ok(_) => {
                if let Err(e) = load_dir(root) {
                    panic!("a drafted source does not load: {e}");
                }
            }
            Err(draft::DraftError::Empty) => assert!(drafted.facts.is_empty()),
            Err(e) => panic!("draft::write failed: {e}"),
        }
    });
}

/// The config parser: the input as a config file, with `FACTBOT_*` overrides taken from the
/// lines after a line `%%` (`NAME=value`). A config it accepts validates; an error is one
/// line (docs/discord.md: an invalid config is one line on stderr).
pub fn config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (toml, env) = text.split_once(SPLIT).unwrap_or((&text, ""));
    let vars: Vec<(&str, &str)> = env.lines().filter_map(|l| l.split_once('=')).collect();
    let lookup = |name: &str| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    };
    match factbot::config::Config::from_toml_with_env(toml, Path::new("fuzz.toml"), lookup) {
        Ok(config) => {
            assert!(
                config.validate().is_ok(),
                "accepted but invalid: {config:?}"
            );
            let _ = format!("{config:?}");
        }
        Err(e) => {
            let message = e.to_string();
            assert!(!message.contains('\n'), "a multi-line error: {message}");
        }
    }
}
