"""Checks for days/day11.ipynb: clipping by global norm, warmup + cosine, the best epoch of a history."""
from __future__ import annotations

import copy
import math
import numbers
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show


def _clip(grads: list[list[float]], max_norm: float) -> list[list[float]]:
    norm = math.sqrt(sum(v * v for g in grads for v in g))
    scale = max_norm / norm if norm > max_norm else 1.0
    return [[v * scale for v in g] for g in grads]


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


@exercise("day11.clip_by_global_norm",
          question="Do you compute ONE norm over all the values of all the lists, and scale only when it is above max_norm?",
          recipe="norm = sqrt(sum(v*v for g in grads for v in g)); scale = max_norm / norm if norm > max_norm else 1.0; "
                 "return [[v * scale for v in g] for g in grads]; raise ValueError if max_norm <= 0")
def check_clip_by_global_norm(clip: Callable, rng: random.Random) -> int:
    cases: list[tuple[list[list[float]], float]] = [
        ([[3.0], [4.0]], 1.0), ([[3.0], [4.0]], 5.0), ([[3.0], [4.0]], 10.0), ([[0.0, 0.0]], 1.0), ([], 1.0),
        ([[1.0, -1.0], [], [2.0]], 1.0), ([[30.0, 40.0]], 5.0), ([[0.5, 0.5], [0.5, 0.5]], 0.5),
        ([[10.0], [0.1, 0.1, 0.1]], 2.0),  # one big tensor and small ones: per-tensor clipping differs
    ]
    for _ in range(12):
        grads = [[rng.uniform(-3, 3) for _ in range(rng.randint(0, 6))] for _ in range(rng.randint(1, 5))]
        norm = math.sqrt(sum(v * v for g in grads for v in g))
        max_norm = rng.choice([norm * rng.uniform(0.05, 0.9), norm * rng.uniform(1.1, 3)]) if norm > 0.1 else 1.0
        cases.append((grads, max_norm))
    for grads, max_norm in cases:
        given = copy.deepcopy(grads)
        got = call("clip_by_global_norm", clip, given, max_norm)
        if given != grads:
            raise CheckFailed(f"clip_by_global_norm({show(grads)}, {max_norm:g}) changed the lists it was given",
                              "Do you write into the input lists, or build new ones?")
        want = _clip(grads, max_norm)
        ok = (isinstance(got, list) and len(got) == len(want) and all(
            isinstance(g, list) and len(g) == len(w) and all(_is_number(a) and math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-9)
                                                         for a, b in zip(g, w, strict=True)) for g, w in zip(got, want, strict=True)))
        if not ok:
            norm = math.sqrt(sum(v * v for g in grads for v in g))
            raise CheckFailed(f"clip_by_global_norm({show(grads)}, {max_norm:g}) returned {show(got)}, expected "
                              f"{show(want)} (global norm {norm:.4g})")
        if got is grads or any(g is h for g, h in zip(got, given, strict=False)):
            raise CheckFailed(f"clip_by_global_norm({show(grads)}, {max_norm:g}) returned the input lists themselves; "
                              "return new lists", "Is your result a new list of new lists?")
    for bad in (0.0, -1.0, -rng.uniform(0.1, 5)):
        error = raised(clip, [[1.0]], bad)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"clip_by_global_norm([[1.0]], {bad:g}) should raise ValueError; it "
                              f"{'returned' if error is None else 'raised ' + type(error).__name__}",
                              "What would clipping to a norm of zero or less mean?")
    return len(cases) + 3


def _lr(step: int, max_lr: float, warmup: int, total: int) -> float:
    if step < warmup:
        return max_lr * (step + 1) / warmup
    if step >= total:
        return 0.0
    return max_lr * 0.5 * (1 + math.cos(math.pi * (step - warmup) / (total - warmup)))


@exercise("day11.lr_at",
          question="Which branch does this step fall in (warmup, cosine, or after the end), and does warmup use step + 1?",
          recipe="if step < warmup: return max_lr * (step + 1) / warmup; if step >= total: return 0.0; "
                 "p = (step - warmup) / (total - warmup); return max_lr * 0.5 * (1 + math.cos(math.pi * p))")
def check_lr_at(lr_at: Callable, rng: random.Random) -> int:
    cases = [(0, 1.0, 10, 110), (9, 1.0, 10, 110), (10, 1.0, 10, 110), (60, 1.0, 10, 110), (109, 1.0, 10, 110),
             (110, 1.0, 10, 110), (500, 1.0, 10, 110), (0, 3e-4, 0, 100), (50, 3e-4, 0, 100), (0, 2.0, 1, 2),
             (1, 2.0, 1, 2), (2, 2.0, 1, 2)]
    for _ in range(20):
        total = rng.randint(2, 5000)
        warmup = rng.randint(0, total - 1)
        step = rng.choice([rng.randint(0, max(warmup - 1, 0)), rng.randint(warmup, total - 1), total + rng.randint(0, 50)])
        cases.append((step, rng.choice([1.0, 6e-4, rng.uniform(1e-5, 1.0)]), warmup, total))
    for args in cases:
        got = call("lr_at", lr_at, *args)
        want = _lr(*args)
        if not _is_number(got) or not math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-15):
            step, _, warmup, total = args
            phase = "warmup" if step < warmup else ("after the end" if step >= total else "cosine decay")
            raise CheckFailed(f"lr_at{args} returned {show(got)}, expected {want!r} ({phase})")
    bad = [(-1, 1.0, 10, 100), (0, 1.0, 100, 100), (0, 1.0, 101, 100), (0, 1.0, -1, 100),
           (rng.randint(0, 50), 1.0, rng.randint(60, 90), rng.randint(10, 59))]
    for args in bad:
        error = raised(lr_at, *args)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"lr_at{args} should raise ValueError; it "
                              f"{'returned ' + show(lr_at(*args)) if error is None else 'raised ' + type(error).__name__}",
                              "Which inputs does the statement say are invalid?")
    return len(cases) + len(bad)


def _best(history: list[dict[str, float]], monitor: str, mode: str) -> int:
    best = None
    for row in history:
        value = row[monitor] if mode == "min" else -row[monitor]
        if best is None or value < best[0]:
            best = (value, int(row["epoch"]))
    assert best is not None
    return best[1]


def _history(rng: random.Random, start: int, n: int) -> list[dict[str, float]]:
    rows = []
    for i in range(n):
        rows.append({"epoch": float(start + i), "train_loss": round(rng.uniform(0.1, 2), 3),
                     "val_loss": round(rng.uniform(0.3, 2), 2), "accuracy": round(rng.uniform(0.5, 0.99), 2)})
    return rows


@exercise("day11.best_epoch",
          question="Do you return the row's 'epoch' (not its position), the earliest one on a tie, and look for the largest value when mode is 'max'?",
          recipe="check history non-empty, mode in ('min', 'max') and monitor in every row (else ValueError); "
                 "best = min(history, key=lambda r: r[monitor] if mode == 'min' else -r[monitor]) (min keeps the first of equals); "
                 "return int(best['epoch'])")
def check_best_epoch(best_epoch: Callable, rng: random.Random) -> int:
    rows = [{"epoch": 0.0, "val_loss": 1.0, "accuracy": 0.5}, {"epoch": 1.0, "val_loss": 0.5, "accuracy": 0.8},
            {"epoch": 2.0, "val_loss": 0.5, "accuracy": 0.8}, {"epoch": 3.0, "val_loss": 0.7, "accuracy": 0.7}]
    cases = [(rows, "val_loss", "min"), (rows, "accuracy", "max"), (rows[:1], "val_loss", "min"),
             (rows[2:], "val_loss", "min"), (rows[::-1][:2], "accuracy", "max"),
             ([{"epoch": 7.0, "val_loss": 0.2}, {"epoch": 8.0, "val_loss": 0.2}], "val_loss", "min")]
    for _ in range(12):
        cases.append((_history(rng, rng.choice([0, rng.randint(1, 40)]), rng.randint(2, 12)),
                      rng.choice(["val_loss", "accuracy", "train_loss"]), rng.choice(["min", "max"])))
    for history, monitor, mode in cases:
        given = copy.deepcopy(history)
        got = call("best_epoch", best_epoch, given, monitor, mode)
        want = _best(history, monitor, mode)
        if not equal(got, want):
            raise CheckFailed(f"best_epoch({show(history)}, {monitor!r}, {mode!r}) returned {show(got)}, expected {want}")
    bad = [([], "val_loss", "min"), (rows, "val_loss", "minimum"), (rows, "val_acc", "max"), (rows, "val_loss", "MAX"),
           ([{"epoch": 0.0, "val_loss": 1.0}, {"epoch": 1.0}], "val_loss", "min")]
    for history, monitor, mode in bad:
        error = raised(best_epoch, copy.deepcopy(history), monitor, mode)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"best_epoch({show(history)}, {monitor!r}, {mode!r}) should raise ValueError; it "
                              f"{'returned a value' if error is None else 'raised ' + type(error).__name__}",
                              "Which inputs does the statement say are invalid?")
    return len(cases) + len(bad)
