"""Checks for days/day09.ipynb: one AdamW step, the warmup + cosine schedule, when SGD diverges."""
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
    return run_forbidding(name, fn, forbidden, "write the update yourself", *args)


# the classes' step methods first: once torch.optim.AdamW itself is replaced, its step cannot be looked up
OPTIM_FAMILY = ["torch.optim.Adam.step", "torch.optim.AdamW.step", "torch.optim.Adam", "torch.optim.AdamW",
                "torch.optim.adam.adam", "torch.optim.adamw.adamw"]


def _reference_adamw(p: Any, grads: list[Any], lr: float, betas: tuple[float, float], eps: float, wd: float) -> list[Any]:
    "The parameter after each step of AdamW fed `grads`: torch.optim.AdamW's formulas (the lesson checks they agree)."
    b1, b2 = betas
    m, v, out = p * 0, p * 0, []
    for t, g in enumerate(grads, start=1):
        p = p * (1 - lr * wd)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        p = p - (lr / (1 - b1 ** t)) * m / (v.sqrt() / math.sqrt(1 - b2 ** t) + eps)
        out.append(p.clone())
    return out


@exercise("day09.adamw_step",
          question="Which comes first, the decay of the weights or the moment updates, and does the decay go into the "
                   "gradient (that is Adam + L2) or onto the weights? Did you divide m and v by 1 - beta**t?",
          recipe="p = p * (1 - lr * weight_decay); m = b1 * m + (1 - b1) * grad; v = b2 * v + (1 - b2) * grad**2; "
                 "p = p - lr * (m / (1 - b1**t)) / ((v / (1 - b2**t)).sqrt() + eps); return p, m, v")
def check_adamw_step(adamw_step: Callable[..., Any], rng: random.Random) -> int:
    import torch

    g = torch.Generator().manual_seed(rng.randrange(2**31))
    runs = [((3,), 1e-3, (0.9, 0.999), 1e-8, 0.01, 4), ((2, 2), 0.1, (0.9, 0.999), 1e-8, 0.0, 3),
            ((1,), 0.05, (0.5, 0.9), 1e-3, 0.5, 6)]
    for _ in range(3):
        runs.append(((rng.randint(1, 5),), rng.choice([1e-3, 0.01, 0.1]), (rng.uniform(0.5, 0.95), rng.uniform(0.9, 0.9999)),
                     rng.choice([1e-8, 1e-6]), rng.choice([0.0, 0.01, 0.3]), rng.randint(3, 8)))
    cases = 0
    for shape, lr, betas, eps, wd, steps in runs:
        p0 = torch.randn(shape, generator=g, dtype=torch.float64) * 2
        grads = [torch.randn(shape, generator=g, dtype=torch.float64) * rng.choice([0.01, 1.0, 10.0]) for _ in range(steps)]
        want = _reference_adamw(p0, grads, lr, betas, eps, wd)
        p, m, v = p0.clone(), torch.zeros_like(p0), torch.zeros_like(p0)
        for t, grad in enumerate(grads, start=1):
            shown = f"adamw_step(p, grad, m, v, t={t}, lr={lr:g}, betas=({betas[0]:.4g}, {betas[1]:.6g}), eps={eps:g}, weight_decay={wd:g})"
            got = _run("adamw_step", adamw_step, OPTIM_FAMILY, p.clone(), grad.clone(), m.clone(), v.clone(), t, lr, betas, eps, wd)
            if not (isinstance(got, tuple) and len(got) == 3 and all(isinstance(x, torch.Tensor) for x in got)):
                raise CheckFailed(f"{shown} returned {show(got)}, not a tuple of three tensors (p, m, v)")
            p, m, v = (x.detach() for x in got)
            if p.shape != want[t - 1].shape or not torch.allclose(p, want[t - 1], rtol=1e-9, atol=1e-12):
                raise CheckFailed(f"after step {t} of a run with {shown[len('adamw_step('):]}: p = {_describe(p)}, "
                                  f"torch.optim.AdamW gives {_describe(want[t - 1])}")
            cases += 1
    return cases


def _warmup_cosine(step: int, total: int, warmup: int, base: float, low: float) -> float:
    if step < warmup:
        return base * (step + 1) / (warmup + 1)
    return low + (base - low) * 0.5 * (1 + math.cos(math.pi * (step - warmup) / (total - warmup)))


@exercise("day09.warmup_cosine",
          question="Check the statement's three points: the step 0 value, the step warmup_steps value, the step "
                   "total_steps value. Is it a cosine in between, over total_steps - warmup_steps steps?",
          recipe="if step < warmup_steps: return base_lr * (step + 1) / (warmup_steps + 1); "
                 "progress = (step - warmup_steps) / (total_steps - warmup_steps); "
                 "return min_lr + (base_lr - min_lr) * 0.5 * (1 + math.cos(math.pi * progress))")
def check_warmup_cosine(warmup_cosine: Callable[..., Any], rng: random.Random) -> int:
    schedules = [(100, 10, 0.1, 0.0), (10, 0, 1.0, 0.1), (5, 4, 3e-4, 1e-5), (1000, 50, 6e-4, 6e-5)]
    for _ in range(3):
        total = rng.randint(5, 5000)
        schedules.append((total, rng.randint(0, total - 1), 10 ** rng.uniform(-5, 0), rng.choice([0.0, 1e-6, 1e-3])))
    cases = 0
    for total, warmup, base, low in schedules:
        steps = {0, warmup, max(warmup - 1, 0), min(warmup + 1, total), total, total - 1, (warmup + total) // 2}
        steps |= {rng.randint(0, total) for _ in range(8)}
        for step in sorted(steps):
            want = _warmup_cosine(step, total, warmup, base, low)
            got = _run("warmup_cosine", warmup_cosine, [], step, total, warmup, base, low)
            if not isinstance(got, numbers.Real) or isinstance(got, bool) or not math.isclose(float(got), want, rel_tol=1e-9, abs_tol=1e-15):
                raise CheckFailed(f"warmup_cosine({step}, total_steps={total}, warmup_steps={warmup}, base_lr={base:.6g}, "
                                  f"min_lr={low:g}) returned {show(got)}, expected {want!r}")
            cases += 1
    return cases


@exercise("day09.sgd_diverges",
          question="Which direction decides: the gentlest or the steepest? Along a direction of curvature c, one step "
                   "multiplies the coordinate by (1 - lr * c): when does that factor's size exceed 1?",
          recipe="return lr > 2 / max(curvatures)")
def check_sgd_diverges(sgd_diverges: Callable[[float, list[float]], Any], rng: random.Random) -> int:
    cases: list[tuple[float, list[float]]] = [(0.09, [1.0, 20.0]), (0.11, [1.0, 20.0]), (0.5, [1.0]), (2.5, [1.0]),
                                              (0.15, [20.0, 1.0]), (1.5, [1.0, 1.0, 1.0]), (0.015, [100.0, 0.5, 3.0]),
                                              (0.025, [100.0, 0.5, 3.0]), (1.9, [0.01, 1.0])]
    while len(cases) < 25:
        curv = [round(10 ** rng.uniform(-2, 3), 4) for _ in range(rng.randint(1, 5))]
        lr = 2 / max(curv) * rng.choice([rng.uniform(0.05, 0.97), rng.uniform(1.03, 3.0)])
        cases.append((lr, curv))
    for lr, curv in cases:
        want = lr > 2 / max(curv)
        got = _run("sgd_diverges", sgd_diverges, [], lr, list(curv))
        if got is not True and got is not False:
            raise CheckFailed(f"sgd_diverges({lr:.6g}, {curv}) returned {show(got)}, not True or False",
                              "Return a plain bool: bool(...) around a comparison.")
        if got != want:
            raise CheckFailed(f"sgd_diverges({lr:.6g}, {curv}) returned {got}; plain SGD on that quadratic "
                              f"{'diverges' if want else 'converges'} (2 / max curvature = {2 / max(curv):.6g})")
    return len(cases)
