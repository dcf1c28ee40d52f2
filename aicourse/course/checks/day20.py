"""Checks for days/day20.ipynb: a confusion matrix, per-class F1, and whether a model beats the majority baseline."""
from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, raised, show


def _cm(y_true: list[int], y_pred: list[int], k: int) -> list[list[int]]:
    cm = [[0] * k for _ in range(k)]
    for t, p in zip(y_true, y_pred, strict=False):
        cm[t][p] += 1
    return cm


def _f1(y_true: list[int], y_pred: list[int], k: int) -> list[float]:
    cm = _cm(y_true, y_pred, k)
    out = []
    for c in range(k):
        tp, predicted, support = cm[c][c], sum(row[c] for row in cm), sum(cm[c])
        p = tp / predicted if predicted else 0.0
        r = tp / support if support else 0.0
        out.append(2 * p * r / (p + r) if p + r else 0.0)
    return out


def _random_labels(rng: random.Random, k: int, n: int, skew: float = 0.0) -> tuple[list[int], list[int]]:
    weights = [math.exp(-skew * i) for i in range(k)]
    y_true = rng.choices(range(k), weights, k=n)
    y_pred = [t if rng.random() < rng.uniform(0.3, 0.9) else rng.randrange(k) for t in y_true]
    return y_true, y_pred


@exercise("day20.confusion_matrix",
          question="Which index is the row: the true class or the predicted one? And does your matrix have "
                   "num_classes rows even when a class never appears?",
          recipe="cm = [[0] * num_classes for _ in range(num_classes)]; for t, p in zip(y_true, y_pred, strict=False): "
                 "cm[t][p] += 1; raise ValueError first when the lengths differ or a label is outside "
                 "0..num_classes-1")
def check_confusion_matrix(confusion_matrix: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[int], list[int], int]] = [
        ([0, 1, 1], [1, 1, 0], 2),           # not symmetric: a transposed matrix fails
        ([0, 0, 2], [0, 0, 0], 4),           # classes 1 and 3 never appear: still a 4x4 matrix
        ([2], [2], 3),
        ([1, 1, 1, 1], [0, 0, 0, 1], 2),
    ]
    for _ in range(10):
        k = rng.randint(2, 6)
        cases.append((*_random_labels(rng, k, rng.randint(1, 40)), k + rng.randint(0, 2)))
    for y_true, y_pred, k in cases:
        got = call("confusion_matrix", confusion_matrix, list(y_true), list(y_pred), k)
        want = _cm(y_true, y_pred, k)
        try:
            got_list = [[int(v) for v in row] for row in got]
        except (TypeError, ValueError):
            raise CheckFailed(f"confusion_matrix({y_true}, {y_pred}, {k}) returned {show(got)}, "
                              "not a list of lists of ints") from None
        if got_list != want:
            question = None
            if got_list == [list(col) for col in zip(*want, strict=False)]:
                question = "Your matrix is transposed: rows are the true classes, columns the predicted ones."
            raise CheckFailed(f"confusion_matrix({y_true}, {y_pred}, {k}) returned {got_list}, expected {want}",
                              question)
    for bad in (([0, 1], [0], 2), ([0, 2], [0, 1], 2), ([0, 1], [0, -1], 2)):
        error = raised(confusion_matrix, *bad)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"confusion_matrix{bad} should raise ValueError, got {show(error)}")
    return len(cases) + 3


@exercise("day20.f1_per_class",
          question="F1 is the harmonic mean 2pr / (p + r), not the plain mean; and what do you return when a "
                   "class is never predicted or never present?",
          recipe="for each class c: tp = pairs with t == p == c; precision = tp / (number predicted c) or 0.0; "
                 "recall = tp / (number truly c) or 0.0; f1 = 2 * p * r / (p + r) if p + r else 0.0")
def check_f1_per_class(f1_per_class: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[int], list[int], int]] = [
        ([0, 0, 1, 1], [0, 1, 1, 1], 2),     # precision and recall differ: harmonic != plain mean
        ([0, 0, 0], [0, 0, 0], 3),           # classes 1 and 2: never there, never predicted -> 0.0
        ([0, 1, 2, 2], [1, 1, 1, 1], 3),     # the model only says 1
        ([0, 1, 1, 1, 1, 1], [0, 0, 1, 1, 1, 2], 3),
    ]
    for _ in range(10):
        k = rng.randint(2, 6)
        cases.append((*_random_labels(rng, k, rng.randint(1, 40), skew=rng.uniform(0, 1.5)), k))
    for y_true, y_pred, k in cases:
        got = call("f1_per_class", f1_per_class, list(y_true), list(y_pred), k)
        want = _f1(y_true, y_pred, k)
        try:
            ok = len(got) == k and all(abs(float(g) - w) < 1e-9 for g, w in zip(got, want, strict=False))
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise CheckFailed(f"f1_per_class({y_true}, {y_pred}, {k}) returned {show(got)}, "
                              f"expected {[round(w, 4) for w in want]}")
    return len(cases)


def _majority_acc(y_true: list[int]) -> float:
    return Counter(y_true).most_common(1)[0][1] / len(y_true)


@exercise("day20.beats_majority",
          question="What accuracy does 'always predict the most common label' get on these labels? Compare "
                   "with that number, not with 0.5 or with chance.",
          recipe="baseline = (count of the most common label in y_true) / len(y_true); model = share of "
                 "y_pred equal to y_true; return model > baseline (strictly)")
def check_beats_majority(beats_majority: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[int], list[int]]] = [
        ([0] * 9 + [1], [0] * 10),                  # the constant classifier: ties the baseline, False
        ([0] * 9 + [1], [0] * 8 + [1, 1]),          # 0.9 accuracy, baseline 0.9: False
        ([0] * 9 + [1], [0] * 9 + [1]),             # perfect: True
        ([0, 1, 2, 0], [0, 1, 2, 1]),               # 0.75 > 0.5: True
        ([1] * 6 + [0] * 2, [1] * 5 + [0] * 3),     # 0.625 < 0.75, while above 0.5: False
        ([2, 2, 2, 0, 1], [2, 2, 0, 0, 1]),         # 0.8 > 0.6: True
    ]
    for _ in range(16):
        k = rng.randint(2, 4)
        n = rng.randint(5, 40)
        y_true = rng.choices(range(k), [rng.uniform(0.2, 1) if c else rng.uniform(2, 8) for c in range(k)], k=n)
        p_right = rng.uniform(0.5, 1.0)
        y_pred = [t if rng.random() < p_right else rng.randrange(k) for t in y_true]
        cases.append((y_true, y_pred))
    for y_true, y_pred in cases:
        got = call("beats_majority", beats_majority, list(y_true), list(y_pred))
        acc = sum(t == p for t, p in zip(y_true, y_pred, strict=False)) / len(y_true)
        want = acc > _majority_acc(y_true)
        if got is not want and not (isinstance(got, (bool, int)) and bool(got) == want and got in (0, 1)):
            raise CheckFailed(f"beats_majority({y_true}, {y_pred}) returned {show(got)}, expected {want} "
                              f"(accuracy {acc:.3f}, always-the-most-common-label {_majority_acc(y_true):.3f})")
    return len(cases)
