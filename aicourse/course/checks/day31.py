"""Checks for days/day31.ipynb: the top-p set, a softmax with temperature, and choosing a temperature from measurements."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, show


def _top_p_reference(probs: list[float], p: float) -> list[int]:
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))
    kept, total = [], 0.0
    for i in order:
        kept.append(i)
        total += probs[i]
        if total >= p:
            break
    return kept


def _random_probs(rng: random.Random, n: int) -> list[float]:
    weights = [rng.random() ** rng.choice([1, 3, 6]) for _ in range(n)]
    total = sum(weights)
    return [w / total for w in weights]


def _safe_p(rng: random.Random, probs: list[float]) -> float:
    "A p in (0, 1) that no prefix sum of the sorted probabilities comes within 1e-6 of (no rounding ties)."
    sums, total = [], 0.0
    for q in sorted(probs, reverse=True):
        total += q
        sums.append(total)
    while True:
        p = rng.uniform(0.05, 0.98)
        if all(abs(s - p) > 1e-6 for s in sums):
            return p


def _as_int_list(name: str, got: Any) -> list[int]:
    if not isinstance(got, (list, tuple)) or not all(isinstance(i, int) and not isinstance(i, bool) for i in got):
        raise CheckFailed(f"{name} returned {show(got)}: return a list of token indices (ints)")
    return list(got)


@exercise("day31.top_p_keep",
          question="Do you sort from most to least likely (ties: lower index first), and do you stop at the FIRST token "
                   "whose running total reaches p (total >= p), keeping that token?",
          recipe="order = sorted(range(len(probs)), key=lambda i: (-probs[i], i)); walk it, appending each index and "
                 "adding its probability to a running total; return the list as soon as the total is >= p")
def check_top_p_keep(top_p_keep: Callable[[list[float], float], Any], rng: random.Random) -> int:
    cases: list[tuple[list[float], float]] = [
        ([1.0], 0.5),
        ([0.25, 0.25, 0.25, 0.25], 0.5),  # the running total lands exactly on p: that token is the last one kept
        ([0.1, 0.6, 0.3], 0.05),  # a tiny p keeps only the best token
        ([0.2, 0.5, 0.2, 0.1], 0.75),  # a tie on 0.2: the lower index comes first
        ([0.05, 0.05, 0.9], 0.95),
    ]
    for _ in range(25):
        probs = _random_probs(rng, rng.randint(2, 40))
        cases.append((probs, _safe_p(rng, probs)))
    for probs, p in cases:
        got = _as_int_list("top_p_keep", call("top_p_keep", top_p_keep, list(probs), p))
        want = _top_p_reference(probs, p)
        if len(set(got)) != len(got):
            raise CheckFailed(f"top_p_keep({show([round(q, 4) for q in probs])}, p={p:.4g}) returned {show(got)}: "
                              f"each kept index once, please")
        if sorted(got) != sorted(want):  # the kept SET matters; the statement allows any order
            raise CheckFailed(f"top_p_keep({show([round(q, 4) for q in probs])}, p={p:.4g}) returned {show(got)}, "
                              f"expected {show(want)} (in any order)")
    return len(cases)


def _temperature_reference(logits: list[float], t: float) -> list[float]:
    if t == 0:
        best = max(range(len(logits)), key=lambda i: (logits[i], -i))
        return [1.0 if i == best else 0.0 for i in range(len(logits))]
    top = max(logits)
    exps = [math.exp((x - top) / t) for x in logits]
    total = math.fsum(exps)
    return [e / total for e in exps]


@exercise("day31.temperature_probs",
          question="Do you DIVIDE the logits by t (not the probabilities, not a product), subtract the largest logit "
                   "before exp so 1000 does not overflow, and treat t == 0 as greedy (all mass on the first best index)?",
          recipe="if t == 0: put 1.0 at the first index of max(logits), 0.0 elsewhere; else top = max(logits); "
                 "e = [math.exp((x - top) / t) for x in logits]; return [v / sum(e) for v in e]")
def check_temperature_probs(temperature_probs: Callable[[list[float], float], Any], rng: random.Random) -> int:
    cases: list[tuple[list[float], float]] = [
        ([2.0, 1.0, 0.0], 1.0),
        ([2.0, 1.0, 0.0], 0.5),
        ([2.0, 1.0, 0.0], 3.0),
        ([1000.0, 999.0, 0.0], 1.0),  # large logits: exp(1000) overflows a float
        ([0.5, 3.0, 3.0, -1.0], 0.0),  # greedy, with a tie: the first best index
        ([-5.0, -5.0], 2.0),
    ]
    for _ in range(20):
        n = rng.randint(2, 12)
        cases.append(([rng.uniform(-10, 10) for _ in range(n)], rng.choice([0.0, 0.1, 0.7, 1.0, 1.5, 4.0])))
    for logits, t in cases:
        got = call("temperature_probs", temperature_probs, list(logits), t)
        want = _temperature_reference(logits, t)
        if not isinstance(got, (list, tuple)) or len(got) != len(want):
            raise CheckFailed(f"temperature_probs({show(logits)}, {t}) returned {show(got)}: return a list of "
                              f"{len(want)} probabilities")
        try:
            values = [float(v) for v in got]
        except (TypeError, ValueError):
            raise CheckFailed(f"temperature_probs({show(logits)}, {t}) returned {show(got)}: not numbers") from None
        if not all(math.isfinite(v) and abs(v - w) <= 1e-9 + 1e-7 * w for v, w in zip(values, want, strict=True)):
            raise CheckFailed(f"temperature_probs({show(logits)}, t={t}) returned {show([round(v, 6) for v in values])}, "
                              f"expected {show([round(w, 6) for w in want])}")
    return len(cases)


def _choose_reference(rows: list[dict[str, float]], min_distinct: float) -> float | None:
    ok = [r for r in rows if r["distinct2"] >= min_distinct]
    if not ok:
        return None
    return min(ok, key=lambda r: (-r["logprob"], r["temperature"]))["temperature"]


@exercise("day31.choose_temperature",
          question="Among the rows whose distinct2 is at least min_distinct (>=), do you pick the highest logprob, not "
                   "the lowest temperature (the rows need not be sorted, and logprob need not fall as T grows)? "
                   "Ties on logprob go to the lower temperature; no row passing gives None.",
          recipe="ok = [r for r in rows if r['distinct2'] >= min_distinct]; return None if not ok else "
                 "min(ok, key=lambda r: (-r['logprob'], r['temperature']))['temperature']")
def check_choose_temperature(choose_temperature: Callable[[list[dict[str, float]], float], Any],
                             rng: random.Random) -> int:
    cases: list[tuple[list[dict[str, float]], float]] = [
        ([{"temperature": 0.3, "distinct2": 0.5, "logprob": -0.8}, {"temperature": 1.0, "distinct2": 0.9, "logprob": -2.0}],
         0.9),  # exactly at the bar: it passes
        ([{"temperature": 0.3, "distinct2": 0.5, "logprob": -0.8}], 0.6),  # nothing passes
        ([{"temperature": 1.5, "distinct2": 0.99, "logprob": -3.0}, {"temperature": 0.7, "distinct2": 0.8, "logprob": -1.2},
          {"temperature": 1.0, "distinct2": 0.95, "logprob": -1.1}], 0.75),  # unsorted; the highest logprob is not the lowest T
        ([{"temperature": 1.2, "distinct2": 0.9, "logprob": -1.5}, {"temperature": 0.9, "distinct2": 0.9, "logprob": -1.5}],
         0.5),  # a tie on logprob: the lower temperature
    ]
    for _ in range(30):
        temps = rng.sample([0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 1.0, 1.2, 1.3, 1.5, 1.8, 2.0], rng.randint(1, 6))
        rows = [{"temperature": t, "distinct2": round(rng.uniform(0.3, 1.0), 2), "logprob": round(rng.uniform(-6, -0.5), 2)}
                for t in temps]
        cases.append((rows, rng.choice([0.5, 0.7, 0.8, 0.9, rows[0]["distinct2"]])))
    for rows, bar in cases:
        got = call("choose_temperature", choose_temperature, [dict(r) for r in rows], bar)
        want = _choose_reference(rows, bar)
        if not equal(got, want):
            raise CheckFailed(f"choose_temperature({show(rows)}, min_distinct={bar}) returned {show(got)}, "
                              f"expected {show(want)}")
    return len(cases)
