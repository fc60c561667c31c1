//! Question forms and question kinds for a drafted fact, from its sentence alone: the
//! sentence is cut into clauses, each clause into subject, verb and the rest, and questions are
//! formed around what a reader would ask (yes/no, who, what, when, where, how many, why), with
//! a variant in other news words. General English patterns only.

use super::dates::Mention;
use super::text::{
    irregular_base, irregular_past, is_function_word, is_verb, related, tokens, verb_base, Token,
    AUXILIARIES, QUANTITY_WORDS,
};
use crate::engine::normalize::SAYING;
use crate::knowledge::QuestionKind;

/// Words that open a new clause after a comma (the word itself is dropped from the clause).
const CLAUSE_OPENERS: &[&str] = &[
    "though",
    "although",
    "while",
    "but",
    "and",
    "which",
    "where",
    "who",
    "whose",
    "including",
    "because",
    "before",
    "after",
    "when",
    "whereas",
    "eventually",
    "so",
];

/// Markers of a cause or purpose: a fact with one answers "why".
const REASON_MARKERS: &[&str] = &[
    "because",
    "due",
    "since",
    "after",
    "amid",
    "over",
    "wake",
    "fuels",
    "fueled",
    "driven",
    "leading",
    "led",
    "result",
    "reason",
    "justification",
    "therefore",
    "authorized",
    "anonymity",
    "response",
    "responded",
    "retaliation",
    "following",
    "sparked",
    "prompted",
    "caused",
    "order",
    "aims",
    "aim",
    "so",
    "fears",
    "concern",
    "concerns",
    "blamed",
    "protest",
    "protests",
    "why",
];

/// Nouns for people and bodies: a fact with one (or a name) answers "who".
const AGENT_NOUNS: &[&str] = &[
    "official",
    "officials",
    "minister",
    "ministry",
    "secretary",
    "president",
    "leader",
    "leaders",
    "government",
    "governments",
    "militia",
    "militias",
    "group",
    "groups",
    "forces",
    "troops",
    "factions",
    "faction",
    "politicians",
    "people",
    "army",
    "military",
    "police",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "commander",
    "chief",
    "he",
    "she",
    "they",
    "personnel",
    "fighters",
    "writer",
    "residents",
    "company",
    "agency",
    "council",
    "court",
    "judge",
    "lawmakers",
    "parliament",
    "coalition",
    "administration",
    "member",
    "members",
];

/// Nouns for places: a fact with one (or "in" + a name) answers "where".
const PLACE_NOUNS: &[&str] = &[
    "base",
    "bases",
    "region",
    "country",
    "countries",
    "city",
    "airport",
    "capital",
    "province",
    "border",
    "soil",
    "area",
    "territory",
    "installations",
    "locations",
    "site",
    "sites",
    "there",
    "where",
    "street",
    "town",
    "village",
    "state",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "abroad",
    "home",
    "headquarters",
    "forum",
];

/// Words of manner: a fact with one answers "how".
const MANNER_MARKERS: &[&str] = &[
    "with",
    "by",
    "through",
    "using",
    "via",
    "mix",
    "gradual",
    "gradually",
    "deliberate",
];

/// The questions and kinds drafted for one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    pub questions: Vec<String>,
    pub kinds: Vec<QuestionKind>,
    /// Who is speaking in the sentence, when it says (or goes on quoting).
    pub speaker: Option<String>,
}

/// A clause: optional subject, its verb, and what follows.
struct Clause {
    subject: String,
    verb: String,
    rest: String,
    /// The verb is an auxiliary that fronts a question as it is.
    aux: bool,
    base: String,
    /// "does", "do" or "did" for a question with this verb.
    support: &'static str,
    text: String,
}

/// What came before a sentence in the article, to read its pronouns and short references.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    /// Up to three sentences before, the nearest last.
    pub previous: Vec<&'a str>,
    /// Who spoke in the sentence before (for "he said" and quotes that go on).
    pub speaker: Option<String>,
}

/// Drafts question forms and kinds for `sentence` (already without dateline), whose date
/// expressions are `mentions`.
pub fn generate(sentence: &str, mentions: &[Mention], ctx: &Context) -> Generated {
    let cleaned = self::clean(sentence);
    let clean = cleaned;
    let date_texts: Vec<&str> = mentions.iter().map(|m| &sentence[m.start..m.end]).collect();
    let (speaker, body) = attribution(&clean);
    let previous: Vec<String> = ctx.previous.iter().map(|p| self::clean(p)).collect();
    let context = previous.last().cloned();
    let speaker = match speaker {
        Some(s) if is_pronoun(&s) => ctx
            .speaker
            .clone()
            .or_else(|| context.as_deref().and_then(|c| antecedent(&s, c))),
        Some(s) => Some(s),
        // A quotation going on from the sentence before.
        None if sentence.starts_with(['“', '"']) => ctx.speaker.clone(),
        None => None,
    };
    let mut questions: Vec<String> = Vec::new();
    let push = |q: String, questions: &mut Vec<String>| {
        let q = tidy(&q);
        if q.split_whitespace().count() >= 2
            && !questions.iter().any(|x| x.eq_ignore_ascii_case(&q))
        {
            questions.push(q);
        }
    };

    let clauses = clauses(&body);
    let main_subject = clauses
        .iter()
        .find(|c| !c.subject.is_empty())
        .map(|c| c.subject.clone())
        .unwrap_or_default();
    let lower_all: Vec<String> = tokens(&clean).iter().map(Token::lower).collect();

    for (n, c) in clauses.iter().enumerate() {
        let subject = if c.subject.is_empty() {
            main_subject.as_str()
        } else {
            c.subject.as_str()
        };
        let undated_rest = remove_dates(&c.rest, &date_texts);
        let yes_no = if c.aux {
            format!("{} {subject} {}?", cap(&c.verb), undated_rest)
        } else {
            format!("{} {subject} {} {}?", cap(c.support), c.base, undated_rest)
        };
        push(yes_no.clone(), &mut questions);
        // "they have struck ..." also as "have Iran-backed militias struck ...".
        if is_pronoun(subject) {
            if let Some(who) = context.as_deref().and_then(|ctx| antecedent(subject, ctx)) {
                let q = if c.aux {
                    format!("{} {who} {}?", cap(&c.verb), undated_rest)
                } else {
                    format!("{} {who} {} {}?", cap(c.support), c.base, undated_rest)
                };
                push(q, &mut questions);
            }
        }
        // Passive "X is led by Y": "Who leads X?", "Did Y lead X?".
        if c.aux {
            if let Some(q) = passive_forms(subject, &undated_rest) {
                for q in q {
                    push(q, &mut questions);
                }
            }
        }
        // "The official was not authorized ..." also as "the Iraqi government official ...".
        if let Some(full) = fuller_reference(subject, &previous) {
            let q = if c.aux {
                format!("{} {full} {}?", cap(&c.verb), undated_rest)
            } else {
                format!("{} {full} {} {}?", cap(c.support), c.base, undated_rest)
            };
            push(q, &mut questions);
        }
        if !c.subject.is_empty() && !matches!(c.subject.as_str(), "there" | "it" | "this") {
            push(format!("Who {} {}?", c.verb, undated_rest), &mut questions);
        }
        if !c.aux && !c.rest.is_empty() {
            push(
                format!("What {} {subject} {}?", c.support, c.base),
                &mut questions,
            );
        }
        let has_date = date_texts.iter().any(|d| c.text.contains(d));
        if has_date {
            let q = if c.aux {
                format!("When {} {subject} {}?", c.verb, undated_rest)
            } else {
                format!("When {} {subject} {} {}?", c.support, c.base, undated_rest)
            };
            push(q, &mut questions);
        }
        if let Some(q) = count_question(c, subject, &undated_rest) {
            // What is counted, in other words too ("locations" / "sites"), and "struck ...
            // 60 times" also as "how many strikes".
            for variant in 0..4 {
                if let Some(p) = paraphrase(&q, variant) {
                    push(p, &mut questions);
                }
            }
            if let Some(rest) = q.strip_prefix("How many times ") {
                let mut nouns: Vec<&str> = related(&c.verb);
                nouns.extend(related(&c.base));
                // "have struck": the participle after the auxiliary.
                if let Some(first) = tokens(&c.rest).first() {
                    nouns.extend(related(&first.lower()));
                }
                for noun in nouns
                    .into_iter()
                    .filter(|n| n.ends_with('s') && !n.ends_with("ss"))
                {
                    push(format!("How many {noun} {rest}"), &mut questions);
                }
            }
            push(q, &mut questions);
        }
        if let Some(without) = remove_place(&undated_rest) {
            let q = if c.aux {
                format!("Where {} {subject} {without}?", c.verb)
            } else {
                format!("Where {} {subject} {} {without}?", c.support, c.base)
            };
            push(q, &mut questions);
        }
        // The same question in other news words.
        for variant in 0..4 {
            if let Some(q) = paraphrase(&yes_no, variant) {
                push(q, &mut questions);
            }
        }
        if n == 0 {
            if let Some(next) = clauses.get(1) {
                if next.text.starts_with("because")
                    || REASON_MARKERS.contains(&first_word(&next.text))
                {
                    push(
                        format!("Why {} {subject} {} {}?", c.support, c.base, undated_rest),
                        &mut questions,
                    );
                }
            }
        }
    }
    if clauses.is_empty() {
        push(
            format!("What about {}?", trim_end_punct(&body)),
            &mut questions,
        );
    }
    if let Some(speaker) = &speaker {
        push(format!("What did {speaker} say?"), &mut questions);
        push(
            format!("What did {speaker} announce or state?"),
            &mut questions,
        );
        let topic: Vec<&str> = tokens(&body)
            .iter()
            .map(|t| t.text)
            .filter(|w| !is_function_word(&w.to_lowercase()))
            .take(5)
            .collect();
        if !topic.is_empty() {
            push(
                format!("What did {speaker} say about {}?", topic.join(" ")),
                &mut questions,
            );
        }
        push(
            format!("Who said {}?", trim_end_punct(&body)),
            &mut questions,
        );
    }
    // A short sentence leans on the one before ("No U.S. personnel were hurt."): ask it with
    // the earlier sentence's setting. One with a figure of its own ("Another 900 U.S. troops
    // are in Syria.") stands alone: the earlier setting would give it the other's subject.
    if tokens(&clean).len() <= 8 && !clean.chars().any(|c| c.is_ascii_digit()) {
        if let (Some(first), Some(before)) = (questions.first().cloned(), context.as_deref()) {
            let setting: Vec<&str> = tokens(before)
                .iter()
                .map(|t| t.text)
                .filter(|w| !is_function_word(&w.to_lowercase()))
                .take(8)
                .collect();
            push(
                format!("{} ({})", trim_end_punct(&first), setting.join(" ")),
                &mut questions,
            );
        }
    }
    for q in definitions(&clean) {
        push(q, &mut questions);
    }
    let kinds = kinds(&lower_all, &clean, mentions, speaker.is_some());
    // The words readers use to ask for this kind of answer.
    for kind in &kinds {
        let q = match kind {
            QuestionKind::Count => "How many in number or in total, roughly how big?",
            QuestionKind::Time => "On what day, date, month or year, at what time?",
            QuestionKind::Place => "In what place, location or area?",
            QuestionKind::Reason => "For what reason, cause or purpose?",
            _ => continue,
        };
        push(q.to_string(), &mut questions);
    }
    if mentions.iter().any(|m| {
        let w = &sentence[m.start..m.end];
        w == "Saturday" || w == "Sunday"
    }) {
        push("On which day of the weekend?".to_string(), &mut questions);
    }
    if questions.is_empty() {
        push(
            format!("What about {}?", trim_end_punct(&clean)),
            &mut questions,
        );
    }
    if questions.is_empty() {
        questions.push(format!("{}?", trim_end_punct(&clean)));
    }
    Generated {
        questions,
        kinds,
        speaker,
    }
}

fn first_word(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or("")
}

fn cap(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

fn trim_end_punct(text: &str) -> &str {
    text.trim()
        .trim_end_matches(['.', '?', '!', '…', ',', ';', ':'])
        .trim()
}

/// Quotes removed, stray spaces closed, the final period dropped.
fn clean(sentence: &str) -> String {
    let no_quotes: String = sentence
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '‘' | '«' | '»'))
        .collect();
    let collapsed = no_quotes.split_whitespace().collect::<Vec<_>>().join(" ");
    trim_end_punct(&collapsed).to_string()
}

/// Spaces and punctuation of a generated question put right.
fn tidy(q: &str) -> String {
    let mut s = q.split_whitespace().collect::<Vec<_>>().join(" ");
    for (from, to) in [(" ?", "?"), (" ,", ","), (",?", "?"), (" .", ".")] {
        while s.contains(from) {
            s = s.replace(from, to);
        }
    }
    s.trim_end_matches([',', ';', ':']).to_string()
}

/// Splits "X said (in a statement) (that) Y" and "Y, X said" into (speaker, Y).
fn attribution(text: &str) -> (Option<String>, String) {
    let toks = tokens(text);
    // "Y, he said" / "Y, officials said Thursday".
    if let Some(comma) = text.rfind(", ") {
        let tail = &text[comma + 2..];
        let tail_toks = tokens(tail);
        if (2..=6).contains(&tail_toks.len())
            && tail_toks
                .iter()
                .skip(1)
                .any(|t| SAYING.contains(&t.lower().as_str()))
        {
            let speaker: Vec<&str> = tail_toks
                .iter()
                .take_while(|t| !SAYING.contains(&t.lower().as_str()))
                .map(|t| t.text)
                .collect();
            let speaker = speaker.join(" ");
            return (
                Some(speaker).filter(|s| !s.is_empty()),
                text[..comma].to_string(),
            );
        }
    }
    // "X said (in a statement) (that) Y": X is at most ten words.
    for (i, t) in toks.iter().enumerate().take(24) {
        if i == 0 || !SAYING.contains(&t.lower().as_str()) {
            continue;
        }
        // "Speaking at ..., Iraqi Prime Minister X said": the speaker follows the last comma.
        let before = text[..t.start].trim();
        let mut speaker = before.rsplit_once(", ").map_or(before, |(_, s)| s).trim();
        // "A U.S. defense official who spoke on condition of anonymity ... said": the speaker is
        // the noun phrase before the relative clause.
        let speaker_toks = tokens(speaker);
        if let Some(rel) = speaker_toks
            .iter()
            .position(|t| matches!(t.lower().as_str(), "who" | "which" | "that"))
        {
            speaker = speaker[..speaker_toks[rel].start].trim();
        }
        let speaker_toks = tokens(speaker);
        // A speaker is a noun phrase: no verb in it, at most ten words.
        if speaker_toks.is_empty()
            || speaker_toks.len() > 10
            || speaker_toks
                .iter()
                .skip(1)
                .any(|t| !t.capitalized() && AUXILIARIES.contains(&t.lower().as_str()))
        {
            break;
        }
        let speaker = speaker.to_string();
        let mut rest = text[t.end..].trim_start();
        if t.lower() == "told" {
            // "told reporters (that) ...": skip who was told.
            let rt = tokens(rest);
            let skip = match rt.iter().take(5).position(|w| w.lower() == "that") {
                Some(p) => rt.get(p + 1).map(|w| w.start),
                None => rt.get(1).map(|w| w.start),
            };
            rest = &rest[skip.unwrap_or(0)..];
        }
        for lead in [
            "in a statement",
            "on condition of anonymity",
            "in an interview",
        ] {
            rest = rest.strip_prefix(lead).unwrap_or(rest).trim_start();
        }
        // "said Thursday", "said on Tuesday"
        let rest_toks = tokens(rest);
        let mut skip = 0;
        if let Some(first) = rest_toks.first() {
            if first.text.ends_with("day") && first.capitalized() {
                skip = first.end;
            }
        }
        rest = rest[skip..].trim_start_matches([',', ' ']);
        rest = rest.strip_prefix("that ").unwrap_or(rest);
        if tokens(rest).len() >= 3 {
            return (Some(speaker).filter(|s| !s.is_empty()), rest.to_string());
        }
        break;
    }
    (None, text.to_string())
}

/// What a pronoun subject stands for, read from the sentence before: "they" the last plural
/// group there ("Iran-backed militias"), "he"/"she" its speaker or last name.
fn antecedent(pronoun: &str, context: &str) -> Option<String> {
    let toks = tokens(context);
    match pronoun.to_lowercase().as_str() {
        "they" => {
            let i = toks.iter().rposition(|t| {
                let l = t.lower();
                AGENT_NOUNS.contains(&l.as_str()) && l.ends_with('s') && !is_pronoun(&l)
            })?;
            let mut s = i;
            while s > 0 && s + 2 > i {
                let p = toks[s - 1].lower();
                if is_function_word(&p) || is_verb(&p) {
                    break;
                }
                s -= 1;
            }
            Some(context[toks[s].start..toks[i].end].to_string())
        }
        "he" | "she" => {
            let (speaker, _) = attribution(context);
            if let Some(s) = speaker.filter(|s| !is_pronoun(s)) {
                return Some(s);
            }
            let mut last = None;
            let mut i = 1;
            while i < toks.len() {
                if toks[i].capitalized() && toks.get(i + 1).is_some_and(Token::capitalized) {
                    let mut e = i + 1;
                    while e < toks.len() && toks[e].capitalized() {
                        e += 1;
                    }
                    last = Some(context[toks[i].start..toks[e - 1].end].to_string());
                    i = e;
                } else {
                    i += 1;
                }
            }
            last
        }
        _ => None,
    }
}

/// Active forms of a passive clause: `subject` + aux + participle + "by" + agent.
fn passive_forms(subject: &str, rest: &str) -> Option<Vec<String>> {
    let toks = tokens(rest);
    let first = toks.first()?;
    let base = verb_base(&first.lower())?;
    let by = toks.get(1).filter(|t| t.lower() == "by")?;
    let agent = rest[by.end..].split([',', ';']).next().unwrap_or("").trim();
    if agent.is_empty() || subject.is_empty() {
        return None;
    }
    let third = if base.ends_with('y') && !base.ends_with("ay") && !base.ends_with("ey") {
        format!("{}ies", &base[..base.len() - 1])
    } else if base.ends_with(['s', 'x', 'z']) || base.ends_with("ch") || base.ends_with("sh") {
        format!("{base}es")
    } else {
        format!("{base}s")
    };
    Some(vec![
        format!("Who {third} {subject}?"),
        format!("Who {} {subject}?", first.lower()),
        format!("Does {agent} {base} {subject}?"),
    ])
}

/// "the official" -> "the Iraqi government official" when an earlier sentence names it so.
fn fuller_reference(subject: &str, previous: &[String]) -> Option<String> {
    let words: Vec<&str> = subject.split_whitespace().collect();
    if words.len() != 2 || !words[0].eq_ignore_ascii_case("the") {
        return None;
    }
    let head = words[1].to_lowercase();
    if is_function_word(&head) || head.chars().any(|c| !c.is_alphabetic()) {
        return None;
    }
    for sentence in previous.iter().rev() {
        let toks = tokens(sentence);
        let Some(i) = toks.iter().rposition(|t| t.lower() == head) else {
            continue;
        };
        let mut s = i;
        while s > 0 && i - s < 3 {
            let p = toks[s - 1].lower();
            if is_function_word(&p) || is_verb(&p) || toks[s - 1].is_number() {
                break;
            }
            s -= 1;
        }
        if s < i {
            let modifiers = &sentence[toks[s].start..toks[i].end];
            return Some(format!("the {modifiers}"));
        }
    }
    None
}

fn is_pronoun(text: &str) -> bool {
    matches!(
        text.to_lowercase().as_str(),
        "he" | "she" | "they" | "it" | "we" | "i" | "you"
    )
}

/// Cuts text into clauses at semicolons, dashes and commas before clause openers or
/// participles, and reads each clause's subject and verb.
fn clauses(text: &str) -> Vec<Clause> {
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    for part in text.split("; ").flat_map(|p| p.split(" — ")) {
        let mut rest = part;
        loop {
            let cut = rest.match_indices(", ").find(|(i, _)| {
                let after = &rest[i + 2..];
                let w = first_word(after).to_lowercase();
                CLAUSE_OPENERS.contains(&w.as_str())
                    || (w.ends_with("ing") && w.len() > 5 && !is_function_word(&w))
            });
            match cut {
                Some((i, _)) => {
                    current.push_str(&rest[..i]);
                    pieces.push(std::mem::take(&mut current));
                    rest = &rest[i + 2..];
                }
                None => {
                    current.push_str(rest);
                    pieces.push(std::mem::take(&mut current));
                    break;
                }
            }
        }
    }
    pieces
        .into_iter()
        .filter_map(|p| clause(p.trim()))
        .collect()
}

fn clause(text: &str) -> Option<Clause> {
    let mut toks = tokens(text);
    let mut start = 0;
    // Drop the opener ("though the U.S. says ...") and a leading "that".
    while let Some(t) = toks.first() {
        let l = t.lower();
        if CLAUSE_OPENERS.contains(&l.as_str()) || l == "that" {
            start = toks.get(1).map_or(text.len(), |n| n.start);
            toks.remove(0);
        } else {
            break;
        }
    }
    let mut text = text[start..].trim();
    // Reported speech after a relative ("who told reporters the talks would ..."): the clause is
    // what was said.
    let head = tokens(text);
    if let Some(first) = head.first() {
        let l = first.lower();
        if SAYING.contains(&l.as_str()) {
            let skip_to = match head.iter().take(5).position(|w| w.lower() == "that") {
                Some(p) => head.get(p + 1),
                None if l == "told" => head.get(2),
                None => head.get(1),
            };
            text = skip_to.map_or("", |t| text[t.start..].trim());
        }
    }
    let toks: Vec<Token> = tokens(text);
    let first = toks.first()?;
    let first_lower = first.lower();
    // A participle clause: "firing multiple missiles at ..." (its subject is the sentence's).
    if first_lower.ends_with("ing") && first_lower.len() > 5 {
        let base = verb_base(&format!("{}ed", &first_lower[..first_lower.len() - 3]))
            .unwrap_or_else(|| first_lower.clone());
        return Some(Clause {
            subject: String::new(),
            verb: first_lower.clone(),
            rest: text[first.end..].trim().to_string(),
            aux: false,
            base,
            support: "did",
            text: text.to_string(),
        });
    }
    // Leading date or place phrase before a comma: "On Saturday, X launched ...".
    let mut skip_to = 0;
    if let Some(comma) = text.find(", ") {
        if tokens(&text[..comma]).len() <= 12
            && !toks
                .iter()
                .take_while(|t| t.start < comma)
                .any(|t| is_verb(&t.lower()) && !t.capitalized())
        {
            skip_to = comma + 2;
        }
    }
    let body = text[skip_to..].trim();
    let btoks = tokens(body);
    let v = btoks
        .iter()
        .enumerate()
        .skip(1)
        .find(|(i, t)| {
            // "U.S.-led" is no verb.
            let hyphenated = body[..t.start].ends_with('-');
            !t.capitalized() && !hyphenated && (is_verb(&t.lower()) || present_s(&btoks, *i))
        })
        .map(|(i, _)| i)?;
    if v > 20 {
        return None;
    }
    let verb_tok = &btoks[v];
    let verb = verb_tok.lower();
    let subject = body[..verb_tok.start]
        .trim()
        .trim_end_matches(',')
        .to_string();
    let mut rest = body[verb_tok.end..].trim().to_string();
    if skip_to > 0 {
        // Keep the leading phrase in the question ("... on Saturday").
        rest = format!(
            "{rest} {}",
            lower_first(text[..skip_to].trim().trim_end_matches(','))
        );
    }
    let aux = AUXILIARIES.contains(&verb.as_str());
    let base = if aux {
        verb.clone()
    } else {
        verb_base(&verb).unwrap_or_else(|| {
            if present_s(&btoks, v) {
                verb.strip_suffix("ies")
                    .map(|s| format!("{s}y"))
                    .unwrap_or_else(|| verb[..verb.len() - 1].to_string())
            } else {
                verb.clone()
            }
        })
    };
    let support = if aux {
        ""
    } else if verb.ends_with('s') && base != verb {
        "does"
    } else if base == verb {
        "do"
    } else {
        "did"
    };
    Some(Clause {
        subject: lower_first(&subject),
        verb,
        rest,
        aux,
        base,
        support,
        text: text.to_string(),
    })
}

/// A present-tense verb in -s read from its place: after a noun, before a determiner ("the
/// situation highlights the risk").
fn present_s(toks: &[Token], i: usize) -> bool {
    let l = toks[i].lower();
    if !l.ends_with('s')
        || l.ends_with("ss")
        || l.ends_with("us")
        || l.ends_with("ics")
        || l.len() < 4
    {
        return false;
    }
    let prev = toks[i - 1].lower();
    let next = toks.get(i + 1).map(Token::lower).unwrap_or_default();
    !is_function_word(&prev)
        && matches!(
            next.as_str(),
            "the"
                | "a"
                | "an"
                | "that"
                | "its"
                | "his"
                | "her"
                | "their"
                | "this"
                | "these"
                | "those"
                | "to"
        )
}

/// "The United States" -> "the United States"; names keep their capital.
fn lower_first(subject: &str) -> String {
    let mut words = subject.splitn(2, ' ');
    let first = words.next().unwrap_or("");
    let rest = words.next();
    let lowered = if is_function_word(&first.to_lowercase()) {
        first.to_lowercase()
    } else {
        first.to_string()
    };
    match rest {
        Some(r) => format!("{lowered} {r}"),
        None => lowered,
    }
}

/// Removes date expressions (with their preposition) from text.
fn remove_dates(text: &str, dates: &[&str]) -> String {
    let mut out = text.to_string();
    for d in dates {
        for prep in ["on ", "in ", "since ", "by ", "until ", ""] {
            let pat = format!("{prep}{d}");
            if out.contains(&pat) {
                out = out.replacen(&pat, "", 1);
                break;
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text without its first place phrase ("in western Iraq", "at al-Asad Air Base"), when
/// it has one.
fn remove_place(text: &str) -> Option<String> {
    let toks = tokens(text);
    for (i, t) in toks.iter().enumerate() {
        if !matches!(
            t.lower().as_str(),
            "in" | "at" | "near" | "outside" | "inside"
        ) {
            continue;
        }
        // The phrase: optional "the"/adjective, then capitalized words or a place noun.
        let mut j = i + 1;
        let mut place = false;
        while let Some(n) = toks.get(j) {
            let l = n.lower();
            if n.capitalized() || PLACE_NOUNS.contains(&l.as_str()) {
                place = true;
                j += 1;
            } else if !place && (l == "the" || l == "a" || l.ends_with("ern")) {
                j += 1;
            } else {
                break;
            }
        }
        if place {
            let end = toks.get(j - 1).map_or(text.len(), |t| t.end);
            let without = format!("{} {}", &text[..t.start], &text[end..]);
            return Some(without.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    None
}

/// "How many <things> ...?" for a clause with a number.
fn count_question(c: &Clause, subject: &str, rest: &str) -> Option<String> {
    let whole = format!("{subject} {} {rest}", c.verb);
    let toks = tokens(&whole);
    let k = toks.iter().position(|t| {
        let l = t.lower();
        (t.is_number() && !is_year(t.text))
            || (QUANTITY_WORDS.contains(&l.as_str()) && l != "times")
    })?;
    // The counted thing: the words after the number up to a function word or verb.
    let mut thing: Vec<&str> = Vec::new();
    let mut j = k + 1;
    while let Some(t) = toks.get(j) {
        let l = t.lower();
        if l == "of" && thing.is_empty() {
            j += 1;
            continue;
        }
        // A participle right after the number describes it ("three known sites").
        let verb = is_verb(&l) && !t.capitalized() && !thing.is_empty();
        if is_function_word(&l) || verb || thing.len() >= 4 {
            break;
        }
        thing.push(t.text);
        j += 1;
    }
    if thing.is_empty() {
        return None;
    }
    // Everything else of the clause, without the number phrase and its qualifiers.
    let mut start = toks[k].start;
    if k >= 2 {
        let two = format!("{} {}", toks[k - 2].lower(), toks[k - 1].lower());
        if matches!(
            two.as_str(),
            "more than" | "less than" | "fewer than" | "an estimated" | "at least" | "up to"
        ) {
            start = toks[k - 2].start;
        }
    }
    if k >= 1
        && matches!(
            toks[k - 1].lower().as_str(),
            "about" | "nearly" | "some" | "around" | "almost" | "over"
        )
        && start == toks[k].start
    {
        start = toks[k - 1].start;
    }
    let end = toks[j - 1].end;
    let others = format!("{} {}", &whole[..start], &whole[end..]);
    let support = if c.aux { c.verb.as_str() } else { c.support };
    let verb_word = if c.aux { "" } else { c.base.as_str() };
    let others_toks = tokens(&others);
    let others_text: Vec<&str> = others_toks
        .iter()
        .map(|t| t.text)
        .filter(|w| *w != c.verb)
        .collect();
    Some(format!(
        "How many {} {support} {} {verb_word}?",
        thing.join(" "),
        others_text.join(" ")
    ))
}

fn is_year(text: &str) -> bool {
    text.len() == 4 && text.chars().all(|c| c.is_ascii_digit()) && matches!(&text[..2], "19" | "20")
}

/// The question with its thesaurus words replaced by their `variant`-th relative.
fn paraphrase(question: &str, variant: usize) -> Option<String> {
    let toks = tokens(question);
    let mut out = String::new();
    let mut last = 0;
    let mut changed = false;
    for (i, t) in toks.iter().enumerate().skip(1) {
        if t.capitalized() {
            continue;
        }
        let lower = t.lower();
        let mut alts = related(&lower);
        // "three known sites": a participle after a number stays as it is.
        let prev = toks[i - 1].lower();
        let after_number = toks[i - 1].is_number()
            || QUANTITY_WORDS.contains(&prev.as_str())
            || matches!(prev.as_str(), "many" | "much");
        if alts.is_empty() && !after_number {
            if let Some(base) = irregular_base(&lower) {
                alts.push(base);
            } else if let Some(past) = irregular_past(&lower) {
                alts.push(past);
            }
        }
        let ending = |w: &str| {
            if w.ends_with("ed") {
                1
            } else if w.ends_with("ing") {
                2
            } else if w.ends_with('s') {
                3
            } else {
                0
            }
        };
        let same: Vec<&str> = alts
            .iter()
            .copied()
            .filter(|a| ending(a) == ending(&lower))
            .collect();
        // Same inflection first, then the other members of the family.
        let mut ordered = same.clone();
        ordered.extend(alts.iter().copied().filter(|a| !same.contains(a)));
        let alts = ordered;
        if let Some(alt) = alts.get(variant % alts.len().max(1)) {
            out.push_str(&question[last..t.start]);
            out.push_str(alt);
            last = t.end;
            changed = true;
        }
    }
    out.push_str(&question[last..]);
    changed.then_some(out)
}

/// "What is X?" for an appositive ("X, a coalition of ..."), "Who is the <title>?" for a
/// title before a name ("Defense Secretary Lloyd Austin").
fn definitions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let toks = tokens(text);
    for (i, t) in toks.iter().enumerate() {
        // Appositive: capitalized name, comma, "a"/"an".
        if t.capitalized() && text[t.end..].starts_with(", a") {
            let next = toks.get(i + 1).map(Token::lower);
            if matches!(next.as_deref(), Some("a" | "an")) {
                let mut s = i;
                while s > 0 && (toks[s - 1].namelike() || toks[s - 1].lower() == "of") {
                    s -= 1;
                }
                if s > 0 && toks[s - 1].lower() == "the" {
                    s -= 1;
                }
                let name = &text[toks[s].start..t.end];
                if name.split_whitespace().count() >= 1 && s + 1 < toks.len() {
                    out.push(format!("What is {name}?"));
                    out.push(format!("Who is {name}?"));
                }
            }
        }
    }
    // Title + name: two or more capitalized words where the first ones are a title.
    const TITLES: &[&str] = &[
        "Secretary",
        "Minister",
        "President",
        "Gen.",
        "General",
        "Chief",
        "Director",
        "Ambassador",
        "Leader",
        "Commander",
        "Spokesman",
        "Spokeswoman",
        "Governor",
        "Mayor",
        "Senator",
        "Sen.",
        "Rep.",
        "Judge",
        "Premier",
        "King",
        "Queen",
        "Prince",
        "Chancellor",
        "Speaker",
        "Adm.",
        "Col.",
        "Lt.",
        "Sgt.",
        "Capt.",
        "Maj.",
    ];
    let mut i = 0;
    while i < toks.len() {
        if TITLES.contains(&toks[i].text) {
            let mut s = i;
            while s > 0 && toks[s - 1].capitalized() && s + 3 > i {
                s -= 1;
            }
            let mut e = i + 1;
            while e < toks.len() && toks[e].namelike() {
                e += 1;
            }
            if e > i + 1 {
                let title = &text[toks[s].start..toks[i].end];
                let name = &text[toks[i + 1].start..toks[e - 1].end];
                out.push(format!("Who is the {title}?"));
                let expanded = expand_titles(title);
                if expanded != title {
                    out.push(format!("Who is the {expanded}?"));
                    out.push(format!("Who is {expanded} {name}?"));
                }
                out.push(format!("Who is {name}?"));
            }
            i = e;
        } else {
            i += 1;
        }
    }
    out
}

/// Title abbreviations written out ("Gen." -> "General"), as readers type them.
fn expand_titles(text: &str) -> String {
    const EXPANSIONS: &[(&str, &str)] = &[
        ("Gen.", "General"),
        ("Sen.", "Senator"),
        ("Rep.", "Representative"),
        ("Gov.", "Governor"),
        ("Lt.", "Lieutenant"),
        ("Col.", "Colonel"),
        ("Sgt.", "Sergeant"),
        ("Capt.", "Captain"),
        ("Maj.", "Major"),
        ("Adm.", "Admiral"),
        ("Dr.", "Doctor"),
        ("Prof.", "Professor"),
    ];
    let mut out = text.to_string();
    for (abbr, full) in EXPANSIONS {
        out = out.replace(abbr, full);
    }
    out
}

/// The kinds of question the sentence can honestly answer.
fn kinds(
    lower: &[String],
    text: &str,
    mentions: &[Mention],
    attributed: bool,
) -> Vec<QuestionKind> {
    let toks = tokens(text);
    let has = |set: &[&str]| lower.iter().any(|w| set.contains(&w.as_str()));
    let mut kinds = Vec::new();
    let number = toks.iter().any(|t| t.is_number() && !is_year(t.text)) || has(QUANTITY_WORDS);
    if number {
        kinds.push(QuestionKind::Count);
    }
    let time_words = [
        "since",
        "ago",
        "soon",
        "recent",
        "recently",
        "years",
        "months",
        "weeks",
        "days",
        "during",
        "until",
        "later",
        "earlier",
        "now",
        "when",
        "before",
        "after",
        "timeline",
        "timetable",
        "yesterday",
        "today",
        "tonight",
        "decade",
        "decades",
        "period",
        "time",
    ];
    if !mentions.is_empty() || has(&time_words) {
        kinds.push(QuestionKind::Time);
    }
    let named = toks
        .iter()
        .skip(1)
        .any(|t| t.capitalized() && !is_function_word(&t.lower()));
    if named || attributed || has(AGENT_NOUNS) {
        kinds.push(QuestionKind::Person);
    }
    let place_phrase = toks.windows(2).any(|w| {
        matches!(
            w[0].lower().as_str(),
            "in" | "at" | "near" | "outside" | "from" | "to" | "across"
        ) && w[1].capitalized()
            && !mentions.iter().any(|m| m.start == w[1].start)
    });
    if place_phrase || has(PLACE_NOUNS) {
        kinds.push(QuestionKind::Place);
    }
    if has(REASON_MARKERS) {
        kinds.push(QuestionKind::Reason);
    }
    if has(MANNER_MARKERS) {
        kinds.push(QuestionKind::Manner);
    }
    kinds.push(QuestionKind::Thing);
    kinds.push(QuestionKind::Confirm);
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_cover_who_what_when_where_how_many() {
        let s = "On Saturday, Kataib Hezbollah launched the militia’s most serious attack this year, firing multiple ballistic missiles at al-Asad Air Base, a large air base in western Iraq.";
        let published = chrono::NaiveDate::from_ymd_opt(2024, 1, 25).unwrap();
        let mentions = super::super::dates::find(s, published);
        let g = generate(s, &mentions, &Context::default());
        let all = g.questions.join("\n");
        assert!(all.contains("Did Kataib Hezbollah launch"), "{all}");
        assert!(all.contains("Who launched"), "{all}");
        assert!(all.contains("When did Kataib Hezbollah launch"), "{all}");
        assert!(all.contains("fire multiple ballistic missiles"), "{all}");
        assert!(all.contains("What is al-Asad Air Base?"), "{all}");
        for k in [
            QuestionKind::Time,
            QuestionKind::Person,
            QuestionKind::Place,
            QuestionKind::Count,
        ] {
            assert!(g.kinds.contains(&k), "{k:?} {:?}", g.kinds);
        }
    }

    #[test]
    fn passive_and_told() {
        let s = "The Iraqi delegation is led by Foreign Minister Karim al-Nouri, the government’s No. 2 official, who told reporters the talks would take “months, not years.”";
        let g = generate(s, &[], &Context::default());
        let all = g.questions.join("\n");
        assert!(all.contains("Who leads the Iraqi delegation?"), "{all}");
        assert!(all.contains("Who is Karim al-Nouri?"), "{all}");
        assert!(
            all.contains("Would the talks take months, not years?"),
            "{all}"
        );
        assert!(!all.contains("What did who say"), "{all}");
    }

    #[test]
    fn attribution_and_titles() {
        let s = "Defense Secretary Lloyd Austin said in a statement that the talks are part of a higher military commission.";
        let g = generate(s, &[], &Context::default());
        let all = g.questions.join("\n");
        assert!(
            all.contains("What did Defense Secretary Lloyd Austin say"),
            "{all}"
        );
        assert!(all.contains("Who is the Defense Secretary?"), "{all}");
        assert!(
            all.contains("Are the talks part of a higher military commission?"),
            "{all}"
        );
        let g = generate(
            "There are an estimated 2,500 U.S. troops deployed to Iraq now.",
            &[],
            &Context::default(),
        );
        let all = g.questions.join("\n");
        assert!(all.contains("How many U.S. troops"), "{all}");
        assert!(g.kinds.contains(&QuestionKind::Count));
    }
}
