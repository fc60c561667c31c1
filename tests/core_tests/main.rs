//! The tests of everything but Discord, as one binary (the way ripgrep keeps one test binary of
//! modules): the matcher, the knowledge loader, the question sets, drafting, the configuration
//! parser and the `factbot` command line. The bot against the fake Discord is `tests/bot_tests`,
//! a binary of its own. `cargo test` runs both; `cargo test --test core_tests` only this one.

#[path = "../support/mod.rs"]
mod support;

mod cli;
mod config;
mod dev_set;
mod draft_article;
mod draft_cli;
mod draft_robust;
mod heldout;
mod loader;
mod matcher;
