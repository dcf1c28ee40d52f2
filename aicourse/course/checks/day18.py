"""Checks for days/day18.ipynb: trainable vs frozen parameter counts, layer-wise learning rates, epochs in a time budget."""
from __future__ import annotations

import math
import random
from collections.abc import Callable

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show


def _split(sizes: dict[str, int], head: str) -> tuple[int, int]:
    trainable = sum(n for name, n in sizes.items() if name.split(".")[0] == head)
    return trainable, sum(sizes.values()) - trainable


@exercise("day18.split_counts",
          question="Do you compare the FIRST dotted part of each name with `head` exactly (so 'fc2.weight' is not "
                   "in head 'fc'), and count elements, not tensors?",
          recipe="trainable = sum(n for name, n in sizes.items() if name.split('.')[0] == head); "
                 "return (trainable, sum(sizes.values()) - trainable)")
def check_split_counts(fn: Callable, rng: random.Random) -> int:
    cases = [({"conv1.weight": 9408, "bn1.weight": 64, "fc.weight": 5120, "fc.bias": 10}, "fc"),
             ({"fc2.weight": 40, "fc.weight": 20, "fc.bias": 2}, "fc"),
             ({"backbone.fc.weight": 50, "head.weight": 30}, "fc"),
             ({"a.w": 3, "b.w": 4}, "head"), ({"head.w": 7}, "head"), ({"classifier.0.weight": 11, "cls.b": 5}, "cls")]
    names = ["conv1", "bn1", "layer1", "layer2", "fc", "fc2", "fcx", "head", "heads", "classifier", "f"]
    for _ in range(12):
        head = rng.choice(["fc", "head", "classifier"])
        sizes = {f"{rng.choice(names)}.{rng.randint(0, 3)}.{rng.choice(['weight', 'bias'])}": rng.randint(1, 5000)
                 for _ in range(rng.randint(1, 10))}
        cases.append((sizes, head))
    for sizes, head in cases:
        got = call("split_counts", fn, dict(sizes), head)
        want = _split(sizes, head)
        if not (isinstance(got, tuple) and len(got) == 2 and all(equal(g, w) for g, w in zip(got, want, strict=True))):
            raise CheckFailed(f"split_counts({show(sizes)}, {head!r}) returned {show(got)}, expected {want}")
    return len(cases)


def _lrs(n: int, head_lr: float, decay: float) -> list[float]:
    return [head_lr * decay ** (n - 1 - i) for i in range(n)]


@exercise("day18.layer_lrs",
          question="Does the LAST block (nearest the output) get head_lr, and each block before it `decay` times "
                   "the one after it? Do you reject an empty list and a decay outside (0, 1]?",
          recipe="validate; n = len(blocks); return [head_lr * decay ** (n - 1 - i) for i in range(n)]")
def check_layer_lrs(fn: Callable, rng: random.Random) -> int:
    cases = [(["layer1", "layer2", "fc"], 1e-3, 0.1), (["fc"], 0.01, 0.5), (["a", "b"], 1.0, 1.0),
             (["stem", "l1", "l2", "l3", "l4", "fc"], 3e-3, 0.5)]
    for _ in range(12):
        n = rng.randint(1, 9)
        cases.append(([f"block{i}" for i in range(n)], rng.choice([1e-2, 3e-3, 1e-3, 5e-4]), rng.uniform(0.05, 1.0)))
    for blocks, head_lr, decay in cases:
        got = call("layer_lrs", fn, list(blocks), head_lr, decay)
        want = _lrs(len(blocks), head_lr, decay)
        ok = (isinstance(got, list) and len(got) == len(want)
              and all(isinstance(g, float) and math.isclose(g, w, rel_tol=1e-9) for g, w in zip(got, want, strict=True)))
        if not ok:
            raise CheckFailed(f"layer_lrs({show(blocks)}, {head_lr:g}, {decay:g}) returned {show(got)}, "
                              f"expected {show([float(f'{w:.4g}') for w in want])}")
    bad = [([], 1e-3, 0.5), (["a", "b"], 1e-3, 0.0), (["a"], 1e-3, 1.5), (["a", "b"], 1e-3, -rng.uniform(0.1, 1))]
    for blocks, head_lr, decay in bad:
        error = raised(fn, list(blocks), head_lr, decay)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"layer_lrs({show(blocks)}, {head_lr:g}, {decay:g}) should raise ValueError; it "
                              f"{'returned a value' if error is None else 'raised ' + type(error).__name__}",
                              "Which inputs does the statement call invalid?")
    return len(cases) + len(bad)


@exercise("day18.epochs_in_budget",
          question="Is it the number of FULL epochs (round down) that fit: images_per_s * budget_s / n_images? "
                   "Do you reject values that are not positive?",
          recipe="validate (all > 0, else ValueError); return int(images_per_s * budget_s // n_images)")
def check_epochs_in_budget(fn: Callable, rng: random.Random) -> int:
    cases = [(290.0, 2000, 20.0), (100.0, 1000, 20.0), (50.0, 2000, 10.0), (1000.0, 50000, 3600.0), (300.0, 10, 0.5)]
    for _ in range(15):
        cases.append((round(rng.uniform(20, 3000), 3), rng.randint(100, 60000), round(rng.uniform(1, 7200), 2)))
    for ips, n, budget in cases:
        got = call("epochs_in_budget", fn, ips, n, budget)
        want = int(ips * budget // n)
        if not equal(got, want):
            raise CheckFailed(f"epochs_in_budget({ips}, {n}, {budget}) returned {show(got)}, expected {want}")
    bad = [(0.0, 1000, 10.0), (100.0, 0, 10.0), (100.0, 1000, 0.0), (-rng.uniform(1, 9), 100, 5.0), (100.0, -5, 5.0)]
    for ips, n, budget in bad:
        error = raised(fn, ips, n, budget)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"epochs_in_budget({ips:g}, {n}, {budget:g}) should raise ValueError; it "
                              f"{'returned a value' if error is None else 'raised ' + type(error).__name__}",
                              "What should happen when a measurement or the budget is not positive?")
    return len(cases) + len(bad)
