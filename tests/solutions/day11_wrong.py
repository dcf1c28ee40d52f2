"""Plausible wrong answers for days/day11.ipynb: each check must reject each of them, on every seed."""
import math


def clip_by_global_norm(grads: list[list[float]], max_norm: float) -> list[list[float]]:  # clips each tensor alone
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    out = []
    for g in grads:
        norm = math.sqrt(sum(v * v for v in g))
        out.append([v * (max_norm / norm if norm > max_norm else 1.0) for v in g])
    return out


def clip_by_global_norm__always(grads: list[list[float]], max_norm: float) -> list[list[float]]:  # rescales small ones up
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    norm = math.sqrt(sum(v * v for g in grads for v in g)) or 1.0
    return [[v * max_norm / norm for v in g] for g in grads]


def lr_at(step: int, max_lr: float, warmup_steps: int, total_steps: int) -> float:  # warmup starts at 0
    if step < 0 or warmup_steps < 0 or warmup_steps >= total_steps:
        raise ValueError("bad arguments")
    if step < warmup_steps:
        return max_lr * step / warmup_steps
    if step >= total_steps:
        return 0.0
    return max_lr * 0.5 * (1 + math.cos(math.pi * (step - warmup_steps) / (total_steps - warmup_steps)))


def lr_at__cosine_over_all(step: int, max_lr: float, warmup_steps: int, total_steps: int) -> float:  # forgets to subtract warmup
    if step < 0 or warmup_steps < 0 or warmup_steps >= total_steps:
        raise ValueError("bad arguments")
    if step < warmup_steps:
        return max_lr * (step + 1) / warmup_steps
    if step >= total_steps:
        return 0.0
    return max_lr * 0.5 * (1 + math.cos(math.pi * step / total_steps))


def best_epoch(history: list[dict[str, float]], monitor: str = "val_loss", mode: str = "min") -> int:  # the position
    if not history or mode not in ("min", "max") or any(monitor not in r for r in history):
        raise ValueError("bad input")
    values = [r[monitor] for r in history]
    return values.index(min(values) if mode == "min" else max(values))


def best_epoch__last_tie(history: list[dict[str, float]], monitor: str = "val_loss", mode: str = "min") -> int:  # latest of equals
    if not history or mode not in ("min", "max") or any(monitor not in r for r in history):
        raise ValueError("bad input")
    best = history[0]
    for row in history[1:]:
        if (row[monitor] <= best[monitor]) if mode == "min" else (row[monitor] >= best[monitor]):
            best = row
    return int(best["epoch"])
