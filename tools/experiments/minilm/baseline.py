"""MiniLM alone: each article's questions ranked against its own sentences (the six shared and
the twelve of our own), right sentence first, and right answers at the cosine thresholds that
keep wrong answers to at most 3.75% / 4% / 5%. Usage, from the repository root:
  tools/experiments/minilm/baseline.py [ARTICLES_DIR]"""
import glob, os, sys, tomllib, numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__))); import minilm as m
outcomes, first = [], 0
dirs = sorted(glob.glob("tests/data/articles/*")) + sorted(glob.glob("tests/data/articles-more/*"))
if len(sys.argv) > 1: dirs = sorted(glob.glob(sys.argv[1] + "/*"))
per = {}
for d in dirs:
    sents = [l.rstrip("\n").split("\t")[2] for l in open(d + "/sentences.tsv") if l.strip()]
    S = np.array([m.encode(s) for s in sents])
    cases = tomllib.load(open(d + "/questions.toml", "rb"))["case"]
    r0 = 0
    for c in cases:
        c_ = S @ m.encode(c["q"]); b = int(np.argmax(c_))
        ans = bool(c["expect"]); right = ans and sents[b] in c["expect"]
        outcomes.append((float(c_[b]), right, ans)); first += right; r0 += right
    per[d.split("/")[-1]] = r0
answerable = sum(o[2] for o in outcomes)
print("first", first, "of", answerable, per)
for limit in (0.0375, 0.04, 0.05):
    best = None
    for t in sorted({o[0] for o in outcomes}):
        right = sum(1 for p, r, a in outcomes if a and r and p >= t)
        wrong = sum(1 for p, r, a in outcomes if a and not r and p >= t)
        refused = sum(1 for p, r, a in outcomes if not a and p < t)
        if wrong <= limit * answerable and (best is None or right > best[1]): best = (t, right, wrong, refused)
    print(limit, best, "unanswerable", len(outcomes) - answerable)
