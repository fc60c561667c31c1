#!/usr/bin/env bash
# Builds the fuzz corpora in fuzz/corpus/<target>/ (not committed) from the question sets, the
# shipped knowledge, the test articles and the example config, plus the small committed seeds
# in fuzz/seeds/<target>/. Run from anywhere; safe to run again (files are named by content).
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
mkdir -p "$out"/{answer,knowledge,draft,config}

# put TARGET: stdin becomes one corpus file named by its hash.
put() {
    local tmp
    tmp=$(mktemp)
    cat >"$tmp"
    mv "$tmp" "$out/$1/$(sha1sum "$tmp" | cut -c1-16)"
}

for t in answer knowledge draft config; do
    cp fuzz/seeds/$t/* "$out/$t/" 2>/dev/null || true
done

# answer: every question of the question sets, and every curated question form.
{
    grep -h '^q = "' tests/data/*.toml tests/data/articles/*/questions.toml | sed 's/^q = "//; s/"$//'
    grep -oh '"[^"]*?"' knowledge/sources/*/facts.toml | tr -d '"'
} | sort -u | while IFS= read -r q; do printf '%s' "$q" | put answer; done

# knowledge (first byte: the file the rest becomes, see fuzz/src/lib.rs): the shipped source's
# metadata and synonyms, and its article with its facts a few at a time (selector 4).
src=knowledge/sources/us-iraq-coalition-talks
{ printf '\001'; cat $src/source.toml; } | put knowledge
{ printf '\002'; cat knowledge/synonyms.toml; } | put knowledge
head=$(awk '/^\[\[fact\]\]/{exit} {print}' $src/facts.toml)
facts=$(awk '/^\[\[fact\]\]/{n++} n>0{print > ("/tmp/factbot-seed-fact-" int((n-1)/3))}' $src/facts.toml; ls /tmp/factbot-seed-fact-*)
for f in $facts; do
    { printf '\004'; cat $src/article.txt; printf '\n%%%%\n%s\n\n' "$head"; cat "$f"; } | put knowledge
    rm -f "$f"
done

# draft: the articles.
for a in tests/data/*.txt tests/data/articles/*/article.txt $src/article.txt; do
    case "$a" in *sentences.txt) continue ;; esac
    put draft <"$a"
done

# config: the documented example, alone and with environment overrides after a line %%.
put config <config.example.toml
{ cat config.example.toml; printf '\n%%%%\nFACTBOT_DISCORD_GUILD_ID=123\nFACTBOT_ANSWER_MIN_CONFIDENCE=0.7\nFACTBOT_KNOWLEDGE_WATCH=true\n'; } | put config

for t in answer knowledge draft config; do
    echo "$t: $(ls "$out/$t" | wc -l) inputs"
done
