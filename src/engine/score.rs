//! Scoring: how much of the question a fact accounts for, how close it is to one of the
//! fact's question forms, whether the fact answers this kind of question, and whether the
//! question names something (a place, a person, a number) the fact does not hold.

use super::analyze::Term;
use super::index::{FactTerms, Index, TermId};
use super::model::{best_others, Decision, Feature, Features, Model, N_FEATURES};
use super::question::{
    asked_verb, asks_about_future, asks_for_age, asks_for_money, asks_for_name, asks_for_span,
    counted_runs, mend_question_words, named_noun, question_kind,
};
use crate::knowledge::{FactBase, QuestionKind};
use crate::text::fold::{fold, is_year, spelled_numbers, words};
use crate::text::vectors::{self, Vector};

/// Weight of an unknown English word, as a fraction of the weight of a term found in one fact
/// (times the word's specificity): a word the base lacks may be a paraphrase, an unknown name
/// is a different subject.
const UNKNOWN_WORD: f32 = 0.55;

/// Matched weight needed for full confidence, as a fraction of a one-fact term's weight.
const MIN_EVIDENCE: f32 = 0.6;

/// A fact from another source competes with the best one when its confidence is at least
/// this share of the answering threshold and it holds about as much of the question.
const RIVAL_SHARE: f32 = 0.6;
const RIVAL_COVERAGE: f32 = 0.1;

/// A word the lexicon relates to a question's word counts this much of the word's weight
/// when candidates are gathered (the features then weigh it as fitted).
const RELATED_SHARE: f32 = 0.5;

/// How many candidates from the postings get a full score.
const CANDIDATES: usize = 24;

/// How many of the candidates, best matched first, have their words compared with the
/// question's by word vectors.
const ALIGNED_CANDIDATES: usize = 12;

/// A query term: its id in the index (None for words the base never saw) and weight.
#[derive(Debug, Clone)]
struct QueryTerm {
    key: String,
    id: Option<TermId>,
    weight: f32,
    entity: bool,
    number: bool,
    /// Terms of the base the lexicon relates to the word, sorted.
    related: Vec<TermId>,
    /// For a group of one source's own: the terms of the words as written, as the other
    /// sources' texts hold them (empty: none, or a word the base lacks).
    plain: Vec<TermId>,
    /// The word's vector (common English words only).
    vector: Option<Vector>,
}

impl QueryTerm {
    /// Whether a sorted term list holds the term: its own, or in a source that does not
    /// share the group, the words as written.
    fn held_by(&self, sorted: &[TermId]) -> bool {
        self.id.is_some_and(|id| contains(sorted, id))
            || !self.plain.is_empty() && self.plain.iter().all(|&p| contains(sorted, p))
    }

    /// Whether a source's sentences hold the term: its own, or the first of a group's words
    /// as written (a looser test than [`Self::held_by`]'s, on which the shipped model was
    /// fitted; requiring them all moved the fit's threshold from 0.759 to 0.770).
    fn in_source(&self, index: &Index, source: u32) -> bool {
        let holds = |id: TermId| contains(&index.source_postings[id as usize], source);
        self.id.is_some_and(holds) || self.plain.first().is_some_and(|&p| holds(p))
    }
}

#[derive(Debug, Clone)]
pub struct Scored {
    pub fact: usize,
    pub confidence: f32,
    /// The question asserts a number the fact contradicts ("is it true there are 25,000 ...").
    pub corrects: bool,
    /// Share of the question's weight the fact holds.
    pub coverage: f32,
    /// What the learned model reads; `confidence` is its probability.
    pub features: Features,
    /// The first stage's score and where it puts the candidate among the others, which the
    /// second stage reads besides the features.
    pub decision: Decision,
}

/// The analysis of one question and its best facts, best first.
#[derive(Debug, Clone)]
pub struct Ranking {
    pub kind: QuestionKind,
    pub candidates: Vec<Scored>,
    /// The question's terms with their weights, for explanations.
    pub terms: Vec<(String, f32, bool)>,
    /// When sources disagree on the answer's numbers, the best fact of an older source; the
    /// first candidate is then the newer source's.
    pub superseded: Option<usize>,
    /// The question's words as read (folded, question words mended), for reading the answer
    /// against them; filled by the matcher.
    pub words: Vec<String>,
}

/// Orders candidates best first: by confidence, then by fact. The order is total (fact ids
/// are unique), so an unstable sort gives the same order without the stable sort's scratch
/// copies of these large records. The rules that lower a confidence after the model re-sort
/// with it too.
pub fn best_first(candidates: &mut [Scored]) {
    candidates.sort_unstable_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.fact.cmp(&b.fact))
    });
}

/// When a fact from another source answers the question about as well with other numbers
/// ("2,500 troops" in January, "2,000" in February), the newest source wins and the older
/// one is remembered, so the answer can say it differs.
pub fn prefer_newer(index: &Index, base: &FactBase, ranking: &mut Ranking, min_confidence: f32) {
    let Some(best) = ranking.candidates.first() else {
        return;
    };
    if best.confidence < min_confidence {
        return;
    }
    // Measured against the threshold, not the best's confidence: two facts that answer
    // alike split the model's confidence between them, so the rival's confidence is low
    // exactly when it answers as well as the best.
    let floor = min_confidence * RIVAL_SHARE;
    let coverage = best.coverage;
    let numbers = |c: &Scored| &index.facts[c.fact].numbers;
    let source = |c: &Scored| base.facts[c.fact].source;
    // An update speaks of the same people and places: a fact that lacks more of the
    // question's names than the best does is about something else ("how old was Gloria when
    // she died?" is not updated by a newer article's killings). Counted, not compared name
    // by name: the features hold the counts.
    let missing_names = |c: &Scored| {
        c.features[Feature::MissingRareNames as usize]
            + c.features[Feature::MissingCommonNames as usize]
    };
    let rivals: Vec<usize> = ranking
        .candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.confidence >= floor
                && c.coverage >= coverage - RIVAL_COVERAGE
                && missing_names(c) <= missing_names(best)
                && source(c) != source(best)
                && !numbers(c).is_empty()
                && !numbers(best).is_empty()
                && numbers(c) != numbers(best)
        })
        .map(|(i, _)| i)
        .collect();
    if rivals.is_empty() {
        return;
    }
    let published = |i: usize| base.sources[source(&ranking.candidates[i])].published;
    // The best-scoring fact of the newest source (candidates are sorted best first).
    let latest = std::iter::once(0)
        .chain(rivals.iter().copied())
        .map(published)
        .max();
    let newest = std::iter::once(0)
        .chain(rivals.iter().copied())
        .find(|&i| Some(published(i)) == latest)
        .unwrap_or(0);
    let older = std::iter::once(0)
        .chain(rivals)
        .find(|&i| published(i) < published(newest));
    ranking.superseded = older.map(|i| ranking.candidates[i].fact);
    if newest != 0 {
        // The question is answered as surely as before; only the newer figures win.
        let confidence = ranking.candidates[0].confidence;
        let mut chosen = ranking.candidates.remove(newest);
        chosen.confidence = chosen.confidence.max(confidence);
        ranking.candidates.insert(0, chosen);
    }
}

pub fn rank(index: &Index, model: &Model, question: &str) -> Ranking {
    let folded = fold(question);
    let words = question_words(index, &folded);
    rank_read(index, model, question, &folded, &words)
}

/// A folded question's words as [`rank_read`] reads them: question words typed one letter
/// off mended ("how meny"), and compounds read as the base writes them, joined ("cease
/// fire") or apart ("xray").
pub fn question_words(index: &Index, folded: &str) -> Vec<String> {
    let mut words = words(folded);
    mend_question_words(&mut words, |w| index.vocab.contains(w));
    // A compound the base writes joined, typed apart ("cease fire", "ceasefire").
    let mut joined = String::new();
    let mut i = 0;
    while i + 1 < words.len() {
        joined.clear();
        joined.push_str(&words[i]);
        joined.push_str(&words[i + 1]);
        if index.joins(&words[i], &words[i + 1], &joined) {
            words[i].clone_from(&joined);
            words.remove(i + 1);
        }
        i += 1;
    }
    if words.iter().all(|w| index.vocab.contains(w)) {
        return words;
    }
    // A compound written joined where the base writes it apart ("xray", "X-ray").
    let mut read = Vec::with_capacity(words.len() + 1);
    for word in words {
        match index.split_compound(&word) {
            Some((left, right)) => read.extend([left, right]),
            None => read.push(word),
        }
    }
    read
}

/// [`rank`] of a question already folded and split into words by [`question_words`] (the
/// answer path reads them once for the ranking and the role check).
pub fn rank_read(
    index: &Index,
    model: &Model,
    question: &str,
    folded: &str,
    words: &[String],
) -> Ranking {
    let kind = question_kind(words);
    let mut terms = index.analyzer.question_terms(question, words, &index.vocab);
    // "When did the two governments announce it?" is not about the figure 2; "is it true
    // they hit five sites?" asserts one.
    if kind != QuestionKind::Confirm {
        let spelled = spelled_numbers(folded);
        terms.retain(|t| !spelled.iter().any(|n| *n == t.key));
    }
    let (query, meaning) = query_terms(index, &terms);
    // The head of what a count question counts: "how many US troops" counts troops. A
    // question for a sum of money counts money, whatever words follow "how much" ("how much
    // does the premiere edition cost").
    let wants_money = asks_for_money(words);
    let counted = match kind {
        QuestionKind::Count if !wants_money => {
            counted_runs(words, false).first().and_then(|run| {
                let terms = index
                    .analyzer
                    .question_terms(&run.join(" "), run, &index.vocab);
                terms.last().map(|t| Counted {
                    id: index.id(&t.key),
                    // The last word as written, for sources without the group: "troops".
                    plain: t.plain.last().and_then(|p| index.id(p)),
                })
            })
        }
        _ => None,
    };
    if query.is_empty() || index.facts.is_empty() {
        return Ranking {
            kind,
            candidates: Vec::new(),
            terms: Vec::new(),
            superseded: None,
            words: Vec::new(),
        };
    }
    let total: f32 = query.iter().map(|t| t.weight).sum();

    // Candidate generation: accumulate matched weight through the postings of known terms.
    let mut matched = vec![0f32; index.facts.len()];
    let mut touched: Vec<u32> = Vec::new();
    for term in &query {
        // Facts with the word itself, then, for less, facts with a word the lexicon relates.
        let own = term.id.map(|id| (id, 1.0));
        // Facts with the first of a group's words as written: a superset of those holding
        // them all, which the features read.
        let plain = term.plain.first().map(|&id| (id, 1.0));
        let related = term.related.iter().map(|&id| (id, RELATED_SHARE));
        for (id, share) in own.into_iter().chain(plain).chain(related) {
            for &fact in &index.postings[id as usize] {
                if index.asks[fact as usize] {
                    continue;
                }
                if matched[fact as usize] == 0.0 {
                    touched.push(fact);
                }
                matched[fact as usize] += (term.weight * share).max(1e-3);
            }
        }
    }
    // What a count question counts, counted by the fact, is evidence too: "how many troops"
    // matches most facts by "troops", and the facts counting troops come first.
    if let Some(head @ Counted { id: Some(id), .. }) = counted {
        let bonus = index.weight[id as usize];
        for &fact in &touched {
            if head.counted_by(&index.facts[fact as usize].counted) {
                matched[fact as usize] += bonus;
            }
        }
    }
    // Only the best few need ordering: select them in linear time, then sort those. Each
    // fact carries its weight, so comparing two reads no scattered memory.
    let mut weighed: Vec<(f32, u32)> = touched.iter().map(|&f| (matched[f as usize], f)).collect();
    let by_weight = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if weighed.len() > CANDIDATES {
        weighed.select_nth_unstable_by(CANDIDATES, by_weight);
        weighed.truncate(CANDIDATES);
    }
    weighed.sort_unstable_by(by_weight);
    let touched: Vec<u32> = weighed.into_iter().map(|(_, f)| f).collect();

    // A group's words as written count where the group does not apply: in the question
    // forms of other sources.
    let mut known: Vec<(TermId, f32)> = query
        .iter()
        .flat_map(|t| {
            let plain = t
                .plain
                .iter()
                .map(move |&p| (p, t.weight / t.plain.len() as f32));
            t.id.map(|id| (id, t.weight)).into_iter().chain(plain)
        })
        .collect();
    known.sort_unstable_by_key(|k| k.0);
    known.dedup_by_key(|k| k.0);
    let ids_of = |who: Vec<String>| -> Vec<Option<TermId>> {
        index
            .analyzer
            .question_terms(&who.join(" "), &who, &index.vocab)
            .iter()
            .map(|t| index.id(&t.key))
            .collect()
    };
    let speaker = super::speaker::asked_speaker(words).map_or_else(Vec::new, ids_of);
    let reactor = super::speaker::asked_reactor(words).map_or_else(Vec::new, ids_of);
    // Figures are weighed by the numbers features (missing, or corrected), not as unknown words.
    let unknown: f32 = query
        .iter()
        .filter(|t| t.id.is_none() && !t.number)
        .map(|t| t.weight)
        .sum();
    let source_coverage = source_coverage(index, &query, total);
    let source_cosines: Vec<f32> = index
        .source_meaning
        .iter()
        .map(|m| match (&meaning, m) {
            (Some(q), Some(s)) => vectors::dot(q, s),
            _ => 0.0,
        })
        .collect();
    let by_source = BySource {
        coverage: &source_coverage,
        cosine: &source_cosines,
    };
    let pairs = query
        .windows(2)
        .filter_map(|w| Some(super::index::pair(w[0].id?, w[1].id?)))
        .collect();
    // The question's verb as one of its terms (the first with that term's key).
    let verb = asked_verb(words)
        .and_then(|verb| term_key(index, verb))
        .and_then(|key| query.iter().position(|t| t.key == key));
    let query = Query {
        meaning,
        terms: query,
        total,
        kind,
        counted,
        speaker,
        reactor,
        verb,
        wants_name: asks_for_name(words),
        named: named_noun(words).map(|noun| term_key(index, noun).and_then(|k| index.id(&k))),
        wants_money,
        wants_age: asks_for_age(words),
        wants_span: asks_for_span(words),
        future: asks_about_future(words),
        known_bits: super::index::term_bits(known.iter().map(|k| k.0)),
        known,
        unknown_share: if total > 0.0 { unknown / total } else { 0.0 },
        pairs,
    };
    // The known terms' weights by term id, for summing a question form's shared weight with
    // one look-up per form term (a merge per form was a third of the scoring time). The
    // buffer is kept per thread and cleared after use, so a question costs no allocation
    // the size of the vocabulary.
    let mut candidates: Vec<Scored> = QUERY_WEIGHTS.with(|cell| {
        let (weights, sims) = &mut *cell.borrow_mut();
        if weights.len() < index.weight.len() {
            weights.resize(index.weight.len(), 0.0);
        }
        for &(id, w) in &query.known {
            weights[id as usize] = w;
        }
        let mut sims = Similarities::new(index, &query.terms, sims);
        let out = touched
            .iter()
            .enumerate()
            .map(|(rank, &fact)| {
                // Word vectors are compared only for the candidates that matched most words:
                // the others seldom win, and the comparisons are most of a question's cost.
                let sims = (rank < ALIGNED_CANDIDATES).then_some(&mut sims);
                features(index, fact as usize, &query, by_source, weights, sims)
            })
            .collect();
        sims.clear();
        for &(id, _) in &query.known {
            weights[id as usize] = 0.0;
        }
        out
    });
    for (signal, best) in [
        (Feature::Coverage, Feature::BestCovered),
        (Feature::SentenceCosine, Feature::BestMeaning),
        (Feature::AlignedCoverage, Feature::BestAligned),
    ] {
        let top = candidates
            .iter()
            .map(|c| c.features[signal as usize])
            .fold(f32::MIN, f32::max);
        if top > 0.0 {
            for c in candidates.iter_mut() {
                if c.features[signal as usize] >= top {
                    c.features[best as usize] = 1.0;
                }
            }
        }
    }
    // How far ahead of the best other candidate a candidate's coverage is: a fact that holds
    // the question far better than any other is likelier the one meant.
    let coverages: Vec<f32> = candidates.iter().map(|c| c.coverage).collect();
    for (c, other) in candidates.iter_mut().zip(best_others(&coverages)) {
        c.features[Feature::CoverageGap as usize] = c.coverage - other.unwrap_or(0.0);
    }
    // Closeness in meaning, likewise against the closest other candidate: a question of names
    // alone has no word vectors, and then no candidate is closer than another.
    let cosines: Vec<f32> = candidates
        .iter()
        .map(|c| c.features[Feature::SentenceCosine as usize])
        .collect();
    for (c, other) in candidates.iter_mut().zip(best_others(&cosines)) {
        c.features[Feature::SentenceCosine as usize] -= other.unwrap_or(0.0);
    }
    decide(model, &mut candidates);
    best_first(&mut candidates);
    let terms = query
        .terms
        .into_iter()
        .map(|q| (q.key, q.weight, q.id.is_some()))
        .collect();
    Ranking {
        kind,
        candidates,
        terms,
        superseded: None,
        words: Vec::new(),
    }
}

/// The key of the term one question word stands for, read as a question's words are.
fn term_key(index: &Index, word: &str) -> Option<String> {
    let terms = index
        .analyzer
        .question_terms(word, &[word.to_string()], &index.vocab);
    terms.last().map(|t| t.key.to_string())
}

/// The second stage: each candidate's confidence from its score and its lead over the best
/// other candidate.
fn decide(model: &Model, candidates: &mut [Scored]) {
    let decided = model.decide(candidates, |c| &c.features);
    for (c, (d, p)) in candidates.iter_mut().zip(decided) {
        c.decision = d;
        c.confidence = p;
    }
}

/// By source: the share of the question's weight found in the source's sentences (curated
/// question forms aside: they would make a curated source cover every question). A question
/// in one article's own words is likelier about that article.
fn source_coverage(index: &Index, query: &[QueryTerm], total: f32) -> Vec<f32> {
    let mut coverage = vec![0f32; index.sources];
    if total <= 0.0 {
        return coverage;
    }
    for term in query {
        for (s, coverage) in coverage.iter_mut().enumerate() {
            if term.in_source(index, s as u32) {
                *coverage += term.weight / total;
            }
        }
    }
    coverage
}

/// The question's terms for scoring, and its meaning: the weight-summed vectors of its
/// common English words (names and numbers have none), unit length.
fn query_terms(index: &Index, terms: &[Term]) -> (Vec<QueryTerm>, Option<Vector>) {
    let mut out: Vec<QueryTerm> = Vec::new();
    let mut meaning = [0f32; vectors::DIMS];
    let mut seen: Vec<&str> = Vec::new();
    for term in terms {
        if seen.contains(&term.key.as_ref()) {
            continue;
        }
        seen.push(&term.key);
        let id = index.id(&term.key);
        let number = crate::text::fold::is_number(&term.key);
        // Unknown real words weigh less than unknown non-words, which are names.
        let english = term.english;
        let mut weight = match id {
            Some(id) => index.weight[id as usize],
            None if english && !term.named => {
                index.unknown_weight * UNKNOWN_WORD * term.specificity
            }
            None => index.unknown_weight,
        };
        if term.corrected > 0 {
            weight *= 0.9;
        }
        let entity = match id {
            Some(id) => index.entity[id as usize],
            // An unknown word written as a name names something the base does not hold.
            None => term.named && (!english || number),
        };
        let related = term
            .word
            .as_deref()
            .map_or_else(Vec::new, |w| super::paraphrase::related_terms(index, w, id));
        let vector = match (&term.word, id) {
            (Some(word), _) => vectors::get(word),
            (None, Some(id)) if !entity => {
                index.vector_of[id as usize].map(|v| index.vectors[v as usize])
            }
            _ => None,
        };
        if let Some(v) = vector {
            for (m, x) in meaning.iter_mut().zip(&v) {
                *m += weight * x;
            }
        }
        let plain: Option<Vec<TermId>> = term.plain.iter().map(|p| index.id(p)).collect();
        out.push(QueryTerm {
            key: term.key.to_string(),
            id,
            weight,
            entity,
            number,
            related,
            plain: plain.unwrap_or_default(),
            vector,
        });
    }
    (out, vectors::normalized(meaning))
}

thread_local! {
    /// By term id: the weight of the question being scored (0 for terms it lacks).
    static QUERY_WEIGHTS: std::cell::RefCell<(Vec<f32>, SimilarityCache)> =
        const { std::cell::RefCell::new((Vec::new(), SimilarityCache::new())) };
}

/// Total weight of the question's terms (`weights`, by term id) that a term list holds; each
/// term is listed once.
fn shared_weight(weights: &[f32], terms: &[TermId]) -> f32 {
    terms
        .iter()
        .map(|&t| weights.get(t as usize).copied().unwrap_or(0.0))
        .sum()
}

fn contains(sorted: &[TermId], id: TermId) -> bool {
    sorted.binary_search(&id).is_ok()
}

/// Whether the question names someone (`asked`, empty when it names nobody) of whom a sorted
/// term list holds no word.
fn misses(asked: &[Option<TermId>], sorted: &[TermId]) -> bool {
    !asked.is_empty() && !asked.iter().flatten().any(|&id| contains(sorted, id))
}

/// What a count question counts: the term of its head word ("troops" of "how many US
/// troops"; None: a word the base lacks) and, where that term is one source's own group, the
/// word's own term as the other sources hold it.
#[derive(Debug, Clone, Copy)]
struct Counted {
    id: Option<TermId>,
    plain: Option<TermId>,
}

impl Counted {
    fn counted_by(&self, sorted: &[TermId]) -> bool {
        [self.id, self.plain]
            .into_iter()
            .flatten()
            .any(|id| contains(sorted, id))
    }
}

/// A question as the scorer sees it.
struct Query {
    terms: Vec<QueryTerm>,
    /// Sum of the terms' weights.
    total: f32,
    kind: QuestionKind,
    /// For count questions, what is counted.
    counted: Option<Counted>,
    /// For "what did X say" questions, the terms of X (None: a word the base lacks).
    speaker: Vec<Option<TermId>>,
    /// For "how did X react" questions, the terms of X.
    reactor: Vec<Option<TermId>>,
    /// Which of `terms` its verb stands for ("plead" in "how did Han Lee plead").
    verb: Option<usize>,
    /// The question asks for a name; the fact must give one the question lacks.
    wants_name: bool,
    /// What the question asks the name of, when it says (None inside: a word the base
    /// lacks, which no fact names).
    named: Option<Option<TermId>>,
    /// The question asks how much money.
    wants_money: bool,
    /// The question asks how old someone or something is.
    wants_age: bool,
    /// The question asks how long something lasted or measures.
    wants_span: bool,
    /// The question asks about what is to come.
    future: bool,
    /// Known terms and weights, sorted by id, for merging with facts' sorted term lists.
    known: Vec<(TermId, f32)>,
    /// The known terms as [`super::index::term_bits`].
    known_bits: u64,
    /// Share of the question's weight in words the base has never seen.
    unknown_share: f32,
    /// Pairs of neighbouring known terms, as [`super::index::pair`] keys.
    pairs: Vec<u64>,
    /// The weighted sum of its words' vectors, unit length.
    meaning: Option<Vector>,
}

/// What the question has with each source as a whole, by source index.
#[derive(Clone, Copy)]
struct BySource<'a> {
    /// The share of the question's weight found anywhere in the source's sentences.
    coverage: &'a [f32],
    /// The cosine between the question's meaning and the source's.
    cosine: &'a [f32],
}

impl BySource<'_> {
    /// How far the best source is ahead of `source` on `values` (0 for the best).
    fn gap(&self, values: &[f32], source: u32) -> f32 {
        let best = values.iter().copied().fold(f32::MIN, f32::max);
        values
            .get(source as usize)
            .map_or(0.0, |&own| (best - own).max(0.0))
    }
}

/// Reads one fact's features against the question and against the sources as wholes; the
/// candidate-relative features (`coverage_gap`, `sentence_cosine`) are finished by [`rank`]
/// once every candidate is read.
fn features(
    index: &Index,
    fact: usize,
    q: &Query,
    by_source: BySource,
    weights: &[f32],
    mut sims: Option<&mut Similarities>,
) -> Scored {
    let (query, total, kind) = (&q.terms, q.total, q.kind);
    let entry = &index.facts[fact];
    let mut x: Features = [0.0; N_FEATURES];
    let set = |x: &mut Features, name: Feature, v: f32| x[name as usize] = v;
    let mut covered = 0.0;
    let mut own_covered = 0.0;
    let mut context_covered = 0.0;
    let mut related_covered = 0.0;
    // Matched terms and their weight, leaving out weekday and month names: "this weekend"
    // (the Saturday group) alone says nothing about which fact is meant.
    let mut matched_terms = 0;
    let mut evidence = 0.0;
    let mut corrects = false;
    let (mut missing_numbers, mut missing_rare, mut missing_common) = (0.0, 0.0, 0.0);
    let n = index.facts.len() as f32;
    // The question's weight held, each word said in other words counting by how close its
    // vector is to the closest of the fact's own words ("job" is nearly "work").
    let mut aligned = 0.0;
    for (k, term) in query.iter().enumerate() {
        let present = term.held_by(&entry.all);
        if present {
            aligned += term.weight;
            covered += term.weight;
            if term.held_by(&entry.own) {
                own_covered += term.weight;
            }
            if !term.id.is_some_and(|id| index.calendar[id as usize]) {
                matched_terms += 1;
                evidence += term.weight;
            }
            continue;
        }
        // Named in the sentence before ("Kuzma left ... He returned"), or what the article
        // calls someone the fact names ("the Thunder coach" for "Donovan"): its context.
        if term.held_by(&entry.context) {
            aligned += term.weight;
            context_covered += term.weight;
            continue;
        }
        let closest = sims
            .as_deref_mut()
            .map_or(0.0, |s| s.closest(k, &entry.own_vectors));
        aligned += term.weight * ((closest - ALIGN_FLOOR) / (1.0 - ALIGN_FLOOR)).max(0.0);
        // Said in other words: "purchase" for "bought".
        if term.related.iter().any(|&id| contains(&entry.own, id)) {
            related_covered += term.weight;
            continue;
        }
        if term.number {
            // A number the fact does not hold: a false premise to correct in a yes/no question
            // about a fact with numbers, otherwise a sign this is not the fact asked about.
            // A year is corrected by a year, a count by a count: "out by 2025?" is not
            // answered by "since 2003" nor by "2,500 troops". A year after the articles were
            // written is a prediction, which they cannot contradict.
            let year = is_year(&term.key);
            let future = year && term.key.parse::<i32>().is_ok_and(|y| y > index.latest_year);
            let same_class = |n: &TermId| index.year[*n as usize] == year;
            if kind == QuestionKind::Confirm && !future && entry.numbers.iter().any(same_class) {
                // The fact holds the figure asked about, with another value: as covered as
                // if the question had it right.
                corrects = true;
                covered += term.weight;
                own_covered += term.weight;
            } else {
                missing_numbers += 1.0;
            }
        } else if term.entity {
            // Names most facts share (the two countries of a story) say little about which
            // fact is meant, yet a fact that lacks one may be about somewhere else.
            let common = term
                .id
                .is_some_and(|id| index.postings[id as usize].len() as f32 > n * 0.5);
            if common {
                missing_common += 1.0;
            } else {
                missing_rare += 1.0;
            }
        }
    }
    // The deed asked about: a fact about the same people that tells of another deed does not
    // answer "how did Han Lee plead?". Said in other words of the lexicon ("pleaded", "plea")
    // it is there; a near word vector is not enough ("arraigned" is near "plead").
    if let Some(term) = q.verb.map(|k| &query[k]) {
        let held = term.held_by(&entry.all)
            || term.held_by(&entry.context)
            || term.related.iter().any(|&id| contains(&entry.own, id));
        if !held {
            set(&mut x, Feature::VerbMissing, 1.0);
        }
    }
    let share = |w: f32| if total > 0.0 { w / total } else { 0.0 };
    let aligned = share(aligned);
    set(&mut x, Feature::AlignedCoverage, aligned);
    set(&mut x, Feature::LogAlignedCoverage, (0.02 + aligned).ln());
    let coverage = share(covered);
    set(&mut x, Feature::Coverage, coverage);
    set(&mut x, Feature::OwnCoverage, share(own_covered));
    set(&mut x, Feature::ContextCoverage, share(context_covered));
    set(&mut x, Feature::RelatedCoverage, share(related_covered));
    if let (Some(q), Some(f)) = (&q.meaning, &entry.meaning) {
        set(&mut x, Feature::SentenceCosine, vectors::dot(q, f));
    }
    if !q.pairs.is_empty() {
        let held = q
            .pairs
            .iter()
            .filter(|p| entry.pairs.binary_search(p).is_ok())
            .count();
        set(
            &mut x,
            Feature::PairShare,
            held as f32 / q.pairs.len() as f32,
        );
    }
    set(&mut x, Feature::MissingNumbers, missing_numbers);
    set(&mut x, Feature::MissingRareNames, missing_rare);
    set(&mut x, Feature::MissingCommonNames, missing_common);
    set(&mut x, Feature::Corrects, f32::from(u8::from(corrects)));
    set(&mut x, Feature::Draft, f32::from(u8::from(entry.draft)));
    set(
        &mut x,
        Feature::HasForms,
        f32::from(u8::from(!entry.forms.is_empty())),
    );
    // Too little evidence: one common word ("what time is it") matching is not a question
    // about a fact, however fully it is covered; two words or one rare name are, and so is
    // what a count question counts when the fact counts it ("how many troops").
    let counts_it = q.counted.is_some_and(|c| c.counted_by(&entry.counted));
    if counts_it {
        set(&mut x, Feature::CountsAsked, 1.0);
    }
    if matched_terms < 2 && !counts_it {
        let enough = index.unknown_weight * MIN_EVIDENCE;
        set(
            &mut x,
            Feature::LowEvidence,
            1.0 - (evidence / enough).min(1.0),
        );
    }
    // The heaviest word of the question is what it is about.
    if let Some(heaviest) = query.iter().max_by(|a, b| a.weight.total_cmp(&b.weight)) {
        let present = heaviest.held_by(&entry.all);
        // A wrong figure to correct is not a sign of another subject.
        if !present && heaviest.id.is_some() && !(corrects && heaviest.number) {
            set(&mut x, Feature::HeaviestMissing, 1.0);
        }
    }
    // "What did X say?" is answered by what X said, not by what others said about X; "how
    // did X react?" by a fact about X.
    if misses(&q.speaker, &entry.speakers) || misses(&q.reactor, &entry.own) {
        set(&mut x, Feature::SpeakerMissing, 1.0);
    }
    // "What's the name of the official?" needs a name the question does not already give;
    // "who" wants one too, though a story's main names may answer it.
    let gives_name = match q.named {
        Some(noun) if q.wants_name => {
            noun.is_some_and(|noun| names_beside(index, entry, noun, &q.known))
        }
        _ => gives_a_name(index, entry, &q.known),
    };
    if (q.wants_name || kind == QuestionKind::Person) && !gives_name {
        let feature = if q.wants_name {
            Feature::NameMissing
        } else {
            Feature::PersonWithoutName
        };
        set(&mut x, feature, 1.0);
    }
    // A sum of money, an age or a span is asked for, and the fact gives none: "how old is
    // Robert Sarvis?" is not answered by the sentence that names him.
    if q.wants_money && !entry.money || q.wants_age && !entry.age || q.wants_span && !entry.span {
        set(&mut x, Feature::MeasureMissing, 1.0);
    }
    // "When will the last troops leave?" is not answered by "combat forces left in 2011".
    if q.future && entry.historical {
        set(&mut x, Feature::FutureVsPast, 1.0);
    }
    // A count of something else: "how many troops" is not answered by "90 times".
    if let Some(head) = q.counted {
        if !entry.counted.is_empty() && !head.counted_by(&entry.counted) {
            set(&mut x, Feature::CountsOther, 1.0);
        }
    }
    if !entry.kinds.contains(&kind) {
        match kind {
            // A fact without a figure cannot say how many, however well it matches.
            QuestionKind::Count => set(&mut x, Feature::CountWithoutFigure, 1.0),
            QuestionKind::Thing | QuestionKind::Confirm | QuestionKind::Manner => {}
            _ => set(&mut x, Feature::KindMismatch, 1.0),
        }
    }
    // Closeness to the nearest question form, with a little for the second nearest: two
    // curated wordings agreeing is better evidence than one.
    let (mut first, mut second) = (0.0f32, 0.0f32);
    for ((terms, form_total), bits) in entry.forms.iter().zip(&entry.form_bits) {
        if bits & q.known_bits == 0 {
            continue;
        }
        let shared = shared_weight(weights, terms);
        // A form sharing no word is no nearer than none (and dividing for each form was a
        // tenth of the answer time).
        if shared == 0.0 {
            continue;
        }
        let dice = 2.0 * shared / (total + form_total).max(1e-6);
        if dice > first {
            second = first;
            first = dice;
        } else if dice > second {
            second = dice;
        }
    }
    let similarity = 0.85 * first + 0.15 * second;
    set(&mut x, Feature::Similarity, similarity);
    // Evidence multiplies: half the words and half the closeness is far less than half as
    // good, which the logarithms let a linear model say.
    let held = share(own_covered + context_covered + related_covered).max(coverage);
    set(&mut x, Feature::LogCoverage, (0.02 + held).ln());
    set(&mut x, Feature::LogSimilarity, (0.02 + similarity).ln());
    set(&mut x, Feature::UnknownShare, q.unknown_share);
    set(
        &mut x,
        Feature::SourceCoverageGap,
        by_source.gap(by_source.coverage, entry.source),
    );
    set(
        &mut x,
        Feature::SourceCosineGap,
        by_source.gap(by_source.cosine, entry.source),
    );
    set(
        &mut x,
        Feature::SentenceLength,
        (1.0 + entry.own.len() as f32).ln(),
    );
    Scored {
        fact,
        confidence: 0.0,
        corrects,
        coverage,
        features: x,
        decision: Decision::new(0.0, 0.0, None),
    }
}

/// Below this cosine two words' vectors are no closer than unrelated words tend to be.
const ALIGN_FLOOR: f32 = 0.3;

/// Cosines between a question's word vectors and the base's, computed once per question:
/// the candidates of one article share most of their words.
pub struct SimilarityCache {
    /// By question term and vector id (term-major): the cosine, NaN until computed.
    cosines: Vec<f32>,
    /// The entries computed, to reset after the question.
    touched: Vec<usize>,
}

impl SimilarityCache {
    const fn new() -> SimilarityCache {
        SimilarityCache {
            cosines: Vec::new(),
            touched: Vec::new(),
        }
    }
}

/// One question's view of the cache.
struct Similarities<'a> {
    index: &'a Index,
    vectors: Vec<Option<&'a Vector>>,
    cache: &'a mut SimilarityCache,
}

impl<'a> Similarities<'a> {
    fn new(
        index: &'a Index,
        terms: &'a [QueryTerm],
        cache: &'a mut SimilarityCache,
    ) -> Similarities<'a> {
        let needed = terms.len() * index.vectors.len();
        if cache.cosines.len() < needed {
            cache.cosines.resize(needed, f32::NAN);
        }
        Similarities {
            index,
            vectors: terms.iter().map(|t| t.vector.as_ref()).collect(),
            cache,
        }
    }

    /// The highest cosine between question term `k` and any of the vectors `of` (indices
    /// into the index's vectors; 0 if none).
    fn closest(&mut self, k: usize, of: &[u32]) -> f32 {
        let Some(v) = self.vectors[k] else { return 0.0 };
        let base = k * self.index.vectors.len();
        let mut best = 0.0f32;
        for &i in of {
            let at = base + i as usize;
            let mut c = self.cache.cosines[at];
            if c.is_nan() {
                c = vectors::dot(v, &self.index.vectors[i as usize]);
                self.cache.cosines[at] = c;
                self.cache.touched.push(at);
            }
            best = best.max(c);
        }
        best
    }

    fn clear(self) {
        for at in self.cache.touched.drain(..) {
            self.cache.cosines[at] = f32::NAN;
        }
    }
}

/// Whether a fact's own text names someone or something the question does not: a name that
/// is not a number, a date, or one of the names most facts share.
fn gives_a_name(index: &Index, entry: &FactTerms, known: &[(TermId, f32)]) -> bool {
    entry
        .names
        .iter()
        .any(|&t| is_new_name(index, entry, t, known))
}

/// Whether a fact gives such a name beside the word `noun`: "the name of his attorney" is
/// answered by "a Scientology attorney, Kendrick Moxon", not by a sentence that mentions the
/// attorney and names someone else ([`FactTerms::named_beside`]).
fn names_beside(index: &Index, entry: &FactTerms, noun: TermId, known: &[(TermId, f32)]) -> bool {
    let from = super::index::beside(noun, 0);
    let start = entry.named_beside.partition_point(|&k| k < from);
    entry.named_beside[start..]
        .iter()
        .take_while(|&&k| k >> 32 == u64::from(noun))
        .any(|&k| is_new_name(index, entry, (k & u64::from(u32::MAX)) as TermId, known))
}

/// A name of the fact's that tells the question something: not a number or a date, not one
/// of the names most facts share, and not in the question.
fn is_new_name(index: &Index, entry: &FactTerms, t: TermId, known: &[(TermId, f32)]) -> bool {
    let common = index.facts.len() / 2;
    let i = t as usize;
    !index.year[i]
        && !index.calendar[i]
        && !contains(&entry.numbers, t)
        && index.postings[i].len() <= common
        && known.binary_search_by_key(&t, |(k, _)| *k).is_err()
}
