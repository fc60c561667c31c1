//! Extractive summaries: the most central sentences of an article, in article order.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

use super::sentences::is_complete;
use crate::text::tokens::{is_function_word, tokens};

/// Indexes of the 3–5 most central sentences (fewer when the article is shorter), in article
/// order. Centrality is a sentence's summed TF-IDF cosine similarity to the others, with a
/// small bonus for the lead, as news puts the gist first; cut-off and very short sentences are
/// left out.
pub fn extractive(sentences: &[&str]) -> Vec<usize> {
    let stemmer = Stemmer::create(Algorithm::English);
    let bags: Vec<HashMap<String, f32>> = sentences
        .iter()
        .map(|s| {
            let mut bag = HashMap::new();
            for t in tokens(s) {
                let lower = t.lower();
                if is_function_word(&lower) || lower.len() < 2 {
                    continue;
                }
                *bag.entry(stemmer.stem(&lower).into_owned()).or_insert(0.0) += 1.0;
            }
            bag
        })
        .collect();
    let n = sentences.len() as f32;
    let mut df: HashMap<&str, f32> = HashMap::new();
    for bag in &bags {
        for term in bag.keys() {
            *df.entry(term.as_str()).or_insert(0.0) += 1.0;
        }
    }
    let vectors: Vec<HashMap<&str, f32>> = bags
        .iter()
        .map(|bag| {
            let mut v: HashMap<&str, f32> = bag
                .iter()
                .map(|(t, tf)| (t.as_str(), tf * (1.0 + n / df[t.as_str()]).ln()))
                .collect();
            let norm = v.values().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
            v.values_mut().for_each(|x| *x /= norm);
            v
        })
        .collect();
    let eligible = |i: usize| is_complete(sentences[i]) && tokens(sentences[i]).len() >= 6;
    let mut scored: Vec<(usize, f32)> = (0..sentences.len())
        .filter(|&i| eligible(i))
        .map(|i| {
            let centrality: f32 = (0..sentences.len())
                .filter(|&j| j != i)
                .map(|j| {
                    vectors[i]
                        .iter()
                        .filter_map(|(t, w)| vectors[j].get(t).map(|x| x * w))
                        .sum::<f32>()
                })
                .sum();
            let lead = match i {
                0 => 0.6,
                1 => 0.2,
                _ => 0.0,
            };
            (i, centrality + lead)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let want = (sentences.len() / 5).clamp(3, 5);
    let mut chosen: Vec<usize> = scored.into_iter().take(want).map(|(i, _)| i).collect();
    chosen.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests {
    use super::extractive;

    #[test]
    fn picks_central_sentences_in_order() {
        let s = [
            "The city council approved a new budget for the city schools on Monday.",
            "The budget raises spending on city schools by 5 percent.",
            "It rained.",
            "Council members debated the school budget for three hours before the vote.",
            "A local bakery won a prize for its bread at the state fair.",
            "Parents said the school budget was long overdue and welcomed the council vote.",
            "The mayor is expected to sign the budget",
        ];
        let chosen = extractive(&s);
        assert_eq!(chosen.len(), 3);
        assert!(chosen.windows(2).all(|w| w[0] < w[1]));
        assert!(chosen.contains(&0));
        assert!(!chosen.contains(&2) && !chosen.contains(&4) && !chosen.contains(&6));
    }
}
