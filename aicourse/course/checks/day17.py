"""Checks for days/day17.ipynb: per-channel statistics, the imbalance ratio of a split, choosing RandAugment's magnitude."""
from __future__ import annotations

import math
import random
from collections.abc import Callable

from aicourse.course.checks import CheckFailed, call, exercise, raised, show


def _stats(images: list[list[list[int]]]) -> tuple[list[float], list[float]]:
    means, stds = [], []
    for c in range(len(images[0])):
        values = [v / 255 for img in images for v in img[c]]
        m = sum(values) / len(values)
        means.append(m)
        stds.append(math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1)))
    return means, stds


def _floats(got: object, want: list[float]) -> bool:
    return (isinstance(got, (list, tuple)) and len(got) == len(want)
            and all(isinstance(a, (int, float)) and not isinstance(a, bool) and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)
                    for a, b in zip(got, want, strict=True)))


@exercise("day17.pixel_stats",
          question="Do you pool the pixels of ALL images per channel (not average per-image statistics), "
                   "scale by 255, and divide the squared deviations by n - 1?",
          recipe="for each channel c: values = [v / 255 for img in images for v in img[c]]; m = mean(values); "
                 "std = sqrt(sum((v - m)**2) / (len(values) - 1)); return (means, stds)")
def check_pixel_stats(fn: Callable, rng: random.Random) -> int:
    cases = [[[[0, 255]], [[255, 255]]], [[[10, 20, 30], [0, 0, 255]]], [[[0, 0]], [[255, 255]]],
             [[[0, 50], [200, 255], [7, 7]], [[255, 255], [0, 0], [100, 250]], [[3, 4], [5, 6], [90, 91]]]]
    for _ in range(10):
        n, c, p = rng.randint(1, 6), rng.randint(1, 4), rng.randint(2, 9)
        lo = [rng.randint(0, 200) for _ in range(n)]  # images of different brightness: per-image std differs
        cases.append([[[rng.randint(lo[i], min(255, lo[i] + rng.randint(1, 80))) for _ in range(p)] for _ in range(c)]
                      for i in range(n)])
    for images in cases:
        got = call("pixel_stats", fn, [[list(ch) for ch in img] for img in images])
        want = _stats(images)
        ok = isinstance(got, tuple) and len(got) == 2 and _floats(got[0], want[0]) and _floats(got[1], want[1])
        if not ok:
            text = show(images) if len(images) <= 3 else f"{len(images)} images of {len(images[0])} channels"
            raise CheckFailed(f"pixel_stats({text}) returned {show(got)}, expected "
                              f"({[round(m, 6) for m in want[0]]}, {[round(s, 6) for s in want[1]]})")
    return len(cases)


def _ratio(labels: list[int], n: int) -> float:
    counts = [0] * n
    for y in labels:
        counts[y] += 1
    return float("inf") if min(counts) == 0 else max(counts) / min(counts)


@exercise("day17.imbalance_ratio",
          question="Do you count every class from 0 to n_classes - 1, including classes that never occur?",
          recipe="validate; counts = [0] * n_classes; count each label; "
                 "return inf if min(counts) == 0 else max(counts) / min(counts)")
def check_imbalance_ratio(fn: Callable, rng: random.Random) -> int:
    cases = [([0, 0, 1, 2], 3), ([0, 1], 3), ([0], 1), ([1, 1, 0], 2), ([0, 1, 2, 3] * 5, 4), ([2, 2, 2], 3),
             ([0, 0, 0, 1, 1, 1, 2], 3)]
    for _ in range(12):
        n = rng.randint(1, 10)
        labels = [rng.randrange(n) for _ in range(rng.randint(1, 60))]
        if rng.random() < 0.5:
            labels = [y for y in range(n) for _ in range(rng.randint(1, 6))]
            rng.shuffle(labels)
        cases.append((labels, n))
    for labels, n in cases:
        got = call("imbalance_ratio", fn, list(labels), n)
        want = _ratio(labels, n)
        if not (isinstance(got, (int, float)) and not isinstance(got, bool)
                and (got == want if math.isinf(want) else math.isclose(got, want, rel_tol=1e-9))):
            raise CheckFailed(f"imbalance_ratio({show(labels)}, {n}) returned {show(got)}, expected {want}")
    bad = [([], 3), ([0, 1], 0), ([0, 3], 3), ([0, -1], 2), ([rng.randint(5, 9)], 5)]
    for labels, n in bad:
        error = raised(fn, list(labels), n)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"imbalance_ratio({show(labels)}, {n}) should raise ValueError; it "
                              f"{'returned a value' if error is None else 'raised ' + type(error).__name__}",
                              "Which inputs does the statement call invalid?")
    return len(cases) + len(bad)


def _pick(changes: dict[int, float], max_change: float) -> int:
    return max(m for m, c in changes.items() if c <= max_change)


@exercise("day17.pick_magnitude",
          question="Do you look at EVERY magnitude (the changes need not grow with it) and keep the largest one "
                   "whose change is at most max_change?",
          recipe="ok = [m for m, c in changes.items() if c <= max_change]; raise ValueError if not ok; return max(ok)")
def check_pick_magnitude(fn: Callable, rng: random.Random) -> int:
    cases = [({0: 0.0, 5: 0.08, 10: 0.15}, 0.1), ({0: 0.0, 5: 0.1, 10: 0.15}, 0.1), ({3: 0.05}, 0.05),
             ({0: 0.0, 9: 0.06, 6: 0.12, 12: 0.2}, 0.1),  # not monotonic, and not sorted
             ({20: 0.01, 0: 0.0, 10: 0.3}, 0.1), ({1: 0.2, 2: 0.09, 3: 0.3, 4: 0.08, 5: 0.5}, 0.1)]
    for _ in range(12):
        keys = rng.sample(range(0, 31), rng.randint(2, 8))
        changes = {m: round(rng.uniform(0, 0.3), 3) for m in keys}
        threshold = rng.choice(list(changes.values()))
        if rng.random() < 0.5:
            threshold = round(threshold + rng.uniform(0, 0.05), 3)
        cases.append((changes, threshold))
    for changes, threshold in cases:
        got = call("pick_magnitude", fn, dict(changes), threshold)
        want = _pick(changes, threshold)
        if got != want or isinstance(got, bool):
            raise CheckFailed(f"pick_magnitude({show(changes)}, {threshold}) returned {show(got)}, expected {want}")
    bad = [({}, 0.1), ({0: 0.2, 5: 0.3}, 0.1), ({rng.randint(0, 30): rng.uniform(0.5, 1)}, rng.uniform(0, 0.4))]
    for changes, threshold in bad:
        error = raised(fn, dict(changes), threshold)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"pick_magnitude({show(changes)}, {threshold:g}) should raise ValueError; it "
                              f"{'returned a value' if error is None else 'raised ' + type(error).__name__}",
                              "What should happen when no magnitude is gentle enough?")
    return len(cases) + len(bad)
