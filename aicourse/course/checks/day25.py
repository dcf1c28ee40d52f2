"""Checks for days/day25.ipynb: precision, recall and F1 of the rare class, and choosing a decision threshold."""
from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, show


def _prf(y_true: Sequence[int], y_pred: Sequence[int], positive: int) -> tuple[float, float, float]:
    tp = sum(t == positive and p == positive for t, p in zip(y_true, y_pred, strict=True))
    fp = sum(t != positive and p == positive for t, p in zip(y_true, y_pred, strict=True))
    fn = sum(t == positive and p != positive for t, p in zip(y_true, y_pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _close(got: Any, want: tuple[float, ...]) -> bool:
    if not isinstance(got, (tuple, list)) or len(got) != len(want):
        return False
    try:
        return all(isinstance(g, (int, float)) and not isinstance(g, bool) and math.isclose(float(g), w, abs_tol=1e-9)
                   for g, w in zip(got, want, strict=True))
    except TypeError:
        return False


@exercise("day25.precision_recall_f1",
          question="Do you count only the `positive` class (which may be 0), and return 0.0 where a denominator is 0?",
          recipe="tp, fp, fn = counts of (true == positive and pred == positive), (true != positive and pred == positive), "
                 "(true == positive and pred != positive); precision = tp / (tp + fp) or 0.0 when nothing is flagged; "
                 "recall = tp / (tp + fn) or 0.0; f1 = 2 p r / (p + r) or 0.0")
def check_precision_recall_f1(fn: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[int], list[int], int]] = [
        ([0, 0, 1, 1], [0, 1, 1, 0], 1),  # one of each
        ([0, 0, 0, 1, 1], [0, 0, 0, 0, 0], 1),  # the majority baseline: nothing flagged
        ([0, 0, 0], [0, 0, 0], 1),  # no positives at all
        ([1, 1, 0], [1, 1, 1], 1),  # every message flagged: recall 1
        ([0, 1, 1, 1, 0], [0, 1, 0, 1, 1], 0),  # the positive class is 0
        ([1, 0, 0, 0, 0, 0, 1], [1, 0, 0, 1, 1, 0, 0], 1),  # precision and recall differ
    ]
    for _ in range(12):
        n = rng.randint(1, 40)
        y_true = [int(rng.random() < rng.choice([0.1, 0.3, 0.5])) for _ in range(n)]
        y_pred = [t if rng.random() < 0.7 else 1 - t for t in y_true]
        cases.append((y_true, y_pred, rng.choice([1, 1, 0])))
    for y_true, y_pred, positive in cases:
        want = _prf(y_true, y_pred, positive)
        got = call("precision_recall_f1", fn, list(y_true), list(y_pred), positive)
        if not _close(got, want):
            raise CheckFailed(f"precision_recall_f1({y_true}, {y_pred}, positive={positive}) returned {show(got)}, "
                              f"expected {tuple(round(w, 4) for w in want)}")
    return len(cases)


def _best(probs: Sequence[float], labels: Sequence[int]) -> float:
    best_t, best_f1 = None, -1.0
    for t in sorted(set(probs)):
        f1 = _prf(labels, [int(p >= t) for p in probs], 1)[2]
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    assert best_t is not None
    return best_t


@exercise("day25.best_threshold",
          question="Do you try every distinct probability as a threshold (flag when prob >= threshold), keep the best F1, "
                   "and on a tie keep the smallest threshold?",
          recipe="for t in sorted(set(probs)): f1 of [p >= t for p in probs] against labels; keep t when its F1 is "
                 "strictly higher than the best so far; return that t")
def check_best_threshold(fn: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[float], list[int]]] = [
        ([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0]),  # separable: the lowest spam probability
        ([0.6, 0.4, 0.3, 0.2], [0, 1, 1, 0]),  # the best is not 0.5
        ([0.7, 0.7, 0.1], [1, 0, 0]),  # repeated probabilities flag together
        ([0.2, 0.2, 0.2], [1, 0, 1]),  # one candidate
        ([0.1, 0.3, 0.35, 0.9], [1, 0, 0, 1]),  # a tie between thresholds: the smallest
        ([0.95, 0.05, 0.5, 0.45, 0.55], [0, 1, 1, 0, 1]),  # out of order
    ]
    for _ in range(12):
        n = rng.randint(3, 30)
        labels = [int(rng.random() < 0.3) for _ in range(n)]
        if not any(labels):
            labels[rng.randrange(n)] = 1
        probs = [round(min(1.0, max(0.0, rng.gauss(0.65 if y else 0.35, 0.2))), 2) for y in labels]
        cases.append((probs, labels))
    for probs, labels in cases:
        want = _best(probs, labels)
        got = call("best_threshold", fn, list(probs), list(labels))
        if not isinstance(got, (int, float)) or isinstance(got, bool) or not math.isclose(float(got), want):
            raise CheckFailed(f"best_threshold({probs}, {labels}) returned {show(got)}, expected {want} "
                              f"(its F1 is {_prf(labels, [int(p >= want) for p in probs], 1)[2]:.3f})")
    return len(cases)
