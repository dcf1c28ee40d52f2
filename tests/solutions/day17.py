"""Reference solutions for days/day17.ipynb (not shipped: tests prove each one passes its check)."""
import math
from collections import Counter


def pixel_stats(images: list[list[list[int]]]) -> tuple[list[float], list[float]]:
    means, stds = [], []
    for c in range(len(images[0])):
        values = [v / 255 for image in images for v in image[c]]
        mean = sum(values) / len(values)
        means.append(mean)
        stds.append(math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1)))
    return means, stds


def pixel_stats__torch(images: list[list[list[int]]]) -> tuple[list[float], list[float]]:
    import torch
    x = torch.tensor(images, dtype=torch.float64) / 255  # (N, C, P)
    x = x.transpose(0, 1).reshape(x.shape[1], -1)
    return x.mean(1).tolist(), x.std(1).tolist()


def imbalance_ratio(labels: list[int], n_classes: int) -> float:
    if not labels or n_classes < 1:
        raise ValueError("need labels and n_classes >= 1")
    if any(not 0 <= y < n_classes for y in labels):
        raise ValueError("a label is out of range")
    counts = Counter(labels)
    smallest = min(counts.get(c, 0) for c in range(n_classes))
    return float("inf") if smallest == 0 else max(counts.values()) / smallest


def pick_magnitude(changes: dict[int, float], max_change: float) -> int:
    ok = [m for m, c in changes.items() if c <= max_change]
    if not ok:
        raise ValueError("no magnitude changes the images little enough")
    return max(ok)
