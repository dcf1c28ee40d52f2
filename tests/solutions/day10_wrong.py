"""Plausible wrong answers for days/day10.ipynb: each check must reject each of them, on every seed."""
import hashlib
import random
from pathlib import Path


def balanced_split(labels: list[int], val_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    # one shuffle of everything: the share of each class in val drifts from round(n * val_fraction)
    idx = list(range(len(labels)))
    random.Random(seed).shuffle(idx)
    k = round(len(idx) * val_fraction)
    return sorted(idx[k:]), sorted(idx[:k])


def balanced_split__global_random(labels: list[int], val_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    # per class, but from the global generator: the seed is ignored, so two calls differ
    train, val = [], []
    for label in sorted(set(labels)):
        idx = [i for i, y in enumerate(labels) if y == label]
        random.shuffle(idx)
        k = round(len(idx) * val_fraction)
        val += idx[:k]
        train += idx[k:]
    return sorted(train), sorted(val)


def balanced_split__ceil(labels: list[int], val_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    import math  # at least one of each class in val: not what the statement asks

    rng = random.Random(seed)
    train, val = [], []
    for label in sorted(set(labels)):
        idx = [i for i, y in enumerate(labels) if y == label]
        rng.shuffle(idx)
        k = math.ceil(len(idx) * val_fraction)
        val += idx[:k]
        train += idx[k:]
    return sorted(train), sorted(val)


def pick_workers(table: dict[int, float], tolerance: float = 0.05) -> int:
    return max(table, key=table.get)  # the fastest, ignoring that fewer workers are nearly as fast


def pick_workers__strict(table: dict[int, float], tolerance: float = 0.05) -> int:
    best = max(table.values())  # "within" read as strictly greater: the exact boundary is lost
    return min(w for w, s in table.items() if s > best * (1 - tolerance) or s == best)


def pick_workers__first_key(table: dict[int, float], tolerance: float = 0.05) -> int:
    best = max(table.values())  # the first in the dict's order, not the smallest number of workers
    return next(w for w, s in table.items() if s >= best * (1 - tolerance))


def corrupt_files(folder: Path, expected: dict[str, str]) -> list[str]:
    # missing files only: a file with the wrong bytes passes
    return sorted(rel for rel in expected if not (Path(folder) / rel).is_file())


def corrupt_files__crashes_on_missing(folder: Path, expected: dict[str, str]) -> list[str]:
    return sorted(rel for rel, digest in expected.items()
                  if hashlib.sha256((Path(folder) / rel).read_bytes()).hexdigest() != digest)
