"""Reference answers for days/day47.ipynb."""
import hashlib
import json

import numpy as np


def cache_key(model_id: str, max_seq_length: int, normalize: bool, prefix: str, text: str) -> str:
    fields = json.dumps([model_id, max_seq_length, normalize, prefix, text])
    return hashlib.sha256(fields.encode()).hexdigest()


def cache_key__library(model_id: str, max_seq_length: int, normalize: bool, prefix: str, text: str) -> str:
    from aicourse.rag import cache_key as key
    return key(model_id, max_seq_length, normalize, prefix, text)


def cache_key__lengths(model_id: str, max_seq_length: int, normalize: bool, prefix: str, text: str) -> str:
    # length-prefixed fields keep them apart too
    parts = [model_id, str(max_seq_length), str(normalize), prefix, text]
    return hashlib.sha256("".join(f"{len(p)}:{p}" for p in parts).encode()).hexdigest()


def top_k(query, docs, k: int) -> list[int]:
    scores = [float(np.dot(query, d)) for d in docs]
    return sorted(range(len(docs)), key=lambda i: (-scores[i], i))[:k]


def top_k__numpy(query, docs, k: int):
    if len(docs) == 0:
        return np.array([], dtype=int)
    scores = np.asarray(docs, dtype=np.float64) @ np.asarray(query, dtype=np.float64)
    return np.argsort(-scores, kind="stable")[:k]


def top_k__library(query, docs, k: int):
    from aicourse.rag import cosine_top_k as lib
    return [] if len(docs) == 0 else list(lib(np.asarray(query), np.asarray(docs), k))


def choose_dtype(rows: list[dict], min_cosine: float, min_overlap: float) -> str:
    ok = [r for r in rows if r["min_cosine"] >= min_cosine and r["top10_overlap"] >= min_overlap]
    if not ok:
        return "float32"
    return max(ok, key=lambda r: r["texts_per_s"])["dtype"]  # max keeps the first of equal rows
