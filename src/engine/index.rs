//! The inverted index over facts: term ids, document frequencies, postings, and per-fact
//! term sets (all of the fact, and each question form) for scoring.

use chrono::Datelike;
use rustc_hash::{FxHashMap, FxHashSet};

use super::analyze::{Analyzer, Scope};
use super::question::{counted_runs, is_future_word, is_kind_word};
use super::vocab::Vocabulary;
use crate::knowledge::{FactBase, QuestionKind};
use crate::text::fold::{fold, fold_into, is_number, is_year, words_into};
use crate::text::vectors::{self, Vector};
use crate::text::words::{is_stopword, slang};

pub type TermId = u32;

/// Weight floor of a known term, as a fraction of the weight of a term found in one fact.
const KNOWN_FLOOR: f32 = 0.15;

#[derive(Debug)]
pub struct FactTerms {
    /// Every term of the fact (question forms, answer, sentence), sorted and unique.
    pub all: Vec<TermId>,
    /// Each question form's terms, sorted and unique, with the form's total weight.
    pub forms: Vec<(Vec<TermId>, f32)>,
    /// By form: its terms as bits (see [`term_bits`]). A form sharing no bit with the
    /// question shares no term with it, which rules out most forms without reading them.
    pub form_bits: Vec<u64>,
    pub kinds: Vec<QuestionKind>,
    /// Numbers in the answer or the sentence.
    pub numbers: Vec<TermId>,
    /// What the fact counts: terms after its numbers and after "how many" in its forms.
    pub counted: Vec<TermId>,
    /// Who the fact quotes: the terms of its sentence's and its answer's speakers.
    pub speakers: Vec<TermId>,
    /// The terms of its answer and sentence, sorted and unique.
    pub own: Vec<TermId>,
    /// Those of its own terms that its source writes as names (capitalized mid-sentence),
    /// sorted: "daughter" is a name in the article on the Daughters of the American
    /// Revolution, not in one about a father who treated his daughter.
    pub names: Vec<TermId>,
    /// Which words its names stand beside, as [`beside`] keys, sorted: "his attorney,
    /// Kendrick Moxon" names the attorney, not the mother the sentence also mentions. The
    /// names of what its story is about ([`STORY_NAME_SHARE`]) are left out: "Scientology"
    /// beside "mother" in a story about the church names no one's mother.
    pub named_beside: Vec<u64>,
    /// Its sentence gives a sum of money.
    pub money: bool,
    /// Its sentence gives someone's or something's age.
    pub age: bool,
    /// Its sentence gives a figure or a span of time.
    pub span: bool,
    /// It tells of a past year and nothing to come ("all U.S. combat forces left in 2011").
    pub historical: bool,
    /// Its sentence asks rather than tells ("What is Heaven Sent Gaming?", an interviewer's
    /// question): it answers nothing, though it is the context of the sentence after it.
    pub asks: bool,
    pub draft: bool,
    /// Index into the base's sources.
    pub source: u32,
    /// Pairs of terms near each other in the sentence (within two terms, either order),
    /// sorted: "free throws" and "throws ... free" both hold the pair.
    pub pairs: Vec<u64>,
    /// Its sentence's terms in order, stop words left out.
    pub sentence_terms: Vec<TermId>,
    /// Terms of its context, sorted: the sentence before it in the same source (which often
    /// names who "he" is) and what the source says of the people it names.
    pub context: Vec<TermId>,
    /// The weighted sum of its own terms' vectors, unit length (None: no term has one).
    pub meaning: Option<Vector>,
    /// The vectors of its own terms (indices into [`Index::vectors`]), for aligning a
    /// question's words with its words.
    pub own_vectors: Vec<u32>,
    /// Who does and who suffers the deeds its texts tell of, read the first time a question
    /// needs them (few facts ever are; reading them all slowed loading by a tenth).
    pub roles: std::sync::OnceLock<Vec<super::roles::Role>>,
}

/// Terms as a 64-bit set: bit `id % 64` for each. Two lists with no bit in common share no
/// term (bits in common may still be different terms).
pub fn term_bits(terms: impl IntoIterator<Item = TermId>) -> u64 {
    terms.into_iter().fold(0, |bits, t| bits | 1 << (t % 64))
}

/// How many terms either side of a name the word it names may stand ("his mother, Jane",
/// "Kendrick Moxon, a Scientology attorney").
const BESIDE: usize = 2;

/// A name in more than one in this many of its source's facts is what the story is about.
const STORY_NAME_SHARE: usize = 3;

/// The key of a word and a name beside it (ordered: the word first).
pub fn beside(word: TermId, name: TermId) -> u64 {
    (u64::from(word) << 32) | u64::from(name)
}

/// The key of an unordered pair of terms.
pub fn pair(a: TermId, b: TermId) -> u64 {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    (u64::from(lo) << 32) | u64::from(hi)
}

#[derive(Debug)]
pub struct Index {
    pub analyzer: Analyzer,
    pub vocab: Vocabulary,
    ids: FxHashMap<String, TermId>,
    pub weight: Vec<f32>,
    /// Terms written as names in the sources (capitalized mid-sentence) and numbers.
    pub entity: Vec<bool>,
    /// Terms that are years (a yes/no question's year is corrected only by a year).
    pub year: Vec<bool>,
    /// Terms naming a weekday or a month.
    pub calendar: Vec<bool>,
    /// The year of the newest source.
    pub latest_year: i32,
    pub postings: Vec<Vec<u32>>,
    pub facts: Vec<FactTerms>,
    /// Weight given to a word the knowledge base has never seen.
    pub unknown_weight: f32,
    /// How many sources the base has.
    pub sources: usize,
    /// By fact: its sentence asks rather than tells ([`FactTerms::asks`]), kept apart so that
    /// gathering candidates through long postings reads one byte a fact, not its record.
    pub asks: Vec<bool>,
    /// By term: the sources whose sentences (not question forms) hold it, ascending.
    pub source_postings: Vec<Vec<u32>>,
    /// By term: where its word vector sits in `vectors` (the mean direction of its spellings
    /// among the base's words), if any spelling has one.
    pub vector_of: Vec<Option<u32>>,
    pub vectors: Vec<Vector>,
    /// By source: the direction of its facts' meanings summed, unit length (None: no fact
    /// has one). Where a question's words point, as a whole, tells which article it is about
    /// even when its words are not the article's.
    pub source_meaning: Vec<Option<Vector>>,
    /// The deed verbs ([`super::roles`]) whose terms the base holds, with those terms.
    pub deed_verbs: Vec<(&'static str, Vec<TermId>)>,
}

/// Terms by key while the index is built, with their postings.
#[derive(Default)]
struct Terms {
    ids: FxHashMap<String, TermId>,
    postings: Vec<Vec<u32>>,
    /// By term id: the term is a number.
    numeric: Vec<bool>,
}

impl Terms {
    /// The id of a term, new or known; allocates only for a new term.
    fn intern(&mut self, key: &str) -> TermId {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.ids.len() as TermId;
        self.ids.insert(key.to_string(), id);
        self.postings.push(Vec::new());
        self.numeric.push(is_number(key));
        id
    }
}

/// What a vocabulary word adds to the terms of a curated text, worked out once per word:
/// stemming, stop-word and phrase lookups per occurrence were most of the build time.
#[derive(Clone, Copy)]
enum WordTerm {
    /// A stop word, or a word with an empty stem: no term.
    Skip,
    /// The term of the word's stem, interned at the word's first use as a term, so term ids
    /// come out in the same order as when each text's terms are interned in turn.
    Stem(Option<TermId>),
    /// The stem may start a synonym phrase: the analyzer reads the whole text.
    Phrase,
}

/// Index state while facts are added.
struct Builder {
    analyzer: Analyzer,
    vocab: Vocabulary,
    terms: Terms,
    /// By vocabulary id.
    word_terms: Vec<WordTerm>,
    /// By vocabulary id: the word's stem.
    stems: Vec<String>,
    /// Buffers of [`Self::words`]: the text folded, and its words.
    folded: String,
    spare_words: Vec<String>,
    spare_ids: Vec<u32>,
}

impl Builder {
    fn new(base: &FactBase) -> Builder {
        Builder {
            analyzer: Analyzer::scoped(&base.synonyms, &base.synonym_sources),
            vocab: Vocabulary::default(),
            terms: Terms::default(),
            word_terms: Vec::new(),
            stems: Vec::new(),
            folded: String::new(),
            spare_words: Vec::new(),
            spare_ids: Vec::new(),
        }
    }

    /// The words of a curated text with their vocabulary ids, added to the vocabulary; new
    /// words are stemmed once here. The words are the first `ids.len()` of the list; give
    /// both back with [`Self::recycle`], so that the next text reuses their buffers.
    fn words(&mut self, text: &str) -> (Vec<String>, Vec<u32>) {
        let mut ws = std::mem::take(&mut self.spare_words);
        fold_into(text, &mut self.folded);
        let n = words_into(&self.folded, &mut ws);
        let mut ids = std::mem::take(&mut self.spare_ids);
        ids.clear();
        for w in &ws[..n] {
            ids.push(self.word_id(w));
        }
        (ws, ids)
    }

    fn recycle(&mut self, words: Vec<String>, ids: Vec<u32>) {
        self.spare_words = words;
        self.spare_ids = ids;
    }

    fn word_id(&mut self, word: &str) -> u32 {
        let (id, new) = self.vocab.insert(word);
        if new {
            let stem = self.analyzer.remember_stem(word).to_string();
            let term = if self.analyzer.starts_phrase(&stem) {
                WordTerm::Phrase
            } else if is_stopword(word) || stem.is_empty() {
                WordTerm::Skip
            } else {
                WordTerm::Stem(None)
            };
            // Indexed by vocabulary id, whatever else was added to the vocabulary.
            self.word_terms.resize(id as usize + 1, WordTerm::Skip);
            self.word_terms[id as usize] = term;
            self.stems.resize(id as usize + 1, String::new());
            self.stems[id as usize] = stem;
        }
        id
    }

    /// The terms of a text's words, interned; without `word_ids` (as from [`Self::words`])
    /// the analyzer reads the words.
    fn intern_text(
        &mut self,
        words: &[String],
        word_ids: Option<&[u32]>,
        scope: Scope,
    ) -> Vec<TermId> {
        let Some(word_ids) = word_ids else {
            let terms = &mut self.terms;
            return self
                .analyzer
                .terms_of_words_cow(words, scope)
                .iter()
                .map(|k| terms.intern(k))
                .collect();
        };
        if word_ids
            .iter()
            .any(|&w| matches!(self.word_terms[w as usize], WordTerm::Phrase))
        {
            return self.intern_phrased(words, word_ids, scope);
        }
        let mut terms = Vec::with_capacity(words.len());
        for (i, (word, &w)) in words.iter().zip(word_ids).enumerate() {
            // As the analyzer does: "date" in "on what date" names the kind, not a topic.
            if is_kind_word(words, i) {
                continue;
            }
            match self.word_terms[w as usize] {
                WordTerm::Stem(Some(term)) => terms.push(term),
                WordTerm::Stem(None) => {
                    let term = self.terms.intern(&self.analyzer.stem(word));
                    self.word_terms[w as usize] = WordTerm::Stem(Some(term));
                    terms.push(term);
                }
                WordTerm::Skip | WordTerm::Phrase => {}
            }
        }
        terms
    }

    /// [`Self::intern_text`] for a text where a synonym phrase may start: the analyzer's
    /// grouping over the stems kept by vocabulary id, so that no word is stemmed again (a
    /// third of the curated base's texts hold such a word).
    fn intern_phrased(&mut self, words: &[String], word_ids: &[u32], scope: Scope) -> Vec<TermId> {
        let stems: Vec<(&str, bool)> = words
            .iter()
            .zip(word_ids)
            .enumerate()
            .map(|(i, (word, &w))| {
                let stop = is_stopword(word) || is_kind_word(words, i);
                (self.stems[w as usize].as_str(), stop)
            })
            .collect();
        let mut terms = Vec::with_capacity(words.len());
        let mut i = 0;
        while i < stems.len() {
            if matches!(self.word_terms[word_ids[i] as usize], WordTerm::Phrase) {
                if let Some((key, len)) = self.analyzer.phrase_at(&stems[i..], scope) {
                    terms.push(self.terms.intern(key));
                    i += len;
                    continue;
                }
            }
            let (stem, stop) = stems[i];
            if !stop && !stem.is_empty() {
                terms.push(self.terms.intern(stem));
            }
            i += 1;
        }
        terms
    }

    fn counted(
        &mut self,
        words: &[String],
        after_numbers: bool,
        scope: Scope,
        out: &mut Vec<TermId>,
    ) {
        for run in counted_runs(words, after_numbers) {
            // Run words are words of the text, already counted in the vocabulary.
            let word_ids: Option<Vec<u32>> = run.iter().map(|w| self.vocab.id(w)).collect();
            let ids = self.intern_text(&run, word_ids.as_deref(), scope);
            out.extend(ids);
        }
    }
}

impl Index {
    pub fn build(base: &FactBase) -> Index {
        let mut b = Builder::new(base);
        for group in &base.synonyms {
            for term in &group.terms {
                b.words(term);
            }
        }

        let latest_year = base
            .sources
            .iter()
            .map(|s| s.published.year())
            .max()
            .unwrap_or(0);
        let mut facts: Vec<FactTerms> = Vec::with_capacity(base.facts.len());
        // By source: a name's key and the terms the source describes it with.
        let mut descriptions: Vec<FxHashMap<String, Vec<TermId>>> =
            vec![FxHashMap::default(); base.sources.len()];
        let mut entity_keys: FxHashSet<String> = FxHashSet::default();
        // By source: the terms it writes as names.
        let mut source_names: Vec<FxHashSet<TermId>> =
            vec![FxHashSet::default(); base.sources.len()];
        // By fact: its sentence's terms in order, for finding which words its names name.
        let mut sentence_terms: Vec<Vec<TermId>> = Vec::with_capacity(base.facts.len());
        for (index, fact) in base.facts.iter().enumerate() {
            // A source's own synonyms read its own text only: "sit down" is talks in one
            // article and a rest on the stairs in another.
            let scope = Scope::Source(fact.source);
            let mut all: Vec<TermId> = Vec::new();
            let mut counted: Vec<TermId> = Vec::new();
            let mut forms = Vec::with_capacity(fact.questions.len());
            for q in &fact.questions {
                let (ws, word_ids) = b.words(q);
                let text = &ws[..word_ids.len()];
                let mut terms = b.intern_text(text, Some(&word_ids), scope);
                terms.sort_unstable();
                terms.dedup();
                all.extend(&terms);
                forms.push((terms, 0.0));
                b.counted(text, false, scope, &mut counted);
                b.recycle(ws, word_ids);
            }
            let mut numbers = Vec::new();
            let mut own = Vec::new();
            let mut historical = false;
            let mut asks = false;
            let (mut age, mut span) = (false, false);
            let mut pairs = Vec::new();
            let mut in_order = Vec::new();
            // Most drafted facts answer with their sentence: read it once, its words counted
            // twice as reading both would count them.
            let answer_is_sentence = fact.answer == fact.sentence;
            for (text, is_sentence) in [(&fact.answer, false), (&fact.sentence, true)] {
                if answer_is_sentence && !is_sentence {
                    continue;
                }
                let (buffer, word_ids) = b.words(text);
                if answer_is_sentence {
                    for &id in &word_ids {
                        b.vocab.count(id);
                    }
                }
                let ws = &buffer[..word_ids.len()];
                let ids = b.intern_text(ws, Some(&word_ids), scope);
                if is_sentence {
                    historical = is_historical(ws, latest_year);
                    asks = super::question::is_question_sentence(text, ws);
                    age = super::question::gives_age(text, ws);
                    span = super::question::gives_span(ws);
                    for (i, &a) in ids.iter().enumerate() {
                        for &c in ids.iter().skip(i + 1).take(2) {
                            pairs.push(pair(a, c));
                        }
                    }
                }
                for &id in &ids {
                    if b.terms.numeric[id as usize] {
                        numbers.push(id);
                    }
                    all.push(id);
                    own.push(id);
                }
                if is_sentence {
                    in_order = ids;
                }
                b.counted(ws, true, scope, &mut counted);
                b.recycle(buffer, word_ids);
            }
            let answer = (!answer_is_sentence).then_some(fact.answer.as_str());
            for name in names(&fact.sentence).chain(answer.into_iter().flat_map(names)) {
                for key in b.analyzer.terms_in(&name, scope) {
                    // A name is a word of the text just interned, so it has its term.
                    if let Some(&id) = b.terms.ids.get(key.as_str()) {
                        source_names[fact.source].insert(id);
                    }
                    entity_keys.insert(key);
                }
            }
            let mut speakers: Vec<TermId> = Vec::new();
            for text in std::iter::once(fact.sentence.as_str()).chain(answer) {
                for who in super::speaker::speakers(text) {
                    // Words of the text itself: their terms are known by now.
                    let keys = b.analyzer.terms_in(&who, scope);
                    speakers.extend(keys.iter().filter_map(|k| b.terms.ids.get(k.as_str())));
                }
            }
            for list in [
                &mut counted,
                &mut all,
                &mut numbers,
                &mut speakers,
                &mut own,
            ] {
                list.sort_unstable();
                list.dedup();
            }
            pairs.sort_unstable();
            pairs.dedup();
            let described = &mut descriptions[fact.source];
            for (key, words) in super::aliases::descriptions(&fact.sentence) {
                let ids = b.analyzer.terms_in(&words, scope);
                let ids = ids.iter().map(|k| b.terms.intern(k));
                described.entry(key).or_default().extend(ids);
            }
            for &t in &all {
                b.terms.postings[t as usize].push(index as u32);
            }
            sentence_terms.push(in_order);
            facts.push(FactTerms {
                all,
                form_bits: forms
                    .iter()
                    .map(|(terms, _)| term_bits(terms.iter().copied()))
                    .collect(),
                forms,
                kinds: fact.kinds.clone(),
                numbers,
                counted,
                speakers,
                own,
                names: Vec::new(),
                named_beside: Vec::new(),
                money: has_money(&fact.sentence),
                age,
                span,
                historical,
                asks,
                draft: fact.draft,
                source: fact.source as u32,
                pairs,
                sentence_terms: Vec::new(),
                context: Vec::new(),
                meaning: None,
                own_vectors: Vec::new(),
                roles: std::sync::OnceLock::new(),
            });
        }
        // Who speaks in a quotation that runs on from an earlier sentence of the same source.
        let (mut open, mut carried): (bool, Vec<TermId>) = (false, Vec::new());
        for i in 0..facts.len() {
            let fact = &base.facts[i];
            if i == 0 || base.facts[i - 1].source != fact.source {
                (open, carried) = (false, Vec::new());
            }
            let (quoted, still_open) = super::speaker::quotation(&fact.sentence, open);
            open = still_open;
            let inherited = if !facts[i].speakers.is_empty() {
                carried.clone_from(&facts[i].speakers);
                false
            } else if quoted && !carried.is_empty() {
                facts[i].speakers.clone_from(&carried);
                true
            } else {
                carried.clear();
                false
            };
            let mut context: Vec<TermId> = match i.checked_sub(1) {
                Some(p) if base.facts[p].source == fact.source => facts[p].own.clone(),
                _ => Vec::new(),
            };
            let described = &descriptions[fact.source];
            for token in fact.sentence.split_whitespace() {
                let word = token.trim_matches(|c: char| !c.is_alphanumeric());
                if word.chars().next().is_some_and(char::is_uppercase) {
                    if let Some(ids) = described.get(&fold(word)) {
                        context.extend(ids);
                    }
                }
            }
            if inherited {
                context.extend(&carried);
            }
            context.sort_unstable();
            context.dedup();
            facts[i].context = context;
        }
        // Stop words and casual spellings are words too: a typo of "between" must not be
        // "corrected" to some rarer content word.
        // Each text's word had its stem remembered as it was added ([`Builder::word_id`]);
        // these have theirs remembered the same way.
        let slangs = ["wat", "whats", "gonna", "r", "u", "ur"].map(slang);
        for w in crate::text::words::STOPWORDS.iter().chain(&slangs) {
            if b.vocab.add(w) {
                b.analyzer.remember_stem(w);
            }
        }
        let mut source_postings: Vec<Vec<u32>> = vec![Vec::new(); b.terms.postings.len()];
        for fact in &facts {
            for &t in &fact.own {
                let list = &mut source_postings[t as usize];
                if list.last() != Some(&fact.source) {
                    list.push(fact.source);
                }
            }
        }
        let Builder {
            analyzer,
            vocab,
            terms: Terms { ids, postings, .. },
            ..
        } = b;
        let n = base.facts.len().max(1) as f32;
        let idf = |df: f32| (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        // Rarer terms weigh more, with a floor: the story's own subject words ("troops",
        // "Iraq") are in most facts, yet a question made of them is still about them.
        let floor = idf(1.0) * KNOWN_FLOOR;
        let specific = specificity(&analyzer, &vocab, &ids);
        let weight: Vec<f32> = postings
            .iter()
            .zip(&specific)
            .map(|(p, s)| idf(p.len() as f32).max(floor) * s)
            .collect();
        let (vector_of, vectors) = term_vectors(&analyzer, &vocab, &ids);
        let deed_verbs = super::roles::deed_verbs(&analyzer, |k| ids.get(k).copied());
        // By source: its facts, and how many of them hold each name it writes.
        let mut source_sizes = vec![0usize; base.sources.len()];
        let mut name_counts: Vec<FxHashMap<TermId, usize>> =
            vec![FxHashMap::default(); base.sources.len()];
        for fact in &facts {
            let s = fact.source as usize;
            source_sizes[s] += 1;
            for &t in fact.all.iter().filter(|t| source_names[s].contains(t)) {
                *name_counts[s].entry(t).or_default() += 1;
            }
        }
        for (fact, in_order) in facts.iter_mut().zip(sentence_terms) {
            let named = &source_names[fact.source as usize];
            fact.names = fact
                .own
                .iter()
                .copied()
                .filter(|t| named.contains(t))
                .collect();
            let s = fact.source as usize;
            let story_name = |name: &TermId| {
                name_counts[s].get(name).copied().unwrap_or(0) * STORY_NAME_SHARE > source_sizes[s]
            };
            for (i, &name) in in_order.iter().enumerate() {
                if named.contains(&name) && !story_name(&name) {
                    let near =
                        &in_order[i.saturating_sub(BESIDE)..(i + BESIDE + 1).min(in_order.len())];
                    fact.named_beside.extend(
                        near.iter()
                            .filter(|&&w| w != name)
                            .map(|&w| beside(w, name)),
                    );
                }
            }
            fact.named_beside.sort_unstable();
            fact.named_beside.dedup();
            let mut sum = [0f32; vectors::DIMS];
            let vectored = fact
                .own
                .iter()
                .filter_map(|&t| Some((t, vector_of[t as usize]?)));
            for (t, v) in vectored {
                fact.own_vectors.push(v);
                let w = weight[t as usize];
                for (s, x) in sum.iter_mut().zip(&vectors[v as usize]) {
                    *s += w * x;
                }
            }
            fact.meaning = vectors::normalized(sum);
            fact.sentence_terms = in_order;
        }
        let mut source_sums = vec![[0f32; vectors::DIMS]; base.sources.len()];
        for fact in &facts {
            if let (Some(m), Some(sum)) = (&fact.meaning, source_sums.get_mut(fact.source as usize))
            {
                for (s, x) in sum.iter_mut().zip(m) {
                    *s += x;
                }
            }
        }
        let source_meaning = source_sums.into_iter().map(vectors::normalized).collect();
        for fact in &mut facts {
            for (terms, total) in &mut fact.forms {
                *total = terms.iter().map(|&t| weight[t as usize]).sum();
            }
        }
        let mut calendar = vec![false; ids.len()];
        for word in vocab.words() {
            if crate::knowledge::is_calendar_word(word) {
                // Its group's key where a group holds it, and its own stem elsewhere.
                for scope in [Scope::All, Scope::Shared] {
                    for key in analyzer.terms_in(word, scope) {
                        if let Some(&id) = ids.get(&key) {
                            calendar[id as usize] = true;
                        }
                    }
                }
            }
        }
        let mut entity = vec![false; ids.len()];
        let mut year = vec![false; ids.len()];
        for (key, &id) in &ids {
            year[id as usize] = is_year(key);
            if is_number(key) || entity_keys.contains(key) {
                entity[id as usize] = true;
            }
        }
        let asks = facts.iter().map(|f| f.asks).collect();
        Index {
            analyzer,
            vocab,
            ids,
            weight,
            entity,
            year,
            calendar,
            latest_year,
            postings,
            facts,
            unknown_weight: idf(1.0),
            sources: base.sources.len(),
            asks,
            source_postings,
            vector_of,
            vectors,
            source_meaning,
            deed_verbs,
        }
    }

    pub fn id(&self, key: &str) -> Option<TermId> {
        self.ids.get(key).copied()
    }

    /// A word the base lacks read as two words some fact's sentence writes in a row (stop words
    /// aside), apart or hyphenated ("xray" for "X-ray", "ceasefire" for "cease-fire", "website"
    /// for "web site"): the split, if exactly one is found. Spelling varies more in whether a
    /// compound is joined than in its letters, and typo correction cannot mend a missing space
    /// or hyphen.
    pub fn split_compound(&self, word: &str) -> Option<(String, String)> {
        // Longer than any compound worth splitting: the search is quadratic in the length.
        const MAX_CHARS: usize = 30;
        let chars = word.chars().count();
        if !(4..=MAX_CHARS).contains(&chars) || self.vocab.contains(word) || is_number(word) {
            return None;
        }
        let known = |w: &str| !is_stopword(w) && self.vocab.contains(w);
        let mut found = None;
        for (at, _) in word.char_indices().skip(1) {
            let (left, right) = word.split_at(at);
            if known(left) && known(right) && self.written_apart(left, right) {
                if found.is_some() {
                    return None;
                }
                found = Some((left.to_string(), right.to_string()));
            }
        }
        found
    }

    /// Whether two words typed apart are a compound the base writes joined ("cease fire" for
    /// "ceasefire"), and never apart.
    pub fn joins(&self, left: &str, right: &str, joined: &str) -> bool {
        // Runs for every pair of a question's words: the one look-up that rules out nearly
        // all of them first.
        self.vocab.contains(joined)
            && !is_stopword(left)
            && !is_stopword(right)
            && !is_stopword(joined)
            && !is_number(left)
            && !is_number(right)
            && !self.written_apart(left, right)
    }

    /// Whether some fact's sentence writes these two words in a row, read as a question reads
    /// them: the two may make a synonym phrase ("self defense"), which a fact holds only where
    /// its words stand together.
    fn written_apart(&self, left: &str, right: &str) -> bool {
        let pair = [left.to_string(), right.to_string()];
        let keys = self.analyzer.terms_of_words_cow(&pair, Scope::All);
        match keys.as_slice() {
            [phrase] if phrase.starts_with('=') => self
                .id(phrase)
                .is_some_and(|id| !self.postings[id as usize].is_empty()),
            [a, b] => match (self.id(a), self.id(b)) {
                (Some(a), Some(b)) => {
                    intersect(&self.postings[a as usize], &self.postings[b as usize]).any(|f| {
                        self.facts[f as usize]
                            .sentence_terms
                            .windows(2)
                            .any(|w| w == [a, b])
                    })
                }
                _ => false,
            },
            _ => false,
        }
    }
}

/// The ids two ascending lists share, ascending.
fn intersect<'a>(a: &'a [u32], b: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
            match x.cmp(&y) {
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    return Some(x);
                }
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
            }
        }
        None
    })
}

/// Each term's [`specificity`](crate::text::english::specificity): that of its most common spelling
/// among the base's words. Synonym groups are curated concepts and keep full weight.
fn specificity(
    analyzer: &Analyzer,
    vocab: &Vocabulary,
    ids: &FxHashMap<String, TermId>,
) -> Vec<f32> {
    let mut out = vec![1.0f32; ids.len()];
    for word in vocab.words() {
        if is_stopword(word) {
            continue;
        }
        if let Some(&id) = ids.get(&analyzer.stem(word)) {
            let s = &mut out[id as usize];
            *s = s.min(crate::text::english::specificity(word));
        }
    }
    out
}

/// Each term's word vector: the normalised sum of the vectors of its spellings among the
/// base's words ("troop" and "troops"; a synonym group's one-word members), stop words aside.
fn term_vectors(
    analyzer: &Analyzer,
    vocab: &Vocabulary,
    ids: &FxHashMap<String, TermId>,
) -> (Vec<Option<u32>>, Vec<Vector>) {
    let mut sums: Vec<Option<Vector>> = vec![None; ids.len()];
    for word in vocab.words() {
        if is_stopword(word) {
            continue;
        }
        let term = analyzer.word_term(word);
        let (Some(&id), Some(v)) = (ids.get(term.as_ref()), vectors::get(word)) else {
            continue;
        };
        let sum = sums[id as usize].get_or_insert([0.0; vectors::DIMS]);
        for (s, x) in sum.iter_mut().zip(&v) {
            *s += x;
        }
    }
    let mut vectors = Vec::new();
    let of = sums
        .into_iter()
        .map(|sum| {
            let v = vectors::normalized(sum?)?;
            vectors.push(v);
            Some(vectors.len() as u32 - 1)
        })
        .collect();
    (of, vectors)
}

/// Whether a text's words tell of a year before `latest_year` and of nothing to come.
fn is_historical(ws: &[String], latest_year: i32) -> bool {
    let past = ws
        .iter()
        .any(|w| is_year(w) && w.parse::<i32>().is_ok_and(|y| y < latest_year));
    past && !ws.iter().any(|w| is_future_word(w))
}

/// Whether a text gives a sum of money ("$1.5 billion", "500 million dollars").
fn has_money(text: &str) -> bool {
    text.contains(['$', '€', '£']) || ["dollars", "euros"].iter().any(|w| text.contains(w))
}

/// Capitalized words that do not start a sentence, with the capitalized words that follow
/// them: the names in a text ("Kataib Hezbollah", "Lloyd Austin", "Syria").
fn names(text: &str) -> impl Iterator<Item = String> + '_ {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '—')
        .filter(|t| !t.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        let starts_sentence = i == 0
            || tokens[i - 1].ends_with(['.', '?', '!', '“', '"'])
            || token.starts_with(['“', '"']);
        let is_name = word.chars().next().is_some_and(char::is_uppercase) && !starts_sentence;
        if is_name && !is_stopword(&word.to_lowercase()) {
            out.push(word.to_string());
        }
    }
    out.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped_base() -> FactBase {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
        crate::knowledge::load_dir(&dir)
            .expect("the shipped base loads")
            .base
    }

    fn shipped() -> Index {
        Index::build(&shipped_base())
    }

    #[test]
    fn an_answer_that_is_its_sentence_is_read_as_if_read_twice() {
        // The build reads such an answer once; the index must be the one reading it again
        // would give (an answer differing only by a trailing space is read again).
        let mut same = shipped_base();
        for fact in &mut same.facts {
            fact.answer.clone_from(&fact.sentence);
        }
        let mut spaced = same.clone();
        for fact in &mut spaced.facts {
            fact.answer.push(' ');
        }
        let (a, b) = (Index::build(&same), Index::build(&spaced));
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }

    #[test]
    fn texts_read_by_vocabulary_id_give_the_analyzers_terms() {
        // The shipped base's texts hold many synonym phrases (its own and the shared ones),
        // which the quick paths of `intern_text` must read as the analyzer does.
        let base = shipped_base();
        let mut b = Builder::new(&base);
        let mut phrased = 0;
        for fact in &base.facts {
            let scope = Scope::Source(fact.source);
            let texts = fact.questions.iter().chain([&fact.sentence, &fact.answer]);
            for text in texts {
                let (buffer, ids) = b.words(text);
                let words = buffer[..ids.len()].to_vec();
                if ids
                    .iter()
                    .any(|&w| matches!(b.word_terms[w as usize], WordTerm::Phrase))
                {
                    phrased += 1;
                }
                let got = b.intern_text(&words, Some(&ids), scope);
                let keys = b.analyzer.terms_of_words(&words, scope);
                let want: Vec<TermId> = keys.iter().map(|k| b.terms.intern(k)).collect();
                assert_eq!(got, want, "{text:?}");
                b.recycle(buffer, ids);
            }
        }
        assert!(phrased > 100, "only {phrased} texts with a phrase word");
    }

    #[test]
    fn a_joined_compound_splits_only_as_a_sentence_writes_it() {
        let index = shipped();
        let split = |w: &str| index.split_compound(w);
        // "semi-autonomous" and "self-defense" are written hyphenated.
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(split("semiautonomous"), pair("semi", "autonomous"));
        assert_eq!(split("selfdefense"), pair("self", "defense"));
        // Not in the other order, not a word the base has, not a number.
        assert_eq!(split("autonomoussemi"), None);
        assert_eq!(split("militias"), None);
        assert_eq!(split("25002500"), None);
        // Two words that never stand together, and a long run of letters, stay as typed.
        assert_eq!(split("troopsbase"), None);
        assert_eq!(split(&"selfdefense".repeat(10)), None);
    }

    #[test]
    fn words_typed_apart_join_only_where_the_base_writes_them_joined() {
        let index = shipped();
        // "a timetable", "Switzerland", never written apart.
        assert!(index.joins("time", "table", "timetable"));
        assert!(index.joins("switzer", "land", "switzerland"));
        // Written apart ("air base"), a synonym phrase as typed ("counter strike" is one of
        // "counterstrike"'s group), not a word of the base, or a stop word.
        assert!(!index.joins("air", "base", "airbase"));
        assert!(!index.joins("counter", "strike", "counterstrike"));
        assert!(!index.joins("troop", "base", "troopbase"));
        assert!(!index.joins("in", "to", "into"));
    }
}
