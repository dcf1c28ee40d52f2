"""Checks for days/day01.ipynb: memory of weights, seeded shuffles, the profile switch."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.checks import CheckFailed, exercise

BYTES_PER_VALUE = {"float64": 8, "float32": 4, "bfloat16": 2, "float16": 2, "int8": 1, "int4": 0.5}


def _raises(fn: Callable[..., Any], *args: Any, error: type[Exception] = ValueError) -> bool:
    try:
        fn(*args)
    except NotImplementedError:
        raise
    except error:
        return True
    return False


@exercise("day01.weights_memory_gib",
          hint="bytes per value x number of values, divided by 2**30; int4 packs two values per byte")
def check_weights_memory_gib(weights_memory_gib: Callable[[int, str], float]) -> int:
    rng, cases = random.Random(), 0
    for dtype, size in BYTES_PER_VALUE.items():
        for n in [1, 2**30, rng.randint(10**6, 8 * 10**10), rng.randint(1, 10**6)]:
            got, want = weights_memory_gib(n, dtype), n * size / 2**30
            if not isinstance(got, (int, float)) or not math.isclose(got, want, rel_tol=1e-9):
                raise CheckFailed(f"weights_memory_gib({n}, {dtype!r}) returned {got!r}, expected {want!r}")
            cases += 1
    for bad in ["fp12", "float8", "", "Float32x"]:
        if not _raises(weights_memory_gib, 1000, bad):
            raise CheckFailed(f"weights_memory_gib(1000, {bad!r}) should raise ValueError for an unknown dtype")
        cases += 1
    return cases


@exercise("day01.seeded_shuffle",
          hint="use your own random.Random(seed) and shuffle a copy: list(items), never the caller's list")
def check_seeded_shuffle(seeded_shuffle: Callable[[list[Any], int], list[Any]]) -> int:
    rng, cases = random.Random(), 0
    for length in [0, 1, 2, rng.randint(10, 50), rng.randint(100, 1000)]:
        items = [rng.random() for _ in range(length)]
        original, seed = list(items), rng.randint(0, 10**6)
        global_state = random.getstate()
        first, second = seeded_shuffle(items, seed), seeded_shuffle(items, seed)
        if items != original:
            raise CheckFailed(f"seeded_shuffle changed the caller's list (length {length}); shuffle a copy")
        if random.getstate() != global_state:
            raise CheckFailed("seeded_shuffle used or reseeded the global `random` generator; use random.Random(seed)")
        if sorted(first) != sorted(original):
            raise CheckFailed(f"the result (length {len(first)}) is not a reordering of the {length} items given")
        if first != second:
            raise CheckFailed(f"the same seed ({seed}) gave two different orders for {length} items")
        if length >= 10 and seeded_shuffle(items, seed + 1) == first:
            raise CheckFailed(f"seeds {seed} and {seed + 1} gave the same order of {length} items")
        if length >= 10 and first == original:
            raise CheckFailed(f"{length} items came back in their original order: nothing was shuffled")
        cases += 1
    return cases


@exercise("day01.choose_profile",
          hint="strip and lower-case the value; empty or None means gpu with CUDA else cpu; anything else -> ValueError")
def check_choose_profile(choose_profile: Callable[[str | None, bool], str]) -> int:
    cases = 0
    expected = [((None, True), "gpu"), ((None, False), "cpu"), (("", True), "gpu"), (("  ", False), "cpu"),
                (("ci", True), "ci"), ((" CPU ", True), "cpu"), (("Gpu", False), "gpu"), (("ci\n", False), "ci")]
    for args, want in expected:
        got = choose_profile(*args)
        if got != want:
            raise CheckFailed(f"choose_profile{args!r} returned {got!r}, expected {want!r}")
        cases += 1
    for bad in ["gpuu", "tpu", "c i", "fast"]:
        try:
            choose_profile(bad, True)
        except ValueError as e:
            if bad not in str(e):
                raise CheckFailed(f"the error for {bad!r} should name the bad value, it says: {e}") from None
        else:
            raise CheckFailed(f"choose_profile({bad!r}, True) should raise ValueError: a typo must not pass silently")
        cases += 1
    return cases
