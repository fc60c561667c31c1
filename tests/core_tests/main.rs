//! The tests of everything but Discord, as one binary (the way ripgrep keeps one test binary of
//! modules): the matcher (and its property tests), the knowledge loader, the question sets,
//! drafting, the configuration parser and the `factbot` command line. The bot against the fake
//! Discord is `tests/bot_tests`, a binary of its own. `cargo test` runs both; `cargo test --test core_tests` only this one.

#[path = "../support/mod.rs"]
mod support;

/// The fuzz targets' code (`fuzz/` is a crate of its own, outside this build). It includes
/// `support/answers.rs` for itself, as the fuzz crate needs it: a second copy here.
#[allow(clippy::duplicate_mod)]
#[path = "../../fuzz/src/lib.rs"]
mod fuzz_targets;

mod cli;
mod config;
mod dev_set;
mod draft_article;
mod draft_cli;
mod draft_robust;
mod fuzz_regressions;
mod heldout;
mod loader;
mod matcher;
mod properties;
