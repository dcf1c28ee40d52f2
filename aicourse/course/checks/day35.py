"""Checks for days/day35.ipynb: counting the work of decoding with and without the KV-cache, a softmax-weighted
average computed block by block (FlashAttention's online softmax), and choosing a batch size from measured step times under a latency budget."""
from __future__ import annotations

import math
import operator
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, show


def _as_int(name: str, args: str, got: Any) -> int:
    if isinstance(got, bool) or not hasattr(got, "__index__"):
        raise CheckFailed(f"{name}({args}) returned {show(got)}: return a whole number (an int)")
    return operator.index(got)


def _forwards_reference(prompt_len: int, new_tokens: int, use_cache: bool) -> int:
    if new_tokens == 0:
        return 0
    if use_cache:
        return prompt_len + new_tokens - 1
    return sum(prompt_len + t for t in range(new_tokens))


@exercise("day35.decode_forwards",
          question="Which tokens does step t feed? Without the cache: the prompt and the t tokens made so far (P + t), "
                   "so the last new token is never fed. With the cache: the whole prompt at the first step, then one "
                   "token per step. Zero new tokens means no step at all.",
          recipe="if new_tokens == 0: return 0; with the cache: prompt_len + new_tokens - 1; without: "
                 "sum(prompt_len + t for t in range(new_tokens))")
def check_decode_forwards(decode_forwards: Callable[[int, int, bool], Any], rng: random.Random) -> int:
    cases = [(4, 3, False), (4, 3, True), (1, 1, False), (1, 1, True), (7, 0, True), (7, 0, False),
             (100, 50, False), (100, 50, True), (1, 20, False)]
    for _ in range(30):
        cases.append((rng.randint(1, 3000), rng.randint(0, 600), rng.random() < 0.5))
    for p, n, use_cache in cases:
        args = f"prompt_len={p}, new_tokens={n}, use_cache={use_cache}"
        got = _as_int("decode_forwards", args, call("decode_forwards", decode_forwards, p, n, use_cache))
        want = _forwards_reference(p, n, use_cache)
        if got != want:
            raise CheckFailed(f"decode_forwards({args}) returned {got}, expected {want}")
    return len(cases)


def _softmax_average_reference(scores: list[float], values: list[float]) -> float:
    top = max(scores)
    weights = [math.exp(x - top) for x in scores]
    return math.fsum(w * v for w, v in zip(weights, values, strict=True)) / math.fsum(weights)


@exercise("day35.softmax_average",
          question="When a block brings a larger maximum, do you rescale BOTH the running sum of weights and the running "
                   "weighted sum of values by exp(old_max - new_max)? And do you subtract the running maximum before "
                   "exp, so scores of 10,000 neither overflow nor, at -10,000, all underflow to 0?",
          recipe="m, total, acc = -inf, 0.0, 0.0; for each block: new = max(m, max(block scores)); "
                 "r = exp(m - new) (0 when m is -inf); total = total * r + sum(exp(s - new)); "
                 "acc = acc * r + sum(exp(s - new) * v); m = new; return acc / total")
def check_softmax_average(softmax_average: Callable[[list[float], list[float], int], Any], rng: random.Random) -> int:
    cases: list[tuple[list[float], list[float], int]] = [
        ([0.0, 0.0], [1.0, 3.0], 1),  # equal scores: the plain mean
        ([5.0], [-2.5], 4),  # one score, a block longer than the list
        ([0.0, 1.0, 2.0, 9.0], [1.0, 2.0, 3.0, 4.0], 2),  # the largest score comes in the last block
        ([9.0, 0.0, 1.0, 2.0], [4.0, 1.0, 2.0, 3.0], 3),  # ... and in the first block
        ([10000.0, 9999.0, 9990.0], [1.0, 0.0, 5.0], 1),  # exp(10000) overflows a float
        ([-10000.0, -10002.0], [2.0, 6.0], 1),  # exp(-10000) underflows to 0: 0 / 0 without the max
        ([1.0, 2.0, 3.0, 4.0, 5.0], [5.0, 4.0, 3.0, 2.0, 1.0], 2),  # a block size that does not divide the length
    ]
    for _ in range(25):
        n = rng.randint(1, 60)
        spread = rng.choice([1.0, 10.0, 100.0])
        offset = rng.choice([0.0, 0.0, 5000.0, -5000.0])
        scores = [offset + rng.uniform(-spread, spread) for _ in range(n)]
        if rng.random() < 0.5:  # make the largest score arrive late, so the running max must move
            k = rng.randrange(n)
            scores[k] = max(scores) + rng.uniform(1, 5)
        cases.append((scores, [rng.uniform(-10, 10) for _ in range(n)], rng.randint(1, n + 3)))
    for scores, values, block in cases:
        args = f"{show(scores)}, {show(values)}, block={block}"
        got = call("softmax_average", softmax_average, list(scores), list(values), block)
        want = _softmax_average_reference(scores, values)
        try:
            value = float(got)
        except (TypeError, ValueError):
            raise CheckFailed(f"softmax_average({args}) returned {show(got)}: return a float") from None
        if not math.isfinite(value) or abs(value - want) > 1e-9 * max(1.0, max(abs(v) for v in values)):
            raise CheckFailed(f"softmax_average({args}) returned {value!r}, expected {want!r}")
    return len(cases)


def _choose_reference(rows: list[dict[str, float]], max_step_ms: float) -> int | None:
    ok = [r for r in rows if r["step_ms"] <= max_step_ms]
    if not ok:
        return None
    return min(ok, key=lambda r: (-r["batch"] / r["step_ms"], r["batch"]))["batch"]


def _random_rows(rng: random.Random) -> list[dict[str, float]]:
    while True:
        batches = sorted(rng.sample([1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128], rng.randint(2, 7)))
        base, slope = rng.uniform(5, 60), rng.uniform(0.005, 0.3)
        knee = rng.choice(batches)  # past the knee the step slows sharply (memory runs out, or compute saturates)
        rows = [{"batch": b, "step_ms": round(base * (1 + slope * b) * (rng.uniform(1.5, 4) if b > knee else 1), 2)}
                for b in batches]
        rng.shuffle(rows)
        speeds = sorted(r["batch"] / r["step_ms"] for r in rows)
        if all(b - a > 1e-6 * b for a, b in zip(speeds, speeds[1:], strict=False)):  # no near-ties: rounding-safe
            return rows


@exercise("day35.choose_batch",
          question="Do you first drop the rows whose step_ms is OVER the budget (a row exactly at the budget stays), "
                   "then pick the highest tokens per second (batch / step_ms), not simply the biggest batch? Rows come "
                   "in any order; ties go to the smaller batch; no row within the budget gives None.",
          recipe="ok = [r for r in rows if r['step_ms'] <= max_step_ms]; return None if not ok else "
                 "min(ok, key=lambda r: (-r['batch'] / r['step_ms'], r['batch']))['batch']")
def check_choose_batch(choose_batch: Callable[[list[dict[str, float]], float], Any], rng: random.Random) -> int:
    cases: list[tuple[list[dict[str, float]], float]] = [
        ([{"batch": 1, "step_ms": 20.0}, {"batch": 8, "step_ms": 30.0}, {"batch": 32, "step_ms": 90.0}], 30.0),  # at the budget
        ([{"batch": 1, "step_ms": 20.0}, {"batch": 8, "step_ms": 30.0}], 10.0),  # nothing fits
        ([{"batch": 16, "step_ms": 40.0}, {"batch": 4, "step_ms": 25.0}, {"batch": 32, "step_ms": 200.0},
          {"batch": 64, "step_ms": 210.0}], 250.0),  # unsorted; the biggest batch that fits is not the fastest
        ([{"batch": 2, "step_ms": 10.0}, {"batch": 4, "step_ms": 20.0}], 50.0),  # a tie: the smaller batch
        ([{"batch": 1, "step_ms": 12.5}], 12.5),
    ]
    for _ in range(30):
        rows = _random_rows(rng)
        times = sorted(r["step_ms"] for r in rows)
        budget = rng.choice([*times, rng.uniform(times[0], times[-1] * 1.2), times[0] * 0.9])
        cases.append((rows, round(budget, 2)))
    for rows, budget in cases:
        got = call("choose_batch", choose_batch, [dict(r) for r in rows], budget)
        want = _choose_reference(rows, budget)
        if not equal(got, want):
            raise CheckFailed(f"choose_batch({show(rows)}, max_step_ms={budget}) returned {show(got)}, "
                              f"expected {show(want)}")
    return len(cases)
