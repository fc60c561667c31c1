#!/usr/bin/env python3
"""Measures a candidate feature before it is built into factbot.

Reads the TSV that `factbot fit --features FILE ...` writes (every labelled question's
candidates: their features, whether each is right, the question and the candidate's
sentence), adds the features computed here from the two texts, refits the shipped model's two
stages as `tools/other-models.py` does, and reports, leave-one-article-out over the drafted
articles: how many answerable questions have a right sentence ranked first, and how many are
answered right at the pooled threshold that keeps wrong answers to at most 3.75% (the fit's
default rate), 4% and 5% of the answerable questions, with the unanswerable ones refused.
The figures are a screen, not the fit's: `factbot fit` chooses its threshold out of fold for
each held-out article, and they differ from these by a few questions.

Features (session 14; the first was built and measured with `factbot fit`, see the README):
  chargrams   TF-IDF cosine of the words' 3- and 4-letter pieces (scikit-learn's char_wb:
              each word padded with a space), and its lead over the nearest other candidate
  words       TF-IDF cosine of words and word pairs, and its lead

The IDF is fitted on the distinct sentences of the file (the candidates' sentences).
Needs numpy and scikit-learn (development only). Usage:
  tools/try-features.py FEATURES.tsv [feature ...]     (default: every feature, one at a time)
"""
import importlib.util
import os
import sys
from collections import defaultdict

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("other_models", os.path.join(HERE, "other-models.py"))
om = importlib.util.module_from_spec(spec)
spec.loader.exec_module(om)

VECTORIZERS = {
    "chargrams": dict(analyzer="char_wb", ngram_range=(3, 4), sublinear_tf=True),
    "words": dict(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
}


def cosine_and_lead(D, name):
    """The cosine of each candidate's question and sentence, and its lead over the others."""
    vec = TfidfVectorizer(**VECTORIZERS[name]).fit(sorted(set(D.sentence)))
    cos = np.asarray(vec.transform(D.question).multiply(vec.transform(D.sentence)).sum(axis=1)).ravel()
    lead = np.zeros_like(cos)
    for idx in D.groups.values():
        for i in idx:
            others = [cos[j] for j in idx if j != i]
            lead[i] = cos[i] - (max(others) if others else 0.0)
    return np.column_stack([cos, lead])


def measure(D):
    """(ranked first and right, [(right, wrong, refused) at each rate], answerable, unanswerable)."""
    outcomes, first = [], 0
    for held in sorted({D.qart[q] for q in D.qs if D.qdraft[q]}):
        train = [q for q in D.qs if D.qart[q] != held]
        test = [q for q in D.qs if D.qart[q] == held]
        w = om.fit_softmax(D, train)
        F, Y, _ = om.picks(D, train, w)
        model = om.fit_logistic(F, Y)
        Ft, _, B = om.picks(D, test, w)
        for p, q, b in zip(model(Ft), test, B):
            right, answerable = bool(D.right[D.groups[q]][b]), bool(D.qans[q])
            outcomes.append((p, right, answerable))
            first += right and answerable
    rates = []
    for limit in (0.0375, 0.04, 0.05):
        (_, right, wrong, refused), answerable, unanswerable = om.best_under(outcomes, limit)
        rates.append((right, wrong, refused))
    return first, rates, answerable, unanswerable


def report(label, D):
    first, rates, answerable, unanswerable = measure(D)
    cells = "  ".join(f"{r}/{answerable} ({w} wrong, {u}/{unanswerable} refused)" for r, w, u in rates)
    print(f"{label:12} first {first}  at 3.75% / 4% / 5% wrong: {cells}")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    D = om.Data(sys.argv[1])
    X = D.X
    report("shipped", D)
    for name in sys.argv[2:] or list(VECTORIZERS):
        if name not in VECTORIZERS:
            sys.exit(f"no feature {name!r}; known: {', '.join(VECTORIZERS)}")
        D.X = np.hstack([X, cosine_and_lead(D, name)])
        report(f"+ {name}", D)
    D.X = X


if __name__ == "__main__":
    main()
