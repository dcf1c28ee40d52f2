"""Plausible wrong answers for days/day47.ipynb."""
import hashlib

import numpy as np


def cache_key(model_id: str, max_seq_length: int, normalize: bool, prefix: str, text: str) -> str:
    # glued together: ('ab', 'c') and ('a', 'bc') collide
    return hashlib.sha256(f"{model_id}{max_seq_length}{normalize}{prefix}{text}".encode()).hexdigest()


def cache_key__no_normalize(model_id: str, max_seq_length: int, normalize: bool, prefix: str, text: str) -> str:
    return hashlib.sha256(repr((model_id, max_seq_length, prefix, text)).encode()).hexdigest()


def cache_key__separator(model_id: str, max_seq_length: int, normalize: bool, prefix: str, text: str) -> str:
    # a separator that may also occur inside a field: ('a|', 'b') and ('a', '|b') collide
    return hashlib.sha256("|".join(map(str, (model_id, max_seq_length, normalize, prefix, text))).encode()).hexdigest()


def cache_key__lower(model_id: str, max_seq_length: int, normalize: bool, prefix: str, text: str) -> str:
    # lower-cases the text: 'Aspirin' and 'aspirin' are different inputs to the model
    return hashlib.sha256(repr((model_id, max_seq_length, normalize, prefix, text.lower())).encode()).hexdigest()


def top_k(query, docs, k: int) -> list[int]:
    # descending by reversing an ascending sort: ties come out highest index first
    scores = np.asarray(docs, dtype=float).reshape(len(docs), -1) @ np.asarray(query, dtype=float)
    return [int(i) for i in np.argsort(scores, kind="stable")[::-1][:k]]


def choose_dtype(rows: list[dict], min_cosine: float, min_overlap: float) -> str:
    # looks at the vectors only, not at what retrieval returns
    ok = [r for r in rows if r["min_cosine"] >= min_cosine]
    return max(ok, key=lambda r: r["texts_per_s"])["dtype"] if ok else "float32"
