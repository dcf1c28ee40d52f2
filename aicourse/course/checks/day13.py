"""Checks for days/day13.ipynb: planning gradient accumulation, and deciding whether mixed precision pays off."""
from __future__ import annotations

import math
import random
from collections.abc import Callable

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show


def _plan(batch: int, most: int) -> tuple[int, int]:
    micro = max(d for d in range(1, min(batch, most) + 1) if batch % d == 0)
    return micro, batch // micro


@exercise("day13.accumulation_plan",
          question="Does micro_batch * steps equal batch_size exactly, and is micro_batch the LARGEST divisor of batch_size that fits?",
          recipe="ValueError if either argument < 1; micro = the largest d in range(min(batch_size, max_micro_batch), 0, -1) "
                 "with batch_size % d == 0; return (micro, batch_size // micro)")
def check_accumulation_plan(plan: Callable, rng: random.Random) -> int:
    cases = [(32, 8), (30, 8), (32, 32), (32, 64), (1, 1), (1, 5), (7, 3), (97, 50), (64, 1), (12, 5), (100, 7)]
    cases += [(rng.randint(2, 4096), rng.randint(1, 300)) for _ in range(25)]
    for batch, most in cases:
        got = call("accumulation_plan", plan, batch, most)
        want = _plan(batch, most)
        if not equal(got, want) and not equal(list(got) if isinstance(got, tuple) else got, list(want)):
            product = got[0] * got[1] if isinstance(got, (tuple, list)) and len(got) == 2 and all(
                isinstance(v, int) for v in got) else None
            question = None
            if product is not None and product != batch:
                question = f"{got[0]} x {got[1]} = {product}, not {batch}: does every optimizer step see the same number of samples?"
            elif product == batch and got[0] < want[0]:
                question = "Your plan works, but is it the largest micro-batch that fits?"
            raise CheckFailed(f"accumulation_plan({batch}, {most}) returned {show(got)}, expected {want}", question)
    for args in [(0, 8), (32, 0), (-4, 2), (8, -1)]:
        error = raised(plan, *args)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"accumulation_plan{args} should raise ValueError; it "
                              f"{'returned a plan' if error is None else 'raised ' + type(error).__name__}",
                              "Which arguments does the statement reject?")
    return len(cases) + 4


def _pays(t32: float, tamp: float, l32: float, lamp: float, speedup: float = 1.2, increase: float = 0.05) -> bool:
    return math.isfinite(lamp) and t32 / tamp >= speedup and lamp <= l32 * (1 + increase)


@exercise("day13.amp_pays_off",
          question="Do you check all three conditions: a finite AMP loss, a speedup of fp32/amp (not amp/fp32) of at least "
                   "min_speedup, and a loss increase relative to float32's loss?",
          recipe="return math.isfinite(amp_loss) and fp32_seconds / amp_seconds >= min_speedup and "
                 "amp_loss <= fp32_loss * (1 + max_loss_increase)")
def check_amp_pays_off(pays: Callable, rng: random.Random) -> int:
    cases = [((2.0, 1.0, 0.50, 0.51), {}), ((1.0, 2.0, 0.50, 0.50), {}), ((2.0, 1.0, 0.50, float("nan")), {}),
             ((2.0, 1.0, 0.50, float("inf")), {}), ((2.0, 1.0, 0.50, 0.60), {}), ((1.1, 1.0, 0.5, 0.5), {}),
             ((1.5, 1.0, 0.5, 0.5), {"min_speedup": 2.0}), ((3.0, 1.0, 0.5, 0.52), {"max_loss_increase": 0.01}),
             ((3.0, 1.0, 2.0, 2.09), {}),  # 4.5% worse: within 5% (an absolute gap of 0.09 would not be)
             ((3.0, 1.0, 0.04, 0.041), {}),  # 2.5% worse: within 5% (absolute 0.001)
             ((3.0, 1.0, 0.5, 0.4), {})]  # AMP even better
    for _ in range(30):
        t32, l32 = rng.uniform(0.1, 10), rng.uniform(0.01, 3)
        tamp = t32 / rng.choice([rng.uniform(0.2, 1.15), rng.uniform(1.25, 5)])
        lamp = l32 * rng.choice([rng.uniform(0.8, 1.04), rng.uniform(1.06, 1.5)])
        cases.append(((t32, tamp, l32, lamp), {}))
    for args, kwargs in cases:
        got = call("amp_pays_off", lambda *a, kw=kwargs: pays(*a, **kw), *args)
        want = _pays(*args, **{"speedup": kwargs.get("min_speedup", 1.2), "increase": kwargs.get("max_loss_increase", 0.05)})
        if not equal(got, want):
            extra = "".join(f", {k}={v}" for k, v in kwargs.items())
            raise CheckFailed(f"amp_pays_off{tuple(round(a, 4) for a in args)}{extra} returned {show(got)}, expected {want} "
                              f"(speedup {args[0] / args[1]:.3f}, loss change {args[3] / args[2] - 1:+.3%})")
    return len(cases)
