#!/usr/bin/env python3
"""Compares the matcher's two-stage model with other learners on the same features.

Reads the TSV that `factbot fit --features FILE ...` writes (every labelled question's
candidates, their features, whether each is right) and measures, leave-one-article-out over the
drafted articles (the curated base's questions always train), each variant's right answers at
the pooled threshold that keeps wrong answers to at most 4% and 5% of the answerable questions,
as `factbot fit` reports them ("held out, by threshold"):

  linear       the shipped model, reproduced: softmax ranker (L2 2), logistic decision (L2 1)
               fitted on the ranker's picks of the training questions themselves
  cross        the same, the decision fitted on picks by rankers fitted without each
               training question's article (what a new article's picks look like)
  linear-gb    linear ranker, gradient-boosted trees (scikit-learn) for the decision
  cross-gb     both
  rank-gb      ranked first by LambdaMART (LightGBM) against the linear ranker

Needs numpy, scikit-learn and lightgbm (development only; factbot does not use them).
Usage: tools/other-models.py FEATURES.tsv [variant ...]
"""
import sys
from collections import defaultdict

import numpy as np

MAX_STEP = 2.0  # as src/engine/model.rs: a capped Newton step
MAX_LEAD = 8.0


class Data:
    def __init__(self, path):
        rows = [line.rstrip("\n").split("\t") for line in open(path)]
        # The features run from the sixth column to the question's text.
        end = rows[0].index("question_text")
        self.names = rows[0][5:end]
        self.question = [r[end] for r in rows[1:]]
        self.sentence = [r[end + 1] for r in rows[1:]]
        rows = [r[:end] for r in rows[1:]]
        self.art = [r[0] for r in rows]
        self.drafted = np.array([int(r[1]) for r in rows])
        self.ans = np.array([int(r[2]) for r in rows])
        self.right = np.array([int(r[4]) for r in rows])
        self.X = np.array([[float(v) for v in r[5:]] for r in rows])
        self.groups = defaultdict(list)
        for i, r in enumerate(rows):
            self.groups[int(r[3])].append(i)
        self.qs = sorted(self.groups)
        first = {q: self.groups[q][0] for q in self.qs}
        self.qart = {q: self.art[first[q]] for q in self.qs}
        self.qdraft = {q: self.drafted[first[q]] for q in self.qs}
        self.qans = {q: self.ans[first[q]] for q in self.qs}


def newton(d, penalty, accumulate):
    beta = np.zeros(d)
    for _ in range(100):
        g, h = accumulate(beta)
        g = g + penalty * beta
        h = h + np.diag(penalty)
        step = np.linalg.solve(h, g)
        if np.abs(step).max() > MAX_STEP:
            step *= MAX_STEP / np.abs(step).max()
        beta -= step
        if np.abs(step).max() < 1e-7:
            break
    return beta


def fit_softmax(D, qs, l2=2.0):
    groups = []
    for q in qs:
        idx = D.groups[q]
        r = D.right[idx]
        if r.any() and not r.all():
            groups.append((D.X[idx], r / r.sum()))

    def acc(beta):
        g = np.zeros(len(beta))
        h = np.zeros((len(beta), len(beta)))
        for X, t in groups:
            z = X @ beta
            e = np.exp(z - z.max())
            p = e / e.sum()
            m = p @ X
            g += m - t @ X
            xc = X - m
            h += (xc * p[:, None]).T @ xc
        return g, h

    return newton(D.X.shape[1], np.full(D.X.shape[1], l2), acc)


def picks(D, qs, w):
    """Each question's best candidate by `w`: decision inputs, right answer, candidate index."""
    F, Y, B = [], [], []
    for q in qs:
        idx = D.groups[q]
        s = D.X[idx] @ w
        e = np.exp(s - s.max())
        b = int(np.argmax(s))
        lead = s[b] - np.max(np.delete(s, b)) if len(s) > 1 else MAX_LEAD
        F.append(np.concatenate([[e[b] / e.sum(), np.clip(lead, -MAX_LEAD, MAX_LEAD)], D.X[idx][b]]))
        Y.append(int(D.right[idx][b] and D.qans[q]))
        B.append(b)
    return np.array(F), np.array(Y), B


def fit_logistic(F, Y, l2=1.0):
    A = np.hstack([np.ones((len(F), 1)), F])
    pen = np.full(A.shape[1], l2)
    pen[0] = 1e-6

    def acc(beta):
        p = 1 / (1 + np.exp(-(A @ beta)))
        return A.T @ (p - Y), (A * (p * (1 - p))[:, None]).T @ A

    beta = newton(A.shape[1], pen, acc)
    return lambda F2: 1 / (1 + np.exp(-(np.hstack([np.ones((len(F2), 1)), F2]) @ beta)))


def fit_trees(F, Y):
    from sklearn.ensemble import HistGradientBoostingClassifier

    m = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=8,
                                       min_samples_leaf=20, l2_regularization=1.0, random_state=0)
    m.fit(F, Y)
    return lambda F2: m.predict_proba(F2)[:, 1]


def best_under(outcomes, limit):
    """(threshold, right, wrong, refused) answering the most right with wrong <= limit."""
    answerable = sum(1 for o in outcomes if o[2])
    best = None
    for t in sorted({o[0] for o in outcomes}):
        right = sum(1 for p, r, a in outcomes if a and r and p >= t)
        wrong = sum(1 for p, r, a in outcomes if a and not r and p >= t)
        refused = sum(1 for p, r, a in outcomes if not a and p < t)
        if wrong <= limit * answerable and (best is None or right > best[1]):
            best = (t, right, wrong, refused)
    return best, answerable, len(outcomes) - answerable


def decision_variant(D, variant):
    articles = sorted({D.qart[q] for q in D.qs if D.qdraft[q]})
    everyone = sorted(set(D.qart.values()))
    outcomes = []
    for held in articles:
        train = [q for q in D.qs if D.qart[q] != held]
        test = [q for q in D.qs if D.qart[q] == held]
        w = fit_softmax(D, train)
        if variant.startswith("cross"):
            parts = []
            for a in everyone:
                if a == held:
                    continue
                inner = fit_softmax(D, [q for q in train if D.qart[q] != a])
                parts.append(picks(D, [q for q in train if D.qart[q] == a], inner))
            F = np.vstack([p[0] for p in parts])
            Y = np.concatenate([p[1] for p in parts])
        else:
            F, Y, _ = picks(D, train, w)
        model = fit_trees(F, Y) if variant.endswith("gb") else fit_logistic(F, Y)
        Ft, _, B = picks(D, test, w)
        for p, q, b in zip(model(Ft), test, B):
            outcomes.append((p, bool(D.right[D.groups[q]][b]), bool(D.qans[q])))
    for limit in (0.04, 0.05):
        (t, right, wrong, refused), answerable, unanswerable = best_under(outcomes, limit)
        print(f"{variant:10} at most {limit:.0%} wrong: threshold {t:.3f}, {right}/{answerable} right, "
              f"{wrong} wrong, {refused}/{unanswerable} refused")


def rank_variant(D):
    import lightgbm as lgb

    trees = linear = 0
    for held in sorted({D.qart[q] for q in D.qs if D.qdraft[q]}):
        train = [q for q in D.qs if D.qart[q] != held]
        useful = [q for q in train if D.right[D.groups[q]].any()]
        idx = np.concatenate([D.groups[q] for q in useful])
        ranker = lgb.LGBMRanker(n_estimators=300, learning_rate=0.05, num_leaves=15,
                                min_child_samples=20, reg_lambda=1.0, verbose=-1)
        ranker.fit(D.X[idx], D.right[idx], group=[len(D.groups[q]) for q in useful])
        w = fit_softmax(D, train)
        for q in (q for q in D.qs if D.qart[q] == held and D.qans[q]):
            idx = D.groups[q]
            trees += D.right[idx][int(np.argmax(ranker.predict(D.X[idx])))]
            linear += D.right[idx][int(np.argmax(D.X[idx] @ w))]
    print(f"rank-gb    ranked first and right: trees {trees}, linear {linear}")


def main():
    D = Data(sys.argv[1])
    for variant in sys.argv[2:] or ["linear", "cross", "linear-gb", "cross-gb", "rank-gb"]:
        if variant == "rank-gb":
            rank_variant(D)
        else:
            decision_variant(D, variant)


if __name__ == "__main__":
    main()
