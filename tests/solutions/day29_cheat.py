"""Cheats for days/day29.ipynb: answers that fit the visible examples or ignore a stated rule."""
import math


def hotspot(rows: list[tuple[str, float]]) -> tuple[str, float]:  # the workbook's example lists the hotspot first
    if not rows:
        raise ValueError("empty")
    op = rows[0][0]
    return op, sum(ms for o, ms in rows if o == op) / sum(ms for _, ms in rows)


def loader_advice(data_ms: float, compute_ms: float, decodes_files: bool, free_cores: int,
                  threshold: float = 0.2) -> str:  # the answer of the measured JPEG loader, always
    if data_ms < 0 or compute_ms < 0 or data_ms + compute_ms == 0:
        raise ValueError("bad times")
    return "cache"


def amdahl_speedup(p: float, s: float) -> float:  # ignores the stated ValueError and infinite cases
    return 1 / ((1 - p) + p / s) if (1 - p) + p / s else 1e300


def break_even_steps(compile_s: float, eager_ms: float, compiled_ms: float) -> int | float:  # never says never
    if min(compile_s, eager_ms, compiled_ms) < 0:
        raise ValueError("negative")
    gain = max(eager_ms - compiled_ms, 1e-9)
    return math.ceil(compile_s * 1000 / gain)
