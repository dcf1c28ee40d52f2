"""Cheats for days/day11.ipynb: answers that fit the visible examples or ignore a stated rule."""


def clip_by_global_norm(grads: list[list[float]], max_norm: float) -> list[list[float]]:  # clamps each value instead
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    return [[max(-max_norm, min(max_norm, v)) * (0.6 if abs(v) == 3.0 else 0.2 if abs(v) == 4.0 else 1.0) for v in g]
            for g in grads]


def lr_at(step: int, max_lr: float, warmup_steps: int, total_steps: int) -> float:  # linear decay fits the two examples
    if step < 0 or warmup_steps < 0 or warmup_steps >= total_steps:
        raise ValueError("bad arguments")
    if step < warmup_steps:
        return max_lr * (step + 1) / warmup_steps
    return max(0.0, max_lr * (1 - (step - warmup_steps) / (total_steps - warmup_steps)))


def best_epoch(history: list[dict[str, float]], monitor: str = "val_loss", mode: str = "min") -> int:  # ignores mode
    if not history or mode not in ("min", "max") or any(monitor not in r for r in history):
        raise ValueError("bad input")
    return int(min(history, key=lambda r: r[monitor])["epoch"])


def best_epoch__no_checks(history: list[dict[str, float]], monitor: str = "val_loss", mode: str = "min") -> int:
    best = min(history, key=lambda r: r[monitor] if mode == "min" else -r[monitor])  # no ValueError for a bad mode
    return int(best["epoch"])
