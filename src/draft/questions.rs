//! Question forms and question kinds for a drafted fact, from its sentence alone.
//!
//! Only forms whose grammar a template fixes are drafted, each from a part of the sentence that
//! fits the template exactly; a sentence that fits none gets only the fallback form. No verb is
//! inflected beyond the auxiliaries, so no form can invent a wrong word:
//! - "Who/What <verb> <rest of the clause>?" for a clause whose subject is a noun phrase and
//!   whose verb is a past tense or an auxiliary ("Who scored 34 points …?");
//! - "How many <noun> <verb> …?" for a clause whose subject is a number and a plural noun, and
//!   "How many <noun> are there …?" for "There are <number> <noun> …";
//! - "How many <noun> did <name> have?" for "<name> had <number> <noun>";
//! - "What did <speaker> say?" for words attributed to a speaker (or a quote going on);
//! - "Who is <name>?" / "What is <name>?" for a title before a name or an appositive after one;
//! - "Is it true that <sentence>?" for a sentence that is one declarative clause as written.
//!
//! The matcher finds a drafted fact from its sentence; the forms are extra evidence.

use std::collections::HashSet;

use super::attribution::{attribution, continues_quote, speaker_name};
use super::dates::Mention;
use super::grammar::{
    clauses, dangles, has_finite_verb, is_name_word, is_past, listed, opens_subject, predicate,
    subject_verb, trim_end_punct,
};
use super::text::verb_base;
use crate::knowledge::QuestionKind;
use crate::text::tokens::{is_function_word, tokens, Token};
use crate::text::words::is_saying;

/// The questions and kinds drafted for one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    pub questions: Vec<String>,
    pub kinds: Vec<QuestionKind>,
    /// Who is speaking in the sentence, when it says (or goes on quoting).
    pub speaker: Option<String>,
}

/// What the article around a sentence tells about it.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Who spoke in the sentence before (for "he said" and quotes that go on).
    pub speaker: Option<String>,
    /// Words the article writes capitalized inside sentences and never in lowercase: names,
    /// also where they open a sentence.
    pub proper: HashSet<String>,
    /// Words the article writes in lowercase somewhere: not names where they open a sentence.
    pub common: HashSet<String>,
    /// The first name in the sentence before ([`lead_name`]).
    pub previous_name: Option<String>,
}

impl Context {
    /// The context of an article's sentences, with no speaker yet.
    pub fn of_article(sentences: &[&str]) -> Context {
        let mut capitalized = HashSet::new();
        let mut common = HashSet::new();
        for s in sentences {
            for (i, t) in tokens(s).iter().enumerate() {
                if !t.capitalized() {
                    common.insert(t.lower());
                } else if i > 0 {
                    capitalized.insert(t.lower());
                }
            }
        }
        let proper = capitalized
            .into_iter()
            .filter(|w| !common.contains(w))
            .collect();
        Context {
            speaker: None,
            proper,
            common,
            previous_name: None,
        }
    }
}

/// Drafts question forms and kinds for `sentence` (already without dateline), whose date
/// expressions are `mentions`.
pub fn generate(sentence: &str, mentions: &[Mention], ctx: &Context) -> Generated {
    let clean = clean(sentence);
    let (attributed, body) = attribution(&clean);
    let speaker = match attributed {
        Some(s) if matches!(s.to_lowercase().as_str(), "he" | "she") => {
            ctx.speaker.clone().or_else(|| ctx.previous_name.clone())
        }
        Some(s) => speaker_name(&s),
        // A quotation going on from the sentence before (or closing after it).
        None if continues_quote(sentence) => ctx.speaker.clone(),
        None => None,
    };
    let mut questions: Vec<String> = Vec::new();
    for clause in clauses(sentence) {
        // "“…,” the patient described in the case report": an attribution, its object the quote.
        let at = clause.as_ptr() as usize - sentence.as_ptr() as usize;
        let before = sentence[..at].trim_end_matches(|c: char| c.is_whitespace() || c == ',');
        let after_quote = before.ends_with('”')
            || (before.ends_with('"') && before.matches('"').count() % 2 == 0);
        if !after_quote {
            questions.extend(clause_questions(clause, ctx));
        }
    }
    questions.extend(names(sentence, ctx));
    if let Some(who) = &speaker {
        questions.push(format!("What did {who} say?"));
    }
    questions.extend(confirm(&body, ctx));
    let mut seen = HashSet::new();
    questions.retain(|q| seen.insert(q.to_lowercase()));
    let kinds = kinds(&clean, mentions, speaker.is_some());
    Generated {
        questions,
        kinds,
        speaker,
    }
}

/// Quotes removed, spaces collapsed, the final punctuation dropped.
fn clean(sentence: &str) -> String {
    let no_quotes: String = sentence
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '«' | '»'))
        .collect();
    let collapsed = no_quotes.split_whitespace().collect::<Vec<_>>().join(" ");
    trim_end_punct(&collapsed).to_string()
}

/// "who" for a noun phrase naming people (or a name), "what" for others.
fn asks_who(subject: &str, starts_sentence: bool, ctx: &Context) -> bool {
    if matches!(subject.to_lowercase().as_str(), "he" | "she") {
        return true;
    }
    let toks = tokens(subject);
    // The head: the last word before a preposition, without trailing adverbs.
    let cut = toks
        .iter()
        .position(|t| listed("preposition", &t.lower()))
        .unwrap_or(toks.len());
    let Some(head) = toks[..cut].iter().rev().find(|t| {
        let l = t.lower();
        !is_function_word(&l) && !l.ends_with("ly") && l != "alone" && l != "first"
    }) else {
        return false;
    };
    let lower = head.lower();
    let singular = lower
        .strip_suffix('s')
        .filter(|s| !s.ends_with('s'))
        .unwrap_or(&lower);
    let role = |w: &str| listed("person", w) || listed("agent", w);
    if role(singular) || role(&lower) {
        return true;
    }
    let letters_only = head.text.chars().all(|c| c.is_alphabetic() || c == '-');
    let acronym = head.text.chars().filter(|c| c.is_alphabetic()).count() > 1
        && head.text.chars().all(|c| !c.is_lowercase());
    if head.capitalized() && letters_only && !acronym {
        let first_word = starts_sentence && toks.first().is_some_and(|t| t.start == head.start);
        return !first_word || ctx.proper.contains(&lower);
    }
    ["ist", "ian", "sman", "smen", "woman", "women"]
        .iter()
        .any(|e| singular.ends_with(e) && singular.len() > e.len() + 2)
}

/// The subject and counting questions of one clause.
fn clause_questions(clause: &str, ctx: &Context) -> Vec<String> {
    let mut out = Vec::new();
    let toks = tokens(clause);
    if toks.is_empty() || toks[0].start > 0 {
        return out;
    }
    // "There are an estimated 2,500 U.S. troops deployed to Iraq now."
    if let Some(q) = there_are(clause, &toks) {
        out.push(q);
        return out;
    }
    let Some((v, aux)) = subject_verb(clause, &toks) else {
        return out;
    };
    let subject = clause[..toks[v].start].trim();
    if let Some(rest) = predicate(clause, toks[v].start) {
        let verb = if aux.is_empty() { toks[v].text } else { aux };
        let tail = rest[toks[v].text.len()..].trim_start();
        let subject_lower = subject.to_lowercase();
        let vague = matches!(
            subject_lower.as_str(),
            "they" | "it" | "this" | "that" | "these" | "those" | "i" | "we" | "you"
        );
        // "Who said in the webinar?": a saying verb asks for what was said, which the speaker
        // form does; a subject question only when the verb has its object ("said the case …").
        let says = is_saying(&toks[v].lower());
        // "said Wednesday that …": the day is no object, what follows it may be.
        let object = toks[v + 1..]
            .iter()
            .find(|n| !crate::knowledge::is_calendar_word(&n.lower()));
        let object_follows = object.is_some_and(|n| {
            let nl = n.lower();
            n.capitalized()
                || n.is_number()
                || matches!(
                    nl.as_str(),
                    "that"
                        | "the"
                        | "a"
                        | "an"
                        | "his"
                        | "her"
                        | "its"
                        | "their"
                        | "he"
                        | "she"
                        | "they"
                        | "it"
                )
        });
        if !vague && (!says || object_follows) {
            // A clause's first word is read as a sentence's: a name only if the article knows it.
            let wh = if asks_who(subject, true, ctx) {
                "Who"
            } else {
                "What"
            };
            out.push(format!("{wh} {verb} {tail}?"));
        }
        // "Three people have been arrested …" -> "How many people have been arrested …?"
        if let Some(noun) = counted_subject(clause, &toks[..v]) {
            out.push(format!("How many {noun} {rest}?"));
        }
        // "Chris Paul had four points …" -> "How many points did Chris Paul have?"
        if let Some(q) = how_many_had(subject, &toks, v, ctx) {
            out.push(q);
        }
    }
    out
}

/// A number word or figure (not a year) that counts.
fn is_count(t: &Token) -> bool {
    let l = t.lower();
    if t.is_number() {
        let year = l.len() == 4 && (l.starts_with("19") || l.starts_with("20"));
        return !year && l.chars().all(|c| c.is_ascii_digit() || c == ',');
    }
    listed("count", &l)
}

/// A plural noun: lowercase letters, not a function word or a verb form, ending in -s (or a
/// listed plural such as "people").
fn is_plural_noun(t: &Token) -> bool {
    let l = t.lower();
    !t.capitalized()
        && l.chars().all(|c| c.is_alphabetic() || c == '-')
        && !is_function_word(&l)
        && !is_past(&l)
        && ((l.ends_with('s') && !l.ends_with("ss") && l.len() > 3) || listed("plural", &l))
}

/// "Three people" as a whole subject: the plural noun counted.
fn counted_subject<'a>(clause: &'a str, subject: &[Token<'a>]) -> Option<&'a str> {
    // Qualifiers before the number: "Another 900", "More than 70", "About 2,000".
    let n = subject
        .iter()
        .position(|t| !listed("qualifier", &t.lower()))?;
    let (count, nouns) = (subject.get(n)?, subject.get(n + 1..)?);
    let noun_like = |t: &Token| {
        let l = t.lower();
        !is_function_word(&l) && !is_past(&l) && verb_base(&l).is_none()
    };
    let last = nouns.last()?;
    (is_count(count)
        && (1..=3).contains(&nouns.len())
        && nouns.iter().all(noun_like)
        && is_plural_noun(last))
    .then(|| &clause[nouns[0].start..last.end])
}

/// "<name> had|has <number> <noun>" -> "How many <noun> did|does <name> have?".
fn how_many_had(subject: &str, toks: &[Token], v: usize, ctx: &Context) -> Option<String> {
    let support = match toks[v].lower().as_str() {
        "had" => "did",
        "has" => "does",
        _ => return None,
    };
    let mut n = v + 1;
    if toks.get(n).is_some_and(|t| t.lower() == "at") && toks.get(n + 1)?.lower() == "least" {
        n += 2;
    }
    if !is_count(toks.get(n)?) || !is_plural_noun(toks.get(n + 1)?) {
        return None;
    }
    let subject_toks = &toks[..v];
    let named = subject_toks.iter().all(is_name_word)
        && subject_toks.len() <= 4
        && subject_toks
            .first()
            .is_some_and(|t| ctx.proper.contains(&t.lower()));
    named.then(|| format!("How many {} {support} {subject} have?", toks[n + 1].text))
}

/// "There are|were [about] <number> <noun phrase> [rest]" -> "How many <noun phrase> are
/// there [rest]?" (or "are <participle> …" when the rest opens with one).
fn there_are(clause: &str, toks: &[Token]) -> Option<String> {
    if toks.len() < 4 || toks[0].lower() != "there" {
        return None;
    }
    let verb = match toks[1].lower().as_str() {
        "are" => "are",
        "were" => "were",
        _ => return None,
    };
    let mut n = 2;
    while toks.get(n).is_some_and(|t| listed("qualifier", &t.lower())) {
        n += 1;
    }
    if !is_count(toks.get(n)?) {
        return None;
    }
    // The counted noun phrase: up to four words, the last a plural noun.
    let mut end = n + 1;
    let mut last_plural = None;
    while end < toks.len() && end <= n + 4 {
        let t = &toks[end];
        let l = t.lower();
        if is_function_word(&l) || (is_past(&l) && !t.capitalized()) {
            break;
        }
        if is_plural_noun(t) {
            last_plural = Some(end);
        }
        end += 1;
    }
    let noun_end = last_plural?;
    let noun = &clause[toks[n + 1].start..toks[noun_end].end];
    let rest = toks
        .get(noun_end + 1)
        .map_or("", |t| trim_end_punct(&clause[t.start..]));
    if rest.contains(['[', '‘', '“', '"', '(']) {
        return None;
    }
    let opens_with_participle = toks
        .get(noun_end + 1)
        .is_some_and(|t| is_past(&t.lower()) || t.lower().ends_with("ed"));
    Some(if rest.is_empty() {
        format!("How many {noun} {verb} there?")
    } else if opens_with_participle {
        format!("How many {noun} {verb} {rest}?")
    } else {
        format!("How many {noun} {verb} there {rest}?")
    })
}

/// "Who is <name>?" for a title or a role noun before a full name ("coach Billy Donovan",
/// "Defense Secretary Lloyd Austin", with "Who is the Defense Secretary?" too), and "Who/What
/// is <name>?" for an appositive ("Michael Mann, a climate scientist at …").
fn names(sentence: &str, ctx: &Context) -> Vec<String> {
    let mut out = Vec::new();
    let toks = tokens(sentence);
    let joined = |a: &Token, b: &Token| sentence[a.end..b.start] == *" ";
    for (i, t) in toks.iter().enumerate() {
        let l = t.lower();
        let role = l.trim_end_matches('.');
        let is_title = t.capitalized() && listed("title", role);
        let is_role = !t.capitalized() && !is_function_word(&l) && listed("person", role);
        if !(is_title || is_role) {
            continue;
        }
        // The name: two or three name words right after the title.
        let mut e = i + 1;
        while e < toks.len()
            && e <= i + 3
            && is_name_word(&toks[e])
            && joined(&toks[e - 1], &toks[e])
        {
            if listed("title", toks[e].lower().trim_end_matches('.')) {
                break;
            }
            e += 1;
        }
        let len = e - i - 1;
        let ends_clean = toks.get(e).is_none_or(|n| !n.capitalized());
        if !(2..=3).contains(&len) || !ends_clean {
            continue;
        }
        let name = &sentence[toks[i + 1].start..toks[e - 1].end];
        out.push(format!("Who is {name}?"));
        if is_title {
            // "Defense Secretary": the capitalized words before the title.
            let mut s = i;
            while s > 0 && i - s < 2 && is_name_word(&toks[s - 1]) && joined(&toks[s - 1], &toks[s])
            {
                s -= 1;
            }
            let title = &sentence[toks[s].start..t.end];
            if s < i && !title.contains('.') {
                out.push(format!("Who is the {title}?"));
            }
        }
    }
    // Appositives: "<name>, a/an <description> …", "<name>, the <role>,".
    for (i, t) in toks.iter().enumerate() {
        let definite = sentence[t.end..].starts_with(", the ");
        if !sentence[t.end..].starts_with(", a ")
            && !sentence[t.end..].starts_with(", an ")
            && !definite
        {
            continue;
        }
        if !is_name_word(t) {
            continue;
        }
        let mut s = i;
        while s > 0 && i - s < 3 && is_name_word(&toks[s - 1]) && joined(&toks[s - 1], &toks[s]) {
            s -= 1;
        }
        // A name run that opens the sentence must be known as a name.
        let preceded_by_name = s > 0 && toks[s - 1].capitalized() && joined(&toks[s - 1], &toks[s]);
        if preceded_by_name || (s == 0 && !ctx.proper.contains(&toks[0].lower())) {
            continue;
        }
        let name = &sentence[toks[s].start..t.end];
        // The description's head: its last word before a preposition or the clause end.
        let desc_start = i + 2;
        let mut head = None;
        for d in &toks[desc_start.min(toks.len())..] {
            let dl = d.lower();
            if is_function_word(&dl) || sentence[d.start..].starts_with(',') {
                break;
            }
            head = Some(d);
            if sentence[d.end..].starts_with([',', '.', ';']) {
                break;
            }
        }
        let Some(head) = head else { continue };
        let person = asks_who(head.text, false, ctx) && !head.capitalized();
        if definite {
            // "Alan Brooks, the Pentagon press secretary,": a short role that ends there.
            let role = &sentence[toks[i + 1].start..head.end];
            let short = head.end - toks[i + 1].start < 60 && sentence[head.end..].starts_with(',');
            if person && short {
                out.push(format!("Who is {name}?"));
                out.push(format!("Who is {role}?"));
            }
            continue;
        }
        let wh = if person { "Who" } else { "What" };
        out.push(format!("{wh} is {name}?"));
    }
    out
}

/// "Is it true that <sentence>?" for a declarative sentence as written: its main clause (after
/// an opening phrase such as "On Saturday," or "According to X,") opens with a noun phrase
/// that is no pronoun and has a finite verb; no quote marks, brackets or first or second person.
fn confirm(body: &str, ctx: &Context) -> Option<String> {
    let body = trim_end_punct(body);
    if body.contains([
        '[', ']', '(', ')', '‘', '?', '!', '“', '”', '"', ':', ';', '…',
    ]) {
        return None;
    }
    let toks = tokens(body);
    if toks.len() < 4 || toks.first()?.start > 0 || dangles(&toks.last()?.lower()) {
        return None;
    }
    if toks.iter().any(|t| {
        let l = t.lower();
        let stem = l.split(['’', '\'']).next().unwrap_or("");
        matches!(
            stem,
            "i" | "we" | "you" | "me" | "us" | "my" | "our" | "your" | "let"
        )
    }) {
        return None;
    }
    // The main clause: after an opening phrase that starts with a preposition, a subordinator
    // or an adverb in -ly ("On Saturday,", "According to Mann,", "Separately,").
    let first_lower = toks[0].lower();
    let first_stem = first_lower.split(['’', '\'']).next().unwrap_or("");
    if first_lower == "that" || (first_stem != first_lower && is_function_word(first_stem)) {
        return None;
    }
    let opening_phrase = (is_function_word(&first_lower) && !opens_subject(&first_lower))
        || first_lower.ends_with("ly")
        || first_lower == "according";
    let main_start = if opening_phrase {
        body.find(", ").map(|c| c + 2)?
    } else {
        0
    };
    let main = &body[main_start..];
    let main_end = main.find(", ").unwrap_or(main.len());
    let clause_toks = tokens(&main[..main_end]);
    let subject = clause_toks.first()?.lower();
    let pronoun = matches!(
        subject.as_str(),
        "he" | "she"
            | "they"
            | "it"
            | "this"
            | "these"
            | "those"
            | "that"
            | "a"
            | "an"
            | "some"
            | "another"
    );
    if pronoun || !opens_subject(&subject) || !has_finite_verb(&main[..main_end], &clause_toks) {
        return None;
    }
    // The opening word in lowercase when the article writes it so ("The", "Streaming").
    let first = &toks[0];
    let opening = if is_function_word(&first_lower)
        || ctx.common.contains(&first_lower)
        || first_lower.ends_with("ly")
    {
        first_lower
    } else {
        first.text.to_string()
    };
    Some(format!("Is it true that {opening}{}?", &body[first.end..]))
}

/// The name a sentence opens with, when the article knows it as one ("Buser, however, is
/// counting on …": "he says" in the next sentence is most likely Buser).
pub fn lead_name(sentence: &str, ctx: &Context) -> Option<String> {
    let toks = tokens(sentence);
    let first = toks.first().filter(|t| t.start == 0)?;
    if !is_name_word(first) || !ctx.proper.contains(&first.lower()) {
        return None;
    }
    let mut e = 1;
    while e < toks.len()
        && e < 4
        && is_name_word(&toks[e])
        && sentence[toks[e - 1].end..toks[e].start] == *" "
    {
        e += 1;
    }
    Some(sentence[first.start..toks[e - 1].end].to_string())
}

/// The kinds of question the sentence can honestly answer.
fn kinds(text: &str, mentions: &[Mention], attributed: bool) -> Vec<QuestionKind> {
    let toks = tokens(text);
    let lower: Vec<String> = toks.iter().map(Token::lower).collect();
    let has = |section: &str| lower.iter().any(|w| listed(section, w));
    let mut kinds = Vec::new();
    let number = toks.iter().any(|t| {
        t.is_number()
            && !(t.text.len() == 4 && (t.text.starts_with("19") || t.text.starts_with("20")))
    }) || lower.iter().any(|w| {
        // "two", and "six-member": a spelled number that is part of a compound counts too.
        w.split('-')
            .next()
            .is_some_and(|head| super::text::QUANTITY_WORDS.contains(&head))
    });
    if number {
        kinds.push(QuestionKind::Count);
    }
    if !mentions.is_empty() || has("time") {
        kinds.push(QuestionKind::Time);
    }
    let named = toks
        .iter()
        .skip(1)
        .any(|t| t.capitalized() && !is_function_word(&t.lower()));
    if named || attributed || has("agent") {
        kinds.push(QuestionKind::Person);
    }
    let place_phrase = toks.windows(2).any(|w| {
        crate::text::words::is_place_preposition(&w[0].lower())
            && w[1].capitalized()
            && !mentions.iter().any(|m| m.start == w[1].start)
            // A day left unresolved ("come in Tuesday" of a routine) is still no place.
            && !crate::knowledge::is_calendar_word(&w[1].lower())
    });
    if place_phrase || has("place") {
        kinds.push(QuestionKind::Place);
    }
    if has("reason") {
        kinds.push(QuestionKind::Reason);
    }
    if has("manner") {
        kinds.push(QuestionKind::Manner);
    }
    kinds.push(QuestionKind::Thing);
    kinds.push(QuestionKind::Confirm);
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(article: &[&str]) -> Context {
        Context::of_article(article)
    }

    fn forms(sentence: &str, ctx: &Context) -> Vec<String> {
        generate(sentence, &[], ctx).questions
    }

    #[test]
    fn subject_questions_keep_the_verb_as_written() {
        let s = "James became the first player to do it, and Anthony Davis scored 34 points during the victory.";
        let ctx = context(&[s, "He met James and Anthony Davis."]);
        let q = forms(s, &ctx);
        assert!(
            q.contains(&"Who became the first player to do it?".to_string()),
            "{q:?}"
        );
        assert!(
            q.contains(&"Who scored 34 points during the victory?".to_string()),
            "{q:?}"
        );
        let q = forms(
            "Oil prices fell sharply on Tuesday on oversupply concerns.",
            &ctx,
        );
        assert!(
            q.contains(&"What fell sharply on Tuesday on oversupply concerns?".to_string()),
            "{q:?}"
        );
        assert!(
            q.contains(
                &"Is it true that Oil prices fell sharply on Tuesday on oversupply concerns?"
                    .to_string()
            ),
            "{q:?}"
        );
        let ctx = context(&["Oil prices fell.", "They said oil fell."]);
        let q = forms(
            "Oil prices fell sharply on Tuesday on oversupply concerns.",
            &ctx,
        );
        assert!(
            q.contains(
                &"Is it true that oil prices fell sharply on Tuesday on oversupply concerns?"
                    .to_string()
            ),
            "{q:?}"
        );
        // Auxiliaries take the singular; a present tense gets no subject question.
        let q = forms(
            "Three people have been arrested for running the network.",
            &ctx,
        );
        assert!(
            q.contains(&"Who has been arrested for running the network?".to_string()),
            "{q:?}"
        );
        assert!(
            q.contains(&"How many people have been arrested for running the network?".to_string()),
            "{q:?}"
        );
        assert!(forms("The Lakers plan to re-evaluate him soon.", &ctx)
            .iter()
            .all(|q| !q.starts_with("Who")));
    }

    #[test]
    fn counts_names_and_speakers() {
        let ctx = context(&["x Chris Paul and Rondo and Davis met Michael Mann and Levy."]);
        let q = forms(
            "Chris Paul had four points, 10 assists and five rebounds.",
            &ctx,
        );
        assert!(
            q.contains(&"How many points did Chris Paul have?".to_string()),
            "{q:?}"
        );
        let q = forms(
            "There are an estimated 2,500 U.S. troops deployed to Iraq now.",
            &ctx,
        );
        assert!(
            q.contains(&"How many U.S. troops are deployed to Iraq now?".to_string()),
            "{q:?}"
        );
        let q = forms(
            "Those are disputed by Michael Mann, a well-known climate scientist at Penn State.",
            &ctx,
        );
        assert!(q.contains(&"Who is Michael Mann?".to_string()), "{q:?}");
        let q = forms(
            "It fired at al-Asad Air Base, a large air base in western Iraq.",
            &ctx,
        );
        assert!(
            q.contains(&"What is al-Asad Air Base?".to_string()),
            "{q:?}"
        );
        let q = forms("“Amazing,” Davis said.", &ctx);
        assert_eq!(q, vec!["What did Davis say?"]);
        let q = forms("“They fueled this ring,” said Levy.", &ctx);
        assert!(q.contains(&"What did Levy say?".to_string()), "{q:?}");
        let q = forms(
            "“There’s a lot we did well,” Oklahoma City coach Billy Donovan said.",
            &ctx,
        );
        assert!(
            q.contains(&"What did Billy Donovan say?".to_string()),
            "{q:?}"
        );
        assert!(q.contains(&"Who is Billy Donovan?".to_string()), "{q:?}");
        let q = forms("Defense Secretary Lloyd Austin said in a statement that the talks are part of a commission.", &ctx);
        assert!(q.contains(&"Who is Lloyd Austin?".to_string()), "{q:?}");
        assert!(
            q.contains(&"Who is the Defense Secretary?".to_string()),
            "{q:?}"
        );
        assert!(
            q.contains(&"What did Defense Secretary Lloyd Austin say?".to_string()),
            "{q:?}"
        );
    }

    #[test]
    fn no_form_rather_than_a_garbled_one() {
        let ctx = context(&[]);
        for s in [
            "What's more, there are many variations (where the allergen is dust).",
            "I really don't know what to think about it.",
            "Until today.",
            "They obviously hit some tough shots.",
        ] {
            assert!(forms(s, &ctx).is_empty(), "{s}: {:?}", forms(s, &ctx));
        }
        // An attribution after a quote, a passive participle, a day after "announced".
        let q = forms(
            "“It was slow,” the patient described in the case report.",
            &ctx,
        );
        assert!(q.iter().all(|q| !q.starts_with("Who described")), "{q:?}");
        let q = forms(
            "It is a type of inflammation caused by an immune response to feathers.",
            &ctx,
        );
        assert!(q.iter().all(|q| !q.contains("What caused by")), "{q:?}");
        let q = forms(
            "Three people were arrested, federal authorities announced Wednesday morning.",
            &ctx,
        );
        assert!(
            q.iter().all(|q| !q.contains("announced Wednesday")),
            "{q:?}"
        );
        // Who for people and bodies, what for things.
        let q = forms("Traders cited the uncertainty over the trade war.", &ctx);
        assert!(
            q.contains(&"Who cited the uncertainty over the trade war?".to_string()),
            "{q:?}"
        );
        let q = forms(
            "His playmaking acumen has grown along with his chemistry.",
            &ctx,
        );
        assert!(
            q.contains(&"What has grown along with his chemistry?".to_string()),
            "{q:?}"
        );
    }

    #[test]
    fn kinds_from_general_words() {
        let g = generate(
            "On Saturday, 3 officials were killed in Baghdad because of the strike.",
            &[],
            &Context::default(),
        );
        for k in [
            QuestionKind::Count,
            QuestionKind::Person,
            QuestionKind::Place,
            QuestionKind::Reason,
        ] {
            assert!(g.kinds.contains(&k), "{k:?} {:?}", g.kinds);
        }
        let g = generate("The six-member team won.", &[], &Context::default());
        assert!(g.kinds.contains(&QuestionKind::Count), "{:?}", g.kinds);
        let g = generate(
            "We meet on a Monday and come in Tuesday.",
            &[],
            &Context::default(),
        );
        assert!(!g.kinds.contains(&QuestionKind::Place), "{:?}", g.kinds);
    }
}
