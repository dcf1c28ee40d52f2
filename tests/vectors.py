"""Shared by the vector-index tests (days 48 and 55): unit vectors drawn around a few centres, like real embeddings
(uniform random vectors are the known worst case for IVF and HNSW)."""
from __future__ import annotations

import numpy as np


def clustered(n: int, dim: int = 32, n_centres: int = 40, spread: float = 0.5, seed: int = 0) -> np.ndarray:
    "n float32 unit rows: a random centre each, plus Gaussian noise of scale `spread`."
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((n_centres, dim), dtype=np.float32)
    x = centres[rng.integers(0, n_centres, n)] + spread * rng.standard_normal((n, dim), dtype=np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)
