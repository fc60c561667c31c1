//! What the bot says, as data first (so limits can be checked without Discord), then as
//! serenity builders. Every message goes out with `allowed_mentions` empty: the bot quotes
//! questions and articles, and neither may ever ping anyone.

use poise::serenity_prelude as serenity;

use crate::engine::restates;
use crate::engine::Answer;
use crate::render::{suggestions_heading, DONT_KNOW, NOT_SURE};

/// Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
pub mod limits {
    pub const CONTENT: usize = 2000;
    pub const TITLE: usize = 256;
    pub const DESCRIPTION: usize = 4096;
    pub const FIELDS: usize = 25;
    pub const FIELD_NAME: usize = 256;
    pub const FIELD_VALUE: usize = 1024;
    pub const FOOTER: usize = 2048;
    pub const EMBED_TOTAL: usize = 6000;
}

/// Embed colours: a settled answer, an unreviewed draft, a plain notice.
const COLOUR_ANSWER: u32 = 0x2f80ed;
const COLOUR_DRAFT: u32 = 0xf2994a;
const COLOUR_INFO: u32 = 0x828282;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Embed {
    pub title: String,
    pub description: String,
    pub fields: Vec<(String, String)>,
    pub footer: String,
    pub colour: u32,
}

/// One message: plain content, an embed, or both; answers also carry 👍/👎 buttons.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reply {
    pub content: String,
    pub embed: Option<Embed>,
    pub votes: Option<VoteKey>,
}

/// What a vote button carries in its custom id, so a click works after a restart and without
/// looking anything up: the question's id (the Discord id of the message or interaction that
/// asked), whether it was answered, and the fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteKey {
    pub question_id: u64,
    pub answered: bool,
    pub fact_id: Option<String>,
}

/// Custom ids of vote buttons start with this.
pub const VOTE_PREFIX: &str = "fbv";
/// Discord's limit on a custom id.
const CUSTOM_ID_MAX: usize = 100;

impl VoteKey {
    /// `fbv:u:<question id>:a:<fact id>` (`d` for 👎, `r` for a refusal); the fact is left out
    /// when it would not fit in Discord's 100 characters.
    pub fn custom_id(&self, up: bool) -> String {
        let base = format!(
            "{VOTE_PREFIX}:{}:{}:{}",
            if up { 'u' } else { 'd' },
            self.question_id,
            if self.answered { 'a' } else { 'r' }
        );
        match &self.fact_id {
            Some(f) if base.len() + 1 + f.len() <= CUSTOM_ID_MAX => format!("{base}:{f}"),
            _ => base,
        }
    }

    /// The key and the vote (true = 👍) of a custom id, or None if it is not a vote button.
    pub fn parse(custom_id: &str) -> Option<(VoteKey, bool)> {
        let mut parts = custom_id.splitn(5, ':');
        if parts.next()? != VOTE_PREFIX {
            return None;
        }
        let up = match parts.next()? {
            "u" => true,
            "d" => false,
            _ => return None,
        };
        let question_id: u64 = parts.next()?.parse().ok()?;
        let answered = match parts.next()? {
            "a" => true,
            "r" => false,
            _ => return None,
        };
        let fact_id = parts.next().filter(|f| !f.is_empty()).map(str::to_string);
        Some((
            VoteKey {
                question_id,
                answered,
                fact_id,
            },
            up,
        ))
    }

    fn buttons(&self) -> serenity::CreateActionRow {
        serenity::CreateActionRow::Buttons(vec![
            serenity::CreateButton::new(self.custom_id(true))
                .emoji('👍')
                .style(serenity::ButtonStyle::Secondary),
            serenity::CreateButton::new(self.custom_id(false))
                .emoji('👎')
                .style(serenity::ButtonStyle::Secondary),
        ])
    }
}

/// Cuts `s` to at most `max` characters, marking the cut with an ellipsis.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

impl Embed {
    /// Number of characters Discord counts against the 6,000 total.
    pub fn total_chars(&self) -> usize {
        self.title.chars().count()
            + self.description.chars().count()
            + self.footer.chars().count()
            + self
                .fields
                .iter()
                .map(|(n, v)| n.chars().count() + v.chars().count())
                .sum::<usize>()
    }

    /// Brings every part within Discord's limits; the description gives way last-but-one
    /// (fields go first) so the answer itself survives as long as possible.
    pub fn fit(mut self) -> Embed {
        self.title = truncate(&self.title, limits::TITLE);
        self.description = truncate(&self.description, limits::DESCRIPTION);
        self.footer = truncate(&self.footer, limits::FOOTER);
        self.fields.truncate(limits::FIELDS);
        for (n, v) in &mut self.fields {
            *n = truncate(n, limits::FIELD_NAME);
            *v = truncate(v, limits::FIELD_VALUE);
        }
        while self.total_chars() > limits::EMBED_TOTAL && !self.fields.is_empty() {
            self.fields.pop();
        }
        let over = self.total_chars().saturating_sub(limits::EMBED_TOTAL);
        if over > 0 {
            let keep = self.description.chars().count().saturating_sub(over);
            self.description = truncate(&self.description, keep);
        }
        self
    }

    pub fn to_builder(&self) -> serenity::CreateEmbed {
        let mut e = serenity::CreateEmbed::new().colour(self.colour);
        if !self.title.is_empty() {
            e = e.title(&self.title);
        }
        if !self.description.is_empty() {
            e = e.description(&self.description);
        }
        for (n, v) in &self.fields {
            e = e.field(n, v, false);
        }
        if !self.footer.is_empty() {
            e = e.footer(serenity::CreateEmbedFooter::new(&self.footer));
        }
        e
    }
}

impl Reply {
    pub fn text(content: impl Into<String>) -> Reply {
        Reply {
            content: content.into(),
            ..Reply::default()
        }
        .fit()
    }

    pub fn embed(embed: Embed) -> Reply {
        Reply {
            embed: Some(embed),
            ..Reply::default()
        }
        .fit()
    }

    /// Adds the 👍/👎 buttons.
    pub fn with_votes(mut self, key: VoteKey) -> Reply {
        self.votes = Some(key);
        self
    }

    pub fn fit(mut self) -> Reply {
        self.content = truncate(&self.content, limits::CONTENT);
        self.embed = self.embed.map(Embed::fit);
        self
    }

    /// As a channel message replying to `to` (without pinging its author).
    pub fn to_message(&self, to: Option<&serenity::Message>) -> serenity::CreateMessage {
        let mut m = serenity::CreateMessage::new().allowed_mentions(no_mentions());
        if !self.content.is_empty() {
            m = m.content(&self.content);
        }
        if let Some(e) = &self.embed {
            m = m.embed(e.to_builder());
        }
        if let Some(v) = &self.votes {
            m = m.components(vec![v.buttons()]);
        }
        if let Some(to) = to {
            m = m.reference_message(to);
        }
        m
    }

    /// As a poise reply (slash commands).
    pub fn to_poise(&self, ephemeral: bool) -> poise::CreateReply {
        let mut r = poise::CreateReply::default()
            .allowed_mentions(no_mentions())
            .ephemeral(ephemeral);
        if !self.content.is_empty() {
            r = r.content(&self.content);
        }
        if let Some(e) = &self.embed {
            r = r.embed(e.to_builder());
        }
        if let Some(v) = &self.votes {
            r = r.components(vec![v.buttons()]);
        }
        r
    }
}

/// Nobody: no @everyone/@here, no roles, no users, not even the author of the replied message.
pub fn no_mentions() -> serenity::CreateAllowedMentions {
    serenity::CreateAllowedMentions::new().replied_user(false)
}

/// An answer as the bot posts it: an embed with the answer, the quoted source sentence, the
/// source and a confidence footer; a refusal as plain text with the suggestions.
pub fn answer(a: &Answer) -> Reply {
    let (Some(text), Some(c)) = (&a.answer, &a.citation) else {
        return refusal(a);
    };
    // A draft's answer is often its sentence word for word: then the quote says it once.
    let mut description = if restates(text, &c.sentence) {
        String::new()
    } else {
        text.clone()
    };
    if a.truncated {
        if !description.is_empty() {
            description.push('\n');
        }
        description.push_str("*(the source sentence is cut off in the article)*");
    }
    // Quote the sentence last so that, if something must give, the quote is what is shortened.
    let quote = truncate(
        &block_quote(&c.sentence),
        limits::DESCRIPTION
            .saturating_sub(description.chars().count() + 2)
            .max(200),
    );
    description = truncate(
        &description,
        limits::DESCRIPTION.saturating_sub(quote.chars().count() + 2),
    );
    if !description.is_empty() {
        description.push_str("\n\n");
    }
    description.push_str(&quote);
    let mut footer = format!("confidence {:.2}", a.confidence);
    if let Some(id) = &a.fact_id {
        footer.push_str(&format!(" · fact {id}"));
    }
    if a.draft {
        footer.push_str(" · unreviewed draft fact");
    }
    Reply::embed(Embed {
        title: String::new(),
        description,
        fields: vec![(
            "Source".to_string(),
            format!("{}, {} — “{}”", c.publisher, c.published, c.title),
        )],
        footer,
        colour: if a.draft { COLOUR_DRAFT } else { COLOUR_ANSWER },
    })
}

/// A sentence as a Discord block quote, each of its lines marked.
fn block_quote(sentence: &str) -> String {
    sentence
        .lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// An answer (or refusal) with its 👍/👎 buttons; `question_id` is the Discord id of the
/// message or interaction that asked.
pub fn answer_with_votes(a: &Answer, question_id: u64) -> Reply {
    // A vote on a refusal that showed a passage names the passage's fact: 👍 says it answered.
    let fact_id = a
        .fact_id
        .clone()
        .or_else(|| a.nearest.as_ref().map(|n| n.fact_id.clone()));
    answer(a).with_votes(VoteKey {
        question_id,
        answered: a.answered,
        fact_id,
    })
}

fn refusal(a: &Answer) -> Reply {
    let mut suggestions = String::new();
    if !a.suggestions.is_empty() {
        suggestions.push_str(suggestions_heading(a));
        for s in &a.suggestions {
            suggestions.push_str("\n• ");
            suggestions.push_str(&s.question);
        }
    }
    let Some(n) = &a.nearest else {
        let mut text = String::from(DONT_KNOW);
        if !suggestions.is_empty() {
            text.push('\n');
            text.push_str(&suggestions);
        }
        return Reply::text(text);
    };
    // Not an answer: a grey embed that says so first, the passage quoted as answers quote.
    let c = &n.citation;
    let head = format!("{NOT_SURE} The nearest passage I found:");
    let suggestions = truncate(&suggestions, limits::DESCRIPTION / 4);
    // The quote gives way to the rest, as an answer's does.
    let room =
        limits::DESCRIPTION.saturating_sub(head.chars().count() + suggestions.chars().count() + 4);
    let mut description = format!("{head}\n\n{}", truncate(&block_quote(&c.sentence), room));
    if !suggestions.is_empty() {
        description.push_str("\n\n");
        description.push_str(&suggestions);
    }
    Reply::embed(Embed {
        title: String::new(),
        description: truncate(&description, limits::DESCRIPTION),
        fields: vec![(
            "Source".to_string(),
            format!("{}, {} — “{}”", c.publisher, c.published, c.title),
        )],
        footer: format!(
            "not an answer · confidence {:.2} · fact {}",
            n.confidence, n.fact_id
        ),
        colour: COLOUR_INFO,
    })
}

/// A long plain text (summaries, topic lists) as embeds, split at line breaks so each piece
/// fits one embed description and one message.
pub fn long_text(title: &str, text: &str) -> Vec<Reply> {
    // Leave room under the description limit for the title and safety against edge cases.
    let chunk_max = limits::DESCRIPTION - 96;
    let mut chunks: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = truncate(line, chunk_max);
        if current.chars().count() + line.chars().count() + 1 > chunk_max && !current.is_empty() {
            chunks.push(std::mem::take(&mut current));
        }
        current.push_str(&line);
        current.push('\n');
    }
    if !current.trim().is_empty() || chunks.is_empty() {
        chunks.push(current);
    }
    let n = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, description)| {
            let title = if n > 1 {
                format!("{title} ({}/{n})", i + 1)
            } else {
                title.to_string()
            };
            Reply::embed(Embed {
                title,
                description,
                colour: COLOUR_INFO,
                ..Embed::default()
            })
        })
        .collect()
}

/// A short informational embed (help, reload reports, stats).
pub fn info(title: &str, description: String) -> Reply {
    Reply::embed(Embed {
        title: title.to_string(),
        description,
        colour: COLOUR_INFO,
        ..Embed::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_with_a_nearest_passage_says_it_is_not_an_answer() {
        let sentence = "There are an estimated 2,500 U.S. troops deployed to Iraq now.";
        let mut a = crate::render::tests::answered(sentence, sentence);
        let citation = a.citation.take().expect("citation");
        a.answered = false;
        a.answer = None;
        a.fact_id = None;
        a.confidence = 0.61;
        a.nearest = Some(crate::engine::Nearest {
            fact_id: "troops".into(),
            confidence: 0.61,
            citation,
        });
        a.suggestions = vec![crate::engine::Suggestion {
            fact_id: "other".into(),
            question: "Where are the talks?".into(),
        }];
        let reply = answer_with_votes(&a, 7);
        let embed = reply.embed.as_ref().expect("an embed");
        assert!(embed.description.starts_with(NOT_SURE), "{embed:?}");
        assert!(embed.description.contains(&format!("> {sentence}")));
        assert!(embed
            .description
            .contains("Or did you mean:\n• Where are the talks?"));
        assert!(embed.footer.starts_with("not an answer · confidence 0.61"));
        assert_eq!(embed.colour, COLOUR_INFO);
        // A 👍 on it says the passage answered; the vote names its fact.
        let key = reply.votes.expect("vote buttons");
        assert!(!key.answered);
        assert_eq!(key.fact_id.as_deref(), Some("troops"));

        // Without one, a plain-text refusal as before.
        a.nearest = None;
        let plain = answer(&a);
        assert!(plain.embed.is_none());
        assert!(plain.content.starts_with(DONT_KNOW));
        assert!(plain
            .content
            .contains("\nDid you mean:\n• Where are the talks?"));
    }

    #[test]
    fn vote_ids_round_trip_and_fit() {
        let key = VoteKey {
            question_id: 1_234_567_890_123,
            answered: true,
            fact_id: Some("troops-in-iraq".into()),
        };
        let id = key.custom_id(false);
        assert_eq!(id, "fbv:d:1234567890123:a:troops-in-iraq");
        assert_eq!(VoteKey::parse(&id), Some((key.clone(), false)));
        let long = VoteKey {
            fact_id: Some("x".repeat(120)),
            ..key
        };
        assert!(long.custom_id(true).len() <= 100);
        assert_eq!(
            VoteKey::parse(&long.custom_id(true)).map(|(k, _)| k.fact_id),
            Some(None)
        );
        assert_eq!(VoteKey::parse("other:u:1:a"), None);
        assert_eq!(VoteKey::parse("fbv:x:1:a"), None);
    }

    #[test]
    fn an_answer_that_is_its_sentence_is_quoted_once() {
        let sentence = "The council approved the budget on Monday.";
        let embed = |text: &str| {
            answer(&crate::render::tests::answered(text, sentence))
                .embed
                .expect("embed")
                .description
        };
        assert_eq!(embed(sentence), format!("> {sentence}"));
        assert_eq!(embed("On Monday."), format!("On Monday.\n\n> {sentence}"));
    }

    #[test]
    fn truncate_counts_characters_not_bytes() {
        assert_eq!(truncate("héllo", 5), "héllo");
        assert_eq!(truncate("héllo!", 5), "héll…");
    }

    #[test]
    fn oversized_embeds_fit() {
        let e = Embed {
            title: "t".repeat(300),
            description: "d".repeat(5000),
            fields: (0..30)
                .map(|i| (format!("f{i}"), "v".repeat(2000)))
                .collect(),
            footer: "f".repeat(3000),
            colour: 0,
        }
        .fit();
        assert!(e.title.chars().count() <= limits::TITLE);
        assert!(e.description.chars().count() <= limits::DESCRIPTION);
        assert!(e.fields.len() <= limits::FIELDS);
        assert!(
            e.total_chars() <= limits::EMBED_TOTAL,
            "{}",
            e.total_chars()
        );
    }

    #[test]
    fn long_text_splits_within_limits() {
        let text = (0..500)
            .map(|i| format!("line {i} {}", "x".repeat(40)))
            .collect::<Vec<_>>()
            .join("\n");
        let parts = long_text("Summary", &text);
        assert!(parts.len() > 1);
        for p in &parts {
            let e = p.embed.as_ref().expect("embed");
            assert!(e.description.chars().count() <= limits::DESCRIPTION);
            assert!(e.total_chars() <= limits::EMBED_TOTAL);
        }
    }
}
