"""Reference solutions for days/day29.ipynb (not shipped: tests prove each one passes its check)."""
import math
from collections import Counter


def hotspot(rows: list[tuple[str, float]]) -> tuple[str, float]:
    if not rows:
        raise ValueError("an empty profile has no hotspot")
    totals: dict[str, float] = {}
    for op, ms in rows:
        totals[op] = totals.get(op, 0.0) + ms
    top = max(totals, key=totals.get)
    return top, totals[top] / sum(totals.values())


def hotspot__counter(rows: list[tuple[str, float]]) -> tuple[str, float]:  # another correct way
    if len(rows) == 0:
        raise ValueError("no rows")
    totals = Counter()
    for op, ms in rows:
        totals[op] += ms
    (top, ms), = totals.most_common(1)
    return top, ms / sum(ms for _, ms in rows)


def loader_advice(data_ms: float, compute_ms: float, decodes_files: bool, free_cores: int,
                  threshold: float = 0.2) -> str:
    if data_ms < 0 or compute_ms < 0 or data_ms + compute_ms == 0:
        raise ValueError("times are non-negative and a step takes some time")
    if data_ms / (data_ms + compute_ms) <= threshold:
        return "model"
    if decodes_files:
        return "cache"
    return "workers" if free_cores >= 2 else "batch"


def amdahl_speedup(p: float, s: float) -> float:
    if not 0 <= p <= 1 or not s > 0:
        raise ValueError("p is a share in [0, 1] and s a positive factor")
    rest = (1 - p) + p / s
    return math.inf if rest == 0 else 1 / rest


def break_even_steps(compile_s: float, eager_ms: float, compiled_ms: float) -> int | float:
    if min(compile_s, eager_ms, compiled_ms) < 0:
        raise ValueError("times cannot be negative")
    if compile_s == 0:
        return 0
    gain = eager_ms - compiled_ms
    return math.inf if gain <= 0 else math.ceil(compile_s * 1000 / gain)


def break_even_steps__seconds(compile_s: float, eager_ms: float, compiled_ms: float) -> int | float:  # in seconds
    if compile_s < 0 or eager_ms < 0 or compiled_ms < 0:
        raise ValueError("negative time")
    gain_s = (eager_ms - compiled_ms) / 1000
    if compile_s == 0:
        return 0
    return float("inf") if gain_s <= 0 else math.ceil(compile_s / gain_s)
