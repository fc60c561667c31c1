//! Other words for a question's word, from the WordNet lexicon (`text::lexicon`): "purchase"
//! finds a fact saying "bought", "prosecutors" one saying "prosecuted". Only single words are
//! looked up, and only in the terms the base already has.

use std::sync::{Arc, OnceLock, RwLock};

use rustc_hash::FxHashMap;

use super::analyze::Analyzer;
use super::index::{Index, TermId};
use crate::text::lexicon;

/// The base's terms the lexicon relates to `word` (synonyms of its main senses, derived
/// forms, its base form), other than `own`, the word's own term.
pub fn related_terms(index: &Index, word: &str, own: Option<TermId>) -> Vec<TermId> {
    let mut out: Vec<TermId> = related_stems(&index.analyzer, word)
        .iter()
        .filter_map(|stem| index.id(stem))
        .filter(|id| Some(*id) != own)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The stems of the words the lexicon relates to `word`. Stemming them is most of the cost of
/// a look-up and the same for every base, so each word's stems are kept once worked out: at
/// most one entry per word of the lexicon, whatever people type.
fn related_stems(analyzer: &Analyzer, word: &str) -> Arc<[String]> {
    type Cache = RwLock<FxHashMap<String, Arc<[String]>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Cache::default);
    if let Some(stems) = cache.read().ok().and_then(|c| c.get(word).cloned()) {
        return stems;
    }
    let related = lexicon::related(word);
    if related.is_empty() {
        return Arc::from([]);
    }
    let mut stems: Vec<String> = related
        .synonyms
        .iter()
        .chain(related.derived.iter())
        .chain(related.lemma)
        .filter(|r| !r.contains(' '))
        .map(|r| analyzer.stem(r))
        .collect();
    stems.sort_unstable();
    stems.dedup();
    let stems: Arc<[String]> = stems.into();
    if let Ok(mut c) = cache.write() {
        c.insert(word.to_string(), stems.clone());
    }
    stems
}
