"""Checks for days/day16.ipynb: the output size of a convolution, the receptive field of a stack, the extent of a gradient."""
from __future__ import annotations

import random
from collections.abc import Callable

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show


def _out(n: int, k: int, s: int, p: int, d: int) -> int:
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


@exercise("day16.conv_output_size",
          question="Does your window span dilation * (kernel - 1) + 1 pixels, do you add the padding on BOTH sides, "
                   "and do you round down before adding 1?",
          recipe="validate (n, kernel, stride, dilation >= 1, padding >= 0); "
                 "out = (n + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1; raise ValueError if out < 1")
def check_conv_output_size(fn: Callable, rng: random.Random) -> int:
    cases = [(32, 3, 2, 1, 1), (5, 3, 1, 0, 2), (32, 3, 1, 1, 1), (7, 7, 1, 0, 1), (1, 1, 1, 0, 1), (8, 2, 2, 0, 1),
             (9, 2, 2, 0, 1), (10, 3, 3, 0, 1), (224, 7, 2, 3, 1), (6, 3, 1, 2, 3), (4, 1, 5, 0, 1), (3, 5, 1, 1, 1)]
    while len(cases) < 40:
        args = (rng.randint(1, 64), rng.randint(1, 7), rng.randint(1, 4), rng.randint(0, 3), rng.randint(1, 3))
        if _out(*args) >= 1:
            cases.append(args)
    for args in cases:
        got = call("conv_output_size", fn, *args)
        want = _out(*args)
        if not equal(got, want) or not isinstance(got, int) or isinstance(got, bool):
            n, k, s, p, d = args
            raise CheckFailed(f"conv_output_size(n={n}, kernel={k}, stride={s}, padding={p}, dilation={d}) returned "
                              f"{show(got)}, expected {want}")
    bad = [(0, 3, 1, 0, 1), (5, 0, 1, 0, 1), (5, 3, 0, 0, 1), (5, 3, 1, -1, 1), (5, 3, 1, 0, 0), (2, 3, 1, 0, 1),
           (5, 3, 1, 0, 3), (rng.randint(1, 4), rng.randint(6, 9), 1, 0, 1)]
    for args in bad:
        error = raised(fn, *args)
        if not isinstance(error, ValueError):
            n, k, s, p, d = args
            raise CheckFailed(f"conv_output_size(n={n}, kernel={k}, stride={s}, padding={p}, dilation={d}) should "
                              f"raise ValueError; it {'returned a value' if error is None else 'raised ' + type(error).__name__}",
                              "Which settings does the statement call invalid, and what if the window does not fit?")
    return len(cases) + len(bad)


def _rf(layers: list[tuple[int, int, int]]) -> tuple[int, int]:
    size, jump = 1, 1
    for k, s, d in layers:
        size += (k - 1) * d * jump
        jump *= s
    return size, jump


@exercise("day16.receptive_field",
          question="Does each layer widen the field by (kernel - 1) * dilation times the jump of the layers BELOW it, "
                   "and do you multiply the jump by the stride only after that?",
          recipe="size, jump = 1, 1; for k, s, d in layers: (ValueError if any < 1) size += (k - 1) * d * jump; "
                 "jump *= s; return (size, jump)")
def check_receptive_field(fn: Callable, rng: random.Random) -> int:
    cases = [[], [(3, 1, 1)], [(3, 1, 1), (3, 1, 1)], [(2, 2, 1), (3, 1, 1)], [(3, 2, 1)], [(3, 2, 1), (3, 2, 1)],
             [(3, 1, 2), (3, 1, 4)], [(7, 2, 1), (3, 2, 1), (3, 1, 1), (3, 1, 1)], [(1, 2, 1), (1, 2, 1), (3, 1, 1)]]
    for _ in range(15):
        cases.append([(rng.randint(1, 7), rng.randint(1, 3), rng.randint(1, 3)) for _ in range(rng.randint(1, 7))])
    for layers in cases:
        got = call("receptive_field", fn, list(layers))
        want = _rf(layers)
        if not (isinstance(got, tuple) and len(got) == 2 and equal(list(got), list(want))):
            raise CheckFailed(f"receptive_field({show(layers)}) returned {show(got)}, expected {want}")
    bad = [[(0, 1, 1)], [(3, 0, 1)], [(3, 1, 0)], [(3, 1, 1), (3, rng.randint(-3, 0), 1)]]
    for layers in bad:
        error = raised(fn, list(layers))
        if not isinstance(error, ValueError):
            raise CheckFailed(f"receptive_field({show(layers)}) should raise ValueError; it "
                              f"{'returned a value' if error is None else 'raised ' + type(error).__name__}",
                              "What should a kernel, stride or dilation below 1 do?")
    return len(cases) + len(bad)


def _extent(grad: list[list[float]]) -> tuple[int, int]:
    cells = [(r, c) for r, row in enumerate(grad) for c, v in enumerate(row) if v != 0]
    if not cells:
        return (0, 0)
    rows, cols = [r for r, _ in cells], [c for _, c in cells]
    return (max(rows) - min(rows) + 1, max(cols) - min(cols) + 1)


def _grid(rng: random.Random) -> list[list[float]]:
    h, w = rng.randint(1, 14), rng.randint(1, 14)
    grid = [[0.0] * w for _ in range(h)]
    if rng.random() < 0.9:
        top, left = rng.randint(0, h - 1), rng.randint(0, w - 1)
        bottom, right = rng.randint(top, h - 1), rng.randint(left, w - 1)
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if rng.random() < 0.5:
                    grid[r][c] = rng.choice([-1, 1]) * rng.uniform(1e-6, 3)
        grid[top][rng.randint(left, right)] = rng.uniform(0.1, 1)     # the box's edges hold a non-zero
        grid[bottom][rng.randint(left, right)] = -rng.uniform(0.1, 1)
        grid[rng.randint(top, bottom)][left] = rng.uniform(1e-9, 1e-6)  # tiny but non-zero
        grid[rng.randint(top, bottom)][right] = rng.uniform(0.1, 1)
    return grid


@exercise("day16.field_extent",
          question="Do you take the first and last ROW and COLUMN holding a non-zero (any sign, any size), "
                   "and add 1 to each difference?",
          recipe="cells = [(r, c) for r, row in enumerate(grad) for c, v in enumerate(row) if v != 0]; (0, 0) if none; "
                 "else (max(r) - min(r) + 1, max(c) - min(c) + 1)")
def check_field_extent(fn: Callable, rng: random.Random) -> int:
    cases = [[[0, 0, 0], [0, 1.5, 0], [0, 0, -2]], [[0.0]], [[0.0, 0.0], [0.0, 0.0]], [[1.0]], [[0, 0, 0, 1e-12]],
             [[1, 0, 0, 0, 1]], [[0, -1], [0, 0], [0, 0], [1, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0.5]],
             [[2.0, 0, 0], [0, 0, 0], [0, 0, -3.0], [0, 0, 0]]]
    for _ in range(20):
        cases.append(_grid(rng))
    for grid in cases:
        given = [list(row) for row in grid]
        got = call("field_extent", fn, given)
        want = _extent(grid)
        if not (isinstance(got, tuple) and len(got) == 2 and equal(list(got), list(want))):
            text = show(grid) if len(grid) <= 4 else f"a {len(grid)}x{len(grid[0])} grid"
            raise CheckFailed(f"field_extent({text}) returned {show(got)}, expected {want}")
    return len(cases)
