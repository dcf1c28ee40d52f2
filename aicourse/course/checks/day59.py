"""Checks for days/day59.ipynb: euros per 1,000 answers from measured seconds, a month's cost of an approach,
choosing an approach from a measured table under stated constraints, and a verdict from two measured success
counts that says INCONCLUSIVE when their Wilson intervals overlap."""
from __future__ import annotations

import math
import numbers
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, raised, show


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _close(got: Any, want: float) -> bool:
    return _is_number(got) and math.isfinite(float(got)) and math.isclose(float(got), want, rel_tol=1e-9, abs_tol=1e-12)


# --- exercise 1: euros per 1,000 answers -------------------------------------------------------------------------------


def _cost_per_1k(seconds: list[float], eur_per_hour: float) -> float:
    return sum(seconds) / len(seconds) * 1000 / 3600 * eur_per_hour


@exercise("day59.cost_per_1k",
          question="Do you take the MEAN of the measured seconds (not their sum), turn seconds into hours (/ 3600), "
                   "multiply by 1,000 answers and the price, and raise ValueError for an empty list, a negative or "
                   "non-finite number of seconds, or a negative or non-finite price?",
          recipe="if not seconds or any(not math.isfinite(s) or s < 0 for s in seconds) or not "
                 "math.isfinite(eur_per_hour) or eur_per_hour < 0: raise ValueError(...); "
                 "return sum(seconds) / len(seconds) * 1000 / 3600 * eur_per_hour")
def check_cost_per_1k(cost_per_1k: Callable[[list[float], float], Any], rng: random.Random) -> int:
    cases = [([3.6], 1.0, "one answer of 3.6 s at 1 EUR/hour: 1,000 of them take an hour, 1 EUR"),
             ([1.0, 2.0, 3.0], 0.36, "the MEAN of the seconds (2 s), not their sum"),
             ([0.5], 0.0, "a price of 0 costs nothing"), ([0.0, 0.0], 2.5, "instant answers cost nothing"),
             ([7.2, 0.0], 0.05, None)]
    for _ in range(30):
        seconds = [round(rng.uniform(0, 5), rng.choice([1, 2, 3])) for _ in range(rng.randint(1, 8))]
        cases.append((seconds, round(rng.choice([0.05, 0.5, 2.5, rng.uniform(0, 4)]), 3), None))
    for seconds, price, why in cases:
        want = _cost_per_1k(seconds, price)
        got = call("cost_per_1k", cost_per_1k, list(seconds), price)
        if not _close(got, want):
            raise CheckFailed(f"cost_per_1k({show(seconds)}, {price}) returned {show(got)}, expected {want:.6g}",
                              f"The rule this case tests: {why}." if why else None)
    bad = [([], 1.0, "an empty list has no mean"), ([1.0, -0.5], 1.0, "a negative number of seconds"),
           ([1.0, math.nan], 1.0, "NaN seconds"), ([1.0, math.inf], 1.0, "infinite seconds"),
           ([-0.5, 1.0, 2.0], 1.0, "a negative number of seconds, first in the list"),
           ([1.0, math.nan, 2.0], 1.0, "NaN seconds in the middle of the list"),
           ([1.0], -0.1, "a negative price"), ([1.0], math.nan, "a NaN price"), ([1.0], math.inf, "an infinite price")]
    for value in (-1.0, math.nan, math.inf, -math.inf):  # a bad value anywhere in the list, not only at the end
        seconds = [round(rng.uniform(0, 5), 2) for _ in range(rng.randint(2, 8))]
        seconds.insert(rng.randrange(len(seconds)), value)
        bad.append((seconds, 0.05, f"{value} seconds among valid ones"))
    for seconds, price, why in bad:
        err = raised(cost_per_1k, list(seconds), price)
        if not isinstance(err, ValueError):
            raise CheckFailed(f"cost_per_1k({show(seconds)}, {price}) should raise ValueError ({why}), "
                              f"got {show(err) if err else 'a return value'}")
    return len(cases) + len(bad)


# --- exercise 2: what an approach costs in a month ----------------------------------------------------------------------


def _monthly(row: dict, answers: float, updates: float, months: int) -> float:
    return row["one_off_eur"] / months + answers / 1000 * row["per_1k_eur"] + updates * row["update_eur"]


def _row(rng: random.Random, name: str = "x") -> dict:
    return dict(name=name, one_off_eur=round(rng.choice([0.0, rng.uniform(0, 50)]), 3),
                per_1k_eur=round(rng.uniform(0, 0.5), 4), update_eur=round(rng.choice([0.0, rng.uniform(0, 20)]), 3))


@exercise("day59.monthly_cost",
          question="Do you spread the one-off cost over `months` (one_off_eur / months), count answers in thousands "
                   "(answers_per_month / 1000 x per_1k_eur), add updates_per_month x update_eur, and raise ValueError "
                   "when months < 1 or a count is negative?",
          recipe="if months < 1 or answers_per_month < 0 or updates_per_month < 0: raise ValueError(...); "
                 "return row['one_off_eur'] / months + answers_per_month / 1000 * row['per_1k_eur'] + "
                 "updates_per_month * row['update_eur']")
def check_monthly_cost(monthly_cost: Callable[..., Any], rng: random.Random) -> int:
    base = dict(name="rag", one_off_eur=12.0, per_1k_eur=0.03, update_eur=0.5)
    cases = [(base, 10_000, 2, 12, None), (base, 0, 0, 12, "no answers, no updates: only the one-off share"),
             (base, 10_000, 0, 1, "months=1: the whole one-off cost lands in one month"),
             (dict(base, one_off_eur=0.0), 1000, 4, 6, "updates cost update_eur EACH"),
             (dict(base, per_1k_eur=0.0), 50_000, 0, 24, "one-off spread over 24 months")]
    for _ in range(30):
        cases.append((_row(rng), rng.choice([0, 1000, 25_000, rng.randint(0, 10**6)]), rng.randint(0, 30),
                      rng.randint(1, 36), None))
    for row, answers, updates, months, why in cases:
        want = _monthly(row, answers, updates, months)
        got = call("monthly_cost", monthly_cost, dict(row), answers, updates, months)
        if not _close(got, want):
            raise CheckFailed(f"monthly_cost({show(row)}, {answers}, {updates}, {months}) returned {show(got)}, "
                              f"expected {want:.6g}", f"The rule this case tests: {why}." if why else None)
    for row, answers, updates in [(base, 10_000, 2), (_row(rng), rng.randint(0, 10**5), rng.randint(0, 10))]:
        want = _monthly(row, answers, updates, 12)  # months left out: the default is 12
        got = call("monthly_cost", monthly_cost, dict(row), answers, updates)
        if not _close(got, want):
            raise CheckFailed(f"monthly_cost({show(row)}, {answers}, {updates}) returned {show(got)}, expected "
                              f"{want:.6g}", "The rule this case tests: months defaults to 12 (one_off_eur / 12).")
    bad = [(0, 10, 1, "months=0"), (-3, 10, 1, "negative months"), (12, -1, 0, "negative answers"),
           (12, 10, -2, "negative updates")]
    for months, answers, updates, why in bad:
        err = raised(monthly_cost, dict(base), answers, updates, months)
        if not isinstance(err, ValueError):
            raise CheckFailed(f"monthly_cost({show(base)}, {answers}, {updates}, {months}) should raise ValueError "
                              f"({why}), got {show(err) if err else 'a return value'}")
    return len(cases) + len(bad)


# --- exercise 3: choose an approach -------------------------------------------------------------------------------------


def _choose(table: list[dict], c: dict) -> str | None:
    ok = [r for r in table if r["quality"] is not None and r["quality"] >= c["min_quality"]
          and r["latency"] <= c["max_seconds"] and (r["cites"] or not c["needs_citations"])]
    if not ok:
        return None
    cost = {r["name"]: _monthly(r, c["answers_per_month"], c["updates_per_month"], c["months"]) for r in ok}
    return min(ok, key=lambda r: (cost[r["name"]], -r["quality"], r["latency"], r["name"]))["name"]


def _table_row(rng: random.Random, name: str) -> dict:
    row = _row(rng, name)
    measured = rng.random() < 0.85
    row.update(quality=rng.choice([0.0, 0.25, 0.5, 0.6, 0.75, 0.8, 1.0]) if measured else None,
               latency=rng.choice([0.3, 0.5, 1.0, 1.5, 2.0, 3.0]) if measured else None, cites=rng.random() < 0.4)
    if rng.random() < 0.3:  # exact ties in cost happen: same prices, so the tie-breaks decide
        row.update(one_off_eur=0.0, per_1k_eur=0.01, update_eur=0.0)
    return row


def _constraints(rng: random.Random) -> dict:
    return dict(min_quality=rng.choice([0.0, 0.25, 0.5, 0.6, 0.8]), max_seconds=rng.choice([0.5, 1.0, 1.5, 2.0, 5.0]),
                needs_citations=rng.random() < 0.4, answers_per_month=rng.choice([0, 1000, 50_000, 10**6]),
                updates_per_month=rng.choice([0, 1, 4, 30]), months=rng.choice([1, 6, 12, 36]))


def _r(name, quality, latency, one_off, per_1k, update, cites):
    return dict(name=name, quality=quality, latency=latency, one_off_eur=one_off, per_1k_eur=per_1k,
                update_eur=update, cites=cites)


@exercise("day59.choose_approach",
          question="Do you skip rows whose quality is None, keep rows with quality >= min_quality AND latency <= "
                   "max_seconds (equal passes) AND citations when needs_citations, pick the lowest monthly cost "
                   "(one-off / months + answers/1000 x per-1k + updates x update), break ties by higher quality, then "
                   "lower latency, then name, and return None when no row is left?",
          recipe="ok = [r for r in table if r['quality'] is not None and r['quality'] >= c['min_quality'] and "
                 "r['latency'] <= c['max_seconds'] and (r['cites'] or not c['needs_citations'])]; return None if "
                 "not ok else min(ok, key=lambda r: (monthly_cost(r, c['answers_per_month'], c['updates_per_month'], "
                 "c['months']), -r['quality'], r['latency'], r['name']))['name']")
def check_choose_approach(choose_approach: Callable[[list[dict], dict], Any], rng: random.Random) -> int:
    c0 = dict(min_quality=0.5, max_seconds=2.0, needs_citations=False, answers_per_month=100_000,
              updates_per_month=0, months=12)
    prompt, scratch = _r("prompt", 0.1, 0.5, 0.0, 0.01, 0.0, False), _r("scratch", None, None, 5.0, None, 5.0, False)
    rag, ft = _r("rag", 0.8, 1.0, 0.1, 0.02, 0.1, True), _r("fine-tune", 0.7, 0.6, 1.0, 0.01, 1.0, False)
    toy = [prompt, rag, ft, scratch]
    cases = [(toy, c0, None), (toy, dict(c0, updates_per_month=4), "updates cost update_eur each, every month"),
             (toy, dict(c0, needs_citations=True), "needs_citations keeps only rows that cite"),
             (toy, dict(c0, needs_citations=True, max_seconds=0.8), "nothing is left: return None"),
             (toy, dict(c0, max_seconds=1.0, needs_citations=True), "latency equal to max_seconds passes"),
             (toy, dict(c0, min_quality=0.8, needs_citations=True), "quality equal to min_quality passes"),
             ([_r("scratch", None, None, 0.0, 0.0, 0.0, True), rag], dict(c0, min_quality=0.0),
              "a row with quality None was not measured: skip it, however cheap"),
             ([_r("b", 0.6, 1.0, 0.0, 0.01, 0.0, False), _r("a", 0.9, 1.0, 0.0, 0.01, 0.0, False)], c0,
              "equal monthly cost: the HIGHER quality wins"),
             ([_r("b", 0.6, 0.5, 0.0, 0.01, 0.0, False), _r("a", 0.6, 1.0, 0.0, 0.01, 0.0, False)], c0,
              "equal cost and quality: the LOWER latency wins"),
             ([_r("b", 0.6, 1.0, 0.0, 0.01, 0.0, False), _r("a", 0.6, 1.0, 0.0, 0.01, 0.0, False)], c0,
              "a full tie: the first name in alphabetical order"),
             ([_r("big", 0.9, 1.0, 12.0, 0.0, 0.0, False), _r("small", 0.9, 1.0, 0.0, 0.05, 0.0, False)],
              dict(c0, answers_per_month=10_000, months=12),
              "the one-off cost is spread over `months` (12 months: big costs 1.0 a month, small 0.5)"),
             ([_r("big", 0.9, 1.0, 12.0, 0.0, 0.0, False), _r("small", 0.9, 1.0, 0.0, 0.05, 0.0, False)],
              dict(c0, answers_per_month=10_000, months=36),
              "the one-off cost is spread over `months` (36 months: big costs 0.33 a month, small 0.5)"),
             ([_r("good", 0.9, 1.0, 0.0, 0.01, 0.0, False), _r("zero", 0.0, 1.0, 0.0, 0.001, 0.0, False)],
              dict(c0, min_quality=0.0), "a MEASURED quality of 0.0 is not None: it passes min_quality=0.0"),
             ([], c0, "an empty table: None")]
    names = ["prompt", "rag", "fine-tune", "scratch", "hybrid", "rag-small"]
    for _ in range(60):
        picked = rng.sample(names, rng.randint(1, 5))
        cases.append(([_table_row(rng, n) for n in picked], _constraints(rng), None))
    for table, c, why in cases:
        want = _choose(table, c)
        got = call("choose_approach", choose_approach, [dict(r) for r in table], dict(c))
        if not (got is None if want is None else isinstance(got, str) and got == want):
            raise CheckFailed(f"choose_approach({show(table)}, {show(c)}) returned {show(got)}, expected {want!r}",
                              f"The rule this case tests: {why}." if why else None)
    return len(cases)


# --- exercise 4: a verdict that knows how little three questions prove -------------------------------------------------


def _verdict(sa: int, na: int, sb: int, nb: int) -> str:
    from aicourse.metrics import wilson_interval
    (lo_a, hi_a), (lo_b, hi_b) = wilson_interval(sa, na), wilson_interval(sb, nb)
    return "A" if lo_a > hi_b else "B" if lo_b > hi_a else "INCONCLUSIVE"


@exercise("day59.verdict",
          question="Do you compare the 95% WILSON intervals (aicourse.metrics.wilson_interval, not the point "
                   "estimates and not a normal/Wald interval), return 'A' only when A's lower bound is above B's "
                   "upper bound (and 'B' the other way round), 'INCONCLUSIVE' when they overlap, and raise ValueError "
                   "when n < 1 or successes are outside 0..n?",
          recipe="for s, n in ((sa, na), (sb, nb)): if n < 1 or not 0 <= s <= n: raise ValueError(...); "
                 "(lo_a, hi_a), (lo_b, hi_b) = wilson_interval(sa, na), wilson_interval(sb, nb); "
                 "return 'A' if lo_a > hi_b else 'B' if lo_b > hi_a else 'INCONCLUSIVE'")
def check_verdict(verdict: Callable[[int, int, int, int], Any], rng: random.Random) -> int:
    cases = [((1, 2, 0, 2), "one answer apart out of two: the intervals overlap"),
             ((0, 3, 0, 3), "a tie at zero is no evidence either way"),
             ((45, 50, 20, 50), "90% against 40% of fifty questions: A"),
             ((20, 50, 45, 50), "the same the other way round: B"),
             ((7, 10, 3, 10), "70% against 30% of ten: the point estimates differ, the intervals still overlap"),
             ((10, 10, 7, 10), "10/10 against 7/10: a Wald interval of 10/10 has zero width, Wilson's does not"),
             ((10, 10, 0, 10), "all against nothing, ten each: A"), ((3, 3, 0, 3), "all against nothing, three each"),
             ((90, 100, 5, 10), "different sizes: 90/100 against 5/10")]
    for _ in range(40):
        na, nb = rng.choice([1, 3, 10, 30, 100, rng.randint(1, 400)]), rng.choice([1, 3, 10, 30, 100, rng.randint(1, 400)])
        cases.append(((rng.randint(0, na), na, rng.randint(0, nb), nb), None))
    for args, why in cases:
        want = _verdict(*args)
        got = call("verdict", verdict, *args)
        if got != want:
            raise CheckFailed(f"verdict{args} returned {show(got)}, expected {want!r}",
                              f"The rule this case tests: {why}." if why else None)
    bad = [((1, 0, 0, 3), "n_a = 0"), ((0, 3, 1, 0), "n_b = 0"), ((4, 3, 0, 3), "4 successes out of 3"),
           ((-1, 3, 0, 3), "negative successes"), ((0, 3, 5, 4), "5 successes out of 4 for B")]
    for args, why in bad:
        err = raised(verdict, *args)
        if not isinstance(err, ValueError):
            raise CheckFailed(f"verdict{args} should raise ValueError ({why}), got {show(err) if err else 'a return value'}")
    return len(cases) + len(bad)
