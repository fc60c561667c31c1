//! The store: SQLite insert throughput (the target is at least 5,000 questions/s) and the
//! answer path with the store on vs off (the target is under 5% apart).
//!
//! "Store on" is the bot's own path: `ask::match_question`, then `ask::record`, which builds
//! the record and hands it to the bounded queue; the writer task inserts in the background
//! meanwhile, as in the bot.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use factbot::bot::ask::{self, Origin};
use factbot::bot::State;
use factbot::config::Config;
use factbot::store::{self, Location, QuestionRecord, Recorder, Store};
use factbot::{load_dir, Matcher};

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

fn record(id: i64) -> QuestionRecord {
    QuestionRecord {
        id,
        asked_at: store::now_ms(),
        guild_id: Some(2_000),
        channel_id: Some(3_000),
        via: "mention".into(),
        question: QUESTIONS[id as usize % QUESTIONS.len()].into(),
        answered: id % 3 != 0,
        fact_id: Some("us-troops-in-iraq".into()),
        source_id: Some("us-iraq-coalition-talks".into()),
        confidence: 0.9,
        latency_us: 12,
    }
}

fn matcher() -> Matcher {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    Matcher::new(
        load_dir(&dir).expect("shipped base loads").base,
        Config::default().match_config(),
    )
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let db: Arc<dyn Store> = rt
        .block_on(store::open(&Location::Sqlite(
            dir.path().join("bench.sqlite3"),
        )))
        .expect("store opens");

    // Insert throughput, one 1,000-question batch (one transaction) per iteration.
    let mut group = c.benchmark_group("store");
    group.throughput(Throughput::Elements(1_000));
    let mut next = 0i64;
    group.bench_function("sqlite insert 1000 questions", |b| {
        b.iter(|| {
            let batch: Vec<QuestionRecord> = (next..next + 1_000).map(record).collect();
            next += 1_000;
            rt.block_on(db.write(&batch, &[])).expect("write");
        })
    });
    group.finish();

    // End to end through the recorder: 20,000 questions queued, then flushed.
    {
        let _rt = rt.enter();
        let recorder = Recorder::start(db.clone(), 50_000, "bench".into());
        let started = Instant::now();
        for i in 0..20_000 {
            recorder.question(record(10_000_000 + i));
        }
        rt.block_on(recorder.flush(Duration::from_secs(60)));
        let secs = started.elapsed().as_secs_f64();
        let status = recorder.status();
        println!(
            "store/recorder: 20000 questions queued and written in {:.3} s = {:.0} questions/s (dropped {})",
            secs,
            20_000.0 / secs,
            status.dropped
        );
        rt.block_on(recorder.shutdown(Duration::from_secs(10)));
    }

    // The answer path, store off vs on.
    let _rt = rt.enter();
    let config = Config::default();
    let state = State::new(
        config,
        matcher(),
        Recorder::start(db.clone(), 10_000, "bench".into()),
        None,
        Arc::new(factbot::bot::guard::RestGuard::with_routes(
            None,
            Default::default(),
        )),
        factbot::bot::state::InteractionHttp(poise::serenity_prelude::Http::new("bench")),
    );
    let mut group = c.benchmark_group("answer path");
    group.bench_function("store off", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % QUESTIONS.len();
            black_box(ask::match_question(
                &state,
                black_box(QUESTIONS[i]),
                "mention",
            ))
        })
    });
    let mut id = 100_000_000u64;
    group.bench_function("store on", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % QUESTIONS.len();
            id += 1;
            let m = ask::match_question(&state, black_box(QUESTIONS[i]), "mention");
            let origin = Origin {
                id,
                guild: Some(2_000),
                channel: Some(3_000),
            };
            ask::record(&state, &m, "mention", origin);
            black_box(m)
        })
    });
    group.finish();

    // The same, interleaved: each round answers the 8 questions once with the store off and
    // once with it on (in alternating order), so machine noise hits both alike. Medians of
    // 20,000 rounds.
    let mut off = Vec::with_capacity(20_000);
    let mut on = Vec::with_capacity(20_000);
    for round in 0..20_000u64 {
        let mut run = |store_on: bool| {
            let started = Instant::now();
            for q in QUESTIONS {
                let m = ask::match_question(&state, black_box(q), "mention");
                if store_on {
                    id += 1;
                    let origin = Origin {
                        id,
                        guild: Some(2_000),
                        channel: Some(3_000),
                    };
                    ask::record(&state, &m, "mention", origin);
                }
                black_box(m);
            }
            started.elapsed().as_nanos() as f64 / QUESTIONS.len() as f64
        };
        if round % 2 == 0 {
            off.push(run(false));
            on.push(run(true));
        } else {
            on.push(run(true));
            off.push(run(false));
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    let (off_m, on_m) = (median(&mut off), median(&mut on));
    println!(
        "answer path interleaved (median per question over 20000 rounds of 8): store off {:.2} µs, store on {:.2} µs, difference {:+.1}%",
        off_m / 1000.0,
        on_m / 1000.0,
        (on_m / off_m - 1.0) * 100.0
    );

    // At a realistic pace: the same rounds with a 1 ms pause after each (about 12,000
    // questions/s in all, still far busier than a large bot), so the writer is not competing
    // for the 2 cores the whole time.
    let (mut off, mut on) = (Vec::new(), Vec::new());
    for round in 0..5_000u64 {
        let mut run = |store_on: bool| {
            let started = Instant::now();
            for q in QUESTIONS {
                let m = ask::match_question(&state, black_box(q), "mention");
                if store_on {
                    id += 1;
                    let origin = Origin {
                        id,
                        guild: Some(2_000),
                        channel: Some(3_000),
                    };
                    ask::record(&state, &m, "mention", origin);
                }
                black_box(m);
            }
            started.elapsed().as_nanos() as f64 / QUESTIONS.len() as f64
        };
        if round % 2 == 0 {
            off.push(run(false));
            on.push(run(true));
        } else {
            on.push(run(true));
            off.push(run(false));
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let (off_m, on_m) = (median(&mut off), median(&mut on));
    println!(
        "answer path paced (median per question over 5000 rounds of 8, 1 ms apart): store off {:.2} µs, store on {:.2} µs, difference {:+.1}%",
        off_m / 1000.0,
        on_m / 1000.0,
        (on_m / off_m - 1.0) * 100.0
    );
    let status = state.recorder.status();
    println!(
        "answer path/store on: {} questions written, {} dropped (queue full)",
        status.written, status.dropped
    );
}

criterion_group!(store_benches, benches);
criterion_main!(store_benches);
