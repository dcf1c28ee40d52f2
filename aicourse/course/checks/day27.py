"""Checks for days/day27.ipynb: masked mean pooling, balanced class weights, and choosing how many layers to freeze."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, show


def _pool(hidden: list[list[list[float]]], mask: list[list[int]]) -> list[list[float]]:
    out = []
    for rows, m in zip(hidden, mask, strict=True):
        n = sum(m)
        dim = len(rows[0])
        out.append([sum(r[d] * k for r, k in zip(rows, m, strict=True)) / n if n else 0.0 for d in range(dim)])
    return out


def _as_rows(got: Any) -> list[list[float]] | None:
    try:
        rows = [[float(v) for v in row] for row in (got.tolist() if hasattr(got, "tolist") else got)]
    except (TypeError, ValueError):
        return None
    return rows


@exercise("day27.mean_pool",
          question="Do you average only the positions where the mask is 1 (not all positions), and return zeros for a "
                   "row whose mask is all 0?",
          recipe="m = mask[..., None]; (hidden * m).sum(axis=1) / max(m.sum(axis=1), tiny): the division by the number "
                 "of real tokens, with a floor so an all-padding row gives 0 instead of NaN")
def check_mean_pool(fn: Callable[..., Any], rng: random.Random) -> int:
    import numpy as np
    cases: list[tuple[list, list]] = [
        ([[[1.0, 2.0], [3.0, 4.0]]], [[1, 1]]),  # no padding
        ([[[1.0, 2.0], [3.0, 4.0], [100.0, -100.0]]], [[1, 1, 0]]),  # padding must not count
        ([[[5.0], [7.0]], [[2.0], [9.0]]], [[1, 0], [0, 0]]),  # an all-padding row
        ([[[1.0, 1.0, 1.0], [2.0, 2.0, 2.0], [3.0, 3.0, 3.0]]], [[0, 1, 1]]),  # left padding
    ]
    for _ in range(10):
        b, t, d = rng.randint(1, 4), rng.randint(1, 6), rng.randint(1, 5)
        hidden = [[[rng.uniform(-3, 3) for _ in range(d)] for _ in range(t)] for _ in range(b)]
        mask = []
        for _ in range(b):
            n = rng.randint(1, t)
            mask.append([1] * n + [0] * (t - n))
        cases.append((hidden, mask))
    for hidden, mask in cases:
        want = _pool(hidden, mask)
        got = _as_rows(call("mean_pool", fn, np.array(hidden), np.array(mask)))
        if got is None or len(got) != len(want) or any(len(g) != len(w) for g, w in zip(got, want, strict=True)) or \
                not all(math.isclose(g, w, abs_tol=1e-6) for gr, wr in zip(got, want, strict=True)
                        for g, w in zip(gr, wr, strict=True)):
            raise CheckFailed(f"mean_pool(hidden={show(hidden)}, mask={mask}) returned {show(got)}, expected {show(want)}")
    return len(cases)


@exercise("day27.class_weights",
          question="Is each weight n / (n_classes * count of that class), with 0.0 for a class that never occurs, one "
                   "weight per class 0 .. n_classes - 1?",
          recipe="counts = [labels.count(c) for c in range(n_classes)]; "
                 "[len(labels) / (n_classes * k) if k else 0.0 for k in counts]")
def check_class_weights(fn: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[int], int]] = [([0] * 90 + [1] * 10, 2), ([0, 1], 2), ([0, 0, 2], 3), ([1, 1, 1], 2),
                                          ([2, 0, 1, 1], 3)]
    for _ in range(10):
        k = rng.randint(2, 5)
        cases.append(([rng.randrange(k) for _ in range(rng.randint(1, 30))], k))
    for labels, k in cases:
        counts = [labels.count(c) for c in range(k)]
        want = [len(labels) / (k * c) if c else 0.0 for c in counts]
        got = call("class_weights", fn, list(labels), k)
        got_list = list(got) if isinstance(got, (list, tuple)) else got
        if not isinstance(got_list, list) or len(got_list) != k or not all(
                isinstance(g, (int, float)) and not isinstance(g, bool) and math.isclose(float(g), w, rel_tol=1e-9)
                for g, w in zip(got_list, want, strict=True)):
            raise CheckFailed(f"class_weights({show(labels)}, {k}) returned {show(got)}, "
                              f"expected {[round(w, 4) for w in want]}")
    return len(cases)


def _freeze(seconds: dict[int, float], budget: float) -> int | None:
    fits = [k for k in sorted(seconds) if seconds[k] <= budget]
    return fits[0] if fits else None


@exercise("day27.layers_to_freeze",
          question="Do you return the FEWEST frozen layers whose measured time fits the budget (time <= budget), "
                   "reading the table as measured (times are noisy, not always decreasing), and None when none fits?",
          recipe="fits = [k for k in sorted(seconds) if seconds[k] <= budget]; return fits[0] if fits else None")
def check_layers_to_freeze(fn: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[dict[int, float], float]] = [
        ({0: 1.0, 2: 0.7, 4: 0.5, 6: 0.3}, 0.6),  # the first that fits
        ({0: 1.0, 2: 0.7, 4: 0.5, 6: 0.3}, 2.0),  # everything fits: train all layers
        ({0: 1.0, 2: 0.7, 4: 0.5, 6: 0.3}, 0.1),  # nothing fits
        ({6: 0.3, 4: 0.5, 0: 1.0, 2: 0.7}, 0.7),  # keys out of order; equal to the budget fits
        ({0: 1.0, 1: 0.5, 2: 0.55, 3: 0.45}, 0.52),  # noise: 2 is slower than 1
    ]
    for _ in range(12):
        n = rng.randint(2, 8)
        keys = sorted(rng.sample(range(0, 13), n))
        base = rng.uniform(0.5, 3.0)
        seconds = {k: round(base * (1 - 0.07 * k) * rng.uniform(0.85, 1.15), 4) for k in keys}
        rng.shuffle(keys)
        seconds = {k: seconds[k] for k in keys}
        budget = round(rng.uniform(0.3, 1.1) * base, 4)
        cases.append((seconds, budget))
    for seconds, budget in cases:
        want = _freeze(seconds, budget)
        got = call("layers_to_freeze", fn, dict(seconds), budget)
        if not equal(got, want):
            raise CheckFailed(f"layers_to_freeze({seconds}, budget={budget}) returned {show(got)}, expected {want}")
    return len(cases)
