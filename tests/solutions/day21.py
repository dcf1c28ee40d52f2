"""Reference solutions for days/day21.ipynb."""
import statistics
from typing import Any


def diagnose(train_loss: list[float], val_loss: list[float], target: float) -> str:
    if val_loss[-1] > 1.05 * min(val_loss):
        return "overfitting"
    return "underfitting" if train_loss[-1] > target else "fine"


def ablation_summary(runs: list[dict[str, Any]], key: str, metric: str) -> dict[Any, tuple[float, float, int]]:
    groups: dict[Any, list[float]] = {}
    for r in runs:
        if metric in r:
            groups.setdefault(r[key], []).append(float(r[metric]))
    return {k: (statistics.fmean(v), statistics.stdev(v) if len(v) > 1 else 0.0, len(v)) for k, v in groups.items()}
