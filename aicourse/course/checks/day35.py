"""Checks for days/day35.ipynb: counting the work of decoding with and without the KV-cache, a softmax-weighted
average computed block by block (FlashAttention's online softmax), and choosing a batch size from measured step times under a latency budget."""
from __future__ import annotations

import math
import operator
import random
from collections.abc import Callable, Iterator, Sequence
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


class _Reads:
    "The order in which an answer reads the items of two watched lists, judged block by block."

    def __init__(self, block: int):
        self.block = block
        self.frontier = 0  # the furthest block read so far, in either list
        self.last = ""  # the read that took the frontier there
        self.problem = ""  # the first read that went back to an earlier block

    def read(self, name: str, i: int) -> None:
        b = i // self.block
        if b > self.frontier:
            self.frontier, self.last = b, f"{name}[{i}]"
        elif b < self.frontier and not self.problem:
            self.problem = (f"read {name}[{i}] (block {b}) after {self.last} (block {self.frontier}): it went back to "
                            f"an earlier block")


class _Watched(Sequence):
    """A read-only list of floats that reports each item read (index, slice or loop) to a shared `_Reads`.
    Like a list it has len(), indexing (negative too), slicing (which returns a plain list) and iteration."""

    def __init__(self, items: list[float], name: str, reads: _Reads):
        self._items, self._name, self._reads = list(items), name, reads

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            picked = range(*index.indices(len(self._items)))
            for i in picked:
                self._reads.read(self._name, i)
            return [self._items[i] for i in picked]
        i = operator.index(index)
        if i < 0:
            i += len(self._items)
        if not 0 <= i < len(self._items):
            raise IndexError(f"{self._name} index out of range")
        self._reads.read(self._name, i)
        return self._items[i]

    def __iter__(self) -> Iterator[float]:
        for i in range(len(self._items)):
            self._reads.read(self._name, i)
            yield self._items[i]

    def __repr__(self) -> str:
        return repr(self._items)


_STREAM_QUESTION = ("Do you walk the lists ONE block at a time, from the first block to the last, and never go back? "
                    "A max over the whole list first (or copying both lists before you start) reads every block "
                    "before processing the first: take chunk = scores[i:i + block] (and the same slice of values), "
                    "fold it into the three running numbers, then move on.")


@exercise("day35.softmax_average",
          question="When a block brings a larger maximum, do you rescale BOTH the running sum of weights and the running "
                   "weighted sum of values by exp(old_max - new_max)? And do you subtract the running maximum before "
                   "exp, so scores of 10,000 neither overflow nor, at -10,000, all underflow to 0?",
          recipe="m, total, acc = -inf, 0.0, 0.0; for i in range(0, len(scores), block): s, v = scores[i:i + block], "
                 "values[i:i + block]; new = max(m, max(s)); r = exp(m - new) (0 when m is -inf); "
                 "total = total * r + sum(exp(x - new) for x in s); acc = acc * r + sum(exp(x - new) * y for x, y in "
                 "zip(s, v)); m = new; return acc / total")
def check_softmax_average(softmax_average: Callable[[Sequence[float], Sequence[float], int], Any],
                          rng: random.Random) -> int:
    cases: list[tuple[list[float], list[float], int]] = [
        ([0.0, 0.0], [1.0, 3.0], 1),  # equal scores: the plain mean
        ([5.0], [-2.5], 4),  # one score, a block longer than the list
        ([0.0, 1.0, 2.0, 9.0], [1.0, 2.0, 3.0, 4.0], 2),  # the largest score comes in the last block
        ([9.0, 0.0, 1.0, 2.0], [4.0, 1.0, 2.0, 3.0], 3),  # ... and in the first block
        ([10000.0, 9999.0, 9990.0], [1.0, 0.0, 5.0], 1),  # exp(10000) overflows a float
        ([-10000.0, -10002.0], [2.0, 6.0], 1),  # exp(-10000) underflows to 0: 0 / 0 without the max
        ([1.0, 2.0, 3.0, 4.0, 5.0], [5.0, 4.0, 3.0, 2.0, 1.0], 2),  # a block size that does not divide the length
        ([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], 3),  # three blocks
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
        reads = _Reads(block)
        got = call("softmax_average", softmax_average, _Watched(scores, "scores", reads),
                   _Watched(values, "values", reads), block)
        if reads.problem:  # judged after the call, so an answer cannot catch it
            raise CheckFailed(f"softmax_average({args}) {reads.problem}; the online softmax reads each block once, "
                              f"in order, and keeps only three numbers between blocks", _STREAM_QUESTION)
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
