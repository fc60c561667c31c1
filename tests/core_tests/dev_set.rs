//! The dev question set through the library. Floors are the figures measured with the shipped
//! model (fitted on this set among others: training figures), less a question.

use crate::support;

use factbot::eval::{self, Outcome, QuestionSet};

#[test]
fn dev_set_meets_accuracy_targets() {
    let matcher = support::shipped_matcher();
    let set = QuestionSet::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dev-questions.toml"),
    )
    .expect("dev set loads");
    let report = eval::run(&matcher, &set);
    println!("{report}");

    // Every answer quotes a sentence of the article, verbatim.
    support::assert_citations_verbatim(&matcher, &report);
    assert!(
        report.answerable_accuracy() >= 0.89,
        "answerable right: {:.3}",
        report.answerable_accuracy()
    );
    assert!(
        report.refusal_rate() >= 0.9,
        "unanswerable refused: {:.3}",
        report.refusal_rate()
    );
    let direct_wrong: Vec<&str> = report
        .results
        .iter()
        .filter(|r| r.case.kind == "direct" && r.outcome == Outcome::Wrong)
        .map(|r| r.case.q.as_str())
        .collect();
    assert!(
        direct_wrong.is_empty(),
        "wrong answers to direct questions: {direct_wrong:?}"
    );
}
