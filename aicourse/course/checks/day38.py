"""Checks for days/day38.ipynb: the LoRA forward pass, merging the update into W, counting LoRA's trainable
parameters, and choosing a rank from measured rows under a stated rule."""
from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show
from aicourse.course.checks._torch import describe


def _tensors(rng: random.Random, n: int, n_in: int, n_out: int, r: int) -> tuple[Any, Any, Any, Any]:
    import torch

    g = torch.Generator().manual_seed(rng.randrange(2**31))
    x = torch.randn(n, n_in, generator=g, dtype=torch.float64)
    w = torch.randn(n_out, n_in, generator=g, dtype=torch.float64)
    a = torch.randn(r, n_in, generator=g, dtype=torch.float64)
    b = torch.randn(n_out, r, generator=g, dtype=torch.float64)  # nonzero: a trained adapter
    return x, w, a, b


def _shapes(rng: random.Random) -> list[tuple[int, int, int, int, float]]:
    "(n, in, out, r, alpha) cases: edge cases first, then random ones with in != out so a transpose shows."
    cases: list[tuple[int, int, int, int, float]] = [(1, 3, 2, 1, 1.0), (4, 6, 5, 2, 16.0), (3, 5, 7, 4, 4.0),
                                                      (2, 8, 3, 3, 1.0), (5, 4, 6, 1, 32.0)]
    for _ in range(12):
        n_in, n_out = rng.randint(2, 12), rng.randint(2, 12)
        while n_out == n_in:
            n_out = rng.randint(2, 12)
        cases.append((rng.randint(1, 6), n_in, n_out, rng.randint(1, min(n_in, n_out)), rng.choice([1.0, 2.0, 8.0, 16.0, 5.0])))
    return cases


def _reference_forward(x: Any, w: Any, a: Any, b: Any, alpha: float, r: int) -> Any:
    return x @ w.T + (alpha / r) * (x @ a.T) @ b.T


def _same(got: Any, want: Any) -> bool:
    import torch

    return (isinstance(got, torch.Tensor) and tuple(got.shape) == tuple(want.shape)
            and bool(torch.allclose(got.detach().to(torch.float64), want, rtol=1e-6, atol=1e-8)))


def _untouched(name: str, before: list[Any], after: list[Any]) -> None:
    import torch

    if not all(torch.equal(x, y) for x, y in zip(before, after, strict=True)):
        raise CheckFailed(f"{name} changed one of its input tensors in place: return a new tensor and leave W, A, B and x as they were")


@exercise("day38.lora_forward",
          question="Is the update scaled by alpha / r (not alpha, not 1), and do the shapes line up: x (n, in) times "
                   "A transposed (in, r), then B transposed (r, out)?",
          recipe="return x @ W.T + (alpha / r) * (x @ A.T) @ B.T")
def check_lora_forward(lora_forward: Callable[..., Any], rng: random.Random) -> int:
    cases = _shapes(rng)
    for n, n_in, n_out, r, alpha in cases:
        x, w, a, b = _tensors(rng, n, n_in, n_out, r)
        before = [t.clone() for t in (x, w, a, b)]
        got = call("lora_forward", lora_forward, x, w, a, b, alpha, r)
        _untouched("lora_forward", before, [x, w, a, b])
        want = _reference_forward(x, w, a, b, alpha, r)
        if not _same(got, want):
            raise CheckFailed(f"lora_forward with x {tuple(x.shape)}, W {tuple(w.shape)}, A {tuple(a.shape)}, B {tuple(b.shape)}, "
                              f"alpha={alpha:g}, r={r} returned {describe(got)}, expected {describe(want)}")
    return len(cases)


@exercise("day38.merge_weight",
          question="Do you add (alpha / r) * B @ A (shape (out, in), like W) to a COPY of W, so that W itself is unchanged?",
          recipe="return W + (alpha / r) * (B @ A)")
def check_merge_weight(merge_weight: Callable[..., Any], rng: random.Random) -> int:
    cases = _shapes(rng)
    for n, n_in, n_out, r, alpha in cases:
        x, w, a, b = _tensors(rng, n, n_in, n_out, r)
        before = [t.clone() for t in (w, a, b)]
        got = call("merge_weight", merge_weight, w, a, b, alpha, r)
        _untouched("merge_weight", before, [w, a, b])
        want = w + (alpha / r) * (b @ a)
        if not _same(got, want):
            raise CheckFailed(f"merge_weight with W {tuple(w.shape)}, A {tuple(a.shape)}, B {tuple(b.shape)}, alpha={alpha:g}, "
                              f"r={r} returned {describe(got)}, expected {describe(want)}")
        if not _same(x @ got.T, _reference_forward(x, w, a, b, alpha, r)):  # the point of merging
            raise CheckFailed("x @ merged.T differs from the unmerged LoRA output: the merged weight must give the same outputs")
    return len(cases)


NAMES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "dense", "fc1", "fc2"]


@exercise("day38.adapter_params",
          question="Per wrapped layer LoRA adds A (r x in) and B (out x r): r * (in + out), not in * out. Do you count only "
                   "the TARGET names, once per transformer layer (times n_layers), and raise ValueError for a target "
                   "missing from shapes?",
          recipe="missing = [t for t in targets if t not in shapes]; if missing: raise ValueError(...); "
                 "return n_layers * sum(r * (shapes[t][0] + shapes[t][1]) for t in targets)")
def check_adapter_params(adapter_params: Callable[..., Any], rng: random.Random) -> int:
    smol = {"q_proj": (576, 576), "k_proj": (192, 576), "v_proj": (192, 576), "o_proj": (576, 576),
            "gate_proj": (1536, 576), "up_proj": (1536, 576), "down_proj": (576, 1536)}
    cases: list[tuple[dict[str, tuple[int, int]], list[str], int, int]] = [
        (smol, ["q_proj", "v_proj"], 8, 30), (smol, ["q_proj", "k_proj", "v_proj", "o_proj"], 16, 30),
        (smol, list(smol), 1, 1), (smol, [], 8, 30), ({"dense": (10, 3)}, ["dense"], 2, 1),
    ]
    for _ in range(25):
        names = rng.sample(NAMES, rng.randint(1, len(NAMES)))
        shapes = {name: (rng.randint(1, 4096), rng.randint(1, 4096)) for name in names}
        cases.append((shapes, rng.sample(names, rng.randint(1, len(names))), rng.choice([1, 2, 4, 8, 16, 64]), rng.randint(1, 48)))
    for shapes, targets, r, n_layers in cases:
        got = call("adapter_params", adapter_params, dict(shapes), list(targets), r, n_layers)
        want = n_layers * sum(r * (shapes[t][0] + shapes[t][1]) for t in targets)
        if not equal(got, want):
            raise CheckFailed(f"adapter_params({show(shapes)}, {targets}, r={r}, n_layers={n_layers}) returned {show(got)}, "
                              f"expected {want}")
    for shapes, targets, r, n_layers in [(smol, ["q_proj", "qkv"], 8, 30), ({"fc1": (4, 4)}, ["dense"], 1, 2)]:
        err = raised(adapter_params, dict(shapes), list(targets), r, n_layers)
        if not isinstance(err, ValueError):
            raise CheckFailed(f"adapter_params(..., targets={targets}) with no shape for {targets[-1]!r} "
                              f"{'returned' if err is None else 'raised ' + type(err).__name__}: raise ValueError "
                              "(a misspelled target must not silently count as zero)")
    return len(cases) + 2


def _choose(rows: list[tuple[int, float, int]], tolerance: float) -> int:
    best = min(loss for _, loss, _ in rows)
    ok = [row for row in rows if row[1] <= best + tolerance]
    return min(ok, key=lambda row: (row[2], row[1], row[0]))[0]


@exercise("day38.choose_rank",
          question="Do you first keep every row whose loss is at most (best loss + tolerance), and only then take the one "
                   "with the FEWEST params (not the smallest rank, not the lowest loss), breaking ties by lower loss, then "
                   "smaller rank?",
          recipe="best = min(loss for _, loss, _ in rows); ok = [row for row in rows if row[1] <= best + tolerance]; "
                 "return min(ok, key=lambda row: (row[2], row[1], row[0]))[0]")
def check_choose_rank(choose_rank: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[tuple[int, float, int]], float]] = [
        ([(8, 0.50, 100)], 0.0),  # one row
        ([(1, 0.90, 10), (4, 0.52, 40), (16, 0.50, 160)], 0.05),  # rank 4 is within 0.05 of the best and cheaper
        ([(1, 0.90, 10), (4, 0.52, 40), (16, 0.50, 160)], 0.0),  # no slack: the best loss wins
        ([(1, 0.90, 10), (4, 0.52, 40), (16, 0.50, 160)], 1.0),  # everything is good enough: the cheapest
        ([(8, 0.60, 50), (4, 0.55, 50), (2, 0.55, 50)], 0.1),  # same params: lower loss, then smaller rank
        ([(16, 0.40, 30), (4, 0.41, 90)], 0.05),  # params need not grow with rank (other targets): fewest params wins
        ([(8, 0.5, 80), (2, 0.75, 20)], 0.25),  # exactly on the boundary counts as good enough (exact in binary)
    ]
    for _ in range(30):
        ranks = rng.sample([1, 2, 4, 8, 16, 32, 64, 128], rng.randint(2, 6))
        rows = [(k, round(rng.uniform(0.3, 1.2), 3), rng.choice([1, 2, 3]) * k * rng.choice([10, 100])) for k in ranks]
        tolerance = rng.choice([0.0, 0.0125, 0.05, 0.1, 0.3])
        best = min(loss for _, loss, _ in rows)
        if any(0 < abs(loss - best - tolerance) < 1e-6 for _, loss, _ in rows):
            continue  # on the boundary, `loss - best <= tol` and `loss <= best + tol` round differently: both are right
        cases.append((rows, tolerance))
    for rows, tolerance in cases:
        got = call("choose_rank", choose_rank, list(rows), tolerance)
        want = _choose(rows, tolerance)
        if not equal(got, want):
            raise CheckFailed(f"choose_rank({rows}, tolerance={tolerance}) returned {show(got)}, expected {want}")
    return len(cases)
