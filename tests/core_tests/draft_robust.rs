//! Drafting odd texts never panics, and whatever it writes passes `check`.

use std::fs;

use chrono::NaiveDate;
use factbot::draft::{self, Meta};
use factbot::knowledge::load_dir;

const TEXTS: &[&str] = &[
    "One long line of news without any ending at all",
    "“Quoted from the start,” she said. “And again.” — so it goes…",
    "WASHINGTON — A. B. C. D. E. F. G.\nNo. 1. No. 2. U.S. U.K. a.m. p.m. Gen. Sen. Jr. Inc.",
    "Prices rose 2.5% to $1,250.75 on Jan. 5... Then fell!!! Why?? Because.",
    "👍 Emoji lead the way. 北京 said nothing. Ẑ̸̢a̷l̴g̵o̶ text appears, too.",
    "A line.\n\n\nAnother line after blanks.\r\nA Windows line.\r\n",
    "They said it. He said so. It was there. She will go Tuesday, they said.",
    "The talks, which began in May, were held in Geneva, Switzerland, by officials who said nothing, \
     and the officials, who were not authorized, spoke on condition of anonymity, officials said.",
    "\"Straight quotes,\" he said, \"work too.\" 'Single ones' also",
    "— — —\n***\n___\nBy SOMEONE\nShare this\nThe only news: 3 people were hurt in 2023 in Paris.",
];

#[test]
fn odd_texts_draft_into_sources_that_check() {
    let dir = tempfile::tempdir().unwrap();
    for (i, text) in TEXTS.iter().enumerate() {
        let meta = Meta {
            id: format!("odd-{i}"),
            publisher: "Example".into(),
            published: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            title: None,
            authors: vec![],
        };
        let drafted = draft::write(dir.path(), text, &meta, false).unwrap();
        assert!(!drafted.facts.is_empty(), "{text}");
        for f in &drafted.facts {
            assert!(text.contains(&f.sentence), "{}", f.sentence);
            assert!(
                f.questions.iter().all(|q| q.ends_with('?')),
                "{:?}",
                f.questions
            );
            assert!(!f.answer.trim().is_empty());
        }
        if let Err(e) = load_dir(dir.path()) {
            panic!("text {i} does not check: {e:?}");
        }
    }
    let only_boilerplate = Meta {
        id: "boilerplate".into(),
        publisher: "Example".into(),
        published: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
        title: None,
        authors: vec![],
    };
    assert!(matches!(
        draft::write(
            dir.path(),
            "Comments are not available on this story.\nShare this",
            &only_boilerplate,
            false
        ),
        Err(draft::DraftError::Empty)
    ));
    assert!(!dir.path().join("sources/boilerplate").exists());
    let _ = fs::read_dir(dir.path()).unwrap();
}
