//! The answer path and knowledge loading, on the shipped base and on a generated base of
//! 100,000 facts (written as a real knowledge directory, then loaded like any other).

use std::fmt::Write as _;
use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use factbot::{load_dir, MatchConfig, Matcher};

const QUESTIONS: &[&str] = &[
    "how many US troops are in Iraq?",
    "how many troups r in irak",
    "what did loyd austen say about the talks?",
    "When did Kataib Hezbollah attack al-Asad Air Base?",
    "why is the american presence so controversial",
    "who won the Super Bowl?",
    "is it true there are 25,000 US troops in Iraq?",
    "So what's the deal with the US and Iraq talks??",
];

fn shipped(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let base = load_dir(&dir).expect("shipped base loads").base;
    let matcher = Matcher::new(base, MatchConfig::default());
    let mut group = c.benchmark_group("shipped");
    group.bench_function("answer (mean over 8 questions)", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % QUESTIONS.len();
            black_box(matcher.answer(black_box(QUESTIONS[i])))
        })
    });
    group.bench_function("load + index build", |b| {
        b.iter(|| {
            let base = load_dir(&dir).expect("loads").base;
            black_box(Matcher::new(base, MatchConfig::default()))
        })
    });
    group.finish();
}

/// The shipped base with the six shared articles drafted beside it (tests/data/articles), as
/// an admin who added them would have it; questions on several of the articles.
fn seven_sources(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let targets: Vec<factbot::eval::Target> = fs::read_dir(root.join("tests/data/articles"))
        .expect("articles")
        .flatten()
        .map(|e| factbot::eval::Target::load(&e.path()).expect("article folder loads"))
        .collect();
    let base = factbot::eval::base_with_drafts(Some(&root.join("knowledge")), &targets)
        .expect("drafts load");
    let matcher = Matcher::new(base, MatchConfig::default());
    let questions: Vec<&str> = QUESTIONS
        .iter()
        .copied()
        .chain(
            targets
                .iter()
                .flat_map(|t| t.set.cases.iter().take(4).map(|c| c.q.as_str())),
        )
        .collect();
    let mut group = c.benchmark_group("seven-sources");
    group.bench_function(
        format!("answer (mean over {} questions)", questions.len()),
        |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % questions.len();
                black_box(matcher.answer(black_box(questions[i])))
            })
        },
    );
    group.finish();
}

/// A deterministic xorshift generator: benches must not depend on a random crate or seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

/// Writes `sources` sources of `per_source` facts each: pseudo-words from a 20,000-word
/// vocabulary, so terms have realistic, skewed document frequencies.
fn generate(root: &Path, sources: usize, per_source: usize) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let syllables = [
        "ka", "lo", "mi", "ra", "te", "su", "vo", "ne", "pa", "di", "qu", "zo", "be", "fi", "go",
        "hu",
    ];
    let vocabulary: Vec<String> = (0..20_000)
        .map(|i| {
            let mut w = String::new();
            let mut n = i + 1;
            while n > 0 {
                w.push_str(syllables[n % syllables.len()]);
                n /= syllables.len();
            }
            w
        })
        .collect();
    // Zipf-like: most words drawn from the first thousand.
    let common: Vec<String> = vocabulary[..1000].to_vec();
    fs::create_dir_all(root.join("sources")).expect("mkdir");
    for s in 0..sources {
        let id = format!("gen-{s:05}");
        let dir = root.join("sources").join(&id);
        fs::create_dir_all(&dir).expect("mkdir");
        fs::write(
            dir.join("source.toml"),
            format!("id = \"{id}\"\ntitle = \"Generated {s}\"\npublisher = \"Bench Wire\"\npublished = \"2024-01-{:02}\"\n", s % 28 + 1),
        )
        .expect("write");
        let mut text = String::new();
        let mut facts = format!("[[topic]]\nid = \"topic-{s}\"\ntitle = \"Topic {s}\"\n\n");
        for f in 0..per_source {
            let words: Vec<&str> = (0..12)
                .map(|k| {
                    if k % 3 == 0 {
                        rng.pick(&vocabulary)
                    } else {
                        rng.pick(&common)
                    }
                })
                .collect();
            let sentence = format!(
                "The {} {} reported {} {} on {}.",
                words[0],
                words[1],
                f,
                words[2..10].join(" "),
                words[10]
            );
            text.push_str(&sentence);
            text.push('\n');
            let q1 = format!(
                "what did the {} {} report about {}?",
                words[0], words[1], words[3]
            );
            let q2 = format!("how many {} {} were there", words[2], words[3]);
            let q3 = format!("is it true that {} {} {}?", words[0], words[4], words[6]);
            let _ = write!(
                facts,
                "[[fact]]\nid = \"{id}-{f}\"\nanswer = \"{sentence}\"\nsentence = \"{sentence}\"\nquestions = [\"{q1}\", \"{q2}\", \"{q3}\"]\ntopics = [\"topic-{s}\"]\nkinds = [\"thing\", \"count\", \"confirm\"]\n\n"
            );
        }
        fs::write(dir.join("article.txt"), text).expect("write");
        fs::write(dir.join("facts.toml"), facts).expect("write");
    }
}

fn generated(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    generate(dir.path(), 1000, 100);
    let loaded = load_dir(dir.path()).expect("generated base loads");
    assert_eq!(loaded.base.facts.len(), 100_000);
    let questions: Vec<String> = loaded
        .base
        .facts
        .iter()
        .step_by(997)
        .map(|f| f.questions[0].clone())
        .collect();
    let matcher = Matcher::new(loaded.base, MatchConfig::default());
    let mut group = c.benchmark_group("generated-100k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("answer", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % questions.len();
            black_box(matcher.answer(black_box(&questions[i])))
        })
    });
    group.bench_function("load + index build", |b| {
        b.iter(|| {
            let base = load_dir(dir.path()).expect("loads").base;
            black_box(Matcher::new(base, MatchConfig::default()))
        })
    });
    group.finish();
}

criterion_group!(benches, shipped, seven_sources, generated);
criterion_main!(benches);
