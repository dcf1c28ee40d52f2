"""Day 51's row for the retrieval benchmark (tests/bench/retrieval.py): the dense MiniLM run reranked by the offline
SmolLM2-135M-Instruct (`rag.llm_relevance_scorer`: log P(Yes) - log P(No) of a relevance question), over the full
SciFact corpus. `RETRIEVERS` maps a row name to `fn(data, first_stage_run) -> run`, where `first_stage_run` is the
dense MiniLM run of the same `data` (`{query id: {doc id: score}}`).

DEPTH, WEIGHT and RR_DEPTH were chosen on a DEV split, never on the test claims: `inverse_cloze_split` over all
5,183 abstracts with the 339 test-judged abstracts excluded as query sources (N_DEV pseudo-queries, seed 0), MiniLM
dense run as in day 49, the reranker's scores of each dev query's top max(DEPTHS) computed once, and the grid
DEPTHS x WEIGHTS with the rule of nbs/02_llms/day51_reranking.ipynb (best dev nDCG@10; among equals the cheaper:
weight 0 costs nothing, then the smaller depth). NOT searched, fixed by hand before any run: the prompt
(`rag.RELEVANCE_SYSTEM`, `rag.RELEVANCE_QUESTION`), PASSAGE_TOKENS, N_DEV and the grid itself. Reproduce the dev
table with

    AICOURSE_DATA_DIR=../shared/data HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 .venv/bin/python tests/bench/retrieval_rerank.py --choose

and score the test claims once with the constants below (dense from day 49's embedding cache) with

    AICOURSE_DATA_DIR=../shared/data HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 .venv/bin/python tests/bench/retrieval_rerank.py

SmolLM2 runs on one CPU thread (bf16 where the CPU has native units; the two label logits in float32, see
`rag.llm_relevance_scorer`), a few hundred ms per pair: reranking the top DEPTH of 300 claims takes minutes. It is a
weak reranker (135M parameters, never trained for relevance); the numbers are reported as measured. A random reorder
of the same top RR_DEPTH (no model, seeded) is the row that says what "knows nothing" scores. Rerun 2026-11-27
(`tests/bench/retrieval.py --only SmolLM2`, 2 shared CPU cores, 1 torch thread, bf16 model, float32 label logits,
300 test claims, settings from the `--choose` run below): dense MiniLM nDCG@10 64.51 / MRR@10 60.47; its top 2
reranked by SmolLM2 59.09 / 53.14, 179.7 s for 600 pairs; a random reorder of the top 2, seeds 0-4: 57.48 / 50.91 on
average (nDCG@10 from 55.84 to 58.58). (The first run, with bf16 label logits and the grid DEPTHS = (5, 10), reranked
the top 5: 48.27 / 38.75, against 45.83 / 35.66 for a random reorder of the top 5.) RETRIEVAL.md is rewritten by a
full run of tests/bench/retrieval.py only. For comparison, cited not measured: BEIR (Thakur et al. 2021) reports
BM25 + a MiniLM-L6 cross-encoder trained on MS MARCO at 68.8 on SciFact (BM25 alone 66.5).
"""
from __future__ import annotations

import argparse
import importlib.util
import logging
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from aicourse.data import BeirData, load_beir
from aicourse.metrics import evaluate_run, query_scores, rank_run
from aicourse.rag import interpolate_run, inverse_cloze_split, llm_relevance_scorer, score_top

Run = dict[str, dict[str, float]]
HERE = Path(__file__).parent
logging.getLogger("bitsandbytes").setLevel(logging.ERROR)

N_DEV = 40  # dev pseudo-queries (each costs max(DEPTHS) forward passes)
DEPTHS = (2, 3, 5, 10)  # depth 1 is no reranking at all
WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0)
PASSAGE_TOKENS = 128  # passages cut to this many SmolLM2 tokens (cost per pair grows with it)
# Chosen on the dev split by `--choose` (see the module docstring), 2026-11-27, 408 ms per pair on 1 thread (bf16
# model, float32 label logits): dev nDCG@10 for weights 0 / 0.1 / 0.2 / 0.3 / 0.5 / 0.7 / 1 at
#   depth  2: 76.19 76.19 76.19 76.19 76.19 64.19 64.19
#   depth  3: 76.19 76.19 76.19 75.26 72.50 60.71 57.23
#   depth  5: 76.19 75.72 75.72 74.61 69.67 59.71 50.61
#   depth 10: 76.19 75.61 74.70 74.34 70.56 56.00 39.71
# No weight > 0 beat the first stage alone, so the dev split says: do not rerank with SmolLM2 (weight 0, i.e. the
# dense run unchanged; no interpolated row is added). (The earlier grid DEPTHS = (5, 10) with bf16 label logits
# chose the same weight 0, and depth 5 for the reranker-only row.)
DEPTH, WEIGHT = 2, 0.0
RR_DEPTH = 2  # the depth of the "reranker only" (weight 1) row: its best dev depth (64.19; 57.23 at 3, 50.61 at 5)
RANDOM_SEEDS = 5  # the random-reorder row: the mean over these seeds is printed by this script's own run


@contextmanager
def _torch_threads(n: int) -> Iterator[None]:
    "torch on `n` threads inside the block, the caller's setting restored after."
    import torch
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _dtype_name() -> str:
    from aicourse.core import cpu_supports_bf16
    return "bf16" if cpu_supports_bf16() else "fp32"


@lru_cache(maxsize=1)
def _scorer():
    import torch

    from aicourse.core import cpu_supports_bf16
    from aicourse.course.assets import smollm2_path
    from aicourse.llm import load_causal_lm
    with _torch_threads(1):
        model, tok = load_causal_lm(smollm2_path(), device="cpu",
                                    dtype=torch.bfloat16 if cpu_supports_bf16() else torch.float32)
    return llm_relevance_scorer(model, tok, max_passage_tokens=PASSAGE_TOKENS, batch_size=8)


def _texts(data: BeirData) -> dict[str, str]:
    return dict(zip(data.corpus, data.doc_texts(), strict=True))


def _limited(scores: Run, run: Run, depth: int) -> Run:
    return {q: {d: scores[q][d] for d in rank_run(run)[q][:depth]} for q in run}


def reranked(data: BeirData, first_stage_run: Run, depth: int = RR_DEPTH, weight: float = 1.0) -> Run:
    "The first stage's top `depth` reordered by SmolLM2's relevance log-odds (mixed with the first stage if weight < 1)."
    with _torch_threads(1):
        scores = score_top(first_stage_run, data.queries, _texts(data), _scorer(), depth)
    return interpolate_run(first_stage_run, scores, weight)


def random_reorder(data: BeirData, first_stage_run: Run, depth: int = RR_DEPTH, seed: int = 0) -> Run:
    "The first stage's top `depth` in a seeded random order (no model): what a reranker that knows nothing scores."
    rng = random.Random(seed)
    ranked = rank_run(first_stage_run)
    return interpolate_run(first_stage_run, {q: {d: rng.random() for d in ranked[q][:depth]} for q in ranked}, 1.0)


def interpolated(data: BeirData, first_stage_run: Run) -> Run:
    "The dev-chosen depth and weight."
    return reranked(data, first_stage_run, DEPTH, WEIGHT)


RETRIEVERS: dict[str, Callable[[BeirData, Run], Run]] = {
    f"reranked (SmolLM2, top {RR_DEPTH}, weight 1, {_dtype_name()})": reranked,
    f"random reorder of the top {RR_DEPTH} (seed 0, no model)": random_reorder}
if WEIGHT not in (0.0, 1.0):
    RETRIEVERS[f"reranked (SmolLM2, top {DEPTH}, weight {WEIGHT}, {_dtype_name()})"] = interpolated


def _day49_bench():
    "tests/bench/retrieval.py as a module (its dense retriever and its embedding cache)."
    spec = importlib.util.spec_from_file_location("bench_retrieval", HERE / "retrieval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def choose(n_queries: int = N_DEV, seed: int = 0) -> dict:
    "The dev table and choices: inverse cloze over the full corpus, the test-judged abstracts excluded as sources."
    test = load_beir("scifact_beir", "test")
    judged = {d for rel in test.qrels.values() for d in rel}
    dev = inverse_cloze_split(test.corpus, n_queries, seed=seed, exclude=judged)
    print(dev, flush=True)
    dense = _day49_bench().dense()(dev)
    t0 = time.perf_counter()
    with _torch_threads(1):
        scores = score_top(dense, dev.queries, _texts(dev), _scorer(), max(DEPTHS))
    per_pair = (time.perf_counter() - t0) / sum(map(len, scores.values()))
    print(f"{per_pair * 1000:.0f} ms per pair", flush=True)
    table = []
    for depth in DEPTHS:
        for w in WEIGHTS:
            ndcg = evaluate_run(interpolate_run(dense, _limited(scores, dense, depth), w), dev.qrels, ks=(10,))["ndcg@10"]
            table.append((depth, w, ndcg, 0.0 if w == 0 else depth * per_pair))
            print(f"depth {depth:3d} weight {w:.1f}: dev nDCG@10 {100 * ndcg:6.2f}", flush=True)
    best = max(table, key=lambda r: (round(r[2], 6), -r[3], -r[0]))
    best_rr = max((r for r in table if r[1] == 1.0), key=lambda r: (round(r[2], 6), -r[0]))
    print(f"chosen: depth {best[0]}, weight {best[1]}; reranker alone: depth {best_rr[0]}")
    return {"depth": best[0], "weight": best[1], "rr_depth": best_rr[0]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--choose", action="store_true", help="rebuild the dev table and check the constants against it")
    args = ap.parse_args()
    if args.choose:
        got = choose()
        want = {"depth": DEPTH, "weight": WEIGHT, "rr_depth": RR_DEPTH}
        if got != want:
            print(f"FAIL: the dev split now chooses {got}, the constants say {want}", file=sys.stderr)
            return 1
        return 0
    day49 = _day49_bench()
    data, runs = day49.runs_after_dense(RETRIEVERS)
    dense = runs[day49.DENSE]
    base = query_scores(dense, data.qrels, "ndcg", 10)
    rand = [evaluate_run(random_reorder(data, dense, RR_DEPTH, seed), data.qrels, ks=(10,))["ndcg@10"]
            for seed in range(RANDOM_SEEDS)]
    print(f"random reorder of the top {RR_DEPTH}, {RANDOM_SEEDS} seeds: mean nDCG@10 {100 * sum(rand) / len(rand):.2f} "
          f"({100 * min(rand):.2f} .. {100 * max(rand):.2f})")
    print("| retriever | nDCG@10 | Recall@100 | MRR@10 | claims better / worse than dense |\n|---|---:|---:|---:|---:|")
    for name, run in runs.items():
        r = evaluate_run(run, data.qrels, ks=(10, 100))
        per = query_scores(run, data.qrels, "ndcg", 10)
        better, worse = sum(per[q] > base[q] + 1e-9 for q in base), sum(per[q] < base[q] - 1e-9 for q in base)
        print(f"| {name} | {100 * r['ndcg@10']:.2f} | {100 * r['recall@100']:.2f} | {100 * r['mrr@10']:.2f} "
              f"| {better} / {worse} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
