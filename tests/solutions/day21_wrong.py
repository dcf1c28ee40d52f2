"""Plausible wrong answers for days/day21.ipynb: each check must reject each of them."""
import statistics
from typing import Any


def diagnose(train_loss: list[float], val_loss: list[float], target: float) -> str:  # compares with the FIRST val loss
    if val_loss[-1] > 1.05 * val_loss[0]:
        return "overfitting"
    return "underfitting" if train_loss[-1] > target else "fine"


def ablation_summary(runs: list[dict[str, Any]], key: str, metric: str) -> dict[Any, tuple[float, float, int]]:
    groups: dict[Any, list[float]] = {}  # population std (divides by n): too small a spread
    for r in runs:
        if metric in r:
            groups.setdefault(r[key], []).append(float(r[metric]))
    return {k: (statistics.fmean(v), statistics.pstdev(v), len(v)) for k, v in groups.items()}
