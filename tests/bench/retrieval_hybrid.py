"""Day 50's rows for the retrieval benchmark (tests/bench/retrieval.py): BM25 and a BM25 + dense hybrid by reciprocal
rank fusion, over the full SciFact corpus. `RETRIEVERS` maps a row name to `fn(data, dense_run) -> run`, where
`dense_run` is the dense MiniLM run of the same `data` (`{query id: {doc id: score}}`).

Every setting below was chosen on a DEV split: `inverse_cloze_split` over all 5,183 abstracts with the 339
test-judged abstracts excluded as query sources (500 pseudo-queries, seed 0), MiniLM dense run as in day 49, the
candidates and the selection rule of nbs/02_llms/day50_hybrid_retrieval.ipynb: dense alone and BM25 alone first, then
the RRF grid; best dev nDCG@10; rows within 0.5 points count as tied; the first tied row wins (stemming: kept unless
no stemming beats it by more than 0.5 points). One admission: before the dev split existed, while the BM25 index
was being written, BM25 with and without stemming was scored once on the test claims (a scratch script, stemming
ahead there too); no other setting was ever scored on test before the choice, and the dev split then chose
stemming on its own. Reproduce the dev table with

    AICOURSE_DATA_DIR=../shared/data HF_HUB_OFFLINE=1 .venv/bin/python tests/bench/retrieval_hybrid.py --choose

and score the test claims once with the constants below (dense from day 49's embedding cache) with

    AICOURSE_DATA_DIR=../shared/data HF_HUB_OFFLINE=1 .venv/bin/python tests/bench/retrieval_hybrid.py

Measured on 2026-11-27 (x86_64, 2 CPUs; all 300 test claims, 5,183 abstracts), in percent, with the Unicode word
tokenizer, BM25 returning only texts that score > 0, and ranks as trec_eval's (a rerun after review fixes; the first
run, ASCII tokens, gave 67.65 / 70.31 for BM25 / hybrid with the same dev choices):

    | retriever              | nDCG@10 | Recall@100 | MRR@10 |
    | dense all-MiniLM-L6-v2 |   64.51 |      92.50 |  60.47 |
    | bm25                   |   67.78 |      92.00 |  64.24 |
    | hybrid (RRF)           |   70.48 |      95.37 |  66.28 |

Paired over the 300 claims (nDCG@10, 5,000 bootstrap resamples): hybrid - dense +5.98 points, 95% CI [+3.77, +8.23],
69 wins / 40 losses (sign test p = 0.007); hybrid - BM25 +2.70, CI [+0.72, +4.83], 57 / 42 (p = 0.16).

BM25 scores 1.28 above the published 66.5 (BEIR, Elasticsearch). Not tuned to match (that would be tuning on test);
the BM25s differ: BEIR indexes title and body as two Elasticsearch fields (multi_match) with the "english" analyzer
(stopwords removed, English stemming), k1 = 1.2, b = 0.75 and Lucene's idf ln(1 + (N - n + 0.5) / (n + 0.5));
here one field `title + " " + text`, no stopword list, Porter stems, rank_bm25's idf (no "1 +", negatives floored)
and k1 = 1.5.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

from aicourse.data import BeirData, load_beir
from aicourse.metrics import evaluate_run, rank_run
from aicourse.rag import BM25Index, inverse_cloze_split, reciprocal_rank_fusion, search_run

Run = dict[str, dict[str, float]]
HERE = Path(__file__).parent
DEPTH = 1000  # documents kept per query, as BEIR keeps

# Chosen on the inverse-cloze dev split (see the module docstring), 2026-11-27:
# dev nDCG@10: BM25 without stemming 76.13, with Porter stems 77.51 -> stem.
STEM = True
# rank_bm25's defaults, NOT tuned (the lesson tunes only the fusion); for the record, on the same dev split (with the
# earlier ASCII tokenizer) k1=1.5 b=1.0 scored 78.66 and k1=2.0 b=0.75 77.90 against 77.75 here.
K1, B = 1.5, 0.75
# candidates: dense alone 73.03, BM25 alone 77.51, then the fusion grid k in (60, 1, 10, 30, 100) x weights (dense,
# BM25) in (1:1, 1:0.5, 0.5:1) x depth in (100, 10, all): best dev nDCG@10 81.15 (k=1, 1:1, all); the first row
# within 0.5 points: k=1, 1:1, depth 100 (81.14), so fusion beats BM25 alone by 3.6 points on dev. The paper's k=60,
# 1:1, depth 100 scored 77.66; adding raw scores (no rescaling) 77.94 (earlier dev run, ASCII tokens).
# Ties: at k=1 with equal weights, 287 of 500 dev queries have equal fused scores in their top 10, broken by doc id
# (descending, as trec_eval); ascending ids would give 80.47 instead of 81.14, more than the 0.5-point tolerance, yet
# below k=1's lead over every k >= 10 (about 1.2 points or more).
RRF_K, RRF_WEIGHTS, RRF_DEPTH = 1, (1.0, 1.0), 100


def bm25_run(data: BeirData, stem: bool = STEM, k1: float = K1, b: float = B, depth: int = DEPTH) -> Run:
    "BM25 over `title + ' ' + text` of every document, each query's top `depth`."
    d_ids, q_ids = list(data.corpus), list(data.queries)
    index = BM25Index(data.doc_texts(d_ids), d_ids, k1=k1, b=b, stem=stem)
    return search_run(index, q_ids, [data.queries[q] for q in q_ids], depth)


def bm25(data: BeirData, dense_run: Run | None = None) -> Run:
    "The BM25 row (the dense run is not used)."
    return bm25_run(data)


def hybrid(data: BeirData, dense_run: Run) -> Run:
    "Dense and BM25 fused by reciprocal rank fusion with the dev-chosen k, weights (dense, BM25) and depth."
    return reciprocal_rank_fusion([dense_run, bm25_run(data)], k=RRF_K, weights=RRF_WEIGHTS, depth=RRF_DEPTH)


RETRIEVERS: dict[str, Callable[[BeirData, Run], Run]] = {"bm25": bm25, "hybrid (RRF)": hybrid}


def _day49_bench():
    "tests/bench/retrieval.py as a module (its dense retriever and its embedding cache)."
    spec = importlib.util.spec_from_file_location("bench_retrieval", HERE / "retrieval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SINGLE = [(60, (1, 0), None), (60, (0, 1), None)]  # dense alone, BM25 alone: dev decides whether to fuse at all
GRID = SINGLE + [(k, w, depth) for w in [(1, 1), (1, 0.5), (0.5, 1)] for depth in (100, 10, None)
                 for k in (60, 1, 10, 30, 100)]
TOL = 0.005


def choose(n_queries: int = 500, seed: int = 0) -> dict:
    "The dev table and choices: inverse cloze over the full corpus, the test-judged abstracts excluded as sources."
    test = load_beir("scifact_beir", "test")
    judged = {d for rel in test.qrels.values() for d in rel}
    dev = inverse_cloze_split(test.corpus, n_queries, seed=seed, exclude=judged)
    print(dev, flush=True)
    dense = _day49_bench().dense()(dev)
    rows = {"dense": evaluate_run(dense, dev.qrels)}
    for stem in (False, True):
        rows[f"bm25 stem={stem}"] = evaluate_run(bm25_run(dev, stem=stem), dev.qrels)
    # the default (stem) stays unless no stemming beats it by more than TOL, as in the lesson
    stem = not rows["bm25 stem=False"]["ndcg@10"] > rows["bm25 stem=True"]["ndcg@10"] + TOL
    lexical = bm25_run(dev, stem=stem)
    fused = {}
    for k, w, depth in GRID:
        fused[(k, w, depth)] = evaluate_run(reciprocal_rank_fusion([dense, lexical], k=k, weights=w, depth=depth), dev.qrels)
        rows[f"rrf k={k} w={w} depth={depth}"] = fused[(k, w, depth)]
    best = max(r["ndcg@10"] for r in fused.values())
    chosen = next(s for s in GRID if fused[s]["ndcg@10"] >= best - TOL)
    for name, r in rows.items():
        print(f"{name:36s} nDCG@10 {100 * r['ndcg@10']:6.2f}  Recall@100 {100 * r['recall@100']:6.2f}")
    print(f"chosen: stem={stem}, (k, weights, depth) = {chosen}")
    if 0 not in chosen[1]:  # how much the doc-id order of equal fused scores moves dev nDCG@10
        run = reciprocal_rank_fusion([dense, lexical], k=chosen[0], weights=chosen[1], depth=chosen[2])
        tied = sum(len(set(s)) < len(s) for s in ([r[d] for d in rank_run({q: r}, 10)[q]] for q, r in run.items()))
        up = {q: {d: -i for i, d in enumerate(sorted(r, key=lambda d: (-r[d], d)))} for q, r in run.items()}
        print(f"ties: {tied} of {len(run)} dev queries have equal fused scores in their top 10; nDCG@10 with ties by "
              f"id descending {100 * fused[chosen]['ndcg@10']:.2f}, ascending {100 * evaluate_run(up, dev.qrels)['ndcg@10']:.2f}")
    return {"stem": stem, "rrf": chosen}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--choose", action="store_true", help="rebuild the dev table and check the constants against it")
    args = ap.parse_args()
    if args.choose:
        got = choose()
        want = {"stem": STEM, "rrf": (RRF_K, tuple(int(x) if x == int(x) else x for x in RRF_WEIGHTS),
                                      RRF_DEPTH)}
        if got != want:
            print(f"FAIL: the dev split now chooses {got}, the constants say {want}", file=sys.stderr)
            return 1
        return 0
    data, runs = _day49_bench().runs_after_dense(RETRIEVERS)
    print("| retriever | nDCG@10 | Recall@100 | MRR@10 |\n|---|---:|---:|---:|")
    for name, run in runs.items():
        r = evaluate_run(run, data.qrels, ks=(10, 100))
        print(f"| {name} | {100 * r['ndcg@10']:.2f} | {100 * r['recall@100']:.2f} | {100 * r['mrr@10']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
