"""Cheats for days/day19.ipynb: answers that fit the visible examples or ignore a stated rule."""
import math


def lr_at(step: int, warmup_steps: int, total_steps: int, base_lr: float) -> float:  # no warmup at all
    return base_lr * 0.5 * (1 + math.cos(math.pi * min(1.0, step / max(1, total_steps))))


def smooth_targets(label: int, n_classes: int, eps: float) -> list[float]:  # never validates
    return [1 - eps + eps / n_classes if k == label else eps / n_classes for k in range(n_classes)]


def best_epoch(history: list[dict[str, float]], metric: str, mode: str) -> int:  # always max accuracy
    if not history or mode not in ("max", "min"):
        raise ValueError("bad")
    values = [h.get("accuracy", 0.0) for h in history]
    return values.index(max(values))
