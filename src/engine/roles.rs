//! Who did what to whom, for one pattern a bag of words cannot see: a passive question ("were
//! any Americans killed?") against a fact where the same people do it ("the U.S. strikes ...
//! killed some of those fighters"). The question's sufferer must not be the fact's doer.

use super::analyze::Analyzer;
use super::index::{Index, TermId};
use super::score::{best_first, Ranking};
use crate::knowledge::FactBase;
use crate::text::deeds::{self, deed, Deed};
use crate::text::fold::{fold, words};
use crate::text::words::{irregular_base, is_stopword, slang};

/// What a fact loses when it has the question's sufferer as its doer.
const REVERSED: f32 = 0.5;

const BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "get", "got", "gets",
];
const AUX: &[&str] = &[
    "is", "are", "was", "were", "have", "has", "had", "did", "do", "does", "get", "got", "gets",
    "will", "would", "could", "can",
];
/// Words between an auxiliary and its participle that belong to neither side.
const CHAIN: &[&str] = &[
    "been", "being", "be", "ever", "actually", "really", "already", "all",
];
/// Words that end the clause around a verb.
const BOUNDARY: &[&str] = &[
    "while", "but", "as", "because", "which", "that", "though", "who",
];

/// A verb whose subject suffers it ("died", WordNet's deed lexicon, given as `deed`), or
/// "dead", the one adjective of dying, kept here beside them.
fn suffers(word: &str, deed: Option<Deed>) -> bool {
    word == "dead" || deed == Some(Deed::Undergo)
}

/// A question's verb and who suffers it, when the question puts them so.
struct Undergone<'a> {
    verb: &'a str,
    sufferer: Vec<&'a str>,
}

fn undergone<'a>(ws: &[&'a str]) -> Option<Undergone<'a>> {
    // Words that show the verb is not this question's passive: a relative clause ("the
    // airstrike that killed ...") or a yes/no wrapper ("is it true the U.S. hit ...").
    const NOT_SUBJECT: &[&str] = &["it", "true", "there", "that", "which", "who"];
    for (i, &w) in ws.iter().enumerate() {
        // The deed is looked up once: it is most of what reading a question's roles costs. A
        // verb of harm counts as a past participle ("killed", "slain").
        let deed = deed(w);
        let intransitive = suffers(w, deed);
        let participle =
            deed == Some(Deed::Harm) && (w.ends_with("ed") || irregular_base(w).is_some());
        if !(intransitive || participle) {
            continue;
        }
        let mut j = i;
        while j > 0 && CHAIN.contains(&ws[j - 1]) {
            j -= 1;
        }
        // "troops were killed" / "have troops been killed": a form of "be" before the verb.
        let be_before = j < i && BE.contains(&ws[j]) || j > 0 && BE.contains(&ws[j - 1]);
        let end = if j > 0 && BE.contains(&ws[j - 1]) {
            j - 1
        } else {
            j
        };
        let aux = ws[..end].iter().rposition(|w| AUX.contains(w));
        let start = aux.map_or(0, |a| a + 1).max(end.saturating_sub(5));
        let subject = &ws[start..end];
        // "were any soldiers killed": the auxiliary opens the question.
        let inverted = aux.is_some_and(|a| BE.contains(&ws[a]) && a + 1 == start);
        if !(intransitive || be_before || inverted)
            || subject.iter().any(|w| NOT_SUBJECT.contains(w))
        {
            continue;
        }
        let sufferer: Vec<&str> = subject
            .iter()
            .copied()
            .filter(|w| !is_stopword(w) && !matches!(*w, "many" | "much"))
            .collect();
        if !sufferer.is_empty() {
            return Some(Undergone { verb: w, sufferer });
        }
    }
    None
}

/// In a curated text, for each use of `verb`: the terms of its doers and of its sufferers.
fn sides(analyzer: &Analyzer, text: &str, verb: &str) -> (Vec<String>, Vec<String>) {
    let folded = fold(text);
    let ws = words(&folded);
    let ws: Vec<&str> = ws.iter().map(String::as_str).collect();
    let (mut doers, mut sufferers) = (Vec::new(), Vec::new());
    let verb = analyzer.terms(verb);
    if verb.is_empty() {
        return (doers, sufferers);
    }
    for (k, w) in ws.iter().enumerate() {
        // A word's own term is cheap to read and must be the verb's for its terms to be.
        if verb.len() == 1 && analyzer.word_term(w) != verb[0].as_str() {
            continue;
        }
        if analyzer.terms(w) != verb {
            continue;
        }
        // The clause on each side: "a U.S. airstrike in January 2020 that killed Iranian Gen.
        // Qassem Soleimani and Iraqi militia leader ...".
        let mut head = &ws[..k];
        while head.last().is_some_and(|w| BOUNDARY.contains(w)) {
            head = &head[..head.len() - 1];
        }
        let from = head
            .iter()
            .rposition(|w| BOUNDARY.contains(w))
            .map_or(0, |b| b + 1)
            .max(head.len().saturating_sub(12));
        let before = head[from..].join(" ");
        let after: Vec<&str> = ws[k + 1..]
            .iter()
            .copied()
            .take_while(|w| !BOUNDARY.contains(w))
            .take(7)
            .collect();
        let after = after.join(" ");
        // "were killed", or a participle after its noun: "fighters killed in a U.S. strike".
        const AFTER_PARTICIPLE: &[&str] = &["by", "in", "at", "during", "on", "near", "outside"];
        let passive = ws[k.saturating_sub(2)..k].iter().any(|w| BE.contains(w))
            || ws.get(k + 1).is_some_and(|n| AFTER_PARTICIPLE.contains(n));
        if passive || suffers(w, deed(w)) {
            sufferers.extend(analyzer.terms(&before));
            doers.extend(analyzer.terms(&after));
        } else {
            doers.extend(analyzer.terms(&before));
            sufferers.extend(analyzer.terms(&after));
        }
    }
    (doers, sufferers)
}

/// Who does and who suffers one of the deeds the questions tell apart, in one fact's texts:
/// worked out once per fact, since finding the verb costs a term lookup per word.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// The verb's terms ("kill" for "killed" and "killing").
    pub verb: Vec<TermId>,
    /// Terms of its doers and of its sufferers, sorted.
    pub doers: Vec<TermId>,
    pub sufferers: Vec<TermId>,
}

/// The deed verbs with their terms in a base (`id` maps a term key to its id), worked out once
/// per index; verbs whose terms the base lacks are left out.
pub fn deed_verbs(
    analyzer: &Analyzer,
    id: impl Fn(&str) -> Option<TermId>,
) -> Vec<(&'static str, Vec<TermId>)> {
    let mut out: Vec<(&'static str, Vec<TermId>)> = Vec::new();
    let deeds = deeds::verbs().filter(|(_, d)| matches!(d, Deed::Harm | Deed::Undergo));
    for (verb, _) in deeds {
        let keys = analyzer.terms(verb);
        let terms: Option<Vec<TermId>> = keys.iter().map(|k| id(k)).collect();
        match terms {
            Some(terms) if !terms.is_empty() && !out.iter().any(|(_, t)| *t == terms) => {
                out.push((verb, terms));
            }
            _ => {}
        }
    }
    out
}

/// The roles of a fact's texts (its sentence and answer), for each of the base's deed verbs
/// (from [`deed_verbs`]) its terms (`own`, sorted) hold; `id` maps a term key to its id.
pub fn fact_roles(
    analyzer: &Analyzer,
    id: impl Fn(&str) -> Option<TermId>,
    verbs: &[(&str, Vec<TermId>)],
    own: &[TermId],
    texts: [&str; 2],
) -> Vec<Role> {
    let mut roles: Vec<Role> = Vec::new();
    for (verb, terms) in verbs {
        if !terms.iter().all(|t| own.binary_search(t).is_ok()) {
            continue;
        }
        let (mut doers, mut sufferers) = (Vec::new(), Vec::new());
        for text in texts {
            let (d, s) = sides(analyzer, text, verb);
            doers.extend(d.iter().filter_map(|k| id(k)));
            sufferers.extend(s.iter().filter_map(|k| id(k)));
        }
        for list in [&mut doers, &mut sufferers] {
            list.sort_unstable();
            list.dedup();
        }
        roles.push(Role {
            verb: terms.clone(),
            doers,
            sufferers,
        });
    }
    roles
}

/// Lowers the best candidates whose text has the question's sufferer doing the deed.
/// `words` are the question's folded words, as [`crate::text::fold::words`] reads them.
pub fn demote_reversed(index: &Index, base: &FactBase, words: &[String], ranking: &mut Ranking) {
    let ws: Vec<&str> = words.iter().map(|w| slang(w)).collect();
    let Some(q) = undergone(&ws) else {
        return;
    };
    let sufferer: Vec<TermId> = index
        .analyzer
        .terms(&q.sufferer.join(" "))
        .iter()
        .filter_map(|k| index.id(k))
        .collect();
    let verb: Vec<TermId> = index
        .analyzer
        .terms(q.verb)
        .iter()
        .filter_map(|k| index.id(k))
        .collect();
    if sufferer.is_empty() || verb.is_empty() {
        return;
    }
    let mut changed = false;
    let floor = ranking
        .candidates
        .first()
        .map_or(0.0, |c| c.confidence * 0.5);
    for c in ranking
        .candidates
        .iter_mut()
        .take_while(|c| c.confidence >= floor)
    {
        let entry = &index.facts[c.fact];
        // Only a fact holding the verb can have the sufferer doing it.
        if !verb.iter().all(|t| entry.own.binary_search(t).is_ok()) {
            continue;
        }
        let roles = entry.roles.get_or_init(|| {
            let fact = &base.facts[c.fact];
            let texts = [fact.sentence.as_str(), fact.answer.as_str()];
            let id = |k: &str| index.id(k);
            fact_roles(&index.analyzer, id, &index.deed_verbs, &entry.own, texts)
        });
        let roles = roles.iter().filter(|r| r.verb == verb);
        let (mut does, mut suffers) = (false, false);
        for role in roles {
            does |= sufferer.iter().any(|t| role.doers.binary_search(t).is_ok());
            suffers |= sufferer
                .iter()
                .any(|t| role.sufferers.binary_search(t).is_ok());
        }
        if does && !suffers {
            c.confidence *= REVERSED;
            changed = true;
        }
    }
    if changed {
        best_first(&mut ranking.candidates);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(q: &str) -> Option<(String, String)> {
        let owned = words(&fold(q));
        let ws: Vec<&str> = owned.iter().map(|w| slang(w)).collect();
        undergone(&ws).map(|u| (u.verb.to_string(), u.sufferer.join(" ")))
    }

    #[test]
    fn finds_who_suffers_in_a_question() {
        let pair = |v: &str, s: &str| Some((v.to_string(), s.to_string()));
        assert_eq!(
            read("were any US soldiers killed"),
            pair("killed", "us soldiers")
        );
        assert_eq!(
            read("Have any American troops been killed in the attacks?"),
            pair("killed", "american troops")
        );
        assert_eq!(read("how many americans died"), pair("died", "americans"));
        assert_eq!(read("who was killed in the 2020 airstrike?"), None);
        assert_eq!(read("did the us kill anyone"), None);
        assert_eq!(read("Is it true the U.S. hit five militia sites?"), None);
        assert_eq!(
            read("When was the U.S. airstrike that killed Soleimani?"),
            None
        );
        assert_eq!(
            read("so us troops were injured?"),
            pair("injured", "us troops")
        );
        assert_eq!(
            read("so us troops were really wounded?"),
            pair("wounded", "us troops")
        );
        // WordNet's deeds: "hurt" most often aches, and "hit" moves a ball.
        assert_eq!(read("so us troops were hurt?"), None);
    }
}
