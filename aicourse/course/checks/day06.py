"""Checks for days/day06.ipynb: inverse-CDF sampling, Gaussian maximum likelihood, a chi-square verdict."""
from __future__ import annotations

import math
import numbers
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show


def _number(got: Any, what: str) -> float:
    if not isinstance(got, numbers.Real) or isinstance(got, bool):
        raise CheckFailed(f"{what} returned {show(got)}, not a number")
    return float(got)


@exercise("day06.inverse_cdf_exponential",
          question="Solve u = 1 - exp(-rate * x) for x: where do log and rate go? And which inputs must raise?",
          recipe="if rate <= 0 or not 0 <= u < 1: raise ValueError(...); return -math.log1p(-u) / rate")
def check_inverse_cdf_exponential(inverse_cdf_exponential: Callable[[float, float], float], rng: random.Random) -> int:
    cases = [(0.0, 1.0), (0.5, 1.0), (0.5, 2.0), (0.9, 0.1), (0.999999, 3.0), (1e-12, 1.0), (0.25, 1e-3), (0.75, 50.0)]
    cases += [(rng.random(), 10 ** rng.uniform(-3, 3)) for _ in range(25)]
    for u, rate in cases:
        got = _number(call("inverse_cdf_exponential", inverse_cdf_exponential, u, rate),
                      f"inverse_cdf_exponential({u!r}, {rate!r})")
        want = -math.log1p(-u) / rate
        if not abs(got - want) <= 1e-9 * abs(want) + 1e-12 / rate:
            question = None
            if u > 0 and math.isclose(got, -math.log(u) / rate, rel_tol=1e-6):
                question = ("-log(u) / rate gives the right distribution, but is it the x with F(x) = u? "
                            "Try F(your x).")
            elif math.isclose(got, -math.log1p(-u), rel_tol=1e-6) and rate != 1:
                question = "Does your answer depend on the rate?"
            raise CheckFailed(f"inverse_cdf_exponential({u!r}, {rate!r}) returned {got!r}, expected {want!r} "
                              f"(F of yours is {1 - math.exp(-rate * got) if got >= 0 else float('nan'):.6g})", question)
    bad = [(1.0, 1.0), (1.5, 1.0), (-0.1, 1.0), (0.5, 0.0), (0.5, -2.0), (rng.uniform(1, 5), rng.uniform(0.1, 5)),
           (rng.random(), -rng.uniform(0.1, 5))]
    for u, rate in bad:
        error = raised(inverse_cdf_exponential, u, rate)
        if not isinstance(error, ValueError):
            did = "returned a value" if error is None else f"raised {type(error).__name__}"
            raise CheckFailed(f"inverse_cdf_exponential({u!r}, {rate!r}) {did}; it should raise ValueError "
                              "(rate must be positive and u in [0, 1))",
                              "Which u and which rate does the statement refuse?")
    return len(cases) + len(bad)


@exercise("day06.gaussian_mle",
          question="Which estimate of the variance maximises the likelihood: dividing by n or by n - 1?",
          recipe="if not xs: raise ValueError(...); mu = sum(xs) / len(xs); "
                 "return mu, sum((x - mu) ** 2 for x in xs) / len(xs)")
def check_gaussian_mle(gaussian_mle: Callable[[list[float]], tuple[float, float]], rng: random.Random) -> int:
    lists: list[list[float]] = [[1.0, 3.0], [5.0], [-2.0], [0.0, 0.0, 0.0], [1.0, 2.0, 3.0, 10.0], [1e6, 1e6 + 2.0],
                                [0.0, 0.0, 9.0]]
    for _ in range(12):
        n = rng.randint(1, 50)
        lists.append([rng.gauss(rng.uniform(-50, 50), rng.uniform(0.1, 20)) ** rng.choice([1, 1, 2]) for _ in range(n)])
    for xs in lists:
        original = list(xs)
        got = call("gaussian_mle", gaussian_mle, xs)
        if xs != original:
            raise CheckFailed(f"gaussian_mle changed the list it was given: {show(original)}")
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise CheckFailed(f"gaussian_mle({show(xs)}) returned {show(got)}; return a tuple (mu, var)")
        mu, var = (_number(v, f"gaussian_mle({show(xs)})") for v in got)
        want_mu = sum(xs) / len(xs)
        want_var = sum((x - want_mu) ** 2 for x in xs) / len(xs)
        scale = max(1.0, max(abs(x) for x in xs))
        if not (abs(mu - want_mu) <= 1e-9 * scale and abs(var - want_var) <= 1e-9 * scale ** 2):
            question = None
            if len(xs) > 1 and math.isclose(var, want_var * len(xs) / (len(xs) - 1), rel_tol=1e-9):
                question = "You divided by n - 1 (the unbiased estimate). What does the maximum of the likelihood divide by?"
            elif math.isclose(var, math.sqrt(want_var), rel_tol=1e-9) and want_var not in (0.0, 1.0):
                question = "Is that the variance or the standard deviation?"
            raise CheckFailed(f"gaussian_mle({show(xs)}) returned ({mu!r}, {var!r}), expected ({want_mu!r}, {want_var!r})",
                              question)
    error = raised(gaussian_mle, [])
    if not isinstance(error, ValueError):
        did = "returned a value" if error is None else f"raised {type(error).__name__}"
        raise CheckFailed(f"gaussian_mle([]) {did}; an empty list should raise ValueError")
    return len(lists) + 1


def _statistic(counts: list[int], probs: list[float]) -> float:
    n = sum(counts)
    return sum((c - n * p) ** 2 / (n * p) for c, p in zip(counts, probs, strict=True))


def _random_case(rng: random.Random) -> tuple[list[int], list[float], float]:
    while True:
        k = rng.randint(2, 12)
        weights = [rng.uniform(0.2, 1.0) for _ in range(k)]
        probs = [w / sum(weights) for w in weights]
        n = rng.randint(100, 5000)
        counts = [0] * k
        for _ in range(n):
            counts[_draw(rng, probs)] += 1
        if rng.random() < 0.5:  # bias a few counts: some cases must be suspicious
            i, j = rng.sample(range(k), 2)
            moved = min(counts[i], rng.randint(1, max(1, n // 10)))
            counts[i] -= moved
            counts[j] += moved
        critical = rng.uniform(5, 40)
        stat = _statistic(counts, probs)
        if abs(stat - critical) > 1e-6 * critical:
            return counts, probs, critical


def _draw(rng: random.Random, probs: list[float]) -> int:
    u, total = rng.random(), 0.0
    for i, p in enumerate(probs):
        total += p
        if u < total:
            return i
    return len(probs) - 1


@exercise("day06.sampler_verdict",
          question="What is the expected count of each category, and do you compare the statistic with the critical "
                   "value you were given?",
          recipe="n = sum(counts); stat = sum((c - n * p) ** 2 / (n * p) for c, p in zip(counts, probs, strict=True)); "
                 "return 'ok' if stat <= critical else 'suspicious'")
def check_sampler_verdict(sampler_verdict: Callable[[list[int], list[float], float], str], rng: random.Random) -> int:
    cases: list[tuple[list[int], list[float], float]] = [
        ([50, 50], [0.5, 0.5], 10.83),  # exactly as expected
        ([0, 100], [0.5, 0.5], 10.83),  # a category never drawn
        ([60, 40], [0.5, 0.5], 3.0),  # statistic 4.0 > 3.0
        ([60, 40], [0.5, 0.5], 5.0),  # statistic 4.0 <= 5.0
        # statistic 1.0 on both sides of the border, never on it: an equivalent formula may round 1.0 to
        # 1.0000000000000018, and the statement allows any equivalent formula
        ([55, 45], [0.5, 0.5], 1.01), ([55, 45], [0.5, 0.5], 0.99),
        ([300, 100, 600], [0.3, 0.1, 0.6], 13.8), ([100, 300, 600], [0.3, 0.1, 0.6], 13.8),
        ([10, 0, 0, 0], [0.7, 0.1, 0.1, 0.1], 16.27),
    ]
    cases += [_random_case(rng) for _ in range(30)]
    for counts, probs, critical in cases:
        want = "ok" if _statistic(counts, probs) <= critical else "suspicious"
        got = call("sampler_verdict", sampler_verdict, list(counts), list(probs), critical)
        if not equal(got, want):
            raise CheckFailed(f"sampler_verdict({show(counts)}, {show([round(p, 4) for p in probs])}, {critical:.4g}) "
                              f"returned {show(got)}, expected {want!r} (chi-square {_statistic(counts, probs):.4g})")
    return len(cases)
