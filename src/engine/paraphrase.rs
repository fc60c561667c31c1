//! Other words for a question's word, from the WordNet lexicon (`text::lexicon`): "purchase"
//! finds a fact saying "bought", "prosecutors" one saying "prosecuted". Only single words are
//! looked up, and only in the terms the base already has.

use super::index::{Index, TermId};
use crate::text::lexicon;

/// The base's terms the lexicon relates to `word` (synonyms of its main senses, derived
/// forms, its base form), other than `own`, the word's own term.
pub fn related_terms(index: &Index, word: &str, own: Option<TermId>) -> Vec<TermId> {
    let related = lexicon::related(word);
    let mut out: Vec<TermId> = related
        .synonyms
        .iter()
        .chain(related.derived.iter())
        .chain(related.lemma)
        .filter(|r| !r.contains(' '))
        .filter_map(|r| index.id(&index.analyzer.stem_cow(r)))
        .filter(|id| Some(*id) != own)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}
