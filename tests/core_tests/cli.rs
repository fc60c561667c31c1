//! The `factbot` binary: ask (text, batch, --json), check, eval, summary, fit.

use crate::support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn factbot(args: &[&str], stdin: Option<&str>) -> Output {
    factbot_bytes(args, stdin.map(str::as_bytes))
}

fn factbot_bytes(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_factbot"))
        .args([
            "--knowledge",
            support::knowledge_dir().to_str().expect("utf-8 path"),
        ])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run factbot");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn ask_prints_answer_quote_and_source() {
    let out = factbot(&["ask", "how many US troops are in Iraq?"], None);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("2,500"), "{text}");
    assert!(
        text.contains("  > There are an estimated 2,500 U.S. troops deployed to Iraq now."),
        "{text}"
    );
    assert!(text.contains("— The Associated Press, 2024-01-25 (\"US, Iraq to talk about ending military mission\")"), "{text}");
}

#[test]
fn ask_json_follows_the_contract_one_object_a_line() {
    let out = factbot(
        &["ask", "--json"],
        Some("how many troups r in irak\nwho won the super bowl?\n\n"),
    );
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);

    let a = &lines[0];
    assert_eq!(a["question"], "how many troups r in irak");
    assert_eq!(a["answered"], true);
    assert!(a["answer"].as_str().is_some_and(|s| s.contains("2,500")));
    assert!(a["confidence"]
        .as_f64()
        .is_some_and(|c| (0.0..=1.0).contains(&c)));
    assert!(a["fact_id"].is_string());
    let c = &a["citation"];
    assert_eq!(
        c["sentence"],
        "There are an estimated 2,500 U.S. troops deployed to Iraq now."
    );
    assert_eq!(c["source"], "us-iraq-coalition-talks");
    assert_eq!(c["publisher"], "The Associated Press");
    assert_eq!(c["published"], "2024-01-25");
    assert_eq!(c["title"], "US, Iraq to talk about ending military mission");
    assert!(a["suggestions"].as_array().is_some_and(|s| s.is_empty()));

    let r = &lines[1];
    assert_eq!(r["answered"], false);
    assert!(r.get("answer").is_none() && r.get("citation").is_none() && r.get("fact_id").is_none());
    assert!(r["confidence"]
        .as_f64()
        .is_some_and(|c| (0.0..=1.0).contains(&c)));
    for s in r["suggestions"].as_array().expect("suggestions") {
        assert!(s["fact_id"].is_string() && s["question"].is_string());
    }
}

/// Questions piped in are answered on every core, yet each answer comes out in the order of
/// its question, and a question typed while the pipe stays open is answered at once.
#[test]
fn ask_from_stdin_answers_in_order_and_one_at_a_time() {
    let questions: Vec<String> = (0..400)
        .map(|i| match i % 3 {
            0 => format!("how many US troops are in Iraq? ({i})"),
            1 => format!("who won the super bowl in {}?", 1900 + i),
            _ => format!("when did the talks start, number {i}?"),
        })
        .collect();
    let out = factbot(&["ask", "--json"], Some(&(questions.join("\n") + "\n")));
    assert!(out.status.success());
    let asked: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            v["question"].as_str().expect("question").to_string()
        })
        .collect();
    assert_eq!(asked, questions);

    let mut child = Command::new(env!("CARGO_BIN_EXE_factbot"))
        .args([
            "--knowledge",
            support::knowledge_dir().to_str().expect("utf-8 path"),
        ])
        .args(["ask", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run factbot");
    let mut input = child.stdin.take().expect("stdin");
    let mut output = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    for q in ["how many US troops are in Iraq?", "who won the super bowl?"] {
        writeln!(input, "{q}").expect("write a question");
        input.flush().expect("flush");
        let mut line = String::new();
        std::io::BufRead::read_line(&mut output, &mut line).expect("an answer before EOF");
        let v: serde_json::Value = serde_json::from_str(&line).expect("json line");
        assert_eq!(v["question"], q);
    }
    drop(input);
    assert!(child.wait().expect("wait").success());
}

#[test]
fn check_passes_the_shipped_base_and_fails_a_broken_one() {
    let out = factbot(&["check"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout(&out).starts_with("ok: 1 sources, "),
        "{}",
        stdout(&out)
    );
    // The curated article's own synonyms are counted apart from the shared ones.
    assert!(
        stdout(&out).contains(" shared, ")
            && stdout(&out).contains("newsworthy sentences uncited, ")
            && !stdout(&out).contains("uncited, 0 synonym groups of its own"),
        "{}",
        stdout(&out)
    );

    let (dir, facts) = support::tiny_knowledge();
    let broken =
        support::TINY_FACTS.replace("It will cost 4 million dollars.", "It costs 4 million.");
    std::fs::write(&facts, broken).expect("write");
    let out = factbot(&["check", dir.path().to_str().expect("utf-8")], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("{}:16:12: fact \"bridge-cost\"", facts.display())),
        "{text}"
    );
}

#[test]
fn eval_reports_accuracy_per_kind() {
    let set = support::knowledge_dir().join("../tests/data/dev-questions.toml");
    let out = factbot(&["eval", set.to_str().expect("utf-8")], None);
    assert!(out.status.success());
    let text = stdout(&out);
    for kind in ["direct", "typo", "paraphrase", "unanswerable", "offtopic"] {
        assert!(text.contains(kind), "{text}");
    }
    assert!(text.contains("answerable: "), "{text}");
}

#[test]
fn summary_and_topics() {
    let out = factbot(&["summary"], None);
    assert!(out.status.success());
    assert!(stdout(&out).contains("US, Iraq to talk about ending military mission"));
    let out = factbot(&["summary", "talks"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("  > "));
    let out = factbot(&["summary", "no-such-topic"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("topics are:"));
}

#[test]
fn bad_knowledge_dir_is_a_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_factbot"))
        .args(["--knowledge", "/nonexistent/knowledge", "ask", "hi"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("knowledge directory /nonexistent/knowledge is not valid"),
        "{err}"
    );
}

#[test]
fn ask_reads_a_line_in_another_encoding_and_goes_on() {
    let out = factbot_bytes(
        &["ask", "--json"],
        Some(b"how many troups r in irak\r\n\nwho won the super bowl?\nwho won the \xff\xfe cup\nhow many US troops are in Iraq?\n"),
    );
    assert!(out.status.success());
    let text = stdout(&out);
    let questions: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json line"))
        .map(|v| v["question"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        questions,
        [
            "how many troups r in irak",
            "who won the super bowl?",
            "who won the \u{FFFD}\u{FFFD} cup",
            "how many US troops are in Iraq?"
        ]
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 4 is not UTF-8"), "{err}");
}

#[test]
fn chat_says_an_unknown_command_is_one() {
    let out = factbot(
        &["chat"],
        Some("/sumary\nhow many US troops are in Iraq?\n/quit\n"),
    );
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("Unknown command /sumary."), "{text}");
    assert!(text.contains("2,500"), "{text}");
}

#[test]
fn eval_warns_of_an_expected_sentence_no_source_holds() {
    let dir = support::tempdir();
    let set = dir.path().join("set.toml");
    std::fs::write(
        &set,
        "[[case]]\nq = \"how many US troops are in Iraq?\"\nexpect = [\"There are 2,500 troops in Irak.\"]\n",
    )
    .expect("write set");
    let out = factbot(&["eval", set.to_str().expect("utf-8 path")], None);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("expects a sentence no source holds: \"There are 2,500 troops in Irak.\""),
        "{err}"
    );
    // No unanswerable question in the set: none refused, not 100% of them.
    assert!(
        stdout(&out).contains("unanswerable: 0/0 refused (—)"),
        "{}",
        stdout(&out)
    );
}

/// `fit --dry-run` on the dev set: the model is fitted and reported but not written, and the
/// features file has every candidate with its features, question and sentence, the sentence
/// of each candidate marked right being one the case expects.
#[test]
fn fit_dry_run_writes_the_candidates_features_and_texts() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let features = dir.path().join("features.tsv");
    let model = dir.path().join("model.toml");
    let set = support::data("dev-questions.toml");
    let out = factbot(
        &[
            "fit",
            "--dry-run",
            "--out",
            model.to_str().expect("utf-8 path"),
            "--features",
            features.to_str().expect("utf-8 path"),
            set.to_str().expect("utf-8 path"),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("fitted on"), "{}", stdout(&out));
    assert!(!model.exists(), "a dry run writes no model");

    let tsv = std::fs::read_to_string(&features).expect("features file");
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let names = factbot::engine::model::FEATURES;
    assert_eq!(
        header[..5],
        ["article", "drafted", "answerable", "question", "right"]
    );
    assert_eq!(header[5..5 + names.len()], names);
    assert_eq!(header[5 + names.len()..], ["question_text", "sentence"]);
    let cases = factbot::eval::QuestionSet::load(&set)
        .expect("dev set")
        .cases;
    let (mut rows, mut right) = (0, 0);
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        assert_eq!(cells.len(), header.len(), "{line}");
        assert!(
            cells[5..5 + names.len()]
                .iter()
                .all(|v| v.parse::<f32>().is_ok()),
            "{line}"
        );
        let (question, sentence) = (cells[header.len() - 2], cells[header.len() - 1]);
        let case = cases
            .iter()
            .find(|c| c.q == question)
            .expect("a question of the set");
        if cells[4] == "1" {
            assert!(case.expect.iter().any(|e| e == sentence), "{line}");
            right += 1;
        }
        rows += 1;
    }
    assert!(
        rows > cases.len() && right > cases.len() / 2,
        "{rows} rows, {right} right"
    );
}

#[test]
fn run_takes_knowledge_from_the_command_line_over_its_config() {
    let dir = support::tempdir();
    let config = dir.path().join("config.toml");
    let knowledge = support::knowledge_dir();
    std::fs::write(
        &config,
        format!(
            "[knowledge]\ndir = {:?}\n",
            knowledge.to_str().expect("utf-8 path")
        ),
    )
    .expect("write config");
    let missing = dir.path().join("no-such-knowledge");
    // The base is loaded before Discord is reached: the run ends at once on its error.
    let out = Command::new(env!("CARGO_BIN_EXE_factbot"))
        .arg("run")
        .arg("--config")
        .arg(&config)
        .arg("--knowledge")
        .arg(&missing)
        .env("DISCORD_TOKEN", "not-a-token")
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-knowledge"), "{err}");
}
