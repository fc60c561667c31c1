//! The text layer at the bottom of the crate: language data that `knowledge`, `engine` and
//! `draft` can all use: the WordNet paraphrase lexicon and GloVe word vectors.

pub mod lexicon;
pub mod vectors;
