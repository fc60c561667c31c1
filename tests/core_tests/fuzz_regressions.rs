//! The fuzz targets' inputs worth keeping, replayed as ordinary tests through the targets' own
//! code (`fuzz/src/lib.rs`), so `cargo test` and `.ci/run` run them without cargo-fuzz or
//! nightly flags: each crash input a fuzzer found (in `tests/data/fuzz-regressions/<target>/`,
//! kept once fixed) and the small committed seeds (`fuzz/seeds/<target>/`).

use std::fs;

use crate::fuzz_targets;
use crate::support;

/// Runs every kept input of `target`; returns how many there were.
fn replay(target: &str) -> usize {
    let mut count = 0;
    for dir in [
        support::data("fuzz-regressions").join(target),
        support::repo_path("fuzz/seeds").join(target),
    ] {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .map(|e| e.expect("directory entry").path())
            .collect();
        paths.sort();
        for path in paths {
            let data = fs::read(&path).expect("a kept input");
            // Shown with the failure, if this input fails.
            println!("{target}: {}", path.display());
            fuzz_targets::run(target, &data);
            count += 1;
        }
    }
    count
}

#[test]
fn answer_inputs_replay() {
    assert!(replay("answer") > 0, "no inputs");
}

#[test]
fn knowledge_inputs_replay() {
    assert!(replay("knowledge") > 0, "no inputs");
}

#[test]
fn draft_inputs_replay() {
    assert!(replay("draft") > 0, "no inputs");
}

#[test]
fn config_inputs_replay() {
    assert!(replay("config") > 0, "no inputs");
}

#[test]
fn every_target_is_replayed() {
    assert_eq!(
        fuzz_targets::TARGETS,
        ["answer", "knowledge", "draft", "config"]
    );
    for target in fuzz_targets::TARGETS {
        assert!(
            support::repo_path("fuzz/fuzz_targets")
                .join(format!("{target}.rs"))
                .is_file(),
            "fuzz/fuzz_targets/{target}.rs"
        );
    }
}
