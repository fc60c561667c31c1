//! The text layer at the bottom of the crate: language data that `knowledge`, `engine` and
//! `draft` can all use. Today it holds the WordNet paraphrase lexicon.

pub mod lexicon;
