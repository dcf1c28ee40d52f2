"""Checks for days/day21.ipynb: diagnose a learning curve, and summarise an ablation's runs by the
setting that was switched (mean, spread and count over seeds)."""
from __future__ import annotations

import math
import random
import statistics
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, show


def _diagnose(train: list[float], val: list[float], target: float) -> str:
    if val[-1] > 1.05 * min(val):
        return "overfitting"
    return "underfitting" if train[-1] > target else "fine"


def _curve(rng: random.Random, kind: str) -> tuple[list[float], list[float], float]:
    n = rng.randint(4, 12)
    target = round(rng.uniform(0.3, 1.0), 2)
    start = rng.uniform(2.0, 2.5)
    if kind == "underfitting":
        train = [start - 0.02 * i for i in range(n)]
        val = [t + 0.05 for t in train]
        target = min(target, train[-1] - 0.2)
    else:
        train = [start * 0.7 ** i for i in range(n)]
        target = max(target, train[-1] + 0.05)
        val = [start * 0.75 ** i + 0.3 for i in range(n)]
        if kind == "overfitting":
            low = rng.randint(1, n - 3)  # val turns up after `low`, by 10-60 %
            val = val[:low + 1] + [val[low] * (1 + 0.1 * (j + 1)) for j in range(n - low - 1)]
            if rng.random() < 0.5:  # a last wiggle down: still far above its best
                val[-1] = val[-2] * 0.98
                val[-1] = max(val[-1], val[low] * 1.08)
    return [round(v, 4) for v in train], [round(v, 4) for v in val], target


@exercise("day21.diagnose",
          question="Do you compare the last val loss with its BEST (lowest) value, with the 5 % margin, and check "
                   "overfitting before underfitting?",
          recipe='if val_loss[-1] > 1.05 * min(val_loss): return "overfitting"; '
                 'return "underfitting" if train_loss[-1] > target else "fine"')
def check_diagnose(diagnose: Callable[..., Any], rng: random.Random) -> int:
    cases = [
        ([2.0, 1.0, 0.5, 0.3], [2.0, 1.2, 1.0, 1.05], 0.5),    # exactly 5 % above its best: not overfitting
        ([2.0, 1.0, 0.5, 0.3], [2.0, 1.2, 1.0, 1.06], 0.5),    # just above: overfitting
        ([2.3, 2.3, 2.2, 2.2], [2.3, 2.3, 2.3, 2.3], 1.0),     # flat and high: underfitting
        ([2.0, 1.0, 0.5, 0.5], [2.0, 1.3, 1.0, 0.9], 0.5),     # train exactly at the target: fine
        ([2.0, 1.0, 0.4, 0.2], [1.5, 0.9, 1.4, 1.3], 0.5),     # rose then fell a bit, still far above its best
        ([2.3, 2.2, 2.2, 2.1], [2.0, 2.1, 2.2, 2.3], 1.0),     # both: overfitting comes first
        ([2.0, 1.0], [1.0, 2.0], 0.1),
    ]
    for _ in range(12):
        cases.append(_curve(rng, rng.choice(["underfitting", "overfitting", "fine"])))
    for train, val, target in cases:
        want = _diagnose(train, val, target)
        got = call("diagnose", diagnose, list(train), list(val), target)
        if not equal(got, want):
            raise CheckFailed(f"diagnose({show(train)}, {show(val)}, {target}) returned {show(got)}, expected {want!r}")
    return len(cases)


def _summary(runs: list[dict[str, Any]], key: str, metric: str) -> dict[Any, tuple[float, float, int]]:
    groups: dict[Any, list[float]] = {}
    for r in runs:
        if metric in r and key in r:
            groups.setdefault(r[key], []).append(float(r[metric]))
    return {k: (statistics.fmean(v), statistics.stdev(v) if len(v) > 1 else 0.0, len(v)) for k, v in groups.items()}


def _runs(rng: random.Random) -> list[dict[str, Any]]:
    values = rng.choice([[False, True], ["a", "b", "c"], [8, 16, 32]])
    runs = []
    for seed in range(rng.randint(1, 4)):
        for v in values:
            if rng.random() < 0.85:
                r = {"setting": v, "seed": seed, "val_loss": round(rng.uniform(0.5, 2.5), 3),
                     "val_acc": round(rng.uniform(0.1, 0.9), 3)}
                if rng.random() < 0.15:
                    del r["val_loss"]
                runs.append(r)
    rng.shuffle(runs)
    return runs


@exercise("day21.ablation_summary",
          question="Do you use the SAMPLE standard deviation (n - 1), 0.0 for a single run, and skip runs without the metric?",
          recipe="group the metric's values by run[key] (skip runs without it); for each group return "
                 "(statistics.fmean(v), statistics.stdev(v) if len(v) > 1 else 0.0, len(v))")
def check_ablation_summary(ablation_summary: Callable[..., Any], rng: random.Random) -> int:
    fixed = [
        ([{"augment": False, "val_loss": 2.0}, {"augment": False, "val_loss": 2.2},
          {"augment": True, "val_loss": 1.8}, {"augment": True, "val_loss": 1.9}], "augment", "val_loss"),
        ([{"w": 8, "acc": 0.5}], "w", "acc"),
        ([{"w": 8, "acc": 0.5}, {"w": 8}, {"w": 16, "acc": 0.7}, {"w": 16, "acc": 0.9}, {"w": 16, "acc": 0.8}], "w", "acc"),
        ([], "w", "acc"),
    ]
    cases = fixed + [(_runs(rng), "setting", rng.choice(["val_loss", "val_acc"])) for _ in range(8)]
    for runs, key, metric in cases:
        copy = [dict(r) for r in runs]
        got = call("ablation_summary", ablation_summary, copy, key, metric)
        want = _summary(runs, key, metric)
        where = f"ablation_summary({show(runs)}, {key!r}, {metric!r})"
        if copy != runs:
            raise CheckFailed(f"{where} changed the runs it was given", "Do not modify the input dicts.")
        if not isinstance(got, dict) or set(got) != set(want):
            raise CheckFailed(f"{where} returned {show(got)}; expected a dict with keys {show(sorted(want, key=str))}",
                              "One entry per value of run[key] among the runs that have the metric, no more.")
        for k, (m, s, n) in want.items():
            g = got[k]
            if not (isinstance(g, (tuple, list)) and len(g) == 3):
                raise CheckFailed(f"{where}[{k!r}] is {show(g)}; expected a (mean, std, n) tuple")
            ok = (isinstance(g[2], int) and g[2] == n and all(isinstance(x, (int, float)) for x in g[:2])
                  and math.isclose(g[0], m, rel_tol=1e-9, abs_tol=1e-12)
                  and math.isclose(g[1], s, rel_tol=1e-9, abs_tol=1e-12))
            if not ok:
                raise CheckFailed(f"{where}[{k!r}] is {show(tuple(g))}, expected {show((m, s, n))}")
    return len(cases)
