"""Cheats for days/day14.ipynb: answers that fit the visible examples or ignore a stated rule.
Each check must reject each of them, on every seed."""
import statistics
from typing import Any

from torch.utils.data import DataLoader


def make_loader(dataset: Any, batch_size: int, seed: int) -> DataLoader:  # no shuffling: trivially repeatable
    return DataLoader(dataset, batch_size=batch_size, shuffle=False)


def varying_params(runs: list[dict[str, str]]) -> list[str]:  # compares the first two runs only
    if len(runs) < 2:
        return []
    a, b = runs[0], runs[1]
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


def real_improvement(baseline: list[float], candidate: list[float]) -> bool:  # the first seed of each side only
    if len(baseline) < 2 or len(candidate) < 2:
        raise ValueError("need two seeds per side")
    return baseline[0] - candidate[0] > 2 * max(statistics.stdev(baseline[:2]), statistics.stdev(candidate[:2]))
