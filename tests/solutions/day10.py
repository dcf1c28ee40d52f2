"""Reference solutions for days/day10.ipynb (`name__variant`: another answer the statement allows)."""
import hashlib
import random
from pathlib import Path


def balanced_split(labels: list[int], val_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    rng = random.Random(seed)
    by_class: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        by_class.setdefault(label, []).append(i)
    train, val = [], []
    for label in sorted(by_class):
        idx = by_class[label]
        rng.shuffle(idx)
        k = round(len(idx) * val_fraction)
        val += idx[:k]
        train += idx[k:]
    return sorted(train), sorted(val)


def balanced_split__sample(labels: list[int], val_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    rng = random.Random(seed)
    val: set[int] = set()
    for label in set(labels):
        idx = [i for i, y in enumerate(labels) if y == label]
        val.update(rng.sample(idx, round(len(idx) * val_fraction)))
    return sorted(set(range(len(labels))) - val), sorted(val)


def balanced_split__library(labels: list[int], val_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    from aicourse.data import balanced_split as split  # the lesson's function does exactly this

    return split(labels, val_fraction, seed)


def pick_workers(table: dict[int, float], tolerance: float = 0.05) -> int:
    best = max(table.values())
    return min(w for w, speed in table.items() if speed >= best * (1 - tolerance))


def pick_workers__sorted(table: dict[int, float], tolerance: float = 0.05) -> int:
    best = max(table.values())
    for workers in sorted(table):
        if table[workers] >= best - best * tolerance:
            return workers
    raise AssertionError("unreachable: the best setting is always within the tolerance")


def corrupt_files(folder: Path, expected: dict[str, str]) -> list[str]:
    bad = []
    for rel, digest in expected.items():
        path = Path(folder) / rel
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            bad.append(rel)
    return sorted(bad)


def corrupt_files__library(folder: Path, expected: dict[str, str]) -> list[str]:
    from aicourse.data import sha256_file

    return sorted(rel for rel, digest in expected.items()
                  if not (Path(folder) / rel).is_file() or sha256_file(Path(folder) / rel) != digest)
