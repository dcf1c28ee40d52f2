"""Checks for days/day08.ipynb: a LayerNorm, BatchNorm's running statistics, how long they take to warm up."""
from __future__ import annotations

import math
import numbers
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, exercise, show
from aicourse.course.checks._torch import describe as _describe
from aicourse.course.checks._torch import run_forbidding


def _run(name: str, fn: Callable[..., Any], forbidden: list[str], *args: Any) -> Any:
    "Call the learner's function with the forbidden library functions replaced; a crash becomes a FAIL."
    return run_forbidding(name, fn, forbidden, "write it from means, variances and arithmetic", *args)


NORM_FAMILY = ["torch.layer_norm", "torch.batch_norm", "torch.instance_norm", "torch.group_norm",
               "torch.nn.functional.layer_norm", "torch.nn.functional.batch_norm", "torch.nn.functional.instance_norm",
               "torch.nn.functional.group_norm", "torch.nn.functional.normalize", "torch.nn.functional.rms_norm"]


def _close(got: Any, want: Any, tol: float) -> bool:
    import torch

    return (isinstance(got, torch.Tensor) and got.shape == want.shape and got.dtype == want.dtype
            and bool(torch.allclose(got.detach(), want, rtol=1e-4, atol=tol)))


@exercise("day08.layer_norm",
          question="Over which dimension do you take the statistics, which variance (divide by n or by n - 1), and where "
                   "does eps go?",
          recipe="mean = x.mean(-1, keepdim=True); var = x.var(-1, unbiased=False, keepdim=True); "
                 "return (x - mean) / torch.sqrt(var + eps)")
def check_layer_norm(layer_norm: Callable[..., Any], rng: random.Random) -> int:
    import torch
    import torch.nn.functional as F

    g = torch.Generator().manual_seed(rng.randrange(2**31))
    cases = [(torch.tensor([[1.0, 2.0, 3.0, 4.0]]), 1e-5), (torch.tensor([1.0, -1.0]), 1e-5),
             (torch.tensor([[5.0, 5.0, 5.0], [0.0, 3.0, 9.0]]), 1e-5),
             (3.0 + 1e-3 * torch.randn(2, 5, generator=g, dtype=torch.float64), 1e-5),  # a tiny variance: eps must sit inside the sqrt
             (torch.randn(4, 3, generator=g, dtype=torch.float64) * 100, 0.1),
             (torch.randn(1, 6, generator=g), 0.5)]
    for _ in range(4):
        shape = tuple(rng.randint(1, 5) for _ in range(rng.randint(1, 2))) + (rng.randint(2, 9),)
        x = torch.randn(shape, generator=g) * rng.choice([0.2, 1.0, 50.0]) + rng.uniform(-10, 10)  # float32: no tiny spread on a big offset
        cases.append((x, rng.choice([1e-5, 1e-3, 0.2])))
    for x, eps in cases:
        want = F.layer_norm(x, (x.shape[-1],), eps=eps)
        got = _run("layer_norm", layer_norm, NORM_FAMILY, x.clone(), eps)
        if not _close(got, want, 1e-4):
            raise CheckFailed(f"layer_norm({_describe(x)}, eps={eps}) returned {_describe(got)}, expected {_describe(want)}")
    return len(cases)


@exercise("day08.bn_running_update",
          question="Which weight does PyTorch's momentum give the new batch, and which variance (divide by n or n - 1) "
                   "goes into the running estimate?",
          recipe="n = len(batch); return ((1 - momentum) * running_mean + momentum * batch.mean(0), "
                 "(1 - momentum) * running_var + momentum * batch.var(0, unbiased=True))")
def check_bn_running_update(bn_running_update: Callable[..., Any], rng: random.Random) -> int:
    import torch
    import torch.nn as nn

    g = torch.Generator().manual_seed(rng.randrange(2**31))
    cases = [(torch.zeros(2), torch.ones(2), torch.tensor([[1.0, 2.0], [3.0, 6.0]]), 0.1),
             (torch.zeros(3), torch.ones(3), torch.randn(16, 3, generator=g) * 2 + 1, 1.0),
             (torch.tensor([5.0]), torch.tensor([2.0]), torch.tensor([[0.0], [1.0], [2.0]]), 0.5)]
    for _ in range(5):
        c, n = rng.randint(1, 6), rng.randint(2, 40)
        cases.append((torch.randn(c, generator=g), torch.rand(c, generator=g) + 0.1,
                      torch.randn(n, c, generator=g) * rng.uniform(0.5, 5) + rng.uniform(-5, 5), rng.uniform(0.01, 0.99)))
    for rm, rv, batch, momentum in cases:
        bn = nn.BatchNorm1d(batch.shape[1], momentum=momentum)
        with torch.no_grad():
            bn.running_mean.copy_(rm)
            bn.running_var.copy_(rv)
            bn(batch)
        got = _run("bn_running_update", bn_running_update, NORM_FAMILY, rm.clone(), rv.clone(), batch.clone(), momentum)
        shown = f"bn_running_update({_describe(rm)}, {_describe(rv)}, {_describe(batch)}, {momentum:g})"
        if not (isinstance(got, tuple) and len(got) == 2):
            raise CheckFailed(f"{shown} returned {show(got)}, not a tuple (new_mean, new_var)")
        for name, value, want in (("mean", got[0], bn.running_mean), ("var", got[1], bn.running_var)):
            if not _close(value, want, 1e-5):
                raise CheckFailed(f"{shown}: the new running {name} is {_describe(value)}, expected {_describe(want)}")
    return len(cases)


def _warm_up(momentum: float, tol: float) -> int:
    return max(1, math.ceil(math.log(tol) / math.log(1 - momentum)))


@exercise("day08.steps_to_warm_up",
          question="After k steps, what fraction of the distance to the batch mean is left: (1 - momentum) ** k, or "
                   "momentum ** k? Is your answer a whole number of steps, rounded the right way?",
          recipe="return math.ceil(math.log(tol) / math.log(1 - momentum)) (or count steps while (1 - momentum) ** k > tol)")
def check_steps_to_warm_up(steps_to_warm_up: Callable[[float, float], Any], rng: random.Random) -> int:
    cases = [(0.1, 0.01), (0.01, 0.01), (0.5, 0.3), (0.9, 0.05), (0.3, 0.9), (0.05, 0.001)]
    while len(cases) < 20:
        momentum, tol = rng.uniform(0.002, 0.95), math.exp(rng.uniform(math.log(1e-4), math.log(0.5)))
        exact = math.log(tol) / math.log(1 - momentum)
        if 0.001 < exact - math.floor(exact) < 0.999:  # away from a whole number, where rounding decides
            cases.append((round(momentum, 6), tol))
    for momentum, tol in cases:
        want = _warm_up(momentum, tol)
        got = _run("steps_to_warm_up", steps_to_warm_up, [], momentum, tol)
        if not isinstance(got, numbers.Integral) or isinstance(got, bool):
            raise CheckFailed(f"steps_to_warm_up({momentum}, {tol:.6g}) returned {show(got)}, not a whole number of steps",
                              "A number of steps is an int: which rounding gives the smallest k that is enough?")
        if int(got) != want:
            raise CheckFailed(f"steps_to_warm_up({momentum}, {tol:.6g}) returned {got}, expected {want} "
                              f"(after {want} steps {(1 - momentum) ** want:.4g} of the gap is left)")
    return len(cases)
