"""Reference solutions for days/day19.ipynb (not shipped: tests prove each one passes its check)."""
import math


def lr_at(step: int, warmup_steps: int, total_steps: int, base_lr: float) -> float:
    if step < warmup_steps:
        return base_lr * (step + 1) / warmup_steps
    progress = min(1.0, (step - warmup_steps) / max(1, total_steps - warmup_steps))
    return base_lr * 0.5 * (1 + math.cos(math.pi * progress))


def smooth_targets(label: int, n_classes: int, eps: float) -> list[float]:
    if not 0 <= label < n_classes or not 0 <= eps < 1:
        raise ValueError("label must be in 0..n_classes - 1 and eps in [0, 1)")
    return [1 - eps + eps / n_classes if k == label else eps / n_classes for k in range(n_classes)]


def best_epoch(history: list[dict[str, float]], metric: str, mode: str) -> int:
    if not history or mode not in ("max", "min"):
        raise ValueError("history must be non-empty and mode 'max' or 'min'")
    values = [h[metric] for h in history]
    return values.index(max(values) if mode == "max" else min(values))
