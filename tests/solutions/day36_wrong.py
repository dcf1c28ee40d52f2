"""Plausible wrong answers for days/day36.ipynb."""
import math


def absmax_int8(values: list[float]) -> tuple[list[int], float]:
    # the largest value, not the largest magnitude: a big negative weight overflows 127
    top = max(values)
    scale = top / 127 if top > 0 else 1.0
    return [max(-127, min(127, round(v / scale))) for v in values], scale


def absmax_int8__half_up(values: list[float]) -> tuple[list[int], float]:
    # rounds halves away from zero (int(x + 0.5)), not to the even integer
    top = max(abs(v) for v in values)
    scale = top / 127 if top > 0 else 1.0
    return [int(math.copysign(math.floor(abs(v / scale) + 0.5), v)) for v in values], scale


def quantized_bytes(n_params: int, bits: int, block_size: int | None, scale_bits: int = 32) -> int:
    # floors the number of blocks: the last, partial block gets no scale
    weights = math.ceil(n_params * bits / 8)
    if block_size is None:
        return weights
    return weights + n_params // block_size * scale_bits // 8


def quantized_bytes__no_scales(n_params: int, bits: int, block_size: int | None, scale_bits: int = 32) -> int:
    return math.ceil(n_params * bits / 8)


def pick_variant(rows: list[dict], budget_bytes: int) -> str | None:
    # a row exactly at the budget is treated as too big
    fits = [(r["error"], r["bytes"], i) for i, r in enumerate(rows) if r["bytes"] < budget_bytes]
    return rows[min(fits)[2]]["variant"] if fits else None


def pick_variant__smallest(rows: list[dict], budget_bytes: int) -> str | None:
    # the fewest bytes, whatever the error
    fits = [r for r in rows if r["bytes"] <= budget_bytes]
    return min(fits, key=lambda r: r["bytes"])["variant"] if fits else None
