"""Cheats for days/day05.ipynb: answers that fit the visible examples or ignore a stated rule.
Each check must reject each of them, on every seed."""
import math

from aicourse.scratch import Value


def neuron_grads(x: float, w: float, b: float, t: float) -> tuple[float, float]:  # fits the example, where x = 1
    a = math.tanh(w * x + b)
    g = 2 * (a - t) * (1 - a * a)
    return g, g


def sigmoid(v: Value) -> Value:  # the right number, cut off from the graph: no gradient reaches v
    return Value(1 / (1 + math.exp(-v.data)))


def grad_ok(analytic: float, numeric: float, rel_tol: float = 1e-5, abs_tol: float = 1e-8) -> bool:
    return math.isclose(analytic, numeric, rel_tol=1e-5, abs_tol=1e-8)  # ignores the tolerances it is given
