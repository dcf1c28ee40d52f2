"""Plausible wrong answers for days/day19.ipynb."""
import math


def lr_at(step: int, warmup_steps: int, total_steps: int, base_lr: float) -> float:  # cosine over ALL steps
    if step < warmup_steps:
        return base_lr * (step + 1) / warmup_steps
    return base_lr * 0.5 * (1 + math.cos(math.pi * min(1.0, step / max(1, total_steps))))


def smooth_targets(label: int, n_classes: int, eps: float) -> list[float]:  # forgets eps / K on the true class
    if not 0 <= label < n_classes or not 0 <= eps < 1:
        raise ValueError("bad")
    return [1 - eps if k == label else eps / n_classes for k in range(n_classes)]


def best_epoch(history: list[dict[str, float]], metric: str, mode: str) -> int:  # latest on ties
    if not history or mode not in ("max", "min"):
        raise ValueError("bad")
    values = [h[metric] for h in history]
    best = max(values) if mode == "max" else min(values)
    return len(values) - 1 - values[::-1].index(best)
