"""Cheats for days/day21.ipynb: answers that fit the visible examples or ignore a stated rule."""
import statistics
from typing import Any


def diagnose(train_loss: list[float], val_loss: list[float], target: float) -> str:  # only the last two epochs
    if val_loss[-1] > val_loss[-2]:
        return "overfitting"
    return "underfitting" if train_loss[-1] > target else "fine"


def ablation_summary(runs: list[dict[str, Any]], key: str, metric: str) -> dict[Any, tuple[float, float, int]]:
    groups: dict[Any, list[float]] = {}  # the workbook's example has every metric: ignores the rule to skip runs
    for r in runs:
        groups.setdefault(r[key], []).append(float(r.get(metric, 0.0)))
    return {k: (statistics.fmean(v), statistics.stdev(v) if len(v) > 1 else 0.0, len(v)) for k, v in groups.items()}
