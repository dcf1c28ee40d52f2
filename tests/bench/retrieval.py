"""Day 49's retrieval benchmark: SciFact test in full (5,183 abstracts, 300 claims, 339 judgments), each retriever's
nDCG@10, Recall@10, Recall@100 and MRR@10 from `aicourse.metrics.evaluate_run`, and the same numbers from pytrec_eval
(trec_eval, the reference BEIR uses). Run by hand:

    AICOURSE_DATA_DIR=../shared/data HF_HUB_OFFLINE=1 .venv/bin/python tests/bench/retrieval.py [--subset N]

The dense MiniLM row must reproduce the published all-MiniLM-L6-v2 nDCG@10 of 64.51 (MTEB) within 0.5, with the
setting MTEB used (max_seq_length 256), or the script exits non-zero. The corpus vectors are cached under the course cache (`rag.EmbeddingCache`), so a rerun takes
seconds; the first run encodes 5,183 abstracts and 300 claims (3 to 7 minutes on 2 CPU cores: 391 s here, beside
other work). `--subset N` scores N seeded claims against their judged abstracts plus `--distractors` others (a quick
run; higher numbers, no anchor check).

Prints a Markdown table and, after every check, writes it to tests/bench/RETRIEVAL.md with the machine it ran on and
any FAIL lines (not for a `--subset` or `--only` run).

Rows: this file's RETRIEVERS (`fn(data: BeirData) -> run`, `{query_id: {doc_id: score}}`) run first; the dense row's
run is then passed to the rows of later days, taken from `retrieval_hybrid.py` (day 50: `RETRIEVERS = {name:
fn(data, dense_run) -> run}`) and `retrieval_rerank.py` (day 51: `{name: fn(data, first_stage_run) -> run}`) when
those files exist and import cleanly (a file that fails to import is named in the report, not run). ANCHORS are
enforced; REFERENCES (e.g. BEIR's BM25) are printed beside the row, never pass/fail. `--only TEXT` runs the rows
whose name contains TEXT (and exits non-zero if none does); `--skip TEXT` leaves those rows out.
"""
from __future__ import annotations

import argparse
import logging
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from transformers.utils import logging as hf_logging

from aicourse.core import cache_dir
from aicourse.data import BeirData, beir_subset, load_beir
from aicourse.metrics import bootstrap_mean_ci, evaluate_run, query_scores, rank_run

HERE = Path(__file__).parent
logging.getLogger("bitsandbytes").setLevel(logging.ERROR)  # an optional CPU kernel it cannot fetch offline
hf_logging.disable_progress_bar()
hf_logging.set_verbosity_error()
Run = dict[str, dict[str, float]]
DEPTH = 1000  # documents kept per query, as BEIR keeps
NOTES: list[str] = []  # what the retrievers want said under the table (e.g. how much came from a cache)


def top_run(q_ids: list[str], d_ids: list[str], scores: np.ndarray, depth: int = DEPTH) -> Run:
    "Keep each query's `depth` best-scoring documents of an exact [queries, docs] score matrix."
    depth = min(depth, scores.shape[1])
    top = np.argpartition(-scores, depth - 1, axis=1)[:, :depth]
    return {q: {d_ids[j]: float(scores[i, j]) for j in top[i]} for i, q in enumerate(q_ids)}


def dense(model: str | Path | None = None, batch_size: int = 32) -> Callable[[BeirData], Run]:
    "Dense retrieval: `title + ' ' + text` and the query through the embedder (normalized), exact inner product."
    def retrieve(data: BeirData) -> Run:  # sets retrieve.max_seq_length, which main() checks for an anchored row
        from aicourse.course.assets import minilm_path
        from aicourse.rag import EmbeddingCache, embed, load_embedder
        emb = load_embedder(model or minilm_path(), query_prefix="", passage_prefix="")  # MiniLM: no prefixes
        cache = EmbeddingCache(cache_dir("embeddings"))
        d_ids, q_ids = list(data.corpus), list(data.queries)
        docs = embed(emb, data.doc_texts(d_ids), kind="passage", batch_size=batch_size, cache=cache)
        queries = embed(emb, [data.queries[q] for q in q_ids], kind="query", batch_size=batch_size, cache=cache)
        NOTES.append(f"{Path(str(model or 'all-MiniLM-L6-v2')).name}: max_seq_length {emb.max_seq_length}; "
                     f"{cache.misses:,} texts encoded, {cache.hits:,} read from the cache")
        print("  " + NOTES[-1], flush=True)
        retrieve.max_seq_length = emb.max_seq_length
        return top_run(q_ids, d_ids, queries @ docs.T)
    return retrieve


DENSE = "dense all-MiniLM-L6-v2, exact IP"
RETRIEVERS: dict[str, Callable[[BeirData], Run]] = {DENSE: dense()}
ANCHORS: dict[str, tuple[str, float, float]] = {  # name -> (metric, published value, tolerance): enforced
    DENSE: ("ndcg@10", 0.6451, 0.005),  # MTEB (Muennighoff et al. 2023), SciFact test
}
ANCHOR_SETTINGS: dict[str, dict[str, int]] = {DENSE: {"max_seq_length": 256}}  # the setting the anchor was made with
REFERENCES: dict[str, tuple[str, float, str]] = {  # name -> (metric, published value, source): printed, not enforced
    "bm25": ("ndcg@10", 0.665, "BEIR (Thakur et al. 2021), Elasticsearch BM25; a different BM25, see day 50"),
}
LATER = [("retrieval_hybrid.py", "day 50"), ("retrieval_rerank.py", "day 51")]  # fn(data, dense_run) -> run


def later_rows() -> tuple[dict[str, Callable[[BeirData, Run], Run]], list[str]]:
    "The rows of later days' bench files that exist and import cleanly, and a note for each file that does not."
    import importlib.util
    rows: dict[str, Callable[[BeirData, Run], Run]] = {}
    notes: list[str] = []
    for file, day in LATER:
        path = HERE / file
        if not path.exists():
            notes.append(f"{file} ({day}) is not there: its rows are not in this table")
            continue
        try:
            spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            found = dict(module.RETRIEVERS)
        except Exception as e:  # a later day's half-done file must not stop day 49's rows
            notes.append(f"{file} ({day}) did not import ({type(e).__name__}: {e}): its rows are not in this table")
            continue
        rows.update(found)
    return rows, notes
def runs_after_dense(retrievers: dict[str, Callable[[BeirData, Run], Run]]) -> tuple[BeirData, dict[str, Run]]:
    """SciFact test, this file's dense run, then each of a later day's RETRIEVERS given that dense run, timed: what
    `retrieval_hybrid.py` and `retrieval_rerank.py` print their own tables from (`main` here prints every row)."""
    data = load_beir("scifact_beir", "test")
    print(data, flush=True)
    runs: dict[str, Run] = {}
    for name, fn in [(DENSE, lambda d, _: RETRIEVERS[DENSE](d)), *retrievers.items()]:
        t0 = time.perf_counter()
        runs[name] = fn(data, runs.get(DENSE))
        print(f"{name} in {time.perf_counter() - t0:.1f} s", flush=True)
    return data, runs


COLUMNS = [("ndcg@10", "ndcg_cut_10"), ("recall@10", "recall_10"), ("recall@100", "recall_100"), ("mrr@10", None)]


def reference(run: Run, qrels: dict[str, dict[str, int]]) -> dict[str, float]:
    "The same means from pytrec_eval, over the judged queries (MRR@10 as recip_rank on each run cut to its top 10)."
    import pytrec_eval
    ev = pytrec_eval.RelevanceEvaluator(qrels, {"ndcg_cut.10", "recall.10,100"})
    per = ev.evaluate(run)
    if len(per) != len(qrels):
        raise SystemExit(f"pytrec_eval evaluated {len(per)} of {len(qrels)} queries: the run misses some")
    out = {ours: float(np.mean([p[theirs] for p in per.values()])) for ours, theirs in COLUMNS if theirs}
    top10 = {q: {d: run[q][d] for d in ranked} for q, ranked in rank_run(run, 10).items()}
    rr = pytrec_eval.RelevanceEvaluator(qrels, {"recip_rank"}).evaluate(top10)
    out["mrr@10"] = float(np.mean([p["recip_rank"] for p in rr.values()]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--subset", type=int, default=None, help="score N seeded claims only (a quick run)")
    ap.add_argument("--distractors", type=int, default=1000, help="distractor abstracts in a --subset run")
    ap.add_argument("--only", default=None, help="run only the retrievers whose name contains this")
    ap.add_argument("--skip", default=None, help="leave out the retrievers whose name contains this")
    args = ap.parse_args()
    later, later_notes = later_rows()
    NOTES.extend(later_notes)
    names = list(RETRIEVERS) + [n for n in later if n not in RETRIEVERS]
    chosen = [n for n in names if (not args.only or args.only in n) and not (args.skip and args.skip in n)]
    if not chosen:
        print(f"no retriever matches --only {args.only!r} / --skip {args.skip!r}; the rows are: {names}",
              file=sys.stderr)
        return 2
    data = load_beir("scifact_beir", "test")
    if args.subset:
        data = beir_subset(data, args.subset, args.distractors, seed=0)
    print(data, flush=True)
    rows, failures, runs = [], [], {}
    for name in names:
        if name not in chosen and not (name == DENSE and any(n in later for n in chosen)):
            continue  # (the dense run is computed when a later row needs it, even if it is not shown)
        print(f"{name}:", flush=True)
        t0 = time.perf_counter()
        if name in RETRIEVERS:
            run = runs[name] = RETRIEVERS[name](data)
        else:
            run = later[name](data, runs[DENSE])
        seconds = time.perf_counter() - t0
        if name not in chosen:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a query missing from the run is a bug here, not a zero
            ours = evaluate_run(run, data.qrels, ks=(10, 100))
        ref = reference(run, data.qrels)
        worst = max(abs(ours[m] - ref[m]) for m, _ in COLUMNS)
        if worst > 1e-9:
            failures.append(f"{name}: ours and pytrec_eval differ by {worst:.2e}")
        if name in ANCHORS and not args.subset:
            metric, value, tol = ANCHORS[name]
            if abs(ours[metric] - value) > tol:
                failures.append(f"{name}: {metric} {ours[metric]:.4f} is outside {value:.4f} +/- {tol}")
            for setting, want in ANCHOR_SETTINGS.get(name, {}).items():
                got = getattr(RETRIEVERS[name], setting, None)
                if got != want:
                    failures.append(f"{name}: {setting} is {got}, the published anchor used {want}")
        if name in REFERENCES and not args.subset:
            metric, value, source = REFERENCES[name]
            NOTES.append(f"{name}: {metric} {100 * ours[metric]:.2f} here; published {100 * value:.1f} ({source}); "
                         f"a reference, not a check")
        per_query = list(query_scores(run, data.qrels, "ndcg", 10).values())
        ci = bootstrap_mean_ci(per_query, n_boot=10_000, seed=0)
        rows.append((name, ours, ref, seconds, ci))
        print("  " + ", ".join(f"{m} {ours[m]:.4f} (pytrec_eval {ref[m]:.4f})" for m, _ in COLUMNS)
              + f", {seconds:.1f} s", flush=True)
    header = ("| retriever | " + " | ".join(f"{m} ours / pytrec_eval" for m, _ in COLUMNS)
              + " | ndcg@10 95% bootstrap interval | seconds |")
    lines = [header, "|---" + "|---:" * (len(COLUMNS) + 2) + "|"]
    for name, ours, ref, seconds, (low, high) in rows:
        lines.append(f"| {name} | " + " | ".join(f"{100 * ours[m]:.2f} / {100 * ref[m]:.2f}" for m, _ in COLUMNS)
                     + f" | [{100 * low:.1f}, {100 * high:.1f}] | {seconds:.1f} |")
    table = "\n".join(lines)
    import sentence_transformers
    machine = (f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, {torch.get_num_threads()} torch thread(s), "
               f"{torch.cuda.get_device_name() if torch.cuda.is_available() else 'no GPU'}, Python "
               f"{platform.python_version()}, torch {torch.__version__}, sentence-transformers "
               f"{sentence_transformers.__version__}, load average {os.getloadavg()[0]:.1f} at the end; "
               f"run {time.strftime('%Y-%m-%d')}")
    skipped = [n for n in names if n not in chosen]
    report = (f"# Retrieval on SciFact (day 49)\n\n{machine}\n\n"
              f"{data!r}. Scores in percent, means over all judged claims; MRR@10 from pytrec_eval is `recip_rank` "
              f"on each run cut to its top 10 (ties broken as trec_eval breaks them). Seconds: the retriever's whole "
              f"call, model load and encoding included (vectors come from the cache after the first run). Dense rows "
              f"encode `title + ' ' + text` (max_seq_length 256, normalized) and search by exact inner product over "
              f"the top {DEPTH}. Published anchor: all-MiniLM-L6-v2 nDCG@10 = 64.51 (MTEB, Muennighoff et al. 2023); "
              f"the script fails outside +/- 0.5 or with another max_seq_length. Rows after the dense one come from "
              f"days 50 and 51 (`retrieval_hybrid.py`, `retrieval_rerank.py`) and take the dense run as input. The "
              f"interval is a percentile bootstrap over the per-claim nDCG@10 (`metrics.bootstrap_mean_ci`, 10,000 "
              f"resamples): with 300 claims a single score is several points wide.\n\n{table}\n"
              + "".join(f"\n- {n}" for n in NOTES)
              + (f"\n- not run (--skip): {', '.join(skipped)}" if skipped else "")
              + ("\n\n" + "\n".join(f"FAIL: {f}" for f in failures) if failures else "\n\nAll checks passed.")
              + "\n")
    print("\n" + table)
    for n in NOTES:
        print("-", n)
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    if not args.subset and not args.only:
        (HERE / "RETRIEVAL.md").write_text(report)
        print("wrote tests/bench/RETRIEVAL.md")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
