"""Reference answers for days/day50.ipynb."""
import math


def bm25_term(tf, doc_len, avgdl, df, n_docs, k1=1.5, b=0.75):
    idf = math.log((n_docs - df + 0.5) / (df + 0.5))
    return idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc_len / avgdl))


def bm25_term__rank_bm25(tf, doc_len, avgdl, df, n_docs, k1=1.5, b=0.75):
    # the library's own arithmetic: one query word over a corpus built to have these counts
    import numpy as np
    idf = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
    return float(idf * (tf * (k1 + 1) / (tf + k1 * (1 - b + b * np.float64(doc_len) / avgdl))))


def rrf(runs, k=60, weights=None, depth=None):
    weights = [1.0] * len(runs) if weights is None else weights
    out = {}
    for run, w in zip(runs, weights, strict=True):
        ranked = [d for d, s in sorted(run.items(), key=lambda ds: (ds[1], ds[0]), reverse=True)][:depth]
        for rank, d in enumerate(ranked, start=1):
            out[d] = out.get(d, 0.0) + w / (k + rank)
    return out


def rrf__library(runs, k=60, weights=None, depth=None):
    from aicourse.rag import reciprocal_rank_fusion
    return reciprocal_rank_fusion([{"q": r} for r in runs], k=k, weights=weights, depth=depth).get("q", {})


def choose_setting(rows, tol):
    best = max(r["dev_ndcg"] for r in rows)
    return next(r["setting"] for r in rows if r["dev_ndcg"] >= best - tol)
