//! The curator report: one source of truth for `/stats` and `factbot stats`.

use std::fmt::Write as _;

use serde::Serialize;

use super::RefusedRow;

const DAY_MS: i64 = 86_400_000;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Unix ms the report starts at.
    pub since_ms: i64,
    pub answered: i64,
    pub refused: i64,
    /// Answered and refused per UTC day, oldest first (in JSON: `per_day`, with dates).
    #[serde(skip)]
    pub days: Vec<DayCount>,
    /// Refused questions grouped after normalising, most asked first.
    pub top_refused: Vec<RefusedGroup>,
    /// Answers with the most 👎, most first.
    pub most_down: Vec<VotedAnswer>,
    /// Answers given from each source, most first.
    pub sources: Vec<SourceUse>,
    pub votes_up: i64,
    pub votes_down: i64,
    /// Votes on refusals: "this should have been answered".
    pub votes_on_refusals: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayCount {
    /// Days since 1970-01-01 (UTC).
    #[serde(skip)]
    pub day: i64,
    pub answered: i64,
    pub refused: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefusedGroup {
    pub normalized: String,
    /// One wording as asked.
    pub example: String,
    pub count: i64,
    /// The facts nearest to it (filled in by the caller, who has the knowledge base).
    pub nearest: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VotedAnswer {
    pub question_id: i64,
    pub question: Option<String>,
    pub fact_id: Option<String>,
    /// False when the voted message was a refusal.
    pub answered: bool,
    pub up: i64,
    pub down: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceUse {
    pub source_id: String,
    pub answered: i64,
}

impl DayCount {
    /// The day as YYYY-MM-DD.
    pub fn date(&self) -> String {
        day_string(self.day)
    }
}

fn day_string(day: i64) -> String {
    chrono::DateTime::from_timestamp_millis(day.saturating_mul(DAY_MS))
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| day.to_string())
}

/// `Report` as JSON: days as dates.
#[derive(Serialize)]
struct JsonReport<'a> {
    since: String,
    #[serde(flatten)]
    report: &'a Report,
    per_day: Vec<JsonDay>,
}

#[derive(Serialize)]
struct JsonDay {
    date: String,
    answered: i64,
    refused: i64,
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

impl Report {
    /// Fills each refused group's nearest facts: what the matcher would suggest for it.
    pub fn add_nearest(&mut self, matcher: &crate::engine::Matcher, per_question: usize) {
        for g in &mut self.top_refused {
            let answer = matcher.answer(&g.example);
            g.nearest = answer
                .nearest
                .iter()
                .map(|n| n.fact_id.clone())
                .chain(answer.suggestions.iter().map(|s| s.fact_id.clone()))
                .take(per_question)
                .collect();
        }
    }

    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let since = chrono::DateTime::from_timestamp_millis(self.since_ms)
            .map(|t| t.to_rfc3339())
            .unwrap_or_default();
        serde_json::to_string_pretty(&JsonReport {
            since,
            report: self,
            per_day: self
                .days
                .iter()
                .map(|d| JsonDay {
                    date: d.date(),
                    answered: d.answered,
                    refused: d.refused,
                })
                .collect(),
        })
    }

    /// Plain text (the CLI; /stats uses it as an embed description, so lines stay short).
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "Answered: {}\nRefused: {}", self.answered, self.refused);
        let _ = writeln!(
            s,
            "Votes: {} 👍, {} 👎 ({} on refusals: should have been answered)",
            self.votes_up, self.votes_down, self.votes_on_refusals
        );
        if !self.days.is_empty() {
            s.push_str("\nPer day (answered / refused):\n");
            // The most recent fortnight is enough on Discord; --json has them all.
            let skip = self.days.len().saturating_sub(14);
            for d in &self.days[skip..] {
                let _ = writeln!(s, "{}  {} / {}", d.date(), d.answered, d.refused);
            }
        }
        if self.top_refused.is_empty() {
            s.push_str("\nNo refused questions.\n");
        } else {
            s.push_str("\nMost-asked questions I could not answer:\n");
            for g in &self.top_refused {
                let _ = write!(s, "{}× {}", g.count, cut(&g.example, 150));
                if !g.nearest.is_empty() {
                    let _ = write!(s, " (nearest: {})", g.nearest.join(", "));
                }
                s.push('\n');
            }
        }
        if !self.most_down.is_empty() {
            s.push_str("\nMost 👎:\n");
            for a in &self.most_down {
                let question = a.question.as_deref().unwrap_or("(question not stored)");
                let what = if a.answered {
                    format!("fact {}", a.fact_id.as_deref().unwrap_or("?"))
                } else {
                    "refused".to_string()
                };
                let _ = writeln!(
                    s,
                    "{} 👎 {} 👍 · {} · {}",
                    a.down,
                    a.up,
                    cut(question, 120),
                    what
                );
            }
        }
        if !self.sources.is_empty() {
            s.push_str("\nAnswers per source:\n");
            for u in &self.sources {
                let _ = writeln!(s, "{}: {}", u.source_id, u.answered);
            }
        }
        s
    }
}

/// Refused questions as CSV (RFC 4180 quoting), for curators' spreadsheets.
pub fn refused_csv(rows: &[RefusedRow]) -> String {
    fn field(s: &str) -> String {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    }
    let mut out = String::from("time,via,question,normalized,confidence\n");
    for r in rows {
        let time = chrono::DateTime::from_timestamp_millis(r.asked_at)
            .map(|t| t.to_rfc3339())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{},{},{},{},{:.2}",
            time,
            field(&r.via),
            field(&r.question),
            field(&r.normalized),
            r.confidence
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it() {
        let rows = vec![RefusedRow {
            asked_at: 0,
            via: "mention".into(),
            question: "who, \"really\"?".into(),
            normalized: "who really".into(),
            confidence: 0.25,
        }];
        let csv = refused_csv(&rows);
        assert!(csv.contains("\"who, \"\"really\"\"?\""), "{csv}");
        assert!(csv.starts_with("time,via,question"));
    }

    #[test]
    fn days_are_dates() {
        let d = DayCount {
            day: 19_747,
            answered: 1,
            refused: 0,
        };
        assert_eq!(d.date(), "2024-01-25");
    }
}
