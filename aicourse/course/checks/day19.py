"""Checks for days/day19.ipynb: the warmup + cosine rate, label-smoothed targets, picking the best epoch."""
from __future__ import annotations

import math
import random
from collections.abc import Callable

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show


def _lr(step: int, warmup: int, total: int, base: float) -> float:
    if step < warmup:
        return base * (step + 1) / warmup
    progress = min(1.0, (step - warmup) / max(1, total - warmup))
    return base * 0.5 * (1 + math.cos(math.pi * progress))


@exercise("day19.lr_at",
          question="During warmup is the factor (step + 1) / warmup_steps? After it, is progress "
                   "(step - warmup_steps) / (total_steps - warmup_steps), capped at 1, inside 0.5 * (1 + cos(pi * p))?",
          recipe="if step < warmup_steps: return base_lr * (step + 1) / warmup_steps; "
                 "p = min(1, (step - warmup_steps) / max(1, total_steps - warmup_steps)); "
                 "return base_lr * 0.5 * (1 + cos(pi * p))")
def check_lr_at(fn: Callable, rng: random.Random) -> int:
    cases = [(0, 10, 100, 1e-3), (9, 10, 100, 1e-3), (10, 10, 100, 1e-3), (55, 10, 100, 1e-3), (99, 10, 100, 1e-3),
             (100, 10, 100, 1e-3), (150, 10, 100, 1e-3), (0, 0, 50, 0.1), (3, 4, 4, 0.01)]
    for _ in range(15):
        total = rng.randint(1, 500)
        warmup = rng.randint(0, total)
        cases.append((rng.randint(0, total + 5), warmup, total, rng.choice([1e-3, 3e-3, 0.1, 1.0])))
    for step, warmup, total, base in cases:
        got = call("lr_at", fn, step, warmup, total, base)
        want = _lr(step, warmup, total, base)
        if not (isinstance(got, (int, float)) and not isinstance(got, bool)
                and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-15)):
            raise CheckFailed(f"lr_at({step}, {warmup}, {total}, {base:g}) returned {show(got)}, expected {want:.6g}")
    return len(cases)


def _smooth(label: int, n: int, eps: float) -> list[float]:
    return [1 - eps + eps / n if k == label else eps / n for k in range(n)]


@exercise("day19.smooth_targets",
          question="Does EVERY class (the true one included) get eps / n_classes, and the true one 1 - eps on top? "
                   "Do you reject a label outside 0..n_classes - 1 and eps outside [0, 1)?",
          recipe="validate; return [1 - eps + eps / n if k == label else eps / n for k in range(n)]")
def check_smooth_targets(fn: Callable, rng: random.Random) -> int:
    cases = [(0, 10, 0.1), (2, 3, 0.0), (1, 2, 0.5), (0, 1, 0.3), (9, 10, 0.2)]
    for _ in range(12):
        n = rng.randint(2, 20)
        cases.append((rng.randrange(n), n, round(rng.uniform(0, 0.5), 3)))
    for label, n, eps in cases:
        got = call("smooth_targets", fn, label, n, eps)
        want = _smooth(label, n, eps)
        ok = (isinstance(got, list) and len(got) == n
              and all(isinstance(g, float) and math.isclose(g, w, rel_tol=1e-9, abs_tol=1e-12)
                      for g, w in zip(got, want, strict=True)))
        if not ok:
            raise CheckFailed(f"smooth_targets({label}, {n}, {eps}) returned {show(got)}, "
                              f"expected {show([round(w, 6) for w in want])}")
    bad = [(3, 3, 0.1), (-1, 3, 0.1), (0, 3, 1.0), (0, 3, -0.1), (rng.randint(10, 20), 10, 0.1)]
    for label, n, eps in bad:
        error = raised(fn, label, n, eps)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"smooth_targets({label}, {n}, {eps}) should raise ValueError; it "
                              f"{'returned a value' if error is None else 'raised ' + type(error).__name__}",
                              "Which inputs does the statement call invalid?")
    return len(cases) + len(bad)


def _best(history: list[dict[str, float]], metric: str, mode: str) -> int:
    values = [h[metric] for h in history]
    target = max(values) if mode == "max" else min(values)
    return values.index(target)


@exercise("day19.best_epoch",
          question="Do you read the named metric (not always accuracy), honour mode ('max' or 'min'), and return "
                   "the EARLIEST epoch on a tie?",
          recipe="validate; values = [h[metric] for h in history]; best = max or min; return values.index(best)")
def check_best_epoch(fn: Callable, rng: random.Random) -> int:
    cases = [([{"accuracy": 0.2}, {"accuracy": 0.35}, {"accuracy": 0.3}], "accuracy", "max"),
             ([{"val_loss": 2.0}, {"val_loss": 1.5}, {"val_loss": 1.7}], "val_loss", "min"),
             ([{"accuracy": 0.4, "val_loss": 1.0}, {"accuracy": 0.4, "val_loss": 0.9}], "accuracy", "max"),
             ([{"accuracy": 0.5, "val_loss": 3.0}, {"accuracy": 0.1, "val_loss": 0.5}], "val_loss", "min"),
             ([{"f1": 0.7}], "f1", "max")]
    for _ in range(12):
        n = rng.randint(1, 10)
        metric = rng.choice(["accuracy", "val_loss", "f1"])
        history = [{"accuracy": round(rng.uniform(0, 1), 2), "val_loss": round(rng.uniform(0, 3), 1),
                    "f1": round(rng.uniform(0, 1), 1)} for _ in range(n)]
        cases.append((history, metric, rng.choice(["max", "min"])))
    for history, metric, mode in cases:
        got = call("best_epoch", fn, [dict(h) for h in history], metric, mode)
        want = _best(history, metric, mode)
        if not equal(got, want):
            raise CheckFailed(f"best_epoch({show(history)}, {metric!r}, {mode!r}) returned {show(got)}, expected {want}")
    bad = [([], "accuracy", "max"), ([{"accuracy": 0.3}], "accuracy", "best")]
    for history, metric, mode in bad:
        error = raised(fn, list(history), metric, mode)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"best_epoch({show(history)}, {metric!r}, {mode!r}) should raise ValueError; it "
                              f"{'returned a value' if error is None else 'raised ' + type(error).__name__}",
                              "Which inputs does the statement call invalid?")
    return len(cases) + len(bad)
