"""Reference solutions for days/day11.ipynb (not shipped: tests prove each one passes its check)."""
import math


def clip_by_global_norm(grads: list[list[float]], max_norm: float) -> list[list[float]]:
    if max_norm <= 0:
        raise ValueError(f"max_norm must be positive, got {max_norm}")
    norm = math.sqrt(sum(v * v for g in grads for v in g))
    scale = max_norm / norm if norm > max_norm else 1.0
    return [[v * scale for v in g] for g in grads]


def clip_by_global_norm__torch_eps(grads: list[list[float]], max_norm: float) -> list[list[float]]:  # torch's 1e-6
    if not max_norm > 0:
        raise ValueError("max_norm must be positive")
    norm = math.hypot(*(v for g in grads for v in g)) if any(grads) else 0.0
    coef = min(1.0, max_norm / (norm + 1e-6))
    return [[v * coef for v in g] for g in grads]


def lr_at(step: int, max_lr: float, warmup_steps: int, total_steps: int) -> float:
    if step < 0 or warmup_steps < 0 or warmup_steps >= total_steps:
        raise ValueError("need 0 <= step and 0 <= warmup_steps < total_steps")
    if step < warmup_steps:
        return max_lr * (step + 1) / warmup_steps
    if step >= total_steps:
        return 0.0
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return max_lr * 0.5 * (1 + math.cos(math.pi * progress))


def best_epoch(history: list[dict[str, float]], monitor: str = "val_loss", mode: str = "min") -> int:
    if not history:
        raise ValueError("empty history")
    if mode not in ("min", "max"):
        raise ValueError(f"mode is 'min' or 'max', got {mode!r}")
    if any(monitor not in row for row in history):
        raise ValueError(f"a row has no {monitor!r}")
    best = min(history, key=lambda row: row[monitor] if mode == "min" else -row[monitor])
    return int(best["epoch"])
