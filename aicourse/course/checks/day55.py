"""Checks for days/day55.ipynb: how many chunks fit in a RAM budget (GiB, with ids and texts), build time
extrapolated from small runs under a stated growth law, and the index setting to choose for a budget and a recall
target.

Every rule of each statement is pinned by a fixed case (the random cases only add variety), so a verdict never
depends on the seed."""
from __future__ import annotations

import math
import numbers
import operator
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, raised, show

GIB = 2 ** 30


def _fit(budget_gib: float, dim: int, text_bytes: int, id_bytes: int, code_bytes: int | None) -> int:
    per = (4 * dim if code_bytes is None else code_bytes) + text_bytes + id_bytes
    return int(budget_gib * GIB // per)


def _whole(got: Any) -> bool:
    "An int (operator.index accepts it), not a bool and not a float such as 12.0: the statement asks for an int."
    if isinstance(got, bool):
        return False
    try:
        operator.index(got)
    except TypeError:
        return False
    return True


@exercise("day55.chunks_that_fit",
          question="Is the budget in GiB (2**30 bytes, not 1e9), does each chunk cost its vector (4 * dim, or "
                   "code_bytes when given) PLUS its text PLUS its id, and do you round DOWN (a chunk that does not "
                   "fit whole does not fit)?",
          recipe="per = (4 * dim if code_bytes is None else code_bytes) + text_bytes + id_bytes; "
                 "return int(budget_gib * 2**30 // per); raise ValueError if budget_gib < 0")
def check_chunks_that_fit(chunks_that_fit: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[float, int, int, int, int | None]] = [
        (1, 256, 0, 0, None),  # 2**30 / 1024 = 1,048,576 exactly: GiB, not GB (976,562)
        (4, 384, 1_500, 100, None),  # ids and texts count
        (4, 384, 1_500, 100, 56),  # code_bytes replaces 4 * dim (IVF-PQ: 48 bytes of code + 8 of id)
        (2, 384, 0, 0, 384),  # SQ8: one byte a number
        (0, 384, 1_000, 50, None),  # no budget: nothing fits
        (0.5, 768, 999, 1, None),  # a half GiB; 3,072 + 1,000 bytes a chunk, rounded down
        (1, 1, 1, 1, None),  # 6 bytes a chunk: 178,956,970.67 -> 178,956,970
        (16, 1024, 2_000, 0, None), (3, 384, 0, 100, 0)]  # code_bytes 0 is given, not missing
    for _ in range(25):
        cases.append((rng.choice([0.25, 0.5, 1, 2, 3, 4, 8, 12, 16, 64]), rng.choice([128, 256, 384, 768, 1024]),
                      rng.randint(0, 4_000), rng.randint(0, 200),
                      rng.choice([None, None, 8, 16, 32, 48, 56, 64, 96, 384, 768])))
    for budget, dim, text, ids, code in cases:
        want = _fit(budget, dim, text, ids, code)
        got = call("chunks_that_fit", chunks_that_fit, budget, dim, text, ids, code)
        if not _whole(got) or operator.index(got) != want:
            raise CheckFailed(f"chunks_that_fit(budget_gib={budget}, dim={dim}, text_bytes={text}, id_bytes={ids}, "
                              f"code_bytes={code}) returned {show(got)}, expected the int {want:,} (a whole number of chunks)")
    err = raised(chunks_that_fit, -1, 384, 0, 0, None)
    if not isinstance(err, ValueError):
        raise CheckFailed(f"chunks_that_fit(budget_gib=-1, ...) gave {show(err)}: a negative budget is a mistake, "
                          "raise ValueError", "What should a budget of -1 GiB mean?")
    return len(cases) + 1


def _law(n: float, law: str) -> float:
    return n if law == "linear" else n * math.log(n)


def _extrapolate(ns: list[int], seconds: list[float], n_target: int, law: str) -> float:
    f = [_law(n, law) for n in ns]
    c = sum(t * x for t, x in zip(seconds, f, strict=True)) / sum(x * x for x in f)
    return c * _law(n_target, law)


@exercise("day55.extrapolate",
          question="Do you fit ONE constant c over all the runs by least squares through the origin, "
                   "c = sum(t_i f(n_i)) / sum(f(n_i)^2), with the stated law (f(n) = n, or n log n), and return "
                   "c f(n_target)? Not the last run alone, not the mean of the ratios.",
          recipe="f = (lambda n: n) if law == 'linear' else (lambda n: n * math.log(n)) (any base: it cancels); "
                 "c = sum(t * f(n) for n, t in zip(ns, seconds)) / sum(f(n) ** 2 for n in ns); return c * f(n_target); "
                 "raise ValueError for another law, lists of different lengths or no runs")
def check_extrapolate(extrapolate: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[int], list[float], int, str]] = [
        ([1_000, 2_000], [1.0, 2.0], 4_000, "linear"),  # exactly linear: 4.0
        ([1_000, 2_000, 4_000], [0.5, 1.2, 2.0], 1_000_000, "linear"),  # noisy: least squares, not the last ratio
        ([1_000, 4_000], [1.0, 1.0], 16_000, "linear"),  # ratios 1e-3 and 2.5e-4: their mean is not the fit
        ([1_000, 2_000, 4_000], [0.06, 0.15, 0.43], 1_000_000, "nlogn"),  # the lesson's HNSW runs
        ([1_024], [2.0], 1_048_576, "nlogn"),  # one run: 2 * (1024 * 2**10 * 20 / 10) / 1024
        ([10_000, 30_000, 100_000], [1.1, 3.0, 10.5], 1_000_000, "nlogn"),
        ([2, 3], [0.0, 0.0], 10, "linear")]  # no time measured: 0
    for _ in range(20):
        ns = sorted(rng.sample(range(500, 200_000), rng.randint(1, 5)))
        law = rng.choice(["linear", "nlogn"])
        c = rng.uniform(1e-6, 1e-3)
        cases.append((ns, [c * _law(n, law) * rng.uniform(0.6, 1.5) for n in ns], rng.randint(200_000, 10_000_000), law))
    for ns, secs, target, law in cases:
        want = _extrapolate(ns, secs, target, law)
        got = call("extrapolate", extrapolate, list(ns), list(secs), target, law)
        if not isinstance(got, numbers.Real) or isinstance(got, bool) or not math.isclose(float(got), want,
                                                                                         rel_tol=1e-6, abs_tol=1e-9):
            raise CheckFailed(f"extrapolate(ns={ns}, seconds={[round(s, 6) for s in secs]}, n_target={target:,}, "
                              f"law={law!r}) returned {show(got)}, expected {want:.6g}")
    for args, why in [(([1_000], [1.0], 10, "n^2"), "an unknown law"), (([1_000, 2_000], [1.0], 10, "linear"),
                                                                         "one time per size"),
                      (([], [], 10, "linear"), "no runs")]:
        err = raised(extrapolate, *args)
        if not isinstance(err, ValueError):
            raise CheckFailed(f"extrapolate{show(args)} gave {show(err)}: {why}, raise ValueError",
                              "Which inputs cannot be extrapolated from?")
    return len(cases) + 3


def _total(row: dict[str, Any], n: int, text_bytes: int, id_bytes: int) -> int:
    return n * (row["bytes_per_vector"] + text_bytes + id_bytes) + row["fixed_bytes"]


def _choose(rows: list[dict[str, Any]], n: int, budget: int, min_recall: float, text_bytes: int,
            id_bytes: int) -> str | None:
    ok = [r for r in rows if r["recall"] >= min_recall and _total(r, n, text_bytes, id_bytes) <= budget]
    if not ok:
        return None
    return min(ok, key=lambda r: (r["ms"], _total(r, n, text_bytes, id_bytes)))["name"]


def _row(name: str, recall: float, ms: float, per: int, fixed: int = 0) -> dict[str, Any]:
    return {"name": name, "recall": recall, "ms": ms, "bytes_per_vector": per, "fixed_bytes": fixed}


@exercise("day55.choose_index",
          question="Does a row qualify only when its recall is at least the target AND its whole store fits: "
                   "n * (bytes_per_vector + text_bytes + id_bytes) + fixed_bytes <= budget_bytes? Then the fastest, "
                   "ties by fewer total bytes, then the first row.",
          recipe="ok = [r for r in rows if r['recall'] >= min_recall and total(r) <= budget_bytes]; return None if "
                 "not ok; else min(ok, key=lambda r: (r['ms'], total(r)))['name'], with total(r) = n * "
                 "(r['bytes_per_vector'] + text_bytes + id_bytes) + r['fixed_bytes']")
def check_choose_index(choose_index: Callable[..., Any], rng: random.Random) -> int:
    flat, ivf16 = _row("flat", 1.0, 0.5, 1_536), _row("ivf nprobe 16", 0.95, 0.05, 1_544, 6_300_000)
    ivf4, pq = _row("ivf nprobe 4", 0.85, 0.02, 1_544, 6_300_000), _row("ivfpq nprobe 16", 0.8, 0.03, 56, 6_700_000)
    hnsw, sq8 = _row("hnsw ef 64", 0.99, 0.04, 1_812), _row("sq8", 0.99, 0.3, 384)
    gib = 2 ** 30
    cases: list[tuple[list[dict[str, Any]], int, int, float, int, int]] = [
        ([flat, ivf16, ivf4, pq, hnsw, sq8], 1_000_000, 4 * gib, 0.9, 1_500, 100),  # hnsw: fastest with 0.9
        ([flat, ivf16, ivf4, pq, hnsw, sq8], 1_000_000, 4 * gib, 0.8, 1_500, 100),  # ivf nprobe 4
        ([flat, ivf16, hnsw, sq8], 1_000_000, 3 * gib, 0.9, 1_500, 100),  # texts and ids push hnsw out: ivf
        ([flat, ivf16, hnsw, sq8], 1_000_000, 3 * gib, 0.9, 0, 0),  # without them hnsw would fit
        ([flat, ivf16, hnsw, sq8], 1_000_000, 2 * gib, 0.9, 1_500, 100),  # only sq8 fits with its texts
        ([flat, ivf4, pq], 1_000_000, 4 * gib, 0.85, 1_500, 100),  # recall equal to the target passes
        ([pq, _row("ivfpq nprobe 64", 0.9, 0.03, 56, 6_700_000)], 100, 7_000_000, 0.8, 0, 0),  # tie: fewer bytes
        ([_row("a", 0.9, 0.1, 100), _row("b", 0.9, 0.1, 100)], 10, 10_000, 0.5, 0, 0),  # full tie: the first
        ([flat], 1_000_000, 1 * gib, 0.9, 0, 0),  # nothing fits: None
        ([pq], 10, 6_000_000, 0.5, 0, 0),  # the fixed bytes (centres, codebooks) alone are over the budget
        ([_row("x", 0.9, 0.1, 100)], 10, 1_000, 0.9, 0, 0),  # total exactly the budget: fits
        ([], 10, 10 ** 9, 0.5, 0, 0),
        ([_row("big", 0.9, 0.1, 1_536), _row("small", 0.9, 0.1, 384)], 1_000, 10 ** 9, 0.5, 0, 0),  # tie: fewer bytes
        # tie on ms: compare TOTAL bytes (b: 10 x 100), not bytes_per_vector (a: 56, but 6.7 MB of fixed bytes)
        ([_row("a", 0.9, 0.1, 56, 6_700_000), _row("b", 0.9, 0.1, 100)], 10, 10 ** 9, 0.5, 0, 0)]
    names = ["flat", "ivf nprobe 4", "ivf nprobe 16", "ivfpq nprobe 16", "hnsw ef 32", "hnsw ef 64", "sq8", "sqfp16"]
    for _ in range(30):
        rows = [_row(name, rng.choice([0.6, 0.8, 0.85, 0.9, 0.95, 0.99, 1.0]), rng.choice([0.02, 0.03, 0.05, 0.1, 0.3]),
                     rng.choice([56, 384, 768, 1_536, 1_544, 1_812]), rng.choice([0, 0, 6_300_000]))
                for name in rng.sample(names, rng.randint(1, len(names)))]
        cases.append((rows, rng.choice([100_000, 1_000_000, 3_000_000]), rng.choice([1, 2, 4, 8]) * gib,
                      rng.choice([0.8, 0.9, 0.95]), rng.choice([0, 500, 1_500]), rng.choice([0, 50, 100])))
    for rows, n, budget, target, text, ids in cases:
        want = _choose(rows, n, budget, target, text, ids)
        got = call("choose_index", choose_index, [dict(r) for r in rows], n, budget, target, text, ids)
        if got != want or (want is None and got is not None):
            raise CheckFailed(f"choose_index({show(rows)}, n={n:,}, budget_bytes={budget:,}, min_recall={target}, "
                              f"text_bytes={text}, id_bytes={ids}) returned {show(got)}, expected {want!r}")
    return len(cases)
