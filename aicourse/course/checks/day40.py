"""Checks for days/day40.ipynb: the training memory of full fine-tuning, LoRA and QLoRA from a stated byte budget, and
choosing a method from measured rows under a memory budget and a loss tolerance."""
from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, raised, show

TRAINABLE_BYTES = 16  # float32 weight 4 + gradient 4 + AdamW's two moments 8
FROZEN_BYTES = {"full": 0.0, "lora": 2.0, "qlora": 0.5 + 4 / 64}  # bf16; NF4 plus one float32 scale per 64


def _train_bytes(n_params: int, n_trainable: int, method: str) -> float:
    if method == "full":
        return float(TRAINABLE_BYTES * n_params)
    return FROZEN_BYTES[method] * n_params + TRAINABLE_BYTES * n_trainable


def _close(got: Any, want: float) -> bool:
    return (isinstance(got, (int, float)) and not isinstance(got, bool)
            and abs(float(got) - want) <= 1e-9 * max(1.0, abs(want)))


@exercise("day40.train_bytes",
          question="Full fine-tuning trains every parameter (16 bytes each, nothing frozen). LoRA and QLoRA keep the base "
                   "frozen (2 bytes per parameter in bf16; 0.5 + 4/64 bytes in NF4 with one float32 scale per 64) and pay "
                   "16 bytes only per TRAINABLE parameter. Do you raise ValueError for any other method name?",
          recipe="if method == 'full': return 16 * n_params; frozen = {'lora': 2, 'qlora': 0.5 + 4 / 64}[method] "
                 "(raise ValueError when missing); return frozen * n_params + 16 * n_trainable")
def check_train_bytes(train_bytes: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[int, int, str]] = [(135_000_000, 1_843_200, m) for m in ("full", "lora", "qlora")]
    cases += [(8_000_000_000, 20_000_000, m) for m in ("full", "lora", "qlora")] + [(64, 0, "qlora"), (1, 1, "lora")]
    for _ in range(30):
        n = rng.randint(10**3, 7 * 10**10)
        cases.append((n, rng.randint(0, n // 20), rng.choice(["full", "lora", "qlora"])))
    for n, t, method in cases:
        got = call("train_bytes", train_bytes, n, t, method)
        want = _train_bytes(n, t, method)
        if not _close(got, want):
            raise CheckFailed(f"train_bytes({n:_}, {t:_}, {method!r}) returned {show(got)}, expected {want:_.1f}")
    for bad in ["QLoRA", "int8", ""]:
        err = raised(train_bytes, 1000, 10, bad)
        if not isinstance(err, ValueError):
            raise CheckFailed(f"train_bytes(1000, 10, {bad!r}) {'returned' if err is None else 'raised ' + type(err).__name__}: "
                              "raise ValueError for a method that is not 'full', 'lora' or 'qlora'")
    return len(cases) + 3


def _choose(rows: list[tuple[str, float, float]], budget: float, tolerance: float) -> str | None:
    best = min(loss for _, _, loss in rows)
    ok = [row for row in rows if row[1] <= budget and row[2] <= best + tolerance]
    return min(ok, key=lambda row: (row[1], row[2], row[0]))[0] if ok else None


@exercise("day40.choose_method",
          question="The reference is the best loss over ALL rows (even those over budget). Keep rows that fit the budget "
                   "(bytes <= budget) AND are within tolerance of that best; take the one with the FEWEST bytes (ties: "
                   "lower loss, then name). No row left: return None, do not pick the closest one.",
          recipe="best = min(r[2] for r in rows); ok = [r for r in rows if r[1] <= budget and r[2] <= best + tolerance]; "
                 "return min(ok, key=lambda r: (r[1], r[2], r[0]))[0] if ok else None")
def check_choose_method(choose_method: Callable[..., Any], rng: random.Random) -> int:
    rows = [("full", 128e9, 0.50), ("lora", 16.6e9, 0.52), ("qlora", 4.8e9, 0.53)]
    cases: list[tuple[list[tuple[str, float, float]], float, float]] = [
        (rows, 24e9, 0.05),   # 24 GB card: QLoRA is cheaper and good enough
        (rows, 24e9, 0.025),  # tighter tolerance: LoRA
        (rows, 10e9, 0.025),  # tight tolerance and small card: nothing
        (rows, 200e9, 0.0),   # a big card and no slack: full
        (rows, 1e9, 1.0),     # nothing fits
        ([("a", 5.0, 0.5), ("b", 5.0, 0.4)], 5.0, 0.5),  # same bytes: lower loss; bytes == budget fits
        ([("x", 2.0, 0.5), ("y", 1.0, 0.75)], 2.0, 0.25),  # exactly on the tolerance boundary (exact in binary)
        ([("b", 5.0, 0.5), ("a", 5.0, 0.5)], 5.0, 0.0),  # same bytes and loss: the name in alphabetical order
        ([("qlora", 3.0, 0.6), ("lora", 3.0, 0.6), ("full", 9.0, 0.6)], 5.0, 0.0),  # ... not the first row listed
    ]
    names = ["full", "lora", "qlora", "lora_r8", "qlora_r64", "dora", "ia3"]
    for _ in range(30):
        k = rng.randint(1, 6)
        new = [(name, float(rng.randint(1, 200)) * 1e9, round(rng.uniform(0.3, 1.2), 3)) for name in rng.sample(names, k)]
        budget, tolerance = float(rng.randint(1, 200)) * 1e9, rng.choice([0.0, 0.0125, 0.05, 0.1, 0.3])
        best = min(loss for _, _, loss in new)
        if any(0 < abs(loss - best - tolerance) < 1e-6 for _, _, loss in new):
            continue  # on the boundary two correct comparisons can round differently
        cases.append((new, budget, tolerance))
    for case_rows, budget, tolerance in cases:
        got = call("choose_method", choose_method, list(case_rows), budget, tolerance)
        want = _choose(case_rows, budget, tolerance)
        if got != want:
            raise CheckFailed(f"choose_method({case_rows}, budget={budget:g}, tolerance={tolerance}) returned {show(got)}, "
                              f"expected {want!r}")
    return len(cases)
