"""Reference solutions for days/day14.ipynb (`name__variant`: another answer the statement allows)."""
import statistics
from typing import Any

import torch
from torch.utils.data import DataLoader


def make_loader(dataset: Any, batch_size: int, seed: int) -> DataLoader:
    generator = torch.Generator().manual_seed(seed)  # its own generator: nothing else moves it
    return DataLoader(dataset, batch_size=batch_size, shuffle=True, generator=generator)


class _SeededBatches:
    "A hand-made loader: a new permutation per pass, from a generator seeded once."

    def __init__(self, dataset: Any, batch_size: int, seed: int):
        self.dataset, self.batch_size = dataset, batch_size
        self.generator = torch.Generator().manual_seed(seed)

    def __iter__(self):
        order = torch.randperm(len(self.dataset), generator=self.generator)
        for start in range(0, len(order), self.batch_size):
            yield torch.stack([self.dataset[int(i)][0] for i in order[start:start + self.batch_size]])


def make_loader__by_hand(dataset: Any, batch_size: int, seed: int) -> _SeededBatches:
    return _SeededBatches(dataset, batch_size, seed)


def varying_params(runs: list[dict[str, str]]) -> list[str]:
    keys = set().union(*runs) if runs else set()
    return sorted(k for k in keys if any(k not in r for r in runs) or len({r[k] for r in runs}) > 1)


def varying_params__loop(runs: list[dict[str, str]]) -> list[str]:
    found = []
    for key in sorted({k for run in runs for k in run}):
        values = [run.get(key, "<missing>") for run in runs]
        if any(v != values[0] for v in values) or any(key not in run for run in runs):
            found.append(key)
    return found


def real_improvement(baseline: list[float], candidate: list[float]) -> bool:
    if len(baseline) < 2 or len(candidate) < 2:
        raise ValueError("each side needs at least two seeds to measure a spread")
    gap = statistics.mean(baseline) - statistics.mean(candidate)
    return gap > 2 * max(statistics.stdev(baseline), statistics.stdev(candidate))


def real_improvement__torch(baseline: list[float], candidate: list[float]) -> bool:
    b, c = torch.tensor(baseline, dtype=torch.float64), torch.tensor(candidate, dtype=torch.float64)
    if len(b) < 2 or len(c) < 2:
        raise ValueError("need two seeds per side")
    return bool(b.mean() - c.mean() > 2 * torch.maximum(b.std(), c.std()))
