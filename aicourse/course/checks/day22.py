"""Checks for days/day22.ipynb: expected calibration error, the most confident mistakes, a calibration verdict."""
from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, raised, show


def _bin(c: float, n_bins: int) -> int:
    b = 0
    while b < n_bins - 1 and c > (b + 1) / n_bins:  # right-closed: c == (b + 1) / n_bins stays in bin b
        b += 1
    return b


def _ece(conf: list[float], correct: list[bool], n_bins: int) -> float:
    sums: dict[int, list[float]] = {}
    for c, ok in zip(conf, correct, strict=True):
        s = sums.setdefault(_bin(c, n_bins), [0, 0.0, 0.0])
        s[0] += 1
        s[1] += float(ok)
        s[2] += c
    return sum(abs(a - c) for _, a, c in sums.values()) / len(conf)


@exercise("day22.ece",
          question="Is each bin's gap weighted by how many predictions fall in it? And where does a confidence "
                   "exactly on an edge, such as 0.5 with 4 bins, go?",
          recipe="bin b holds b/n < c <= (b+1)/n (c == 0 in bin 0); for each non-empty bin add "
                 "count * |mean(correct) - mean(confidence)|; divide the total by the number of predictions")
def check_ece(ece: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[float], list[bool], int]] = [
        ([0.9, 0.9, 0.6, 0.6], [True, False, True, True], 10),        # by hand: 0.4
        ([0.5, 0.5, 0.75], [True, True, False], 4),                  # 0.5 sits in (0.25, 0.5], 0.75 in (0.5, 0.75]
        ([0.25, 0.5, 0.75, 1.0], [False, True, True, True], 4),      # every edge value, one per bin
        ([0.0, 0.3, 0.95], [False, False, True], 2),                 # 0.0 goes in the first bin
        ([0.9] * 9 + [0.2], [True] * 9 + [False], 5),                # a big bin and a small one: weights matter
        ([0.8], [True], 1),
        ([0.5, 0.4, 0.75, 0.6], [True, False, False, True], 4),     # 0.5 goes with 0.4, 0.75 with 0.6
        ([0.25, 0.1, 1.0, 0.9], [False, False, True, False], 8),
    ]
    for _ in range(10):
        n = rng.randint(1, 30)
        conf = [rng.uniform(0.1, 1.0) for _ in range(n)]
        cases.append((conf, [rng.random() < c ** 2 for c in conf], rng.choice([2, 3, 5, 8, 10, 15])))
    for conf, correct, n_bins in cases:
        got = call("ece", ece, list(conf), list(correct), n_bins)
        want = _ece(conf, correct, n_bins)
        try:
            ok = abs(float(got) - want) < 1e-9
        except (TypeError, ValueError):
            ok = False
        if not ok:
            shown = [round(c, 3) for c in conf]
            raise CheckFailed(f"ece({shown}, {correct}, {n_bins}) returned {show(got)}, expected {want:.6f}")
    for bad in (([], [], 10), ([0.5, 0.6], [True], 10)):
        if not isinstance(raised(ece, *bad), ValueError):
            raise CheckFailed(f"ece{bad} should raise ValueError, got {show(raised(ece, *bad))}")
    return len(cases) + 2


def _worst(probs: list[list[float]], labels: list[int], k: int) -> list[int]:
    rows = []
    for i, (p, y) in enumerate(zip(probs, labels, strict=True)):
        pred = p.index(max(p))
        if pred != y:
            rows.append((-max(p), i))
    return [i for _, i in sorted(rows)[:k]]


@exercise("day22.worst_mistakes",
          question="Do you keep only the wrong predictions, sort them by confidence from the highest, break ties "
                   "by the smaller index, and stop at k?",
          recipe="pred = index of the first max of each row; keep i with pred != labels[i]; sort those i by "
                 "(-max(probs[i]), i); return the first k")
def check_worst_mistakes(worst_mistakes: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[list[float]], list[int], int]] = [
        ([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.3, 0.7]], [1, 1, 1, 0], 2),   # the correct 0.8 is not a mistake
        ([[0.7, 0.3], [0.7, 0.3], [0.1, 0.9]], [1, 1, 0], 3),                   # a tie: the smaller index first
        ([[0.5, 0.5], [0.2, 0.8]], [1, 1], 5),                                  # argmax picks the first: 1 mistake
        ([[0.1, 0.9], [0.3, 0.7]], [1, 1], 2),                                  # no mistakes at all
        ([[0.3, 0.3, 0.4], [0.6, 0.2, 0.2], [0.1, 0.85, 0.05]], [0, 0, 2], 1),
    ]
    for _ in range(10):
        n, k_cls = rng.randint(1, 25), rng.randint(2, 5)
        probs = []
        for _ in range(n):
            w = [rng.choice([1, 2, 3, 5, 8]) for _ in range(k_cls)]  # small ints: ties happen
            probs.append([v / sum(w) for v in w])
        cases.append((probs, [rng.randrange(k_cls) for _ in range(n)], rng.randint(1, n + 2)))
    for probs, labels, k in cases:
        got = call("worst_mistakes", worst_mistakes, [list(p) for p in probs], list(labels), k)
        want = _worst(probs, labels, k)
        try:
            ok = [int(i) for i in got] == want
        except (TypeError, ValueError):
            ok = False
        if not ok:
            shown = [[round(v, 3) for v in p] for p in probs]
            raise CheckFailed(f"worst_mistakes({shown}, {labels}, {k}) returned {show(got)}, expected {want}")
    return len(cases)


def _verdict(conf: list[float], correct: list[bool], margin: float) -> str:
    gap = sum(conf) / len(conf) - sum(correct) / len(correct)
    return "overconfident" if gap > margin else "underconfident" if gap < -margin else "calibrated"


@exercise("day22.calibration_verdict",
          question="Which way round is the gap: confidence minus accuracy, or accuracy minus confidence? And is "
                   "a gap inside the margin 'calibrated'?",
          recipe="gap = mean(confidences) - mean(correct as 0/1); 'overconfident' if gap > margin, "
                 "'underconfident' if gap < -margin, else 'calibrated'")
def check_calibration_verdict(calibration_verdict: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[float], list[bool], float]] = [
        ([0.9, 0.9, 0.9, 0.9], [True, True, False, False], 0.02),   # says 0.9, right half the time
        ([0.5, 0.5, 0.5, 0.5], [True, True, True, True], 0.02),     # says 0.5, always right
        ([0.75, 0.75, 0.75, 0.75], [True, True, True, False], 0.02),  # exactly calibrated
        ([0.8, 0.6], [True, False], 0.25),                          # gap 0.2 within a margin of 0.25
        ([0.6, 0.6], [True, False], 0.05),                          # gap 0.1 outside a margin of 0.05
        ([0.3, 0.3], [True, False], 0.1),                           # gap -0.2: under
    ]
    for _ in range(16):
        n = rng.randint(2, 40)
        conf = [rng.uniform(0.1, 1.0) for _ in range(n)]
        shift = rng.choice([-0.4, -0.1, 0.0, 0.1, 0.4])
        correct = [rng.random() < min(1.0, max(0.0, c + shift)) for c in conf]
        margin = rng.choice([0.01, 0.02, 0.05, 0.1])
        gap = sum(conf) / n - sum(correct) / n
        if abs(abs(gap) - margin) < 1e-9:
            continue
        cases.append((conf, correct, margin))
    for conf, correct, margin in cases:
        got = call("calibration_verdict", calibration_verdict, list(conf), list(correct), margin)
        want = _verdict(conf, correct, margin)
        if got != want:
            shown = [round(c, 3) for c in conf]
            raise CheckFailed(f"calibration_verdict({shown}, {correct}, {margin}) returned {show(got)}, "
                              f"expected {want!r}")
    return len(cases)
