"""Checks for days/day07.ipynb: a stable log-softmax, binary cross-entropy from logits, where naive softmax breaks."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, exercise, show
from aicourse.course.checks._torch import describe as _describe
from aicourse.course.checks._torch import run_forbidding


def _run(name: str, fn: Callable[..., Any], forbidden: list[str], *args: Any) -> Any:
    "Call the learner's function with the forbidden library functions replaced; a crash becomes a FAIL."
    return run_forbidding(name, fn, forbidden, "write it from exp, log, max and sums", *args)


SOFTMAX_FAMILY = ["torch.softmax", "torch.log_softmax", "torch.logsumexp", "torch.special.softmax",
                  "torch.special.log_softmax", "torch.special.logsumexp", "torch.nn.functional.softmax",
                  "torch.nn.functional.log_softmax", "torch.nn.functional.cross_entropy", "torch.nn.functional.nll_loss",
                  "torch.Tensor.softmax", "torch.Tensor.log_softmax", "torch.Tensor.logsumexp"]
BCE_FAMILY = SOFTMAX_FAMILY + ["torch.nn.functional.binary_cross_entropy_with_logits",
                               "torch.nn.functional.binary_cross_entropy", "torch.nn.functional.logsigmoid",
                               "torch.nn.functional.softplus", "torch.special.log_ndtr", "torch.special.expit"]


def _close(got: Any, want: Any, tol: float) -> bool:
    import torch

    return (isinstance(got, torch.Tensor) and got.shape == want.shape and got.dtype == want.dtype
            and bool(torch.allclose(got.detach(), want, rtol=1e-5, atol=tol, equal_nan=False)))


@exercise("day07.log_softmax",
          question="What happens to exp(x) for x = 1000, and which number do you subtract from each row (not from the "
                   "whole tensor) to prevent it?",
          recipe="m = x.amax(dim=-1, keepdim=True); return x - m - torch.log(torch.exp(x - m).sum(dim=-1, keepdim=True))")
def check_log_softmax(log_softmax: Callable[[Any], Any], rng: random.Random) -> int:
    import torch
    import torch.nn.functional as F

    g = torch.Generator().manual_seed(rng.randrange(2**31))
    inf = math.inf
    cases = [torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1000.0, 0.0, -1000.0]), torch.tensor([[1000.0, 999.0], [0.0, 1.0]]),
             torch.tensor([[-1000.0, -1001.0, -1002.0]]), torch.tensor([[5.0, 5.0, 5.0, 5.0]]), torch.tensor([[0.0, -inf, 2.0]]),
             torch.tensor([[1e4, -1e4], [-3.0, 4.0]], dtype=torch.float64), torch.tensor([7.0])]
    for _ in range(4):
        shape = tuple(rng.randint(1, 6) for _ in range(rng.randint(1, 3)))
        scale = rng.choice([1.0, 30.0, 500.0, 1e4])
        dtype = rng.choice([torch.float32, torch.float64])
        cases.append(torch.randn(shape, generator=g, dtype=dtype) * scale + rng.uniform(-2000, 2000))
    for x in cases:
        want = F.log_softmax(x, dim=-1)
        got = _run("log_softmax", log_softmax, SOFTMAX_FAMILY, x.clone())
        tol = 1e-5 * max(1.0, float(x[torch.isfinite(x)].abs().max()))
        if not _close(got, want, tol):
            question = None
            if isinstance(got, torch.Tensor) and got.shape == want.shape and not torch.isfinite(got[torch.isfinite(want)]).all():
                question = "Where does your result hold inf or nan? Subtract each row's own max before exp."
            raise CheckFailed(f"log_softmax({_describe(x)}) returned {_describe(got)}, expected {_describe(want)}", question)
    return len(cases)


@exercise("day07.bce_with_logits",
          question="What is log(sigmoid(x)) for x = -1000 in float32? Rewrite the loss so you never take the log of 0, "
                   "and do not clamp probabilities (that changes the loss).",
          recipe="return (x.clamp(min=0) - x * y + torch.log1p(torch.exp(-x.abs()))).mean()")
def check_bce_with_logits(bce_with_logits: Callable[[Any, Any], Any], rng: random.Random) -> int:
    import torch
    import torch.nn.functional as F

    g = torch.Generator().manual_seed(rng.randrange(2**31))
    cases = [(torch.tensor([0.0]), torch.tensor([1.0])), (torch.tensor([-1000.0, 1000.0]), torch.tensor([1.0, 0.0])),
             (torch.tensor([-1000.0, 1000.0, 0.0]), torch.tensor([0.0, 1.0, 0.5])),
             (torch.tensor([-40.0, 40.0]), torch.tensor([1.0, 0.0])), (torch.tensor([[2.0, -3.0], [0.5, 9.0]]), torch.full((2, 2), 0.3)),
             (torch.tensor([-800.0, 25.0], dtype=torch.float64), torch.tensor([1.0, 0.0], dtype=torch.float64))]
    for _ in range(4):
        shape = tuple(rng.randint(1, 8) for _ in range(rng.randint(1, 2)))
        scale = rng.choice([1.0, 20.0, 300.0])
        y = torch.rand(shape, generator=g) if rng.random() < 0.5 else torch.randint(0, 2, shape, generator=g).float()
        cases.append((torch.randn(shape, generator=g) * scale, y))
    for x, y in cases:
        want = F.binary_cross_entropy_with_logits(x, y)
        got = _run("bce_with_logits", bce_with_logits, BCE_FAMILY, x.clone(), y.clone())
        if not _close(got, want, 1e-5 * max(1.0, float(want))):
            question = None
            if isinstance(got, torch.Tensor) and got.numel() == 1 and torch.isfinite(got).all() and got.shape != want.shape:
                question = "The loss is one number: the mean over all elements, a 0-dimensional tensor."
            elif isinstance(got, torch.Tensor) and got.numel() == 1 and not torch.isfinite(got).all():
                question = "Your loss is inf or nan here: which log received 0?"
            raise CheckFailed(f"bce_with_logits({_describe(x)}, {_describe(y)}) returned {_describe(got)}, "
                              f"expected {_describe(want)}", question)
    return len(cases)


def _overflows(max_logit: float, dtype: Any) -> bool:
    import torch

    return max_logit > math.log(torch.finfo(dtype).max)


@exercise("day07.naive_softmax_overflows",
          question="The table shows one dtype's limit; is it the same for every dtype? Which number of a dtype sets it, "
                   "and is the limit a whole number?",
          recipe="return max_logit > math.log(torch.finfo(dtype).max)")
def check_naive_softmax_overflows(naive_softmax_overflows: Callable[[float, Any], Any], rng: random.Random) -> int:
    import torch

    dtypes = [torch.float16, torch.bfloat16, torch.float32, torch.float64]
    cases: list[tuple[float, Any]] = [(11.5, torch.float16), (11.8, torch.float16), (10.5, torch.float16), (0.0, torch.float32),
                                      (-1e6, torch.float16), (1e6, torch.float64), (87.0, torch.bfloat16), (89.5, torch.float32),
                                      (700.0, torch.float64), (720.0, torch.float64), (100.0, torch.float64), (12.0, torch.float32)]
    for _ in range(16):
        dtype = rng.choice(dtypes)
        limit = math.log(torch.finfo(dtype).max)
        band = 0.005 * limit + 0.03  # close to the limit, rounding of the dtype decides: not asked
        while True:
            x = rng.uniform(-1.5 * limit, 2.5 * limit)
            if abs(x - limit) > band:
                break
        cases.append((round(x, 3), dtype))
    for x, dtype in cases:
        got = _run("naive_softmax_overflows", naive_softmax_overflows, [], x, dtype)
        want = _overflows(x, dtype)
        if got is not True and got is not False:
            raise CheckFailed(f"naive_softmax_overflows({x}, {dtype}) returned {show(got)}, not True or False",
                              "Return a plain bool: bool(...) around a comparison.")
        if got != want:
            raise CheckFailed(f"naive_softmax_overflows({x}, {dtype}) returned {got}; naive softmax of "
                              f"tensor([{x}, 0.0], dtype={dtype}) {'gives nan' if want else 'stays finite'}")
    return len(cases)
