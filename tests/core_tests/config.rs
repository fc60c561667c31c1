//! config.example.toml documents every key with its default, and parses to the defaults.

use factbot::config::{keys, Config};

#[test]
fn example_config_documents_every_key_and_matches_the_defaults() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let text = std::fs::read_to_string(&path).expect("config.example.toml");
    for (section, key) in keys() {
        if !section.is_empty() {
            assert!(
                text.contains(&format!("[{section}]")),
                "section [{section}] documented"
            );
        }
        assert!(
            text.contains(&format!("\n{key} =")) || text.contains(&format!("# {key} =")),
            "{section}.{key} documented"
        );
    }
    let example = Config::from_toml(&text).expect("the example parses");
    let defaults = Config::default();
    assert_eq!(
        format!("{example:?}"),
        format!("{defaults:?}"),
        "the example shows the defaults"
    );
    assert!(
        !text.to_lowercase().contains("token ="),
        "no token in the example"
    );
}
