//! The WordNet lexicon: the one-time parse of the embedded file, and lookups.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use factbot::text::lexicon::{self, Lexicon, DATA};

const WORDS: &[&str] = &[
    "buy", "died", "hurt", "leaves", "win", "price", "recorded", "return", "plans", "ban", "qzxv",
    "the",
];

fn lexicon_bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("lexicon");
    group.bench_function("parse embedded file (once at start)", |b| {
        b.iter(|| black_box(Lexicon::parse(black_box(DATA))))
    });
    let _ = lexicon::related("warm");
    group.bench_function("related + iterate both lists (mean over 12 words)", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % WORDS.len();
            let r = lexicon::related(black_box(WORDS[i]));
            black_box(r.synonyms.iter().count() + r.derived.iter().count())
        })
    });
    group.bench_function("lemma (mean over 12 words)", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % WORDS.len();
            black_box(lexicon::lemma(black_box(WORDS[i])))
        })
    });
    group.bench_function("relates(bought, purchased)", |b| {
        b.iter(|| {
            black_box(lexicon::relates(
                black_box("bought"),
                black_box("purchased"),
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, lexicon_bench);
criterion_main!(benches);
