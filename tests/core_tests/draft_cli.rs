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

#[test]
fn draft_refuses_a_two_digit_year() {
    let dir = tempfile::tempdir().unwrap();
    let out = factbot()
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
            "20-01-01",
        ])
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("four-digit year, e.g. 2024-01-25"), "{said}");
}
