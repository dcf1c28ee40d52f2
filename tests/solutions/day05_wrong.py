"""Plausible wrong answers for days/day05.ipynb: each check must reject each of them, on every seed."""
import math

from aicourse.scratch import Value


def neuron_grads(x: float, w: float, b: float, t: float) -> tuple[float, float]:  # forgets tanh's derivative
    a = math.tanh(w * x + b)
    return 2 * (a - t) * x, 2 * (a - t)


def sigmoid(v: Value) -> Value:  # local derivative s instead of s * (1 - s)
    s = 1 / (1 + math.exp(-v.data))
    out = Value(s, (v,), "sigmoid")

    def _backward() -> None:
        v.grad += s * out.grad

    out._backward = _backward
    return out


def sigmoid__sets_grad(v: Value) -> Value:  # `=` instead of `+=`: wrong when v is used twice
    s = 1 / (1 + math.exp(-v.data))
    out = Value(s, (v,), "sigmoid")

    def _backward() -> None:
        v.grad = s * (1 - s) * out.grad

    out._backward = _backward
    return out


def grad_ok(analytic: float, numeric: float, rel_tol: float = 1e-5, abs_tol: float = 1e-8) -> bool:
    return abs(analytic - numeric) <= 1e-5  # one absolute tolerance for every size


def grad_ok__relative_to_analytic(analytic: float, numeric: float, rel_tol: float = 1e-5, abs_tol: float = 1e-8) -> bool:
    return abs(analytic - numeric) / abs(analytic) <= rel_tol  # divides by zero when the gradient is 0
