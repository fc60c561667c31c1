//! The held-out question sets (written from the article alone; see tests/data/README.md)
//! through the library. The floors are the figures measured when each set was last scored,
//! less a question or two: a change that loses ground on questions never tuned for fails here.

mod common;

use factbot::eval::{self, QuestionSet};

fn check(file: &str, min_answered: f64, min_refused: f64) {
    let matcher = common::shipped_matcher();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file);
    let set = QuestionSet::load(&path).expect("question set loads");
    let report = eval::run(&matcher, &set);
    println!("{file}\n{report}");
    common::assert_citations_verbatim(&matcher, &report);
    assert!(
        report.answerable_accuracy() >= min_answered,
        "{file}: answerable right {:.3} < {min_answered}",
        report.answerable_accuracy()
    );
    assert!(
        report.refusal_rate() >= min_refused,
        "{file}: unanswerable refused {:.3} < {min_refused}",
        report.refusal_rate()
    );
}

#[test]
fn heldout_a() {
    check("heldout-a.toml", 0.92, 0.86);
}

#[test]
fn heldout_b() {
    check("heldout-b.toml", 0.92, 0.80);
}

#[test]
fn heldout_c() {
    check("heldout-c.toml", 0.85, 0.65);
}

#[test]
fn heldout_d() {
    check("heldout-d.toml", 0.93, 0.76);
}
