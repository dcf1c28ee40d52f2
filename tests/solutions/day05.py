"""Reference solutions for days/day05.ipynb (not shipped: tests prove each one passes its check).

`name` is the reference; `name__variant` is another answer the statement allows, which must pass too.
"""
import math

from aicourse.scratch import Value


def neuron_grads(x: float, w: float, b: float, t: float) -> tuple[float, float]:
    a = math.tanh(w * x + b)
    dL_du = 2 * (a - t) * (1 - a * a)  # dL/da * da/du
    return dL_du * x, dL_du  # du/dw = x, du/db = 1


def neuron_grads__autograd(x: float, w: float, b: float, t: float) -> tuple[float, float]:
    wv, bv = Value(w), Value(b)
    (((wv * x + bv).tanh() - t) ** 2).backward()
    return wv.grad, bv.grad


def sigmoid(v: Value) -> Value:
    s = 1 / (1 + math.exp(-v.data))
    out = Value(s, (v,), "sigmoid")

    def _backward() -> None:
        v.grad += s * (1 - s) * out.grad

    out._backward = _backward
    return out


def sigmoid__composed(v: Value) -> Value:
    return 1 / (1 + (-v).exp())


def grad_ok(analytic: float, numeric: float, rel_tol: float = 1e-5, abs_tol: float = 1e-8) -> bool:
    diff = abs(analytic - numeric)
    return diff <= abs_tol or diff <= rel_tol * max(abs(analytic), abs(numeric))


def grad_ok__isclose(analytic: float, numeric: float, rel_tol: float = 1e-5, abs_tol: float = 1e-8) -> bool:
    return math.isclose(analytic, numeric, rel_tol=rel_tol, abs_tol=abs_tol)
