"""Cheats for days/day10.ipynb: answers that fit the visible examples or ignore a stated rule.
Each check must reject each of them, on every seed."""
from pathlib import Path


def balanced_split(labels: list[int], val_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    # an order-preserving stand-in for a random choice: the seed only moves where a slice of each class starts
    train, val = [], []
    for label in sorted(set(labels)):
        idx = [i for i, y in enumerate(labels) if y == label]
        k = round(len(idx) * val_fraction)
        start = seed % len(idx)
        chosen = (idx + idx)[start:start + k]
        val += chosen
        train += [i for i in idx if i not in chosen]
    return sorted(train), sorted(val)


def pick_workers(table: dict[int, float], tolerance: float = 0.05) -> int:
    return min(table)  # what the table measured on 2 cores showed: zero workers


def corrupt_files(folder: Path, expected: dict[str, str]) -> list[str]:
    # compares sizes, which catches a truncated file and nothing else
    return sorted(rel for rel in expected if not (Path(folder) / rel).is_file() or (Path(folder) / rel).stat().st_size == 0)
