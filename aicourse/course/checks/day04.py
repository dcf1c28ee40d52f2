"""Checks for days/day04.ipynb: the broadcasting rule, centring columns, a matrix of cosine similarities."""
from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show


def _reference_broadcast(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...] | None:
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x != y and 1 not in (x, y):
            return None
        out.append(y if x == 1 else x)
    return tuple(reversed(out))


def _random_shapes(rng: random.Random) -> tuple[tuple[int, ...], tuple[int, ...]]:
    n = rng.randint(0, 5)
    base = [rng.choice([1, 2, 3, 4, 5, 7]) for _ in range(n)]
    a, b = list(base), list(base)
    for shape in (a, b):
        for i in range(len(shape)):
            r = rng.random()
            if r < 0.3:
                shape[i] = 1
            elif r < 0.4:
                shape[i] = rng.choice([2, 3, 6, 8])  # maybe a mismatch
    a = a[rng.randint(0, len(a)):] if rng.random() < 0.4 else a  # drop leading axes from one side
    b = b[rng.randint(0, len(b)):] if rng.random() < 0.4 else b
    return tuple(a), tuple(b)


@exercise("day04.broadcast_shape",
          question="Do you line the shapes up from the right, treat a missing axis as 1, and refuse two different "
                   "sizes when neither is 1?",
          recipe="pad the shorter shape with 1s on the left; for each pair (x, y): if x != y and 1 not in (x, y) raise "
                 "ValueError; else take y if x == 1 else x; return a tuple")
def check_broadcast_shape(broadcast_shape: Callable[[tuple[int, ...], tuple[int, ...]], tuple[int, ...]],
                          rng: random.Random) -> int:
    cases = [((3, 1), (4,)), ((3, 4), (3,)), ((), ()), ((5,), ()), ((), (2, 3)), ((4, 1), (4,)), ((4,), (4, 1)),
             ((1,), (0,)), ((0,), (1,)), ((2, 0), (2, 1)), ((2, 3), (3, 2)), ((1, 1, 1), (7,)), ((8, 1, 6, 1), (7, 1, 5)),
             ((5, 4), (1,)), ((5, 4), (4,)), ((15, 3, 5), (15, 1, 5)), ((2, 1), (8, 4, 3)), ((3,), (3, 3)),
             ((3, 4), (4, 3)), ((2, 3, 4), (3, 1))]
    cases += [_random_shapes(rng) for _ in range(40)]
    for a, b in cases:
        want = _reference_broadcast(a, b)
        if want is None:
            error = raised(broadcast_shape, a, b)
            if error is None:
                got = broadcast_shape(a, b)
                raise CheckFailed(f"broadcast_shape({a}, {b}) returned {show(got)}; these shapes do not broadcast, "
                                  "so it should raise ValueError",
                                  "Two sizes that differ, neither of them 1: what does broadcasting do?")
            if not isinstance(error, ValueError):
                raise CheckFailed(f"broadcast_shape({a}, {b}) raised {type(error).__name__}: {error}; "
                                  "the statement asks for ValueError")
            continue
        got = call("broadcast_shape", broadcast_shape, a, b)
        if not equal(got, want):
            raise CheckFailed(f"broadcast_shape({a}, {b}) returned {show(got)}, expected {want}",
                              "Which end do you line the shapes up from, and what does a size of 1 become?")
    return len(cases)


def _tensor(rng: random.Random, n: int, d: int, scale: float = 1.0) -> Any:
    import torch

    g = torch.Generator().manual_seed(rng.randrange(2**31))
    return torch.randn(n, d, generator=g, dtype=torch.float64) * scale + rng.uniform(-5, 5)


@exercise("day04.center_columns",
          question="Which axis do you average over to get one mean per column, and does the result keep X's shape "
                   "without changing X?",
          recipe="return X - X.mean(dim=0)  # (n, d) minus (d,): broadcast over the rows; a new tensor, X untouched")
def check_center_columns(center_columns: Callable[[Any], Any], rng: random.Random) -> int:
    import torch

    shapes = [(1, 1), (1, 4), (4, 1), (3, 3), (5, 5), (2, 7), (7, 2)]
    shapes += [(rng.randint(1, 40), rng.randint(1, 40)) for _ in range(6)] + [(k, k) for k in (rng.randint(2, 30),)]
    for n, d in shapes:
        X = _tensor(rng, n, d, scale=rng.uniform(0.5, 100))
        if rng.random() < 0.5:
            X = X.float()
        before = X.clone()
        got = call("center_columns", center_columns, X)
        if not torch.equal(X, before):
            raise CheckFailed(f"center_columns changed its input X (shape {n}x{d})",
                              "Does your code subtract in place (-=, sub_) from the tensor it was given?")
        if not isinstance(got, torch.Tensor) or tuple(got.shape) != (n, d):
            raise CheckFailed(f"center_columns(X of shape ({n}, {d})) returned "
                              f"{tuple(got.shape) if isinstance(got, torch.Tensor) else show(got)}; expected a tensor "
                              f"of shape ({n}, {d})", "What shape does X.mean(dim=0) have, and how does it broadcast?")
        want = before - before.mean(dim=0)
        tol = 1e-4 * (1 + before.abs().max().item())
        if not torch.allclose(got.double(), want.double(), atol=tol, rtol=0):
            rows = before - before.mean(dim=1, keepdim=True)
            question = ("You subtracted each row's mean: which dim gives one mean per column?"
                        if torch.allclose(got.double(), rows.double(), atol=tol, rtol=0) else None)
            raise CheckFailed(f"center_columns(X of shape ({n}, {d})): the result's column means are "
                              f"{show([round(v, 4) for v in got.double().mean(dim=0).tolist()])}, not all 0 "
                              f"(or the columns were not shifted by their own means)", question)
    return len(shapes)


@exercise("day04.cosine_matrix",
          question="Is every row of both A and B divided by its own length, and is the result (n, m)?",
          recipe="A = A / A.norm(dim=1, keepdim=True); B = B / B.norm(dim=1, keepdim=True); return A @ B.T")
def check_cosine_matrix(cosine_matrix: Callable[[Any, Any], Any], rng: random.Random) -> int:
    import torch

    shapes = [(1, 1, 1), (1, 1, 3), (2, 2, 2), (3, 3, 3), (2, 5, 4), (5, 2, 4), (4, 4, 1)]
    shapes += [(rng.randint(1, 20), rng.randint(1, 20), rng.randint(1, 30)) for _ in range(6)]
    for n, m, d in shapes:
        A = _tensor(rng, n, d, scale=rng.uniform(0.5, 20))
        B = _tensor(rng, m, d, scale=rng.uniform(0.5, 20))
        if d == 1:
            A, B = A.abs() + 1, -(B.abs() + 1)  # lengths never zero: every cosine is -1
        A_before, B_before = A.clone(), B.clone()
        got = call("cosine_matrix", cosine_matrix, A, B)
        if not torch.equal(A, A_before) or not torch.equal(B, B_before):
            raise CheckFailed("cosine_matrix changed its inputs", "Do you normalise A and B in place?")
        if not isinstance(got, torch.Tensor) or tuple(got.shape) != (n, m):
            raise CheckFailed(f"cosine_matrix(A of shape ({n}, {d}), B of shape ({m}, {d})) returned "
                              f"{tuple(got.shape) if isinstance(got, torch.Tensor) else show(got)}; expected shape "
                              f"({n}, {m})", "Which of A @ B, A @ B.T, A.T @ B gives (n, m)?")
        want = (A / A.norm(dim=1, keepdim=True)) @ (B / B.norm(dim=1, keepdim=True)).T
        if not torch.allclose(got.double(), want, atol=1e-5, rtol=0):
            i, j = divmod(int((got.double() - want).abs().argmax()), m)
            raise CheckFailed(f"cosine_matrix(A of shape ({n}, {d}), B of shape ({m}, {d}))[{i}, {j}] is "
                              f"{got[i, j].item():.6g}, expected {want[i, j].item():.6g}",
                              "A cosine lies between -1 and 1: did you divide by both lengths?")
    # the two inputs play different roles: swapping them transposes the result
    A, B = _tensor(rng, 3, 4), _tensor(rng, 5, 4)
    got = call("cosine_matrix", cosine_matrix, B, A)
    want = (B / B.norm(dim=1, keepdim=True)) @ (A / A.norm(dim=1, keepdim=True)).T
    if not isinstance(got, torch.Tensor) or tuple(got.shape) != (5, 3) or not torch.allclose(got.double(), want, atol=1e-5):
        raise CheckFailed("cosine_matrix(B, A) is not the (5, 3) matrix of cosines of B's rows against A's")
    return len(shapes) + 1
