"""Checks for days/day42.ipynb: unblinding ratings with the key, deciding "tuned better / base better / can't tell"
from a win rate's 95 % Wilson interval, and how many ratings an interval of a given width needs."""
from __future__ import annotations

import math
import numbers
import random
from collections.abc import Callable
from statistics import NormalDist
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show

SIDES = ("left", "right")
CHOICES = ("left", "right", "tie")
VERDICTS = ("tuned better", "base better", "can't tell")


def _counts(ratings: dict[str, str], key: dict[str, str]) -> tuple[int, int, int]:
    wins = sum(c == key[i] for i, c in ratings.items() if c != "tie")
    ties = sum(c == "tie" for c in ratings.values())
    return wins, len(ratings) - wins - ties, ties


def _ratings_case(rng: random.Random, n: int, lean: float) -> tuple[dict[str, str], dict[str, str]]:
    "A sheet of n items (the key covers a few unrated ones too) and ratings from a rater who leans `lean` to the left."
    ids = rng.sample(range(1000), n + rng.randint(0, 3))
    key = {f"q{i}": rng.choice(SIDES) for i in ids}
    rated = list(key)[:n]
    rng.shuffle(rated)
    ratings = {i: "tie" if rng.random() < 0.2 else "left" if rng.random() < lean else "right" for i in rated}
    return ratings, key


@exercise("day42.unblind_counts",
          question="Does the KEY decide what a side means? 'left' is a win only where the key says the tuned output "
                   "is on the left. And do you raise ValueError for a rated item missing from the key, or a choice "
                   "other than 'left', 'right', 'tie'?",
          recipe="for item, choice in ratings.items(): check item in key and choice in ('left', 'right', 'tie'); "
                 "count 'tie' as a tie, choice == key[item] as a win, anything else as a loss; "
                 "return (wins, losses, ties)")
def check_unblind_counts(unblind_counts: Callable[..., Any], rng: random.Random) -> int:
    cases = [({}, {"a": "left"}),  # nothing rated yet
             ({"a": "left", "b": "left"}, {"a": "left", "b": "right"}),
             ({"a": "right", "b": "right", "c": "tie"}, {"a": "right", "b": "left", "c": "left"}),
             ({"a": "tie"}, {"a": "right", "b": "left"})]
    for _ in range(25):
        cases.append(_ratings_case(rng, rng.randint(1, 60), rng.choice([0.5, 0.9, 1.0, 0.1])))
    for ratings, key in cases:
        got = call("unblind_counts", unblind_counts, dict(ratings), dict(key))
        want = _counts(ratings, key)
        if isinstance(got, list):
            got = tuple(got)
        if not equal(tuple(int(x) if isinstance(x, numbers.Integral) and not isinstance(x, bool) else x
                           for x in got) if isinstance(got, tuple) else got, want):
            raise CheckFailed(f"unblind_counts({show(ratings)}, {show(key)}) returned {show(got)}, expected {want} "
                              "(wins, losses, ties)")
    for ratings, key, why in [({"z": "left"}, {"a": "left"}, "an item missing from the key"),
                              ({"z": "tie"}, {"a": "left"}, "an item missing from the key, even rated 'tie'"),
                              ({"a": "A"}, {"a": "left"}, "the choice 'A'"),
                              ({"a": "tie", "b": "LEFT"}, {"a": "left", "b": "left"}, "the choice 'LEFT'")]:
        if not isinstance(raised(unblind_counts, ratings, key), ValueError):
            raise CheckFailed(f"unblind_counts({show(ratings)}, {show(key)}) must raise ValueError: {why}")
    return len(cases) + 4


def _wilson(wins: int, losses: int, ties: int) -> tuple[float, float]:
    n, p = wins + losses + ties, (wins + ties / 2) / (wins + losses + ties)
    z = NormalDist().inv_cdf(0.975)
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def _verdict(wins: int, losses: int, ties: int) -> str:
    low, high = _wilson(wins, losses, ties)
    return "tuned better" if low > 0.5 else "base better" if high < 0.5 else "can't tell"


@exercise("day42.verdict",
          question="Do you decide from the INTERVAL, not the win rate itself? A 60 % win rate over 50 ratings still "
                   "has an interval that reaches below 0.5: that is \"can't tell\". And does a tie count as half a win?",
          recipe="r = win_rate(wins, losses, ties) (from aicourse.evals); return 'tuned better' if r.low > 0.5 else "
                 "'base better' if r.high < 0.5 else \"can't tell\"; raise ValueError when there is no rating")
def check_verdict(verdict: Callable[..., Any], rng: random.Random) -> int:
    cases = [(50, 0, 0), (0, 50, 0), (0, 0, 50), (25, 25, 0), (32, 18, 0), (31, 19, 0), (18, 32, 0), (19, 31, 0),
             (30, 20, 0), (20, 10, 20), (1, 0, 0), (0, 1, 0), (400, 300, 100), (300, 400, 100), (3, 0, 2),
             (28, 15, 7), (15, 28, 7)]  # can't tell; with the ties dropped the interval would clear 0.5
    for _ in range(40):
        n = rng.choice([10, 20, 50, 50, 100, 400])
        wins = rng.randint(0, n)
        ties = rng.randint(0, n - wins) if rng.random() < 0.5 else 0
        cases.append((wins, n - wins - ties, ties))
    for wins, losses, ties in cases:
        got = call("verdict", verdict, wins, losses, ties)
        want = _verdict(wins, losses, ties)
        if not equal(got, want):
            low, high = _wilson(wins, losses, ties)
            raise CheckFailed(f"verdict({wins}, {losses}, {ties}) returned {show(got)}, expected {want!r} "
                              f"(the 95 % interval runs from {low:.3f} to {high:.3f})")
    if not isinstance(raised(verdict, 0, 0, 0), ValueError):
        raise CheckFailed("verdict(0, 0, 0) must raise ValueError: with no rating there is nothing to decide")
    return len(cases) + 1


def _needed(half_width: float, confidence: float) -> int:
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    return max(1, math.ceil(z * z / (4 * half_width * half_width) - z * z))


def _far_from_a_step(half_width: float, confidence: float) -> bool:
    "True when float rounding cannot move the answer: the exact n is not within 1e-6 of a whole number."
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    x = z * z / (4 * half_width * half_width) - z * z
    return x < 1 - 1e-6 or abs(x - round(x)) > 1e-6


@exercise("day42.ratings_needed",
          question="Is it the half-width (high - low) / 2 of the WILSON interval at a win rate of exactly 0.5 (not the "
                   "textbook z * sqrt(p(1 - p) / n), not the full width), and the SMALLEST n that reaches it?",
          recipe="z = NormalDist().inv_cdf(0.5 + confidence / 2); at p = 0.5 Wilson's half-width is z / (2 * sqrt(n + z**2)), "
                 "so n = max(1, math.ceil(z**2 / (4 * half_width**2) - z**2)); or loop n = 1, 2, ... until "
                 "r = win_rate(0, 0, n, confidence) has (r.high - r.low) / 2 <= half_width")
def check_ratings_needed(ratings_needed: Callable[..., Any], rng: random.Random) -> int:
    cases = [(0.1, 0.95), (0.05, 0.95), (0.134, 0.95), (0.3, 0.95), (0.45, 0.95), (0.1, 0.9), (0.1, 0.99),
             (0.2, 0.8), (0.49, 0.5)]
    while len(cases) < 35:
        case = (round(rng.uniform(0.02, 0.35), 4), rng.choice([0.8, 0.9, 0.95, 0.95, 0.99]))
        if _far_from_a_step(*case):
            cases.append(case)
    for half_width, confidence in cases:
        got = call("ratings_needed", ratings_needed, half_width, confidence)
        want = _needed(half_width, confidence)
        if isinstance(got, numbers.Integral) and not isinstance(got, bool):
            got = int(got)
        if not equal(got, want):
            raise CheckFailed(f"ratings_needed({half_width}, {confidence}) returned {show(got)}, expected {want}")
    for bad in (0.0, -0.1, 0.5, 0.7):
        if not isinstance(raised(ratings_needed, bad, 0.95), ValueError):
            raise CheckFailed(f"ratings_needed({bad}, 0.95) must raise ValueError: a half-width lies strictly between 0 and 0.5")
    return len(cases) + 4
