//! Helpers shared by the test binaries (`core_tests`, `bot_tests`): paths into the repository,
//! copies of the knowledge base in temporary directories (`tempfile`), the shipped matcher, a
//! tiny knowledge base, the test log subscriber (`logs`), and for the bot tests a fake Discord
//! (`fake_discord`) with a harness that runs the real `factbot::bot::run` against it (`bot`).
//!
//! Each binary includes this module with `#[path = "../support/mod.rs"] mod support;`; what a
//! binary does not use is type-checked but never compiled into it.
#![allow(dead_code, unused_imports)]

pub mod bot;
pub mod fake_discord;
pub mod logs;

use std::fs;
use std::path::{Path, PathBuf};

use factbot::{load_dir, MatchConfig, Matcher};

pub use bot::*;
pub use fake_discord::*;
pub use logs::{init_test_logging, with_logs, Logs};

/// The repository's own file or directory at `relative` (e.g. `knowledge`).
pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The shipped knowledge base.
pub fn knowledge_dir() -> PathBuf {
    repo_path("knowledge")
}

/// A file of `tests/data`.
pub fn data(name: &str) -> PathBuf {
    repo_path("tests/data").join(name)
}

pub fn shipped_matcher() -> Matcher {
    let loaded = load_dir(&knowledge_dir()).expect("the shipped knowledge base loads");
    Matcher::new(loaded.base, MatchConfig::default())
}

/// A new empty temporary directory, removed when the value is dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("factbot-test-")
        .tempdir()
        .expect("create a temporary directory")
}

/// A temporary copy of a knowledge directory, for tests that edit it.
pub fn copy_of(from: &Path) -> tempfile::TempDir {
    let dir = tempdir();
    copy_dir(from, dir.path());
    dir
}

/// Copies a directory tree into `to` (created if need be).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for entry in fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A minimal valid knowledge dir with one source and one fact; returns (tempdir, facts path).
pub fn tiny_knowledge() -> (tempfile::TempDir, PathBuf) {
    let dir = tempdir();
    let source = dir.path().join("sources").join("tiny");
    fs::create_dir_all(&source).expect("mkdir");
    fs::write(
        source.join("source.toml"),
        "id = \"tiny\"\ntitle = \"Tiny news\"\npublisher = \"Test Wire\"\npublished = \"2024-02-01\"\n",
    )
    .expect("write");
    fs::write(
        source.join("article.txt"),
        "The council approved a new bridge on Monday. It will cost 4 million dollars.\n",
    )
    .expect("write");
    let facts = source.join("facts.toml");
    fs::write(&facts, TINY_FACTS).expect("write");
    (dir, facts)
}

pub const TINY_FACTS: &str = r#"[[topic]]
id = "bridge"
title = "The bridge"

[[fact]]
id = "bridge-approved"
answer = "The council approved a new bridge on Monday."
sentence = "The council approved a new bridge on Monday."
questions = ["What did the council approve?", "Was the bridge approved?"]
topics = ["bridge"]
kinds = ["thing", "confirm", "time"]

[[fact]]
id = "bridge-cost"
answer = "The bridge will cost 4 million dollars."
sentence = "It will cost 4 million dollars."
questions = ["How much will the bridge cost?", "What is the price of the bridge?"]
topics = ["bridge"]
kinds = ["count", "thing"]
"#;

/// Asserts every answer of a report quotes a sentence of the source it names, verbatim.
pub fn assert_citations_verbatim(matcher: &Matcher, report: &factbot::eval::Report) {
    for r in &report.results {
        if let Some(c) = &r.answer.citation {
            let source = matcher.base().sources.iter().find(|s| s.id == c.source);
            assert!(
                source.is_some_and(|s| s.text.contains(&c.sentence)),
                "citation not verbatim in {}: {}",
                c.source,
                c.sentence
            );
        }
    }
}
