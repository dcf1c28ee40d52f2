"""Plausible wrong answers for days/day50.ipynb."""
import math


def bm25_term(tf, doc_len, avgdl, df, n_docs, k1=1.5, b=0.75):
    # Lucene's idf, ln(1 + ...): another BM25, not rank_bm25's
    idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
    return idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc_len / avgdl))


def bm25_term__no_k1_plus_1(tf, doc_len, avgdl, df, n_docs, k1=1.5, b=0.75):
    idf = math.log((n_docs - df + 0.5) / (df + 0.5))
    return idf * tf / (tf + k1 * (1 - b + b * doc_len / avgdl))


def bm25_term__length_inverted(tf, doc_len, avgdl, df, n_docs, k1=1.5, b=0.75):
    idf = math.log((n_docs - df + 0.5) / (df + 0.5))
    return idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * avgdl / doc_len))


def _ranked(run):
    return [d for d, s in sorted(run.items(), key=lambda ds: (ds[1], ds[0]), reverse=True)]


def rrf(runs, k=60, weights=None, depth=None):
    # ranks from 0: rank 1 earns w / k
    weights = [1.0] * len(runs) if weights is None else weights
    out = {}
    for run, w in zip(runs, weights, strict=True):
        for rank, d in enumerate(_ranked(run)[:depth]):
            out[d] = out.get(d, 0.0) + w / (k + rank)
    return out


def rrf__raw_scores(runs, k=60, weights=None, depth=None):
    # adds the scores themselves: the run with the larger scale decides
    weights = [1.0] * len(runs) if weights is None else weights
    out = {}
    for run, w in zip(runs, weights, strict=True):
        for d in _ranked(run)[:depth]:
            out[d] = out.get(d, 0.0) + w * run[d]
    return out


def rrf__no_weights(runs, k=60, weights=None, depth=None):
    out = {}
    for run in runs:
        for rank, d in enumerate(_ranked(run)[:depth], start=1):
            out[d] = out.get(d, 0.0) + 1 / (k + rank)
    return out


def rrf__ties_ascending(runs, k=60, weights=None, depth=None):
    weights = [1.0] * len(runs) if weights is None else weights
    out = {}
    for run, w in zip(runs, weights, strict=True):
        ranked = [d for d, s in sorted(run.items(), key=lambda ds: (-ds[1], ds[0]))][:depth]
        for rank, d in enumerate(ranked, start=1):
            out[d] = out.get(d, 0.0) + w / (k + rank)
    return out


def rrf__no_depth(runs, k=60, weights=None, depth=None):
    weights = [1.0] * len(runs) if weights is None else weights
    out = {}
    for run, w in zip(runs, weights, strict=True):
        for rank, d in enumerate(_ranked(run), start=1):
            out[d] = out.get(d, 0.0) + w / (k + rank)
    return out


def choose_setting(rows, tol):
    # the best dev score, ignoring the tolerance
    return max(rows, key=lambda r: r["dev_ndcg"])["setting"]


def choose_setting__test(rows, tol):
    # tunes on test: the number it reports is then no measurement
    best = max(r["test_ndcg"] for r in rows)
    return next(r["setting"] for r in rows if r["test_ndcg"] >= best - tol)


def choose_setting__last_tied(rows, tol):
    best = max(r["dev_ndcg"] for r in rows)
    return [r["setting"] for r in rows if r["dev_ndcg"] >= best - tol][-1]


def choose_setting__chain(rows, tol):
    # walks the table: keeps the current row unless a later row beats it by more than tol
    current = rows[0]
    for r in rows[1:]:
        if r["dev_ndcg"] > current["dev_ndcg"] + tol:
            current = r
    return current["setting"]
