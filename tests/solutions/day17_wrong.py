"""Plausible wrong answers for days/day17.ipynb: each check must reject each of them, on every seed."""
import math


def pixel_stats(images: list[list[list[int]]]) -> tuple[list[float], list[float]]:  # averages per-image statistics
    means, stds = [], []
    for c in range(len(images[0])):
        ms, ss = [], []
        for image in images:
            values = [v / 255 for v in image[c]]
            m = sum(values) / len(values)
            ms.append(m)
            ss.append(math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1)))
        means.append(sum(ms) / len(ms))
        stds.append(sum(ss) / len(ss))
    return means, stds


def pixel_stats__population(images: list[list[list[int]]]) -> tuple[list[float], list[float]]:  # divides by n
    means, stds = [], []
    for c in range(len(images[0])):
        values = [v / 255 for image in images for v in image[c]]
        m = sum(values) / len(values)
        means.append(m)
        stds.append(math.sqrt(sum((v - m) ** 2 for v in values) / len(values)))
    return means, stds


def imbalance_ratio(labels: list[int], n_classes: int) -> float:  # only counts the classes it sees
    if not labels or n_classes < 1 or any(not 0 <= y < n_classes for y in labels):
        raise ValueError("bad input")
    counts = [labels.count(c) for c in set(labels)]
    return max(counts) / min(counts)


def pick_magnitude(changes: dict[int, float], max_change: float) -> int:  # stops at the first one too strong
    best = None
    for m in sorted(changes):
        if changes[m] > max_change:
            break
        best = m
    if best is None:
        raise ValueError("none")
    return best


def pick_magnitude__strict(changes: dict[int, float], max_change: float) -> int:  # < instead of <=
    ok = [m for m, c in changes.items() if c < max_change]
    if not ok:
        raise ValueError("none")
    return max(ok)
