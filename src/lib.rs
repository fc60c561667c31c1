//! factbot: answers questions about news articles from a curated fact base, quoting the
//! source sentence behind every answer. The core (knowledge, engine) knows nothing of Discord.

pub mod draft;
pub mod engine;
pub mod eval;
pub mod fit;
pub mod knowledge;
pub mod render;
pub mod store;
pub mod text;

pub use engine::{Answer, Citation, MatchConfig, Matcher, Suggestion};
pub use knowledge::{load_dir, FactBase, LoadError};
pub mod bot;
pub mod config;
