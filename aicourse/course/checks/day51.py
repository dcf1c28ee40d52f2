"""Checks for days/day51.ipynb: reranking only the top `depth`, interpolating normalised scores, and choosing depth
and weight from a measured dev table under a latency budget."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, raised, show


def _rerank_list(ranking: list[str], scores: dict[str, float], depth: int) -> list[str]:
    top = ranking[:depth]
    order = sorted(range(len(top)), key=lambda i: -scores[top[i]])  # stable: ties keep the first-stage order
    return [top[i] for i in order] + ranking[depth:]


def _ids(rng: random.Random, n: int) -> list[str]:
    return rng.sample([f"d{i}" for i in range(100)], n)


@exercise("day51.rerank_list",
          question="Only the first `depth` documents may move: do the others keep their order, below them? And "
                   "when two reranked documents have the same score, do they keep their first-stage order?",
          recipe="if depth < 1: raise ValueError; top = ranking[:depth]; return sorted(top, key=lambda d: -scores[d]) "
                 "+ ranking[depth:]  (Python's sort is stable, so ties keep their order)")
def check_rerank_list(rerank_list: Callable[[list[str], dict[str, float], int], Any], rng: random.Random) -> int:
    cases: list[tuple[list[str], dict[str, float], int]] = [
        (["a", "b", "c", "d", "e"], {"a": 0.1, "b": 0.9, "c": 0.5}, 3),
        (["a", "b", "c", "d", "e"], {"a": 0.1, "b": 0.9, "c": 0.5, "d": 9.0, "e": 8.0}, 3),  # below depth: ignored
        (["a", "b", "c"], {"a": 1.0, "b": 2.0, "c": 3.0}, 10),  # depth larger than the list
        (["z", "y", "x", "w"], {"z": 0.0, "y": 0.0, "x": 0.0}, 3),  # all tied: nothing moves
        (["b", "a", "c"], {"b": 1.0, "a": 1.0, "c": 5.0}, 3),  # ties keep first-stage order, not id order
        ([], {}, 5), (["a"], {"a": -3.0}, 1), (["a", "b"], {"a": -1.0, "b": -2.0}, 1)]
    for _ in range(30):
        n = rng.randint(1, 12)
        ranking = _ids(rng, n)
        depth = rng.randint(1, n + 3)
        scored = ranking if rng.random() < 0.5 else ranking[:depth]
        scores = {d: float(rng.choice([-2, -1, 0, 0.5, 1, 3])) for d in scored}
        cases.append((ranking, scores, depth))
    for ranking, scores, depth in cases:
        want = _rerank_list(ranking, scores, depth)
        given = list(ranking)  # the object handed over: it must come back untouched, and not as the answer
        got = call("rerank_list", rerank_list, given, dict(scores), depth)
        if given != ranking:
            raise CheckFailed(f"rerank_list({show(ranking)}, {show(scores)}, depth={depth}) changed the list it was "
                              f"given to {show(given)}: leave the caller's ranking as it was and return a new list")
        if got is given:
            raise CheckFailed(f"rerank_list({show(ranking)}, {show(scores)}, depth={depth}) returned the list it was "
                              "given: return a new list (the caller's first-stage ranking must stay as it was)")
        if not isinstance(got, list) or got != want:
            question = None
            if isinstance(got, list) and got[depth:] != ranking[depth:]:
                question = "Your answer changed the documents below depth: they must stay exactly as they were."
            elif isinstance(got, list) and sorted(got) == sorted(want):
                question = "Right documents, wrong order among the reranked ones: highest score first, ties in first-stage order."
            raise CheckFailed(f"rerank_list({show(ranking)}, {show(scores)}, depth={depth}) returned {show(got)}, "
                              f"expected {want}", question)
    for bad in (0, -1):
        if not isinstance(raised(rerank_list, ["a", "b"], {"a": 1.0, "b": 0.0}, bad), ValueError):
            raise CheckFailed(f"rerank_list(['a', 'b'], ..., depth={bad}) must raise ValueError: nothing can be reranked")
    return len(cases) + 2


def _minmax(d: dict[str, float]) -> dict[str, float]:
    if not d:
        return {}
    lo, hi = min(d.values()), max(d.values())
    return {k: (v - lo) / (hi - lo) if hi > lo else 0.0 for k, v in d.items()}


def _interpolate(first: dict[str, float], reranker: dict[str, float], weight: float) -> dict[str, float]:
    f, r = _minmax(first), _minmax(reranker)
    return {d: weight * r[d] + (1 - weight) * f[d] for d in first}


@exercise("day51.interpolate",
          question="Did you scale both score lists to [0, 1] within the query before mixing them (min-max), and "
                   "what do you return when all of one list's scores are equal?",
          recipe="def mm(s): lo, hi = min(s.values()), max(s.values()); return {d: (v - lo) / (hi - lo) if hi > lo "
                 "else 0.0 for d, v in s.items()}; then {d: weight * mm(reranker)[d] + (1 - weight) * mm(first)[d]}")
def check_interpolate(interpolate: Callable[[dict[str, float], dict[str, float], float], Any], rng: random.Random) -> int:
    cases: list[tuple[dict[str, float], dict[str, float], float]] = [
        ({"a": 0.9, "b": 0.8, "c": 0.7}, {"a": -2.0, "b": 4.0, "c": 1.0}, 0.5),
        ({"a": 0.9, "b": 0.8, "c": 0.7}, {"a": -2.0, "b": 4.0, "c": 1.0}, 0.0),
        ({"a": 0.9, "b": 0.8, "c": 0.7}, {"a": -2.0, "b": 4.0, "c": 1.0}, 1.0),
        ({"a": 0.5, "b": 0.5}, {"a": 3.0, "b": 1.0}, 0.3),  # first stage all tied
        ({"a": 0.9, "b": 0.1}, {"a": 2.0, "b": 2.0}, 0.7),  # reranker all tied
        ({"a": 0.4}, {"a": 7.0}, 0.5), ({}, {}, 0.5),
        ({"a": 12.0, "b": 30.0, "c": 21.0}, {"a": 0.2, "b": 0.1, "c": 0.3}, 0.25)]
    for _ in range(30):
        docs = _ids(rng, rng.randint(1, 8))
        first = {d: round(rng.uniform(-1, 30), 3) for d in docs}
        rer = {d: round(rng.uniform(-8, 8), 3) for d in docs}
        cases.append((first, rer, rng.choice([0.0, 0.1, 0.25, 0.5, 0.8, 1.0])))
    for first, rer, w in cases:
        want = _interpolate(first, rer, w)
        got = call("interpolate", interpolate, dict(first), dict(rer), w)
        ok = isinstance(got, dict) and set(got) == set(want) and all(
            isinstance(got[d], (int, float)) and math.isfinite(got[d]) and abs(got[d] - want[d]) < 1e-9 for d in want)
        if not ok:
            raise CheckFailed(f"interpolate({show(first)}, {show(rer)}, weight={w}) returned {show(got)}, expected "
                              f"{show({d: round(v, 6) for d, v in want.items()})}")
    for bad in (-0.1, 1.5):
        if not isinstance(raised(interpolate, {"a": 1.0}, {"a": 1.0}, bad), ValueError):
            raise CheckFailed(f"interpolate(..., weight={bad}) must raise ValueError: the weight is in [0, 1]")
    mismatched = [({"a": 1.0, "b": 0.5}, {"a": 1.0}),  # a document the reranker did not score
                  ({"a": 1.0}, {"a": 1.0, "b": 0.5}),  # a document the first stage did not have
                  ({"a": 1.0, "b": 0.5}, {"a": 1.0, "c": 0.5}),  # as many documents, but not the same ones
                  ({"x": 0.2, "y": 0.9, "z": 0.5}, {"x": 3.0, "y": 1.0, "w": 2.0})]
    for first, rer in mismatched:
        if not isinstance(raised(interpolate, dict(first), dict(rer), 0.5), ValueError):
            raise CheckFailed(f"interpolate({show(first)}, {show(rer)}, 0.5) must raise ValueError: the reranker "
                              "must score exactly the same documents as the first stage (rule 2)")
    return len(cases) + 2 + len(mismatched)


def _choose(table: list[dict[str, Any]], budget_ms: float) -> tuple[int, float] | None:
    ok = [(i, r) for i, r in enumerate(table) if r["ms"] <= budget_ms]
    if not ok:
        return None
    i, r = min(ok, key=lambda ir: (-ir[1]["ndcg"], ir[1]["ms"], ir[0]))
    return (r["depth"], r["weight"])


def _row(depth: int, weight: float, ndcg: float, ms_per_pair: float) -> dict[str, Any]:
    return {"depth": depth, "weight": weight, "ndcg": ndcg, "ms": 0.0 if weight == 0 else depth * ms_per_pair}


@exercise("day51.choose_setting",
          question="Did you drop every row over the latency budget before looking at nDCG, break equal nDCG by the "
                   "lower cost, and return None when nothing fits?",
          recipe="ok = [r for r in table if r['ms'] <= budget_ms]; if not ok: return None; best = min(ok, key=lambda r: "
                 "(-r['ndcg'], r['ms'])) (min keeps the first of equals); return (best['depth'], best['weight'])")
def check_choose_setting(choose_setting: Callable[[list[dict[str, Any]], float], Any], rng: random.Random) -> int:
    t = [_row(5, 0.0, 0.62, 40), _row(5, 0.5, 0.64, 40), _row(5, 1.0, 0.55, 40),
         _row(20, 0.0, 0.62, 40), _row(20, 0.5, 0.66, 40), _row(20, 1.0, 0.58, 40)]
    cases: list[tuple[list[dict[str, Any]], float]] = [
        (t, 1000.0), (t, 500.0), (t, 100.0), (t, 0.0),  # 0 ms: only "no reranker" fits
        ([_row(5, 0.5, 0.70, 40), _row(10, 0.5, 0.70, 40)], 1000.0),  # equal nDCG: the cheaper
        ([_row(10, 0.3, 0.70, 40), _row(10, 0.5, 0.70, 40)], 1000.0),  # equal nDCG and cost: the first
        ([_row(10, 0.5, 0.70, 40)], 100.0), ([], 100.0),
        ([_row(10, 0.0, 0.60, 40), _row(10, 0.2, 0.60, 40)], 1000.0),  # a reranker that adds nothing: don't pay for it
        ([_row(10, 0.2, 0.60, 40), _row(10, 0.0, 0.60, 40)], 1000.0),  # the same, the free row second
        ([_row(20, 0.5, 0.70, 40), _row(5, 0.5, 0.70, 40)], 1000.0),  # equal nDCG, the expensive row first
        ([_row(5, 0.5, 0.70, 40), _row(20, 0.0, 0.70, 40)], 1000.0),  # the deeper row costs nothing (weight 0)
        ([_row(20, 0.0, 0.70, 40), _row(5, 0.5, 0.70, 40), _row(3, 0.2, 0.70, 40)], 50.0)]
    for _ in range(30):
        per_pair = rng.choice([5, 20, 40, 90])
        rows = [_row(d, w, rng.choice([0.55, 0.6, 0.62, 0.64, 0.66, 0.7]), per_pair)
                for d in rng.sample([3, 5, 10, 20, 50], rng.randint(1, 4)) for w in rng.sample([0.0, 0.2, 0.5, 1.0], 2)]
        cases.append((rows, float(rng.choice([0, 100, 250, 500, 1000, 5000]))))
    for table, budget in cases:
        want = _choose(table, budget)
        got = call("choose_setting", choose_setting, [dict(r) for r in table], budget)
        got_t = tuple(got) if isinstance(got, (list, tuple)) else got
        if got_t != want:
            raise CheckFailed(f"choose_setting({show(table)}, budget_ms={budget}) returned {show(got)}, expected {want}")
    return len(cases)
