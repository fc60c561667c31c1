//! `factbot draft` and `factbot check` from the command line.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::data;

fn factbot() -> Command {
    Command::new(env!("CARGO_BIN_EXE_factbot"))
}

#[test]
fn draft_writes_a_source_that_checks_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    // The shipped synonyms: the shared groups and the curated article's own.
    let knowledge = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let shared = fs::read_to_string(knowledge.join("synonyms.toml")).unwrap();
    let own = fs::read_to_string(knowledge.join("sources/us-iraq-coalition-talks/synonyms.toml"))
        .unwrap();
    fs::write(dir.path().join("synonyms.toml"), format!("{shared}\n{own}")).unwrap();
    let draft = |extra: &[&str]| {
        factbot()
            .arg("--knowledge")
            .arg(dir.path())
            .arg("draft")
            .arg(data("iraq-talks-first-round.txt"))
            .args([
                "--id",
                "iraq-talks-first-round",
                "--publisher",
                "Example News Service",
                "--published",
                "2024-02-08",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = draft(&[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("17 draft facts"), "{stdout}");
    assert!(stdout.contains("not news: Share this story"), "{stdout}");
    assert!(
        stdout.contains(
            "iraq-talks-first-round: 17 facts, 17 drafts to review, 0 newsworthy sentences uncited"
        ),
        "{stdout}"
    );
    let source = dir.path().join("sources/iraq-talks-first-round");
    for file in ["source.toml", "article.txt", "facts.toml"] {
        assert!(source.join(file).is_file(), "{file}");
    }

    let again = draft(&[]);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("--force"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(draft(&["--force"]).status.success());

    let bad_date = factbot()
        .arg("--knowledge")
        .arg(dir.path())
        .args([
            "draft",
            "x.txt",
            "--id",
            "x",
            "--publisher",
            "P",
            "--published",
            "Feb 8",
        ])
        .output()
        .unwrap();
    assert!(!bad_date.status.success());
    assert!(String::from_utf8_lossy(&bad_date.stderr).contains("YYYY-MM-DD"));

    // `check` lists what is left to review per source, and sentences no fact cites.
    let facts = source.join("facts.toml");
    let text = fs::read_to_string(&facts).unwrap();
    let last = text.rfind("\n[[fact]]").unwrap();
    fs::write(&facts, &text[..last]).unwrap();
    let check = factbot()
        .arg("--knowledge")
        .arg(dir.path())
        .arg("check")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{stdout}");
    assert!(
        stdout.contains(
            "iraq-talks-first-round: 16 facts, 16 drafts to review, 1 newsworthy sentences uncited"
        ),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("uncited: \"The next round of talks is scheduled for March in Washington.\""),
        "{stdout}"
    );
}

/// `factbot --knowledge DIR draft` of the second test article as `id`, published `published`.
fn draft_into(dir: &Path, id: &str, published: &str, extra: &[&str]) -> std::process::Output {
    factbot()
        .arg("--knowledge")
        .arg(dir)
        .arg("draft")
        .arg(data("iraq-talks-first-round.txt"))
        .args(["--id", id, "--publisher", "P", "--published", published])
        .args(extra)
        .output()
        .unwrap()
}

/// Every file under `dir` with its contents, for seeing that a refused command changed nothing.
fn snapshot(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn draft_never_replaces_reviewed_facts_and_keeps_what_it_replaces() {
    let kb = crate::support::copy_of(&crate::support::knowledge_dir());
    let draft =
        |id: &str, published: &str, extra: &[&str]| draft_into(kb.path(), id, published, extra);
    let stderr = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).into_owned();
    let before = snapshot(kb.path());

    // The curated source: reviewed facts, never replaced, even with --force.
    let out = draft("us-iraq-coalition-talks", "2024-02-08", &["--force"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("55 reviewed fact(s)"),
        "{}",
        stderr(&out)
    );
    // A year must be written whole: "24-02-08" is not the year 24.
    let out = draft("round", "24-02-08", &[]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", stderr(&out));
    assert_eq!(
        snapshot(kb.path()),
        before,
        "a refused draft changed the base"
    );

    // A source of drafts is replaced with --force, the old folder moved out of sources/.
    assert!(draft("round", "2024-02-08", &[]).status.success());
    let facts = kb.path().join("sources/round/facts.toml");
    let edited = fs::read_to_string(&facts).unwrap() + "\n# an admin's note\n";
    fs::write(&facts, &edited).unwrap();
    let out = draft("round", "2024-02-08", &["--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shelf: Vec<_> = fs::read_dir(kb.path().join("replaced"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(shelf.len(), 1);
    assert_eq!(
        fs::read_to_string(shelf[0].join("facts.toml")).unwrap(),
        edited
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("moved to"));
}

#[test]
fn draft_refuses_a_missing_base_and_a_base_with_problems() {
    let parent = crate::support::tempdir();
    let missing = parent.path().join("knowledge");
    let out = draft_into(&missing, "round", "2024-02-08", &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    assert!(!missing.exists(), "draft made a new base where none was");

    let kb = crate::support::copy_of(&crate::support::knowledge_dir());
    let facts = kb.path().join("sources/us-iraq-coalition-talks/facts.toml");
    let text = fs::read_to_string(&facts).unwrap();
    fs::write(&facts, text.replacen("[[fact]]", "[[fact]\n", 1)).unwrap();
    let before = snapshot(kb.path());
    let out = draft_into(kb.path(), "round", "2024-02-08", &[]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("has problems already"), "{err}");
    assert_eq!(snapshot(kb.path()), before);
}

#[test]
fn draft_refuses_a_two_digit_year() {
    let dir = tempfile::tempdir().unwrap();
    let out = draft_into(dir.path(), "iraq-talks-first-round", "20-01-01", &[]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("four-digit year, e.g. 2024-01-25"), "{said}");
}
