"""Checks for days/day05.ipynb: the chain rule by hand, a new `Value` operation, the gradient-check rule."""
from __future__ import annotations

import math
import numbers
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show


def _close(got: float, want: float, tol: float = 1e-6) -> bool:
    return abs(got - want) <= tol * max(1.0, abs(want))


def _number(got: Any, what: str) -> float:
    if not isinstance(got, numbers.Real) or isinstance(got, bool):
        raise CheckFailed(f"{what} returned {show(got)}, not a number")
    return float(got)


@exercise("day05.neuron_grads",
          question="Which factors does the chain rule multiply on the way from L back to w: dL/da, da/du, du/dw?",
          recipe="a = tanh(w*x + b); g = 2 * (a - t) * (1 - a*a)  # dL/du; return (g * x, g)")
def check_neuron_grads(neuron_grads: Callable[[float, float, float, float], tuple[float, float]],
                       rng: random.Random) -> int:
    cases = [(1.0, 0.5, 0.0, 1.0), (0.0, 1.0, 0.0, 0.0), (2.0, -1.5, 0.3, -1.0), (-3.0, 0.2, -0.1, 0.5),
             (0.5, 0.0, 0.0, 0.0), (10.0, 3.0, 1.0, 1.0)]
    cases += [tuple(round(rng.uniform(-3, 3), 3) for _ in range(4)) for _ in range(20)]
    for x, w, b, t in cases:
        got = call("neuron_grads", neuron_grads, x, w, b, t)
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise CheckFailed(f"neuron_grads({x}, {w}, {b}, {t}) returned {show(got)}; return a tuple (dL/dw, dL/db)")
        dw, db = (_number(g, f"neuron_grads({x}, {w}, {b}, {t})") for g in got)
        a = math.tanh(w * x + b)
        g = 2 * (a - t) * (1 - a * a)
        if not (_close(dw, g * x) and _close(db, g)):
            question = None
            plain = 2 * (a - t)
            if _close(dw, plain * x) and _close(db, plain):
                question = "Did you forget the derivative of tanh, 1 - tanh(u)**2?"
            elif _close(db, g) and _close(dw, g):
                question = "dL/dw and dL/db differ by one factor: which one does u = w*x + b add for w?"
            raise CheckFailed(f"neuron_grads({x}, {w}, {b}, {t}) returned ({dw:.6g}, {db:.6g}), expected "
                              f"({g * x:.6g}, {g:.6g})", question)
    return len(cases)


def _sig(u: float) -> float:
    return 1 / (1 + math.exp(-u))


@exercise("day05.sigmoid",
          question="After out.backward(), does the gradient reach v, with the right local derivative, and does it "
                   "add up when v is used twice?",
          recipe="s = 1 / (1 + math.exp(-v.data)); out = Value(s, (v,), 'sigmoid'); "
                 "def _backward(): v.grad += s * (1 - s) * out.grad; out._backward = _backward; return out "
                 "(or: return 1 / (1 + (-v).exp()))")
def check_sigmoid(sigmoid: Callable[[Any], Any], rng: random.Random) -> int:
    from aicourse.scratch import Value

    points = [0.0, 1.0, -1.0, 4.0, -30.0, 30.0, 1e-9] + [rng.uniform(-8, 8) for _ in range(8)]
    cases = 0
    for u in points:
        s, ds = _sig(u), _sig(u) * (1 - _sig(u))
        # (a) alone; (b) inside an expression where v is used twice; (c) after a scaling node
        for kind in ("alone", "twice", "scaled"):
            v = Value(u)
            if kind == "alone":
                out = call("sigmoid", sigmoid, v)
                want_data, want_grad, expr = s, ds, f"sigmoid(Value({u:.6g}))"
            elif kind == "twice":
                out = v * call("sigmoid", sigmoid, v)  # d/dv [v * s(v)] = s + v * s'
                want_data, want_grad, expr = u * s, s + u * ds, f"v * sigmoid(v) at v = {u:.6g}"
            else:
                out = call("sigmoid", sigmoid, v * 2.0) + 1.0
                want_data, want_grad, expr = _sig(2 * u) + 1, 2 * _sig(2 * u) * (1 - _sig(2 * u)), \
                    f"sigmoid(2 * v) + 1 at v = {u:.6g}"
            if not isinstance(out, Value):
                raise CheckFailed(f"{expr} is {show(out)} ({type(out).__name__}), not a Value",
                                  "What type must the result have so gradients can flow through it?")
            if not _close(out.data, want_data, 1e-9):
                raise CheckFailed(f"{expr} has data {out.data!r}, expected {want_data!r}")
            if v.data != u:
                raise CheckFailed(f"sigmoid changed v.data from {u!r} to {v.data!r}")
            try:
                out.backward()
            except Exception as e:
                raise CheckFailed(f"({expr}).backward() raised {type(e).__name__}: {e}") from None
            if not _close(v.grad, want_grad, 1e-7):
                question = None
                if kind == "alone" and _close(v.grad, s, 1e-7):
                    question = "Is the local derivative s, or s * (1 - s)?"
                elif kind == "alone" and v.grad == 0:
                    question = "Is your result a new node that lists v among its children and has a _backward?"
                elif kind == "twice":
                    question = "v is used twice here: does your _backward add to v.grad (+=) or set it (=)?"
                raise CheckFailed(f"after ({expr}).backward(), v.grad is {v.grad!r}, expected {want_grad!r}", question)
            cases += 1
    return cases


def _reference_ok(a: float, n: float, rel_tol: float, abs_tol: float) -> bool:
    diff = abs(a - n)
    return diff <= abs_tol or diff <= rel_tol * max(abs(a), abs(n))


@exercise("day05.grad_ok",
          question="Is this difference within abs_tol, or within rel_tol times the larger of the two sizes? "
                   "Do you use the tolerances you were given?",
          recipe="diff = abs(analytic - numeric); return diff <= abs_tol or diff <= rel_tol * max(abs(analytic), "
                 "abs(numeric))  (math.isclose(analytic, numeric, rel_tol=rel_tol, abs_tol=abs_tol) is the same rule)")
def check_grad_ok(grad_ok: Callable[..., bool], rng: random.Random) -> int:
    cases: list[tuple[float, float, float, float]] = [
        (1.0, 1.0, 1e-5, 1e-8), (0.0, 0.0, 1e-5, 1e-8), (0.0, 5e-9, 1e-5, 1e-8), (0.0, 2e-8, 1e-5, 1e-8),
        (1e6, 1e6 + 0.5, 1e-5, 1e-8), (1e6, 1e6 + 50, 1e-5, 1e-8), (1e-7, 3e-7, 1e-5, 1e-8),
        (-2.0, 2.0, 1e-5, 1e-8), (0.5, 0.5000001, 1e-5, 1e-8), (0.5, 0.5001, 1e-5, 1e-8),
        (0.5, 0.5001, 1e-3, 1e-8), (0.5, 0.6, 1e-5, 0.2), (3.0, -3.0, 1e-5, 1e-8), (-1e-9, 1e-9, 1e-5, 1e-8),
        (100.0, 100.5, 1e-2, 1e-8), (100.0, 102.0, 1e-2, 1e-8), (0.1, 0.0, 1e-5, 1e-8),
    ]
    while len(cases) < 60:
        scale = 10 ** rng.uniform(-9, 7)
        a = rng.choice([-1, 1]) * scale
        rel = 10 ** rng.uniform(-8, -1)
        absol = 10 ** rng.uniform(-12, -2)
        factor = rng.choice([0.2, 0.5, 0.9, 1.1, 2, 5]) * rel
        n = a * (1 + rng.choice([-1, 1]) * factor) if rng.random() < 0.8 else a + rng.choice([-1, 1]) * absol * rng.choice([0.5, 2])
        if abs(abs(a - n) - absol) > 1e-6 * absol and abs(abs(a - n) - rel * max(abs(a), abs(n))) > 1e-6 * abs(a - n):
            cases.append((a, n, rel, absol))  # clear of both boundaries: rounding cannot flip the verdict
    for a, n, rel, absol in cases:
        want = _reference_ok(a, n, rel, absol)
        for args in ((a, n, rel, absol), (n, a, rel, absol)):
            got = call("grad_ok", grad_ok, *args)
            if not equal(got, want):
                diff = abs(a - n)
                raise CheckFailed(f"grad_ok({args[0]!r}, {args[1]!r}, rel_tol={rel!r}, abs_tol={absol!r}) returned "
                                  f"{show(got)}, expected {want} (difference {diff:.3g}, "
                                  f"{diff / max(abs(a), abs(n)) if max(abs(a), abs(n)) else 0:.3g} relative)")
    defaults = call("grad_ok", grad_ok, 1.0, 1.000001)
    if not equal(defaults, True):
        raise CheckFailed(f"grad_ok(1.0, 1.000001) returned {show(defaults)}; with the default rel_tol=1e-5 it is True")
    error = raised(grad_ok, 0.0, 0.0)
    if error is not None:
        raise CheckFailed(f"grad_ok(0.0, 0.0) raised {type(error).__name__}: {error}; two zeros agree",
                          "What happens when you divide by the size of a zero gradient?")
    return 2 * len(cases) + 2
