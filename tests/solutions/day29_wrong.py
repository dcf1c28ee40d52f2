"""Plausible wrong answers for days/day29.ipynb: each check must reject each of them, on every seed."""
import math


def hotspot(rows: list[tuple[str, float]]) -> tuple[str, float]:  # the slowest single row, repeats not summed
    if not rows:
        raise ValueError("empty")
    op, ms = max(rows, key=lambda r: r[1])
    return op, ms / sum(m for _, m in rows)


def loader_advice(data_ms: float, compute_ms: float, decodes_files: bool, free_cores: int,
                  threshold: float = 0.2) -> str:  # data / compute instead of the share of the step
    if data_ms < 0 or compute_ms < 0 or data_ms + compute_ms == 0:
        raise ValueError("bad times")
    if compute_ms > 0 and data_ms / compute_ms <= threshold:
        return "model"
    if decodes_files:
        return "cache"
    return "workers" if free_cores >= 2 else "batch"


def loader_advice__workers_first(data_ms: float, compute_ms: float, decodes_files: bool, free_cores: int,
                                 threshold: float = 0.2) -> str:  # more workers before decoding once
    if data_ms < 0 or compute_ms < 0 or data_ms + compute_ms == 0:
        raise ValueError("bad times")
    if data_ms / (data_ms + compute_ms) <= threshold:
        return "model"
    if free_cores >= 2:
        return "workers"
    return "cache" if decodes_files else "batch"


def amdahl_speedup(p: float, s: float) -> float:  # averages the speeds instead of the times
    if not 0 <= p <= 1 or s <= 0:
        raise ValueError("bad arguments")
    return (1 - p) + p * s


def break_even_steps(compile_s: float, eager_ms: float, compiled_ms: float) -> int | float:  # rounds down
    if min(compile_s, eager_ms, compiled_ms) < 0:
        raise ValueError("negative")
    gain = eager_ms - compiled_ms
    if compile_s == 0:
        return 0
    return math.inf if gain <= 0 else math.floor(compile_s * 1000 / gain)
