"""Checks for days/day48.ipynb: recall of an approximate search against exact search, the bytes of an IVF-PQ
index, and the cheapest index setting that meets a recall target in a measured table.

ann_recall's rule: every id of the found list counts, however long the list (k-recall@R when it is longer than the
exact list); answers are floats within 1e-6 (float32 passes)."""
from __future__ import annotations

import math
import numbers
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, raised, show


def _recall(found: list[list[str]], exact: list[list[str]]) -> float:
    per = [len(set(f) & set(e)) / len(set(e)) for f, e in zip(found, exact, strict=True) if e]
    return sum(per) / len(per) if per else 1.0


def _ids(rng: random.Random, pool: list[str], k: int) -> list[str]:
    return rng.sample(pool, k)


@exercise("day48.ann_recall",
          question="Is each query's score the share of ITS exact top-k that was found ANYWHERE in its found list (in "
                   "any order, a repeated id counted once, nothing cut off)? And are queries averaged, not pooled?",
          recipe="per query: len(set(found) & set(exact)) / len(set(exact)), skipping queries with an empty exact "
                 "list; return the mean (1.0 if none is left); raise ValueError when the two lists differ in length")
def check_ann_recall(ann_recall: Callable[[Any, Any], Any], rng: random.Random) -> int:
    cases: list[tuple[list[list[str]], list[list[str]]]] = [
        ([["a", "b"], ["c", "x"]], [["a", "b"], ["c", "d"]]),
        ([["b", "a"]], [["a", "b"]]),  # order does not matter
        ([["a", "a", "a"]], [["a", "b", "c"]]),  # a repeated id counts once
        ([["a"], ["x", "y", "z", "w"]], [["a", "b", "c", "d"], ["x"]]),  # shorter found list; queries weigh equally
        ([[], ["x"]], [["a", "b"], ["x"]]),  # an index that found nothing for one query
        ([["q"], ["a"]], [[], ["a", "b"]]),  # a query with no exact neighbours is skipped
        ([], []), ([["a"]], [[]]),
        ([["x", "a"]], [["a"]]),  # every found id counts, also past the k-th: a longer list gives k-recall@R
        ([["x", "y", "a", "b"], ["c"]], [["a", "b"], ["c", "d"]])]
    pool = [f"d{i}" for i in range(40)]
    for _ in range(25):
        nq, k = rng.randint(1, 6), rng.randint(1, 10)
        exact = [_ids(rng, pool, k) for _ in range(nq)]
        found = [rng.sample(e, rng.randint(0, k)) + _ids(rng, pool, rng.randint(0, k)) for e in exact]
        found = [f[:k + 2] for f in found]
        cases.append((found, exact))
    for found, exact in cases:
        want = _recall(found, exact)
        got = call("ann_recall", ann_recall, [list(f) for f in found], [list(e) for e in exact])
        if not isinstance(got, numbers.Real) or isinstance(got, bool) or not math.isclose(float(got), want, abs_tol=1e-6):
            raise CheckFailed(f"ann_recall({show(found)}, {show(exact)}) returned {show(got)}, expected {want:.6g}")
    err = raised(ann_recall, [["a"]], [["a"], ["b"]])
    if not isinstance(err, ValueError):
        raise CheckFailed(f"ann_recall([['a']], [['a'], ['b']]) gave {show(err)}; one found list per query: raise "
                          "ValueError when the lengths differ", "Two lists of different lengths cannot be compared "
                          "query by query: what should happen?")
    return len(cases) + 1


def _pq_bytes(n: int, dim: int, nlist: int, m: int, nbits: int) -> int:
    if m < 1 or dim % m:
        raise ValueError("m must divide dim")
    return n * (-(-m * nbits // 8) + 8) + nlist * (4 * dim + 8) + 4 * dim * 2 ** nbits


@exercise("day48.ivfpq_bytes",
          question="Did you count all four parts: codes in BYTES (m * nbits bits, rounded up to whole bytes), the "
                   "8-byte id of each vector, the centres with their list lengths, and the codebooks?",
          recipe="n * (ceil(m * nbits / 8) + 8) + nlist * (4 * dim + 8) + 4 * dim * 2**nbits; raise ValueError if "
                 "dim % m != 0")
def check_ivfpq_bytes(ivfpq_bytes: Callable[..., Any], rng: random.Random) -> int:
    cases = [(1_000_000, 384, 4000, 48, 8), (10_000, 384, 256, 48, 6), (1, 8, 1, 1, 1), (0, 64, 16, 8, 8),
             (5_000, 96, 100, 12, 5), (7, 30, 3, 10, 3), (1_000_000, 1024, 4000, 128, 8)]
    for _ in range(25):
        m = rng.choice([1, 2, 4, 8, 12, 16, 32, 48, 64])
        cases.append((rng.randint(0, 2_000_000), m * rng.randint(1, 24), rng.randint(1, 5000), m, rng.randint(1, 10)))
    for args in cases:
        want = _pq_bytes(*args)
        got = call("ivfpq_bytes", ivfpq_bytes, *args)
        whole = (isinstance(got, numbers.Integral) and not isinstance(got, bool)) or (
            isinstance(got, float) and got.is_integer())
        if not whole or int(got) != want:
            n, dim, nlist, m, nbits = args
            raise CheckFailed(f"ivfpq_bytes(n={n}, dim={dim}, nlist={nlist}, m={m}, nbits={nbits}) returned "
                              f"{show(got)}, expected {want} (a whole number of bytes)")
    for args in [(100, 384, 8, 5, 8), (100, 10, 4, 3, 8)]:
        err = raised(ivfpq_bytes, *args)
        if not isinstance(err, ValueError):
            raise CheckFailed(f"ivfpq_bytes{show(args)} gave {show(err)}: m={args[3]} does not divide dim={args[1]}, "
                              "so raise ValueError", "Can 384 numbers be cut into 5 equal sub-vectors?")
    return len(cases) + 2


def _cheapest(rows: list[dict[str, Any]], min_recall: float) -> tuple[str, Any] | None:
    ok = [r for r in rows if r["recall"] >= min_recall]
    if not ok:
        return None
    best = min(ok, key=lambda r: (r["ms"], r["bytes"]))
    return (best["kind"], best["knob"])


def _row(kind: str, knob: Any, recall: float, ms: float, nbytes: int) -> dict[str, Any]:
    return {"kind": kind, "knob": knob, "recall": recall, "ms": ms, "bytes": nbytes}


@exercise("day48.cheapest_setting",
          question="Did you first drop every row whose recall is below the target (a recall equal to the target "
                   "passes), and only then take the fastest, breaking equal times by fewer bytes?",
          recipe="ok = [r for r in rows if r['recall'] >= min_recall]; if not ok: return None; "
                 "best = min(ok, key=lambda r: (r['ms'], r['bytes'])) (min keeps the first of equal rows); "
                 "return (best['kind'], best['knob'])")
def check_cheapest_setting(cheapest_setting: Callable[[list[dict[str, Any]], float], Any], rng: random.Random) -> int:
    flat = _row("flat", None, 1.0, 0.25, 15_360_000)
    cases = [([flat, _row("ivf", 1, 0.88, 0.01, 15_840_000), _row("ivf", 16, 0.95, 0.03, 15_840_000),
               _row("hnsw", 16, 0.99, 0.05, 18_080_000)], 0.9),
             ([flat, _row("ivf", 1, 0.88, 0.01, 15_840_000)], 0.99),  # only exact search meets it
             ([flat, _row("ivf", 4, 0.9, 0.02, 15_840_000), _row("hnsw", 10, 0.95, 0.04, 18_080_000)], 0.9),  # == passes
             ([_row("ivf", 4, 0.95, 0.02, 15_840_000), _row("ivfpq", 16, 0.95, 0.02, 930_000)], 0.9),  # tie: fewer bytes
             ([_row("hnsw", 16, 0.97, 0.02, 18_080_000), _row("hnsw", 32, 0.99, 0.02, 18_080_000)], 0.9),  # full tie: first
             ([_row("ivf", 1, 0.5, 0.01, 1)], 0.9), ([], 0.9), ([flat], 1.0)]
    kinds = {"flat": [None], "ivf": [1, 2, 4, 8, 16, 64], "ivfpq": [1, 4, 16, 64], "hnsw": [10, 16, 32, 64, 128]}
    for _ in range(30):
        rows = []
        for kind, knobs in kinds.items():
            for knob in rng.sample(knobs, rng.randint(0, len(knobs))):
                rows.append(_row(kind, knob, 1.0 if kind == "flat" else rng.choice([0.6, 0.8, 0.9, 0.93, 0.95, 0.99, 1.0]),
                                 rng.choice([0.01, 0.02, 0.03, 0.05, 0.1, 0.25]),
                                 rng.choice([930_000, 15_360_000, 15_840_000, 18_080_000])))
        rng.shuffle(rows)
        cases.append((rows, rng.choice([0.8, 0.9, 0.95, 0.99])))
    for rows, target in cases:
        want = _cheapest(rows, target)
        got = call("cheapest_setting", cheapest_setting, [dict(r) for r in rows], target)
        if isinstance(got, list):
            got = tuple(got)
        if got != want or (want is None and got is not None):
            raise CheckFailed(f"cheapest_setting({show(rows)}, min_recall={target}) returned {show(got)}, "
                              f"expected {want!r}")
    return len(cases)
