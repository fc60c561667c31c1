//! Who says what: the speaker a news sentence quotes ("Defense Secretary Lloyd Austin said
//! ...", "..., he said") and the one a question asks about ("what did Biden say?"). A question
//! about what someone said is answered only by a fact quoting them.

use crate::text::deeds::{deed, Deed};
use crate::text::words::{asks_for_words, is_saying, slang};

/// The speakers of a curated text: for each verb of saying, the words before it back to a
/// clause boundary, without a relative clause ("A U.S. defense official who spoke on
/// condition of anonymity ... said" -> "a u.s. defense official"). A pronoun ("he said")
/// names nobody; the fact's answer usually does.
pub fn speakers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // News writes these verbs in lowercase; this runs over every word of every fact.
    for (start, w) in word_spans(text) {
        if !is_saying(w) {
            continue;
        }
        // Attribution after the quote: "“...,” says Chris Early, senior vice president".
        if text[..start].trim_end().ends_with(['”', '"']) {
            let after = text[start + w.len()..].to_lowercase();
            let who = after
                .split([',', '.', ';', ':', '—', '“', '”', '"', '('])
                .next()
                .unwrap_or("")
                .trim();
            if !who.is_empty() && !is_pronoun(who) && who.split_whitespace().count() <= 5 {
                out.push(who.to_string());
            }
            continue;
        }
        let before = text[..start].to_lowercase();
        let before = before.split(" who ").next().unwrap_or(&before);
        let before = before.trim_end_matches(|c: char| !c.is_alphanumeric());
        let clause = before
            .rsplit([',', '“', '”', '"', ';', ':', '—'])
            .next()
            .unwrap_or(before)
            .trim();
        if !clause.is_empty() && !is_pronoun(clause) {
            out.push(clause.to_string());
        }
    }
    out
}

/// Where a sentence stands among its text's quotations: whether it is quoted (it opens with
/// a quotation mark, or follows one left open), and whether it leaves one open. News quotes
/// run over several sentences and name the speaker once ("“Amazing,” Davis said. “To be able
/// to do that ... is something special."), so the sentences after the first are said by the
/// same person.
pub fn quotation(sentence: &str, open_before: bool) -> (bool, bool) {
    let quoted = open_before || sentence.trim_start().starts_with(['“', '"']);
    let mut open = open_before;
    for c in sentence.chars() {
        match c {
            '“' => open = true,
            '”' => open = false,
            '"' => open = !open,
            _ => {}
        }
    }
    (quoted, open)
}

fn is_pronoun(words: &str) -> bool {
    matches!(words, "he" | "she" | "they" | "it" | "we" | "i")
}

/// The words of a text with their byte offsets.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// The words between an auxiliary at `aux` and the first of `verbs` within `reach` words
/// after it: the subject of "did X react", "what does X think".
fn subject(
    ws: &[&str],
    aux: usize,
    is_verb: impl Fn(&str) -> bool,
    reach: usize,
) -> Option<Vec<String>> {
    let rest = ws.get(aux + 1..)?;
    let verb = rest.iter().take(reach).position(|w| is_verb(w))?;
    let who: Vec<String> = rest[..verb].iter().map(|w| w.to_string()).collect();
    Some(who).filter(|w| !w.is_empty())
}

/// Who a question asks the reaction of: "how did X react / respond / reply to ...". The fact
/// must be about X doing so, so X must be in the fact's own text. `words` are the question's,
/// folded.
pub fn asked_reactor(words: &[String]) -> Option<Vec<String>> {
    let ws: Vec<&str> = words.iter().map(|w| slang(w)).collect();
    let aux = ws.iter().position(|w| {
        matches!(
            *w,
            "did" | "does" | "do" | "has" | "have" | "will" | "would"
        )
    })?;
    // The verbs of reacting are WordNet's (text::deeds).
    subject(&ws, aux, |w| deed(w) == Some(Deed::React), 6)
}

/// Who a question asks the words or views of: "what did X say", "what does X think about",
/// "according to X". `words` are the question's, folded.
pub fn asked_speaker(words: &[String]) -> Option<Vec<String>> {
    let ws: Vec<&str> = words.iter().map(|w| slang(w)).collect();
    if let Some(i) = ws.windows(2).position(|w| w == ["according", "to"]) {
        let who: Vec<String> = ws[i + 2..].iter().take(4).map(|w| w.to_string()).collect();
        return Some(who).filter(|w| !w.is_empty());
    }
    let aux = ws.iter().position(|w| matches!(*w, "what" | "how"))? + 1;
    if !matches!(
        ws.get(aux),
        Some(&("did" | "does" | "do" | "has" | "have" | "is" | "was" | "are" | "were"))
    ) {
        return None;
    }
    subject(&ws, aux, asks_for_words, 7)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold::{fold, words};

    #[test]
    fn finds_the_speakers_of_a_news_sentence() {
        assert_eq!(
            speakers("Defense Secretary Lloyd Austin said in a statement that the talks ..."),
            vec!["defense secretary lloyd austin"]
        );
        assert_eq!(
            speakers("A U.S. defense official who spoke on condition of anonymity because he was not authorized to discuss details of the discussions said the U.S. ..."),
            vec!["a u.s. defense official"]
        );
        assert_eq!(
            speakers("The announcement comes as U.S. forces ..., though the U.S. says the time frame ..."),
            vec!["though the u.s"]
        );
        assert_eq!(
            speakers("Iraqi Prime Minister Mohammed Shia al-Sudani, who said there is no longer justification, also said: “This is a request.”"),
            vec!["iraqi prime minister mohammed shia al-sudani"; 2]
        );
        assert!(speakers("“We are a sovereign country,” he said.").is_empty());
        assert!(speakers("There are an estimated 2,500 U.S. troops.").is_empty());
        assert_eq!(
            speakers("“Streaming is somewhat binary,” says Early."),
            vec!["early"]
        );
        assert_eq!(
            speakers("“Much of it is credible,” writes Michael Oppenheimer, a climate scientist."),
            vec!["michael oppenheimer"]
        );
        assert!(speakers("“It is tough,” he says.").is_empty());
        assert_eq!(
            speakers("“Pick a profession, they’re in this case,” said Levy."),
            vec!["levy"]
        );
    }

    #[test]
    fn follows_a_quotation_over_sentences() {
        assert_eq!(quotation("“Amazing,” Davis said.", false), (true, false));
        assert_eq!(quotation("“To be able to do that.", false), (true, true));
        assert_eq!(quotation("I mean, it is a tribute.”", true), (true, false));
        assert_eq!(quotation("The Thunder won.", false), (false, false));
        assert_eq!(
            quotation("\"Going upstairs was hard,\" he wrote.", false),
            (true, false)
        );
    }

    #[test]
    fn finds_whose_words_a_question_asks_for() {
        let read = |q: &str| words(&fold(q));
        let asked = |q: &str| asked_speaker(&read(q)).map(|w| w.join(" "));
        assert_eq!(asked("What did Biden say?").as_deref(), Some("biden"));
        assert_eq!(
            asked("what did kataib hezbollah's leader say after the strikes").as_deref(),
            Some("kataib hezbollah leader")
        );
        assert_eq!(
            asked("What does the Kurdish government think about it?").as_deref(),
            Some("the kurdish government")
        );
        assert_eq!(asked("What did the U.S. hit on Tuesday?"), None);
        let reactor = |q: &str| asked_reactor(&read(q)).map(|w| w.join(" "));
        assert_eq!(
            reactor("how did tehran react to the news").as_deref(),
            Some("tehran")
        );
        assert_eq!(
            reactor("did the white house ever reply to the letter").as_deref(),
            Some("the white house ever")
        );
        assert_eq!(asked("how many troops are there"), None);
    }
}
