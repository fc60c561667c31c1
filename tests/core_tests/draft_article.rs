//! `factbot draft` end to end: the shipped article drafted from its raw text alone (sentence
//! boundaries, `check`, the dev question set), a made-up second article drafted beside it, and
//! the overwrite guard.

use std::fs;

use chrono::NaiveDate;
use factbot::draft::{self, DraftError, Meta};
use factbot::eval::{self, QuestionSet};
use factbot::knowledge::load_dir;
use factbot::{MatchConfig, Matcher};

use crate::support::{self, data};

fn article() -> String {
    fs::read_to_string(data("us-iraq-coalition-talks.txt")).unwrap()
}

fn meta() -> Meta {
    Meta {
        id: "us-iraq-coalition-talks".into(),
        publisher: "The Associated Press".into(),
        published: NaiveDate::from_ymd_opt(2024, 1, 25).unwrap(),
        title: Some("US, Iraq to talk about ending military mission".into()),
        authors: vec!["Tara Copp".into(), "Qassim Abdul-Zahra".into()],
    }
}

fn second_meta() -> Meta {
    Meta {
        id: "iraq-talks-first-round".into(),
        publisher: "Example News Service".into(),
        published: NaiveDate::from_ymd_opt(2024, 2, 8).unwrap(),
        title: Some("First round of US-Iraq talks opens as troop numbers fall".into()),
        authors: vec![],
    }
}

/// A fresh knowledge directory holding only the shipped synonyms (no curated facts): the
/// shared groups and the curated article's own, in one file, as the curated source's folder
/// is where the draft goes.
fn synonyms_only() -> tempfile::TempDir {
    let dir = support::tempdir();
    let knowledge = support::knowledge_dir();
    let shared = fs::read_to_string(knowledge.join("synonyms.toml")).unwrap();
    let own = fs::read_to_string(knowledge.join("sources/us-iraq-coalition-talks/synonyms.toml"))
        .unwrap();
    fs::write(dir.path().join("synonyms.toml"), format!("{shared}\n{own}")).unwrap();
    dir
}

#[test]
fn sentence_boundaries_match_the_hand_checked_list() {
    let expected: Vec<String> = fs::read_to_string(data("us-iraq-coalition-talks.sentences.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(String::from)
        .collect();
    let text = article();
    let drafted = draft::draft(&text, &meta(), &Default::default());
    let got: Vec<&str> = drafted.facts.iter().map(|f| f.sentence.as_str()).collect();
    assert_eq!(got.len(), expected.len(), "sentence count");
    for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(g, e, "sentence {}", i + 1);
    }
    assert_eq!(
        drafted.not_news,
        vec![
            "Associated Press writer Abby Sewell in Beirut contributed to this report.",
            "Comments are not available on this story.",
            "Send questions/comments to the editors.",
        ]
    );
    // The cut-off sentence is flagged, and only it.
    let truncated: Vec<&str> = drafted
        .facts
        .iter()
        .filter(|f| f.truncated)
        .map(|f| f.sentence.as_str())
        .collect();
    assert_eq!(
        truncated,
        vec!["On Tuesday at the funeral for one of the Kataib Hezbollah fighters killed in a U.S. counterstrike launched"]
    );
}

#[test]
fn drafted_facts_resolve_dates_and_carry_kinds() {
    let drafted = draft::draft(&article(), &meta(), &Default::default());
    let fact = |start: &str| {
        drafted
            .facts
            .iter()
            .find(|f| f.sentence.starts_with(start))
            .unwrap_or_else(|| panic!("no fact for {start}"))
    };
    let saturday = fact("On Saturday, Kataib Hezbollah");
    assert!(saturday
        .answer
        .starts_with("On Saturday, Jan. 20, 2024, Kataib Hezbollah"));
    assert_eq!(saturday.when, NaiveDate::from_ymd_opt(2024, 1, 20));
    let november = fact("An Iraqi government official said Baghdad had sent");
    assert!(november.answer.contains("in November 2023"));
    let troops = fact("There are an estimated 2,500");
    assert!(troops
        .kinds
        .contains(&factbot::knowledge::QuestionKind::Count));
    assert!(troops.questions.iter().any(|q| q.starts_with("How many")));
    let pronoun = fact("The U.S. will maintain");
    assert!(!pronoun.answer.ends_with("he said."), "{}", pronoun.answer);
    // Only well-formed forms are drafted, so a sentence may get none (its sentence is read).
    let with_forms = drafted
        .facts
        .iter()
        .filter(|f| !f.questions.is_empty())
        .count();
    assert!(with_forms * 3 >= drafted.facts.len() * 2, "{with_forms}");
}

#[test]
fn drafted_source_passes_check_and_answers_the_dev_set() {
    let tmp = synonyms_only();
    let dir = tmp.path();
    let drafted = draft::write(dir, &article(), &meta(), false).unwrap();
    assert_eq!(drafted.facts.len(), 29);
    let loaded = load_dir(dir).unwrap_or_else(|e| panic!("check fails: {e:?}"));
    assert!(
        loaded.warnings.is_empty(),
        "warnings: {:?}",
        loaded.warnings
    );
    assert!(loaded.base.facts.iter().all(|f| f.draft));
    assert_eq!(
        fs::read_to_string(dir.join("sources/us-iraq-coalition-talks/article.txt")).unwrap(),
        article()
    );

    let matcher = Matcher::new(loaded.base, MatchConfig::default());
    let set = QuestionSet::load(&data("dev-questions.toml")).unwrap();
    let report = eval::run(&matcher, &set);
    println!("{report}");
    // Floor lowered from 0.65 when `draft` stopped writing question forms it cannot make
    // grammatical (thesaurus variants, do-support with guessed verb bases): 80.8% right
    // before, 56.4% after; the matcher is to read the sentences themselves (issue 8).
    assert!(
        report.answerable_accuracy() >= 0.55,
        "right {:.3}",
        report.answerable_accuracy()
    );
    assert!(
        report.answerable_wrong_rate() <= 0.10,
        "wrong {:.3}",
        report.answerable_wrong_rate()
    );
    assert!(
        report.refusal_rate() >= 0.85,
        "refused {:.3}",
        report.refusal_rate()
    );
}

#[test]
fn never_overwrites_a_source_without_force() {
    let tmp = synonyms_only();
    let dir = tmp.path();
    draft::write(dir, &article(), &meta(), false).unwrap();
    let facts = dir.join("sources/us-iraq-coalition-talks/facts.toml");
    fs::write(&facts, "# curated by hand\n").unwrap();
    match draft::write(dir, &article(), &meta(), false) {
        Err(DraftError::Exists(_)) => {}
        other => panic!("expected Exists, got {other:?}"),
    }
    assert_eq!(fs::read_to_string(&facts).unwrap(), "# curated by hand\n");
    draft::write(dir, &article(), &meta(), true).unwrap();
    assert!(fs::read_to_string(&facts).unwrap().contains("draft = true"));
    let bad = Meta {
        id: "Not An Id".into(),
        ..meta()
    };
    assert!(matches!(
        draft::write(dir, &article(), &bad, false),
        Err(DraftError::BadId(_))
    ));
}

/// Both articles drafted into one directory (the made-up one second, reusing topics).
fn two_sources() -> (tempfile::TempDir, Matcher) {
    let dir = synonyms_only();
    draft::write(dir.path(), &article(), &meta(), false).unwrap();
    let second = fs::read_to_string(data("iraq-talks-first-round.txt")).unwrap();
    let drafted = draft::write(dir.path(), &second, &second_meta(), false).unwrap();
    assert!(
        !drafted.reused_topics.is_empty(),
        "the second source reuses the first one's topics"
    );
    let loaded = load_dir(dir.path()).unwrap_or_else(|e| panic!("check fails: {e:?}"));
    assert_eq!(loaded.base.sources.len(), 2);
    (dir, Matcher::new(loaded.base, MatchConfig::default()))
}

#[test]
fn second_article_drafted_beside_the_first_is_answered() {
    let (_dir, matcher) = two_sources();
    let set = QuestionSet::load(&data("iraq-talks-first-round.questions.toml")).unwrap();
    let report = eval::run(&matcher, &set);
    println!("{report}");
    // Contradiction cases are judged by the test below; the rest must be answered as usual.
    let plain: Vec<_> = report
        .results
        .iter()
        .filter(|r| r.case.kind != "contradiction" && !r.case.expect.is_empty())
        .collect();
    let right = plain
        .iter()
        .filter(|r| r.outcome == eval::Outcome::Right)
        .count();
    // Floor lowered from 0.65 with the question forms (see the dev set test): 13/17 before,
    // 10/17 after.
    assert!(
        right as f64 >= 0.55 * plain.len() as f64,
        "{right}/{} right",
        plain.len()
    );
    // Citations name the source they come from.
    let a = matcher.answer("How many U.S. troops are in Syria?");
    assert_eq!(
        a.citation.as_ref().map(|c| c.source.as_str()),
        Some("iraq-talks-first-round")
    );
    let a = matcher.answer("What did Kataib Hezbollah fire at al-Asad Air Base?");
    assert_eq!(
        a.citation.as_ref().map(|c| c.source.as_str()),
        Some("us-iraq-coalition-talks")
    );
}

#[test]
fn contradictions_answer_from_the_newer_source() {
    let (_dir, matcher) = two_sources();
    let set = QuestionSet::load(&data("iraq-talks-first-round.questions.toml")).unwrap();
    let report = eval::run(&matcher, &set);
    // Never the older source's figure; a question as near the threshold as "How many U.S.
    // troops are in Iraq now?" (0.762 against 0.764 in one fit: the two sources split the
    // evidence) may be refused, but most are answered from the newer source.
    let mut right = 0;
    let cases: Vec<_> = report
        .results
        .iter()
        .filter(|r| r.case.kind == "contradiction")
        .collect();
    for r in &cases {
        assert!(
            matches!(r.outcome, eval::Outcome::Right | eval::Outcome::Refused),
            "{}: {:?}",
            r.case.q,
            r.outcome
        );
        if r.outcome == eval::Outcome::Right {
            assert!(r.has_expected_words, "{}", r.case.q);
            right += 1;
        }
    }
    assert!(
        right * 3 >= cases.len() * 2,
        "{right}/{} answered",
        cases.len()
    );
}

/// One of the articles with a hand-checked split: its raw text, metadata and that split.
struct Shared {
    name: String,
    dir: std::path::PathBuf,
    text: String,
    meta: Meta,
    /// (id, sentence) in order, from `sentences.tsv`.
    sentences: Vec<(String, String)>,
    crossheads: Vec<String>,
}

/// The six shared articles (`articles/`), the twelve of our own (`articles-more/`) and the
/// never-fitted news stories (`articles-fresh/`, not the interviews, whose one-line answers
/// without a full stop are no facts), which have the same layout.
fn shared_articles() -> Vec<Shared> {
    let mut dirs = Vec::new();
    for (folder, count) in [
        ("articles", 6),
        ("articles-more", 12),
        ("articles-fresh", 9),
    ] {
        let root = data(folder);
        let mut names: Vec<String> = fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names.len(), count, "{names:?}");
        names.retain(|n| !n.ends_with("-interview"));
        dirs.extend(names.into_iter().map(|name| (root.join(&name), name)));
    }
    dirs.into_iter()
        .map(|(dir, name)| {
            let text = fs::read_to_string(dir.join("article.txt")).unwrap();
            let meta: toml::Table = fs::read_to_string(dir.join("meta.toml"))
                .unwrap()
                .parse()
                .unwrap();
            let get = |k: &str| meta.get(k).and_then(|v| v.as_str()).unwrap_or("");
            let crossheads = meta
                .get("crosshead_sentence_ids")
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            let sentences = fs::read_to_string(dir.join("sentences.tsv"))
                .unwrap()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    let mut cols = l.splitn(3, '\t');
                    let id = cols.next().unwrap().to_string();
                    let _paragraph = cols.next().unwrap();
                    (id, cols.next().unwrap().to_string())
                })
                .collect();
            Shared {
                meta: Meta {
                    id: get("id").to_string(),
                    publisher: get("publisher").to_string(),
                    published: NaiveDate::parse_from_str(get("published"), "%Y-%m-%d").unwrap(),
                    title: Some(get("title").to_string()),
                    authors: vec![get("author").to_string()],
                },
                name,
                dir,
                text,
                sentences,
                crossheads,
            }
        })
        .collect()
}

#[test]
fn drafting_an_article_again_gives_the_same_draft() {
    for a in shared_articles() {
        let topics =
            |d: &draft::Draft| -> Vec<String> { d.topics.iter().map(|t| t.id.clone()).collect() };
        let first = draft::draft(&a.text, &a.meta, &Default::default());
        // Each draft's maps are seeded afresh, as in another run of the program.
        for _ in 0..4 {
            let again = draft::draft(&a.text, &a.meta, &Default::default());
            assert_eq!(topics(&first), topics(&again), "{}", a.name);
            assert_eq!(first.facts.len(), again.facts.len(), "{}", a.name);
        }
    }
}

#[test]
fn shared_articles_split_as_hand_checked_and_headings_are_no_facts() {
    let mut report = String::new();
    let mut failures = 0;
    for a in shared_articles() {
        let split = draft::newsworthy(&a.text);
        let expected: Vec<&str> = a.sentences.iter().map(|(_, s)| s.as_str()).collect();
        let matched = split
            .sentences
            .iter()
            .filter(|s| expected.contains(s))
            .count();
        report.push_str(&format!(
            "{}: {matched}/{} sentences of the tsv split, {} split in all\n",
            a.name,
            expected.len(),
            split.sentences.len()
        ));
        if split.sentences != expected {
            failures += 1;
            for s in split.sentences.iter().filter(|s| !expected.contains(s)) {
                report.push_str(&format!("  extra:   {s}\n"));
            }
            for s in expected.iter().filter(|s| !split.sentences.contains(s)) {
                report.push_str(&format!("  missing: {s}\n"));
            }
        }
        // The crossheads are sentences of the split, and the only ones that make no fact.
        let crossheads: Vec<&str> = a
            .sentences
            .iter()
            .filter(|(id, _)| a.crossheads.contains(id))
            .map(|(_, s)| s.as_str())
            .collect();
        let drafted = draft::draft(&a.text, &a.meta, &Default::default());
        if drafted.headings != crossheads {
            failures += 1;
            report.push_str(&format!(
                "  headings {:?}, crossheads {crossheads:?}\n",
                drafted.headings
            ));
        }
        let facts: Vec<&str> = drafted.facts.iter().map(|f| f.sentence.as_str()).collect();
        let news: Vec<&str> = expected
            .iter()
            .copied()
            .filter(|s| !crossheads.contains(s))
            .collect();
        if facts != news {
            failures += 1;
            report.push_str("  the facts are not the tsv's sentences less the crossheads\n");
        }
    }
    println!("{report}");
    assert_eq!(failures, 0, "{report}");
}

/// Why a generated question form is not a well-formed English question, if it is not: it must
/// end with one '?', open with a capitalized question word or auxiliary, repeat no word twice in
/// a row, end on no determiner, preposition or conjunction ("... of the?"), hold no brackets,
/// quotes or clause punctuation, follow "how many" with a noun, and not ask about an indefinite
/// or pronoun subject no reader could name ("What did an umbrella group ... know?", "Did they
/// ...?", "Is it true that he ...?").
fn malformed(q: &str) -> Option<&'static str> {
    const WH: &[&str] = &[
        "what", "who", "whom", "whose", "when", "where", "why", "how", "which",
    ];
    const AUX: &[&str] = &[
        "is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "will", "would",
        "can", "could", "should", "may", "might", "must",
    ];
    const DANGLING: &[&str] = &[
        "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "and", "or",
        "but", "that", "which", "who", "as", "than", "his", "her", "its", "their", "our", "my",
        "your", "this", "these", "those", "into", "about", "if", "so", "because", "while",
    ];
    const VAGUE_SUBJECTS: &[&str] = &[
        "a", "an", "he", "she", "they", "it", "we", "i", "you", "him", "them", "this", "that",
        "these", "those", "some", "another",
    ];
    if !q.ends_with('?') || q.matches('?').count() != 1 {
        return Some("does not end with one '?'");
    }
    let chars: Vec<char> = q.chars().collect();
    let clause_colon = chars
        .windows(3)
        .any(|w| matches!(w[1], ':' | ';') && !(w[0].is_ascii_digit() && w[2].is_ascii_digit()));
    if clause_colon || q.contains(['(', ')', '[', ']', '"', '“', '”', '…']) {
        return Some("brackets, quotes or clause punctuation");
    }
    let words: Vec<String> = q
        .trim_end_matches('?')
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    if words.len() < 3 {
        return Some("fewer than three words");
    }
    let (first, second) = (words[0].as_str(), words[1].as_str());
    if !(WH.contains(&first) || AUX.contains(&first)) || !q.starts_with(char::is_uppercase) {
        return Some("does not open with a capitalized question word or auxiliary");
    }
    if words.windows(2).any(|w| w[0] == w[1]) {
        return Some("a word twice in a row");
    }
    if words.last().is_some_and(|w| DANGLING.contains(&w.as_str())) {
        return Some("ends on a determiner, preposition or conjunction");
    }
    if first == "how" && matches!(second, "many" | "much") && DANGLING.contains(&words[2].as_str())
    {
        return Some("'how many' without a noun");
    }
    // The subject: of "Is it true that X ...", of "Did X ...", of "What did X ...".
    let subject = if q.starts_with("Is it true that ") {
        words.get(4)
    } else if AUX.contains(&first) {
        words.get(1)
    } else if WH.contains(&first) && first != "who" && matches!(second, "do" | "does" | "did") {
        // (The drafter's "Who" questions ask for the subject: "Who does an excellent job ...?")
        words.get(2)
    } else {
        None
    };
    if subject.is_some_and(|w| VAGUE_SUBJECTS.contains(&w.as_str())) {
        return Some("indefinite or pronoun subject");
    }
    None
}

#[test]
fn question_forms_of_the_shared_articles_are_well_formed() {
    let mut total = 0;
    let mut bad = Vec::new();
    for a in shared_articles() {
        let drafted = draft::draft(&a.text, &a.meta, &Default::default());
        for f in &drafted.facts {
            for q in &f.questions {
                total += 1;
                println!("{}\t{}\t{q}", a.name, malformed(q).unwrap_or("ok"));
                if let Some(why) = malformed(q) {
                    bad.push(format!("{why}: {q}"));
                }
            }
        }
    }
    println!("{total} question forms, {} malformed", bad.len());
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn shared_articles_draft_into_sources_that_check_clean() {
    let dir = tempfile::tempdir().unwrap();
    let articles = shared_articles();
    for a in &articles {
        draft::write(dir.path(), &a.text, &a.meta, false).unwrap();
    }
    let loaded = load_dir(dir.path()).unwrap_or_else(|e| panic!("check fails: {e:?}"));
    assert!(
        loaded.warnings.is_empty(),
        "warnings: {:?}",
        loaded.warnings
    );
    // The figures, for the record (the matcher's floors are guarded elsewhere).
    let matcher = Matcher::new(loaded.base, MatchConfig::default());
    for a in &articles {
        let set = QuestionSet::load(&a.dir.join("questions.toml")).unwrap();
        let report = eval::run(&matcher, &set);
        println!(
            "{}: right {:.3}, wrong {:.3}, refused {:.3}",
            a.name,
            report.answerable_accuracy(),
            report.answerable_wrong_rate(),
            report.refusal_rate()
        );
    }
}

#[test]
fn a_newer_source_supersedes_only_a_fact_about_the_same_names() {
    // Each holds half of the question: the older one Gloria, the newer one a killing, each with
    // its own figure. The newer figure is no update of Gloria's age.
    let dir = synonyms_only();
    let older = "The court in Sydney heard that Gloria was nine months old.\n\n\
                 Her parents deny the charge against them.\n";
    let newer = "Three soldiers were killed on Tuesday, officials in the capital said.\n\n\
                 Officials promised a response to the attack.\n";
    let meta = |id: &str, year: i32| Meta {
        id: id.into(),
        publisher: "Example News Service".into(),
        published: NaiveDate::from_ymd_opt(year, 5, 8).unwrap(),
        title: Some(id.into()),
        authors: vec![],
    };
    draft::write(dir.path(), older, &meta("trial-in-sydney", 2009), false).unwrap();
    draft::write(dir.path(), newer, &meta("soldiers-killed", 2024), false).unwrap();
    let loaded = load_dir(dir.path()).unwrap_or_else(|e| panic!("check fails: {e:?}"));
    // Answering whatever the confidence: only coverage and names decide what supersedes.
    let config = MatchConfig {
        min_confidence: 0.0,
        ..MatchConfig::default()
    };
    let matcher = Matcher::new(loaded.base, config);
    let a = matcher.answer("How old was Gloria when she was killed?");
    assert_eq!(
        a.citation.map(|c| c.source),
        Some("trial-in-sydney".to_string()),
        "{:?}",
        a.answer
    );
    assert!(a.earlier.is_none(), "{:?}", a.answer);
}

#[test]
fn a_name_or_a_deed_asked_about_must_be_in_the_fact() {
    use factbot::engine::model::Feature;
    let dir = synonyms_only();
    let text = "After calling the church to speak with his mother, Montalvo was instead put \
                through to an attorney, Kendrick Moxon.\n\n\
                His mother, Rosa Montalvo, later wrote to the church.\n\n\
                Han Lee was arraigned in Boston on Wednesday.\n\n\
                Junmyung Lee pleaded not guilty at his arraignment on Thursday.\n";
    let meta = Meta {
        id: "names-and-deeds".into(),
        publisher: "Example News Service".into(),
        published: NaiveDate::from_ymd_opt(2024, 5, 8).unwrap(),
        title: Some("Names and deeds".into()),
        authors: vec![],
    };
    draft::write(dir.path(), text, &meta, false).unwrap();
    let loaded = load_dir(dir.path()).unwrap_or_else(|e| panic!("check fails: {e:?}"));
    let matcher = Matcher::new(loaded.base, MatchConfig::default());
    // Whether `feature` is set for the candidate whose sentence starts with `start`: read
    // from the features, so the test holds whatever the fitted weights.
    let fires = |question: &str, start: &str, feature: Feature| -> bool {
        let candidates = matcher.candidates(question);
        let (_, x) = candidates
            .iter()
            .find(|(fact, _)| matcher.base().facts[*fact].sentence.starts_with(start))
            .unwrap_or_else(|| panic!("{start:?} is no candidate for {question:?}"));
        x[feature as usize] > 0.0
    };
    let mother = "What is the name of Montalvo's mother?";
    // The attorney's name is no answer: it stands beside "attorney", not "mother".
    assert!(fires(mother, "After calling", Feature::NameMissing));
    assert!(!fires(mother, "His mother, Rosa", Feature::NameMissing));
    let plea = "How did Han Lee plead at his arraignment?";
    // Being arraigned is not pleading, however close the words.
    assert!(fires(plea, "Han Lee was arraigned", Feature::VerbMissing));
    assert!(!fires(plea, "Junmyung Lee pleaded", Feature::VerbMissing));
}

#[test]
fn an_article_is_drafted_once_and_read_without_its_byte_order_mark() {
    let tmp = synonyms_only();
    let dir = tmp.path();
    let with_mark = format!("\u{feff}{}", article());
    let drafted = draft::write(dir, &with_mark, &meta(), false).unwrap();
    assert!(drafted
        .dateline
        .as_deref()
        .is_some_and(|d| !d.contains('\u{feff}')));
    let written = fs::read_to_string(dir.join("sources/us-iraq-coalition-talks/article.txt"));
    assert!(!written.unwrap().starts_with('\u{feff}'));
    // The same article again, under another id.
    let again = Meta {
        id: "the-same-story".into(),
        ..meta()
    };
    match draft::write(dir, &article(), &again, false) {
        Err(DraftError::Duplicate(id)) => assert_eq!(id, "us-iraq-coalition-talks"),
        other => panic!("expected Duplicate, got {other:?}"),
    }
    assert!(!dir.join("sources/the-same-story").exists());
}

#[test]
fn a_title_cut_from_the_first_sentence_says_so() {
    let tmp = synonyms_only();
    let untitled = Meta {
        title: None,
        ..meta()
    };
    let drafted = draft::write(tmp.path(), &article(), &untitled, false).unwrap();
    assert!(drafted.title.ends_with(" …"), "{}", drafted.title);
    assert_eq!(drafted.title.split_whitespace().count(), 13);
}
