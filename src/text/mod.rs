//! The text layer at the bottom of the crate, used by `knowledge`, `engine` and `draft` alike:
//! folding and words, tokens as written, English function words and word forms, the WordNet
//! paraphrase lexicon, noun classes, deeds, money words, and GloVe word vectors.

pub mod classes;
pub mod deeds;
pub mod english;
pub mod fold;
pub mod lexicon;
pub mod money;
pub mod tokens;
pub mod vectors;
pub mod verbs;
pub mod words;
