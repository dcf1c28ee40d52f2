"""Checks for days/day49.ipynb: nDCG@k with graded relevance, ranking a run with trec_eval's tie rule, and deciding
whether one retriever beats another from paired per-query scores (an exact sign test)."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, show


def _ndcg(ranking: list[str], relevance: dict[str, int], k: int) -> float:
    dcg = sum(relevance.get(d, 0) / math.log2(r + 2) for r, d in enumerate(ranking[:k]))
    ideal = sorted((g for g in relevance.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(r + 2) for r, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def _ndcg_cases(rng: random.Random) -> list[tuple[list[str], dict[str, int], int]]:
    cases = [
        (["d1", "d2", "d3"], {"d1": 3, "d2": 1, "d3": 1}, 3),  # the ideal order: 1.0
        (["d2", "d3", "d1"], {"d1": 3, "d2": 1, "d3": 1}, 3),  # binary gains would say 1.0
        (["d2"], {"d1": 3, "d2": 1}, 10),  # the ideal comes from the judgments, not the ranking
        (["x", "d1"], {"d1": 1}, 2),  # rank 2: 1 / log2(3)
        (["x", "y", "d1"], {"d1": 2, "d2": 2}, 3),
        (["d1"], {"d1": 1}, 1),
        (["a", "b"], {"a": 0, "b": 0}, 10),  # nothing relevant: 0
        ([], {"a": 1}, 5),  # empty ranking
        (["a", "b", "c"], {}, 3),  # no judgments at all
        (["z", "a"], {"a": 1, "b": 2, "c": 3, "d": 1}, 2),  # more relevant docs than k: ideal cut at k
        (["a", "b", "c", "d", "e", "f"], {"f": 1, "a": 0}, 5),  # the relevant one just below k
        (["q", "w", "e"], {"e": 2, "w": 1}, 50),  # k beyond the ranking
    ]
    for _ in range(30):
        docs = [f"d{i}" for i in range(rng.randint(1, 15))]
        rel = {d: rng.choice([0, 1, 1, 2, 3]) for d in rng.sample(docs, rng.randint(1, len(docs)))}
        ranking = rng.sample(docs + ["u1", "u2"], rng.randint(0, len(docs)))
        cases.append((ranking, rel, rng.randint(1, 12)))
    return cases


@exercise("day49.ndcg_at_k",
          question="Check three things on a small case: is the gain the grade itself (a grade-3 document worth three "
                   "times a grade-1), is rank r discounted by log2(r + 1) so rank 1 counts fully, and is the ideal "
                   "DCG built from all the judged grades of the query (sorted, cut at k), not from your ranking?",
          recipe="dcg = sum(relevance.get(d, 0) / math.log2(r + 2) for r, d in enumerate(ranking[:k])); "
                 "ideal = sorted((g for g in relevance.values() if g > 0), reverse=True)[:k]; "
                 "idcg = sum(g / math.log2(r + 2) for r, g in enumerate(ideal)); return dcg / idcg if idcg else 0.0")
def check_ndcg_at_k(ndcg_at_k: Callable[[list[str], dict[str, int], int], Any], rng: random.Random) -> int:
    cases = _ndcg_cases(rng)
    for ranking, rel, k in cases:
        got = call("ndcg_at_k", ndcg_at_k, list(ranking), dict(rel), k)
        want = _ndcg(ranking, rel, k)
        try:
            ok = isinstance(got, (int, float)) and not isinstance(got, bool) and abs(float(got) - want) <= 1e-9
        except (TypeError, ValueError, OverflowError):
            ok = False
        if not ok:
            raise CheckFailed(f"ndcg_at_k({show(ranking)}, {show(rel)}, {k}) returned {show(got)}, want {want:.6f}")
    return len(cases)


def _rank(scores: dict[str, float]) -> list[str]:
    return [d for d, _ in sorted(scores.items(), key=lambda ds: (ds[1], ds[0]), reverse=True)]


@exercise("day49.rank",
          question="Two documents have the same score: which one does trec_eval put first? Compare the ids as "
                   "strings, larger first (so '9' comes before '10', and 'a' before 'B': plain string order, no "
                   "case folding), and do not rely on the dict's order.",
          recipe="return [d for d, s in sorted(scores.items(), key=lambda ds: (ds[1], ds[0]), reverse=True)]")
def check_rank(rank: Callable[[dict[str, float]], Any], rng: random.Random) -> int:
    cases = [{"a": 1.0, "b": 1.0, "c": 2.0}, {"b": 0.5, "a": 0.5}, {"9": 0.3, "10": 0.3, "100": 0.3},
             {}, {"x": -1.0}, {"d2": 0.1, "d10": 0.1, "d1": 0.9}, {"a": 2, "b": 1.5, "c": 2},
             {"B": 1.0, "a": 1.0},  # byte order, as trec_eval's strcmp: "a" (0x61) > "B" (0x42), so "a" first
             {"a": 0.5, "B": 0.5, "b": 0.5, "A": 0.5}]
    for _ in range(25):
        ids = rng.sample([str(i) for i in range(40)] + [f"doc{i}" for i in range(20)] + [f"Doc{i}" for i in range(10)],
                         rng.randint(1, 12))
        cases.append({d: rng.choice([0.0, 0.25, 0.5, 0.5, 1.0, -0.5]) for d in ids})
    for scores in cases:
        want = _rank(scores)
        got = call("rank", rank, dict(scores))
        if not equal(list(got) if isinstance(got, tuple) else got, want):
            raise CheckFailed(f"rank({show(scores)}) returned {show(got)}, want {show(want)}")
    return len(cases)


def _sign_p(wins: int, losses: int) -> float:
    n = wins + losses
    if n == 0:
        return 1.0
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(min(wins, losses) + 1)) / 2 ** n)


def _decide(a: list[float], b: list[float], alpha: float = 0.05) -> str:
    wins = sum(y > x for x, y in zip(a, b, strict=True))
    losses = sum(x > y for x, y in zip(a, b, strict=True))
    if _sign_p(wins, losses) < alpha:
        return "B" if wins > losses else "A"
    return "no difference"


def _decide_cases(rng: random.Random) -> list[tuple[list[float], list[float], float]]:
    cases = [
        ([0.5] * 10, [0.5] * 10, 0.05),  # all tied: nothing to decide
        ([0.0] * 9 + [1.0], [0.1] * 9 + [0.0], 0.05),  # B wins 9 of 10 though its mean is lower
        ([1.0] + [0.2] * 7, [0.0] + [0.3] * 7, 0.05),  # B wins 7 of 8 (p = 0.0703): not enough at 0.05
        ([1.0] + [0.2] * 7, [0.0] + [0.3] * 7, 0.1),  # ... but enough at 0.1
        ([0.3] * 6 + [0.5] * 30, [0.9] * 6 + [0.5] * 30, 0.05),  # 6 wins, 30 ties: p = 0.03125, ties left out
        ([0.5] * 5, [0.6] * 5, 0.05),  # 5 wins of 5: p = 0.0625
        ([0.6] * 6, [0.5] * 6, 0.05),  # A wins 6 of 6: p = 0.03125
        ([], [], 0.05),
        # exact and normal-approximation p-values land on opposite sides of alpha:
        ([0.2] * 13 + [0.6] * 4 + [0.4] * 3, [0.5] * 13 + [0.1] * 4 + [0.4] * 3, 0.05),  # 13 vs 4: exact 0.049 -> B
        ([0.5] * 4 + [0.2] * 13, [0.1] * 4 + [0.5] * 13, 0.05),  # the same, A and B mixed in another order
        ([0.3] * 8, [0.4] * 8, 0.01),  # 8 vs 0: exact 0.0078 -> B (the approximation says 0.0133)
        ([0.4] * 8 + [0.0], [0.3] * 8 + [0.0], 0.01),  # 0 vs 8 for A, one tie
        # "exactly equal" means equal: differences of 1e-3 are wins and losses, not ties
        ([0.5] * 10, [0.501] * 10, 0.05),
        ([0.3] * 9 + [0.9], [0.301] * 9 + [0.0], 0.05),
        ([0.7] * 7, [0.699] * 7, 0.05),
    ]
    for _ in range(14):
        n = rng.randint(5, 80)
        lean = rng.choice([0.0, 0.1, 0.25, 0.4])
        a = [rng.choice([0.0, 0.0, 0.3, 0.5, 1.0]) for _ in range(n)]
        b = []
        for x in a:
            u = rng.random()
            b.append(x if u < 0.3 else min(1.0, x + rng.choice([0.001, 0.1, 0.5])) if u < 0.65 + lean / 2
                     else max(0.0, x - rng.choice([0.001, 0.2])))
        if rng.random() < 0.5:
            a, b = b, a
        cases.append((a, b, rng.choice([0.05, 0.05, 0.01, 0.1])))
    # a mean-based rule fails here: one huge win for A hides many small wins for B
    n = rng.randint(12, 20)
    cases.append(([1.0] + [0.4] * n, [0.0] + [0.45] * n, 0.05))
    return cases


@exercise("day49.decide",
          question="Compare the systems query by query: count the queries where B beats A and where A beats B, leave "
                   "the exact ties out (equal scores only: 0.501 beats 0.5), and compute the EXACT two-sided "
                   "sign-test p-value from those two counts only (the binomial sum, not a normal approximation, "
                   "which is off for small counts). Do you decide on p < alpha (strictly), and return the side "
                   "with more wins?",
          recipe="w = sum(y > x for x, y in zip(a, b)); l = sum(x > y for x, y in zip(a, b)); n = w + l; "
                 "p = 1.0 if n == 0 else min(1.0, 2 * sum(math.comb(n, i) for i in range(min(w, l) + 1)) / 2 ** n); "
                 "return ('B' if w > l else 'A') if p < alpha else 'no difference'")
def check_decide(decide: Callable[[list[float], list[float], float], Any], rng: random.Random) -> int:
    cases = _decide_cases(rng)
    for a, b, alpha in cases:
        want = _decide(a, b, alpha)
        got = call("decide", decide, list(a), list(b), alpha)
        if not equal(got, want):
            wins, losses = sum(y > x for x, y in zip(a, b, strict=True)), sum(x > y for x, y in zip(a, b, strict=True))
            raise CheckFailed(f"decide(a, b, alpha={alpha}) with a = {show(a)}, b = {show(b)} returned {show(got)}, "
                              f"want {want!r} (B wins {wins}, A wins {losses}, {len(a) - wins - losses} ties)")
    return len(cases)
