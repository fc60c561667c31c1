"""MiniLM's cosine of question and candidate sentence (and its lead, and the best candidate's) as
features, screened with tools/try-features.py's harness. Usage:
  tools/experiments/minilm/screen.py FEATURES.tsv   (from `factbot fit --dry-run --features FILE ...`)"""
import os, sys, importlib.util, numpy as np
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE); import minilm as m
spec = importlib.util.spec_from_file_location("tf", os.path.join(HERE, "..", "..", "try-features.py"))
tf = importlib.util.module_from_spec(spec); spec.loader.exec_module(tf)
D = tf.om.Data(sys.argv[1])
X = D.X
tf.report("shipped", D)
cos = np.array([m.encode(q) @ m.encode(s) for q, s in zip(D.question, D.sentence)])
lead = np.zeros_like(cos); best = np.zeros_like(cos)
for idx in D.groups.values():
    for i in idx:
        others = [cos[j] for j in idx if j != i]
        lead[i] = cos[i] - (max(others) if others else 0.0)
        best[i] = max(cos[j] for j in idx)
D.X = np.hstack([X, cos[:, None]]); tf.report("+cos", D)
D.X = np.hstack([X, cos[:, None], lead[:, None]]); tf.report("+cos+lead", D)
D.X = np.hstack([X, cos[:, None], lead[:, None], best[:, None]]); tf.report("+cos+lead+best", D)
