//! A question about a year its article never speaks of: "who won the 2014 World Cup?" is not
//! answered by an article about the 2018 one, however many of its words that article holds.
//! A rule, like the past-for-future one in the model: the labelled sets hold too few such
//! questions for the fit to learn it (11 unanswerable ones, all but a few already refused).

use chrono::Datelike;

use super::score::{best_first, Ranking};
use crate::knowledge::{FactBase, QuestionKind};
use crate::text::fold::is_year;

/// The most a fact is trusted to answer a question naming a year its source never speaks of.
const OTHER_YEAR: f32 = 0.05;

/// The years each source speaks of, by source: the years its article writes, the year it was
/// published, and the years its facts' dates fall in ("last year" resolved by the drafter).
#[derive(Debug, Default)]
pub struct SourceYears(Vec<Vec<i32>>);

impl SourceYears {
    pub fn new(base: &FactBase) -> SourceYears {
        let mut years: Vec<Vec<i32>> = base
            .sources
            .iter()
            .map(|s| {
                let mut y = written_years(&s.text);
                y.push(s.published.year());
                y
            })
            .collect();
        for fact in &base.facts {
            if let (Some(when), Some(y)) = (fact.when, years.get_mut(fact.source)) {
                y.push(when.year());
            }
        }
        for y in &mut years {
            y.sort_unstable();
            y.dedup();
        }
        SourceYears(years)
    }

    fn knows(&self, source: usize, year: i32) -> bool {
        self.0
            .get(source)
            .is_some_and(|y| y.binary_search(&year).is_ok())
    }
}

/// Four-digit numbers from 1900 to 2100 standing alone: "2014", "2014's", the 1990s' "1990",
/// a season's first year ("2014-15"); not "12014" or "20145".
fn written_years(text: &str) -> Vec<i32> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let alone_before = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let digits = bytes[i..i + 4].iter().all(u8::is_ascii_digit);
        let alone_after = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
        if alone_before && digits && alone_after {
            if let Some(y) = year(&text[i..i + 4]) {
                out.push(y);
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

fn year(word: &str) -> Option<i32> {
    is_year(word).then(|| word.parse().ok()).flatten()
}

/// Lowers the candidates whose source speaks of no year the question names. A yes/no
/// question is left alone: "the ring ran since 2018, correct?" asserts a year, and the fact
/// that corrects it need not write that year.
pub fn demote_other_years(
    years: &SourceYears,
    base: &FactBase,
    words: &[String],
    ranking: &mut Ranking,
) {
    if ranking.kind == QuestionKind::Confirm {
        return;
    }
    let asked: Vec<i32> = words.iter().filter_map(|w| year(w)).collect();
    if asked.is_empty() {
        return;
    }
    let mut changed = false;
    for c in &mut ranking.candidates {
        let Some(source) = base.facts.get(c.fact).map(|f| f.source) else {
            continue;
        };
        if !asked.iter().any(|&y| years.knows(source, y)) && c.confidence > OTHER_YEAR {
            c.confidence = OTHER_YEAR;
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

    #[test]
    fn years_are_four_digits_standing_alone() {
        assert_eq!(
            written_years("In 2014, and 2018's cup; not 12014, 1850 or 20145; the 2014-15 season."),
            vec![2014, 2018, 2014]
        );
        assert_eq!(
            written_years("In the 1990s, 2100 and 2101."),
            vec![1990, 2100]
        );
    }
}
