"""Checks for days/day36.ipynb: absmax INT8 by hand, the bytes of a quantized model with its scales, and choosing
a variant from measured memory and error under a memory budget."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, show


def _absmax_reference(values: list[float]) -> tuple[list[int], float]:
    top = max(abs(v) for v in values)
    scale = top / 127 if top > 0 else 1.0
    return [round(v / scale) for v in values], scale


def _random_values(rng: random.Random) -> list[float]:
    n = rng.randint(1, 30)
    spread = 10 ** rng.uniform(-3, 2)
    values = [rng.gauss(0, spread) for _ in range(n)]
    kind = rng.random()
    if kind < 0.3:  # the largest magnitude is negative
        values[rng.randrange(n)] = -abs(spread) * rng.uniform(5, 50)
    elif kind < 0.5:  # one large positive outlier
        values[rng.randrange(n)] = abs(spread) * rng.uniform(5, 50)
    elif kind < 0.6:
        values = [-abs(v) for v in values]
    top = max(abs(v) for v in values)
    if any(abs(abs(v) * 127 / top % 1 - 0.5) < 1e-4 for v in values):  # near a half: float32 answers may differ
        return _random_values(rng)
    return values


def _as_ints(name: str, got: Any, n: int) -> list[int]:
    if not isinstance(got, (list, tuple)) or len(got) != n:
        raise CheckFailed(f"{name} returned {show(got)} as the integers: return a list of {n} ints")
    out = []
    for v in got:
        try:
            as_float = float(v)
        except (TypeError, ValueError):
            raise CheckFailed(f"{name} returned {show(got)}: the integers are not numbers") from None
        if isinstance(v, bool) or not as_float.is_integer():
            raise CheckFailed(f"{name} returned {show(got)}: the quantized values must be whole numbers (rounded)")
        out.append(int(as_float))
    return out


@exercise("day36.absmax_int8",
          question="Is your scale the largest ABSOLUTE value divided by 127 (a negative value can be the largest), "
                   "do you round v / scale with round-half-to-even (Python's round, or torch.round), and does an "
                   "all-zero list give the scale 1.0?",
          recipe="top = max(abs(v) for v in values); scale = top / 127 if top > 0 else 1.0; "
                 "return [round(v / scale) for v in values], scale")
def check_absmax_int8(absmax_int8: Callable[[list[float]], Any], rng: random.Random) -> int:
    cases: list[list[float]] = [
        [0.5, -1.27, 0.013, 0.0, 1.0],  # the workbook's example
        [127.0, 2.5, -0.5, 1.5, -3.5],  # scale 1.0: exact halves round to the even integer
        [-2.54, 1.0, 0.25],  # the largest magnitude is negative
        [0.0, 0.0, 0.0],  # all zero: scale 1.0, integers 0
        [3.0],
    ]
    cases += [_random_values(rng) for _ in range(30)]
    for values in cases:
        got = call("absmax_int8", absmax_int8, list(values))
        want_q, want_scale = _absmax_reference(values)
        if not isinstance(got, (list, tuple)) or len(got) != 2:
            raise CheckFailed(f"absmax_int8({show(values)}) returned {show(got)}: return a pair (integers, scale)")
        q = _as_ints("absmax_int8", got[0], len(values))
        try:
            scale = float(got[1])
        except (TypeError, ValueError):
            raise CheckFailed(f"absmax_int8({show(values)}) returned the scale {show(got[1])}: return a float") from None
        if not math.isclose(scale, want_scale, rel_tol=1e-6):  # float32 (torch) answers are fine
            raise CheckFailed(f"absmax_int8({show(values)}) returned the scale {scale!r}, expected {want_scale!r}")
        if q != want_q:
            raise CheckFailed(f"absmax_int8({show(values)}) returned the integers {show(q)}, expected {show(want_q)}")
    return len(cases)


def _bytes_reference(n_params: int, bits: int, block_size: int | None, scale_bits: int) -> int:
    weights = math.ceil(n_params * bits / 8)
    if block_size is None:
        return weights
    return weights + math.ceil(n_params / block_size) * scale_bits // 8


@exercise("day36.quantized_bytes",
          question="Do you round the weights' bytes UP (n_params * bits / 8 may not be whole), count the blocks with "
                   "a ceiling (a last, partial block still needs its scale), and add no scales when block_size is None?",
          recipe="weights = math.ceil(n_params * bits / 8); if block_size is None: return weights; "
                 "return weights + math.ceil(n_params / block_size) * scale_bits // 8")
def check_quantized_bytes(quantized_bytes: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[int, int, int | None, int]] = [
        (1_000_000, 4, 64, 32),  # the workbook's example
        (1_000_000, 32, None, 32),  # float32: no scales
        (100, 4, 64, 32),  # 2 blocks: the second one holds 36 weights
        (3, 4, None, 32),  # 12 bits: 2 bytes
        (7, 3, 4, 16),
        (1, 8, 4096, 32),
        (6_738_415_616, 4, 64, 8),
    ]
    for _ in range(30):
        block = rng.choice([None, 16, 32, 64, 128, 256, 4096])
        cases.append((rng.choice([rng.randint(1, 200), rng.randint(1, 10**6), rng.randint(10**6, 10**11)]),
                      rng.choice([2, 3, 4, 8, 16, 32]), block, rng.choice([8, 16, 32])))
    for n, bits, block, scale_bits in cases:
        got = call("quantized_bytes", quantized_bytes, n, bits, block, scale_bits)
        want = _bytes_reference(n, bits, block, scale_bits)
        if isinstance(got, bool) or not isinstance(got, (int, float)) or got != want:
            raise CheckFailed(f"quantized_bytes(n_params={n}, bits={bits}, block_size={block}, scale_bits={scale_bits})"
                              f" returned {show(got)}, expected {want}")
    return len(cases)


def _pick_reference(rows: list[dict[str, Any]], budget: int) -> str | None:
    fits = [(r["error"], r["bytes"], i) for i, r in enumerate(rows) if r["bytes"] <= budget]
    return rows[min(fits)[2]]["variant"] if fits else None


_NAMES = ["fp32", "bf16", "fp16", "int8", "int8 row", "int4 row", "nf4", "fp4", "nf4 dq", "int3", "q5", "q6"]


@exercise("day36.pick_variant",
          question="Do you keep only the rows whose bytes are at most the budget (<=, a row exactly at the budget fits), "
                   "pick the lowest error among them (not the fewest bytes), break ties on error by fewer bytes and then "
                   "by the earlier row, and return None when nothing fits?",
          recipe="fits = [(r['error'], r['bytes'], i) for i, r in enumerate(rows) if r['bytes'] <= budget_bytes]; "
                 "return rows[min(fits)[2]]['variant'] if fits else None")
def check_pick_variant(pick_variant: Callable[[list[dict[str, Any]], int], Any], rng: random.Random) -> int:
    def row(name: str, n_bytes: int, error: float) -> dict[str, Any]:
        return {"variant": name, "bytes": n_bytes, "error": error}

    cases: list[tuple[list[dict[str, Any]], int]] = [
        ([row("fp32", 400, 0.0), row("int8", 100, 0.01), row("nf4", 56, 0.09)], 100),  # exactly at the budget
        ([row("fp32", 400, 0.0), row("int8", 100, 0.01), row("nf4", 56, 0.09)], 50),  # nothing fits
        ([row("nf4", 56, 0.09), row("int4 row", 52, 0.12), row("fp32", 400, 0.0)], 1000),  # all fit: fp32
        ([row("a", 60, 0.1), row("b", 50, 0.1), row("c", 50, 0.1)], 60),  # ties: fewer bytes, then the earlier row
        ([row("int8", 100, 0.3), row("nf4", 56, 0.09)], 200),  # here 4-bit measured better than 8-bit
    ]
    for _ in range(40):
        names = rng.sample(_NAMES, rng.randint(1, 8))
        sizes = [rng.choice([rng.randint(10, 500), 100, 200]) for _ in names]
        errors = [rng.choice([round(rng.uniform(0, 1), 2), 0.1, 0.5]) for _ in names]
        rows = [row(n, b, e) for n, b, e in zip(names, sizes, errors, strict=True)]
        budget = rng.choice([rng.randint(5, 600), rng.choice(sizes)])
        cases.append((rows, budget))
    for rows, budget in cases:
        got = call("pick_variant", pick_variant, [dict(r) for r in rows], budget)
        want = _pick_reference(rows, budget)
        if not ((want is None and got is None) or (isinstance(got, str) and got == want)):
            raise CheckFailed(f"pick_variant({show(rows)}, budget_bytes={budget}) returned {show(got)}, "
                              f"expected {show(want)}")
    return len(cases)
