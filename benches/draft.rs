//! Drafting speed: a 5,000-word article must draft in well under 50 ms.

use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use factbot::draft::{draft, synonyms, Existing, Meta};

/// About 5,000 words: the shipped article's paragraphs repeated with numbered variations, so
/// sentences differ as in a long article.
fn long_article() -> String {
    let base = include_str!("../tests/data/us-iraq-coalition-talks.txt");
    let second = include_str!("../tests/data/iraq-talks-first-round.txt");
    let mut out = String::new();
    let mut round = 0;
    while out.split_whitespace().count() < 5_000 {
        round += 1;
        for line in base.lines().chain(second.lines()) {
            out.push_str(&line.replace("2,500", &format!("{},500", round)));
            out.push('\n');
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let text = long_article();
    let words = text.split_whitespace().count();
    let meta = Meta {
        id: "long-article".into(),
        publisher: "Example News Service".into(),
        published: NaiveDate::from_ymd_opt(2024, 2, 8).unwrap(),
        title: None,
        authors: vec![],
    };
    // The shipped synonyms, as `factbot draft` reads them from the knowledge directory.
    let topics = Existing {
        topics: Default::default(),
        synonyms: synonyms(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/knowledge"
        ))),
    };
    c.bench_function(&format!("draft {words} words"), |b| {
        b.iter(|| draft(black_box(&text), &meta, &topics))
    });
    c.bench_function(&format!("draft {words} words to TOML"), |b| {
        b.iter(|| {
            let d = draft(black_box(&text), &meta, &topics);
            (d.source_toml(), d.facts_toml())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
