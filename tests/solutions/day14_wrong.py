"""Plausible wrong answers for days/day14.ipynb: each check must reject each of them, on every seed."""
import statistics
from typing import Any

import torch
from torch.utils.data import DataLoader


def make_loader(dataset: Any, batch_size: int, seed: int) -> DataLoader:  # seeds the global generator, too early
    torch.manual_seed(seed)
    return DataLoader(dataset, batch_size=batch_size, shuffle=True)


class _SameEveryEpoch:
    def __init__(self, dataset: Any, batch_size: int, seed: int):
        self.dataset, self.batch_size, self.seed = dataset, batch_size, seed

    def __iter__(self):  # re-seeds on every pass: every epoch has the same order
        return iter(DataLoader(self.dataset, batch_size=self.batch_size, shuffle=True,
                               generator=torch.Generator().manual_seed(self.seed)))


def make_loader__same_every_epoch(dataset: Any, batch_size: int, seed: int) -> _SameEveryEpoch:
    return _SameEveryEpoch(dataset, batch_size, seed)


def make_loader__drop_last(dataset: Any, batch_size: int, seed: int) -> DataLoader:  # loses the last batch
    return DataLoader(dataset, batch_size=batch_size, shuffle=True, drop_last=True,
                      generator=torch.Generator().manual_seed(seed))


def varying_params(runs: list[dict[str, str]]) -> list[str]:  # only the first run's keys, and missing == same
    if not runs:
        return []
    return sorted(k for k in runs[0] if len({r.get(k, runs[0][k]) for r in runs}) > 1)


def varying_params__numbers(runs: list[dict[str, str]]) -> list[str]:  # "0.1" and "0.10" as equal numbers
    def value(text: str) -> Any:
        try:
            return float(text)
        except ValueError:
            return text
    keys = sorted(set().union(*runs)) if runs else []
    return [k for k in keys if any(k not in r for r in runs) or len({value(r[k]) for r in runs}) > 1]


def real_improvement(baseline: list[float], candidate: list[float]) -> bool:  # population std (divides by n)
    if len(baseline) < 2 or len(candidate) < 2:
        raise ValueError("need two seeds per side")
    gap = statistics.mean(baseline) - statistics.mean(candidate)
    return gap > 2 * max(statistics.pstdev(baseline), statistics.pstdev(candidate))


def real_improvement__means_only(baseline: list[float], candidate: list[float]) -> bool:
    if len(baseline) < 2 or len(candidate) < 2:
        raise ValueError("need two seeds per side")
    return statistics.mean(candidate) < statistics.mean(baseline)


def real_improvement__either_way(baseline: list[float], candidate: list[float]) -> bool:  # a gap in any direction
    if len(baseline) < 2 or len(candidate) < 2:
        raise ValueError("need two seeds per side")
    gap = abs(statistics.mean(baseline) - statistics.mean(candidate))
    return gap > 2 * max(statistics.stdev(baseline), statistics.stdev(candidate))
