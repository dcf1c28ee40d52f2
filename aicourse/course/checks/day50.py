"""Checks for days/day50.ipynb: one BM25 term by hand (rank_bm25's formula), reciprocal rank fusion with weights,
depth and ties, and choosing a setting from a dev table by a stated rule (never from the test column)."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, show


def _number(got: Any) -> float | None:
    try:
        if isinstance(got, bool):
            return None
        x = float(got)
    except (TypeError, ValueError, OverflowError):
        return None
    return x if math.isfinite(x) else None


def _bm25_term(tf: int, doc_len: int, avgdl: float, df: int, n_docs: int, k1: float, b: float) -> float:
    idf = math.log((n_docs - df + 0.5) / (df + 0.5))
    return idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc_len / avgdl))


@exercise("day50.bm25_term",
          question="Check each part on its own: is the idf ln((N - df + 0.5) / (df + 0.5)) (no '1 +' inside the log: "
                   "that is Lucene's), is the numerator tf * (k1 + 1), and does the length enter as doc_len / avgdl "
                   "(longer than average: a smaller score)?",
          recipe="idf = math.log((n_docs - df + 0.5) / (df + 0.5)); "
                 "return idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc_len / avgdl))")
def check_bm25_term(bm25_term: Callable[..., Any], rng: random.Random) -> int:
    cases = [(1, 10, 10.0, 1, 5, 1.5, 0.75), (3, 30, 10.0, 1, 5, 1.5, 0.75), (0, 12, 10.0, 2, 10, 1.5, 0.75),
             (5, 10, 10.0, 3, 100, 0.0, 0.75),  # k1 = 0: presence only
             (2, 40, 10.0, 3, 100, 1.2, 0.0),  # b = 0: length ignored
             (2, 40, 10.0, 3, 100, 1.2, 1.0), (50, 8, 20.0, 1, 1000, 2.0, 0.5), (1, 1, 1.0, 0, 2, 1.5, 0.75)]
    for _ in range(30):
        n = rng.randint(3, 5000)
        k1 = rng.choice([0.0, 0.5, 0.9, 1.2, 1.5, 2.0])
        cases.append((rng.randint(0 if k1 else 1, 20), rng.randint(1, 400), round(rng.uniform(5, 200), 2),
                      rng.randint(0, (n - 1) // 2), n, k1, rng.choice([0.0, 0.3, 0.75, 1.0])))  # tf 0 with k1 0: 0/0
    for args in cases:
        want = _bm25_term(*args)
        got = _number(call("bm25_term", bm25_term, *args))
        if got is None or abs(got - want) > 1e-9 * max(1.0, abs(want)):
            names = ("tf", "doc_len", "avgdl", "df", "n_docs", "k1", "b")
            raise CheckFailed(f"bm25_term({', '.join(f'{n}={v}' for n, v in zip(names, args, strict=True))}) returned {show(got)}, "
                              f"want {want:.6f}")
    return len(cases)


def _rank(scores: dict[str, float]) -> list[str]:
    return [d for d, _ in sorted(scores.items(), key=lambda ds: (ds[1], ds[0]), reverse=True)]


def _rrf(runs: list[dict[str, float]], k: float, weights: list[float] | None, depth: int | None) -> dict[str, float]:
    weights = [1.0] * len(runs) if weights is None else weights
    out: dict[str, float] = {}
    for run, w in zip(runs, weights, strict=True):
        for r, d in enumerate(_rank(run)[:depth], start=1):
            out[d] = out.get(d, 0.0) + w / (k + r)
    return out


def _rrf_cases(rng: random.Random) -> list[tuple[list[dict[str, float]], float, list[float] | None, int | None]]:
    a, b = {"x": 0.91, "y": 0.90, "z": 0.10}, {"y": 31.0, "w": 12.0}
    cases: list[tuple[list[dict[str, float]], float, list[float] | None, int | None]] = [
        ([a, b], 60, None, None),
        ([a, b], 60, [2.0, 1.0], None),  # weights
        ([a, b], 60, [1.0, 3.0], None),
        ([a, b], 60, None, 1),  # depth: only each run's top 1
        ([a, b], 1, None, 2),
        ([{"a": 1.0, "b": 1.0, "c": 0.5}], 0, None, None),  # a tie: 'b' before 'a'
        ([{"9": 2.0, "10": 2.0}, {"10": 5.0}], 10, None, None),  # ids compared as strings: '9' > '10'
        ([{}, {"a": 1.0}], 60, None, None),  # an empty run
        ([{}, {}], 60, None, None),  # nothing at all
        ([{"p": 100.0, "q": 1.0}, {"q": 0.02, "p": 0.01}], 60, None, None),  # raw sums would let run 1 decide
        ([{"a": -1.0, "b": -2.0}], 60, [0.5], None),  # negative scores rank too
        ([a], 60, None, 10),  # depth beyond the run
    ]
    ids = [f"d{i}" for i in range(12)] + ["7", "10", "x"]
    for _ in range(30):
        runs = [{d: rng.choice([0.1, 0.5, 0.5, 1.0, 3.0, round(rng.uniform(-1, 40), 3)])
                 for d in rng.sample(ids, rng.randint(0, 9))} for _ in range(rng.randint(1, 3))]
        weights = None if rng.random() < 0.3 else [rng.choice([0.25, 0.5, 1.0, 2.0, 3.0]) for _ in runs]
        cases.append((runs, rng.choice([0, 1, 10, 60, 100]), weights, rng.choice([None, None, 1, 2, 3, 5])))
    return cases


@exercise("day50.rrf",
          question="Four things to check: do you rank by score (never add the scores themselves), do ranks start at 1 "
                   "(so rank 1 earns w / (k + 1)), does each run's vote use its own weight, and are equal scores "
                   "ranked by doc id descending, compared as strings, before the cut at depth?",
          recipe="for each run and its weight w: ranked = [d for d, s in sorted(run.items(), key=lambda ds: (ds[1], "
                 "ds[0]), reverse=True)][:depth]; for rank, d in enumerate(ranked, start=1): out[d] = out.get(d, 0) "
                 "+ w / (k + rank); weights None means 1 for every run")
def check_rrf(rrf: Callable[..., Any], rng: random.Random) -> int:
    cases = _rrf_cases(rng)
    for runs, k, weights, depth in cases:
        want = _rrf(runs, k, weights, depth)
        got = call("rrf", rrf, [dict(r) for r in runs], k, None if weights is None else list(weights), depth)
        shown = f"rrf({show(runs)}, k={k}, weights={weights}, depth={depth})"
        if not isinstance(got, dict) or set(got) != set(want):
            have = sorted(got) if isinstance(got, dict) else got
            raise CheckFailed(f"{shown} returned {show(got)}: want the documents {sorted(want)}, got {show(have)}",
                              "Which documents get a vote? Every document in the top `depth` of at least one run, "
                              "and no other." if isinstance(got, dict) else None)
        for d, w in want.items():
            x = _number(got[d])
            if x is None or abs(x - w) > 1e-9 * max(1.0, abs(w)):
                raise CheckFailed(f"{shown}: document {d!r} scored {show(got[d])}, want {w:.6f} (all: "
                                  f"{ {dd: round(v, 6) for dd, v in want.items()} })")
    return len(cases)


def _choose(rows: list[dict[str, Any]], tol: float) -> str:
    best = max(r["dev_ndcg"] for r in rows)
    return next(r["setting"] for r in rows if r["dev_ndcg"] >= best - tol)


def _row(setting: str, dev: float, test: float) -> dict[str, Any]:
    return {"setting": setting, "dev_ndcg": dev, "test_ndcg": test}


def _tables(rng: random.Random) -> list[tuple[list[dict[str, Any]], float]]:
    r = _row
    cases = [
        ([r("k=60 1:1", 0.778, 0.690), r("k=1 1:1", 0.812, 0.680), r("k=10 1:1", 0.809, 0.700)], 0.005),
        ([r("k=60 1:1", 0.810, 0.690), r("k=1 1:1", 0.812, 0.720)], 0.005),  # the plain setting is within tol
        ([r("k=60 1:1", 0.700, 0.750), r("k=1 1:1", 0.720, 0.700)], 0.005),  # test disagrees with dev
        ([r("a", 0.500, 0.1), r("b", 0.600, 0.9), r("c", 0.600, 0.2)], 0.0),  # an exact tie: the first
        ([r("only", 0.42, 0.3)], 0.01),
        ([r("a", 0.700, 0.9), r("b", 0.720, 0.1), r("c", 0.690, 0.95)], 0.03),  # a wide tol: the first row
        ([r("a", 0.600, 0.9), r("b", 0.640, 0.1), r("c", 0.637, 0.95), r("d", 0.645, 0.2)], 0.006),
        # a staircase: each row within tol of the one before, the last beyond tol of the first: tied with the
        # best is b, not a (not "keep the current row unless a later one beats it by more than tol")
        ([r("a", 0.700, 0.5), r("b", 0.704, 0.6), r("c", 0.708, 0.7)], 0.005),
    ]
    for _ in range(5):  # more staircases: steps a little below tol
        tol = rng.choice([0.005, 0.01])
        start, step = rng.randint(600, 700) / 1000, tol * rng.choice([0.6, 0.8])
        rows = [r(f"step {i}", round(start + i * step, 6), rng.randint(550, 800) / 1000) for i in range(rng.randint(3, 6))]
        cases.append((rows, tol))
    for _ in range(30):
        n = rng.randint(2, 8)
        tol = rng.choice([0.0, 0.002, 0.005, 0.01])
        devs = [rng.randint(600, 800) / 1000 for _ in range(n)]
        best = max(devs)
        # keep every row away from the tie boundary, so float rounding cannot decide
        devs = [best if abs(v - (best - tol)) < 5e-4 else v for v in devs]
        rows = [r(f"setting {i}", v, rng.randint(550, 800) / 1000) for i, v in enumerate(devs)]
        rng.shuffle(rows)
        cases.append((rows, tol))
    return cases


@exercise("day50.choose_setting",
          question="Which column decides? Only dev_ndcg: the test column is there to be reported once, after the "
                   "choice. And among the rows within tol of the best dev score, which one wins: the best, or the first?",
          recipe="best = max(r['dev_ndcg'] for r in rows); return next(r['setting'] for r in rows "
                 "if r['dev_ndcg'] >= best - tol)")
def check_choose_setting(choose_setting: Callable[[list[dict[str, Any]], float], Any], rng: random.Random) -> int:
    cases = _tables(rng)
    for rows, tol in cases:
        want = _choose(rows, tol)
        got = call("choose_setting", choose_setting, [dict(r) for r in rows], tol)
        if got != want:
            raise CheckFailed(f"choose_setting({show(rows)}, tol={tol}) returned {show(got)}, want {want!r}")
    return len(cases)
