"""Checks for days/day26.ipynb: scaled dot-product attention with a mask, causal-and-padding masks, attention memory."""
from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Callable, Iterator
from typing import Any

from aicourse.course.checks import CheckFailed, equal, exercise, show


class _Forbidden(Exception):
    "Raised by a library function the exercise asks you not to use."


def _refuse_scratch(*args: Any, **kwargs: Any) -> Any:  # its code replaces the lesson's function during a check
    raise LookupError("the statement rules out the lesson's aicourse.scratch.attention_from_scratch")


@contextlib.contextmanager
def _forbid_attention() -> Iterator[None]:
    "Replace torch's ready-made attention, and the lesson's own function, by ones that raise."
    import torch
    import torch.nn.functional as F

    import aicourse.scratch as scratch

    saved: list[tuple[Any, str, Any]] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise _Forbidden("a ready-made attention (scaled_dot_product_attention / MultiheadAttention)")
    try:
        for owner, attr in [(F, "scaled_dot_product_attention"), (torch._C._nn, "scaled_dot_product_attention"),
                            (F, "multi_head_attention_forward"), (torch.nn.MultiheadAttention, "forward")]:
            if hasattr(owner, attr):
                saved.append((owner, attr, getattr(owner, attr)))
                setattr(owner, attr, refuse)
        lesson_fn = getattr(scratch, "attention_from_scratch", None)
        lesson_code = getattr(lesson_fn, "__code__", None)
        if lesson_code is not None:  # catches the function however it was imported
            lesson_fn.__code__ = _refuse_scratch.__code__
        yield
    finally:
        for owner, attr, value in reversed(saved):
            setattr(owner, attr, value)
        if lesson_code is not None:
            lesson_fn.__code__ = lesson_code


def _describe(t: Any) -> str:
    import torch

    if isinstance(t, torch.Tensor):
        flat = t.flatten()
        values = ", ".join(f"{v:g}" for v in flat[:6].tolist()) + (", ..." if flat.numel() > 6 else "")
        return f"tensor(shape={tuple(t.shape)}, dtype={t.dtype}, values=[{values}])"
    return show(t)


def _reference_attention(q: Any, k: Any, v: Any, mask: Any) -> Any:
    "SDPA in float64, with fully masked rows set to 0 (what SDPA returns for them)."
    import torch

    scores = (q.double() @ k.double().transpose(-2, -1)) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, -math.inf)
    w = torch.nan_to_num(scores.softmax(-1), nan=0.0)
    return (w @ v.double()).to(q.dtype)


@exercise("day26.attention",
          question="Which rows of your result hold nan, and what does softmax do with a row of -inf? Do you divide by "
                   "the square root of the query size (the last dimension), and does True in the mask mean 'may attend'?",
          recipe="s = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1]); s = s.masked_fill(~mask, -math.inf) when a mask "
                 "is given; w = torch.nan_to_num(s.softmax(-1), nan=0.0) (or subtract a finite row max and divide by a "
                 "sum that is not 0); return w @ v")
def check_attention(attention: Callable[..., Any], rng: random.Random) -> int:
    import torch

    g = torch.Generator().manual_seed(rng.randrange(2**31))

    def rand(*shape: int, scale: float = 1.0) -> Any:
        return torch.randn(*shape, generator=g) * scale

    tril = torch.ones(4, 4, dtype=torch.bool).tril()
    none_row = torch.tensor([[True, False, True], [False, False, False], [True, True, True]])
    cases: list[tuple[Any, Any, Any, Any]] = [
        (torch.tensor([[1.0, 0.0]]), torch.tensor([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]]), torch.tensor([[10.0], [20.0], [30.0]]), None),
        (rand(4, 8), rand(4, 8), rand(4, 3), tril),
        (rand(3, 16, scale=4.0), rand(3, 16, scale=4.0), rand(3, 5), none_row),
        (rand(2, 3, 5, 32), rand(2, 3, 7, 32), rand(2, 3, 7, 4), None),  # batch, heads, cross-attention
        (rand(2, 1, 4), rand(2, 6, 4), rand(2, 6, 4), torch.tensor([[[True] * 6], [[False] * 6]])),  # a batch with nothing to see
        (rand(5, 64, scale=10.0), rand(5, 64, scale=10.0), rand(5, 2), None)]  # large scores: must not overflow
    for _ in range(4):
        lead = tuple(rng.randint(1, 3) for _ in range(rng.randint(0, 2)))
        n_q, n_k, d, dv = rng.randint(1, 7), rng.randint(1, 7), rng.choice([1, 3, 8, 64, 100]), rng.randint(1, 5)
        mask = None if rng.random() < 0.3 else torch.rand(*lead, n_q, n_k, generator=g) > rng.choice([0.2, 0.5, 0.8])
        cases.append((rand(*lead, n_q, d, scale=rng.choice([1.0, 5.0])), rand(*lead, n_k, d), rand(*lead, n_k, dv), mask))
    for q, k, v, mask in cases:
        want = _reference_attention(q, k, v, mask)
        try:
            with _forbid_attention():
                got = attention(q.clone(), k.clone(), v.clone(), None if mask is None else mask.clone())
        except NotImplementedError:
            raise
        except _Forbidden as e:
            raise CheckFailed(f"attention called {e}, which the statement rules out: write it from matmuls and a softmax",
                              "Which ready-made attention did you call? Today is about writing it yourself.") from None
        except Exception as e:
            raise CheckFailed(f"attention(q={_describe(q)}, k={_describe(k)}, v={_describe(v)}, mask={_describe(mask)}) "
                              f"raised {type(e).__name__}: {e}") from None
        ok = (isinstance(got, torch.Tensor) and got.shape == want.shape and got.dtype == want.dtype
              and bool(torch.allclose(got.detach(), want, rtol=1e-4, atol=1e-5)))
        if not ok:
            question = None
            if isinstance(got, torch.Tensor) and got.shape == want.shape and got.isnan().any():
                question = "Your result holds nan: does one of the mask's rows forbid every key? Such a row must give 0."
            elif isinstance(got, torch.Tensor) and got.shape != want.shape:
                question = "The output has the queries' leading shape and the values' last size: (..., L, dv)."
            raise CheckFailed(f"attention(q={_describe(q)}, k={_describe(k)}, v={_describe(v)}, mask={_describe(mask)}) "
                              f"returned {_describe(got)}, expected {_describe(want)}", question)
    return len(cases)


def _reference_mask(lengths: list[int], n: int) -> list[list[list[bool]]]:
    return [[[j <= i and j < length for j in range(n)] for i in range(n)] for length in lengths]


@exercise("day26.causal_padding_mask",
          question="Two rules hold at once: query i may not see a later key (j > i), and no query may see a key at or "
                   "beyond its sentence's length. Which one does your mask forget, or which way round is True?",
          recipe="causal = torch.ones(n, n, dtype=torch.bool).tril(); real = torch.arange(n) < torch.as_tensor(lengths)[:, None]; "
                 "return causal[None] & real[:, None, :]")
def check_causal_padding_mask(causal_padding_mask: Callable[..., Any], rng: random.Random) -> int:
    import torch

    cases: list[tuple[list[int], int]] = [([3, 5], 5), ([1], 1), ([4], 4), ([1, 2, 3], 6), ([6, 2], 6), ([2, 2], 7)]
    for _ in range(6):
        n = rng.randint(1, 9)
        cases.append(([rng.randint(1, n) for _ in range(rng.randint(1, 4))], n))
    for lengths, n in cases:
        want = _reference_mask(lengths, n)
        try:
            got = causal_padding_mask(list(lengths), n)
        except NotImplementedError:
            raise
        except Exception as e:
            raise CheckFailed(f"causal_padding_mask({lengths}, {n}) raised {type(e).__name__}: {e}") from None
        if not (isinstance(got, torch.Tensor) and got.dtype == torch.bool):
            raise CheckFailed(f"causal_padding_mask({lengths}, {n}) returned {_describe(got)}, not a torch.bool tensor",
                              "Return a boolean tensor: comparisons and tril on torch.bool give one.")
        if tuple(got.shape) != (len(lengths), n, n) or not equal(got.tolist(), want):
            raise CheckFailed(f"causal_padding_mask({lengths}, {n}) returned\n{got.int().tolist()}\nexpected\n"
                              f"{[[[int(x) for x in row] for row in m] for m in want]}")
    return len(cases)


_BYTES = {"float64": 8, "float32": 4, "bfloat16": 2, "float16": 2}


def _max_tokens(budget_bytes: int, batch: int, heads: int, dtype: Any) -> int:
    return math.isqrt(budget_bytes // (batch * heads * _BYTES[str(dtype).removeprefix("torch.")]))


@exercise("day26.max_tokens",
          question="When the sequence doubles, by how much does the weight matrix grow (read the measured table)? "
                   "Is the longest sequence that fits a square root, rounded down?",
          recipe="per_pair = batch * heads * torch.finfo(dtype).bits // 8; return math.isqrt(budget_bytes // per_pair)")
def check_max_tokens(max_tokens: Callable[..., Any], rng: random.Random) -> int:
    import torch

    dtypes = [torch.float32, torch.float16, torch.bfloat16, torch.float64]
    gib = 2**30
    cases: list[tuple[int, int, int, Any]] = [
        (256 * 2**20, 1, 1, torch.float32),      # exactly 8192 tokens
        (256 * 2**20 - 1, 1, 1, torch.float32),  # one byte short
        (16 * gib, 8, 32, torch.bfloat16), (80 * gib, 1, 1, torch.float16), (3, 1, 1, torch.float32),
        (4, 1, 1, torch.float32), (0, 2, 2, torch.float64), (1000, 3, 5, torch.float16), (10**9, 7, 3, torch.float64)]
    for _ in range(12):
        batch, heads, dtype = rng.randint(1, 64), rng.choice([1, 2, 8, 12, 32]), rng.choice(dtypes)
        per_pair = batch * heads * _BYTES[str(dtype).removeprefix("torch.")]
        if rng.random() < 0.4:  # on a boundary: n exactly fits, or misses by one byte
            n = rng.randint(1, 40000)
            cases.append((per_pair * n * n - rng.choice([0, 1]), batch, heads, dtype))
        else:
            cases.append((rng.randint(1, 80 * gib), batch, heads, dtype))
    for budget, batch, heads, dtype in cases:
        try:
            got = max_tokens(budget, batch, heads, dtype)
        except NotImplementedError:
            raise
        except Exception as e:
            raise CheckFailed(f"max_tokens({budget}, {batch}, {heads}, {dtype}) raised {type(e).__name__}: {e}") from None
        want = _max_tokens(budget, batch, heads, dtype)
        if not equal(got, want):
            question = None
            if isinstance(got, int) and got > 0 and abs(got - want) > 2 and got / max(want, 1) > 10:
                question = "Does the memory grow with n or with n * n? Twice the tokens, how many times the bytes?"
            raise CheckFailed(f"max_tokens(budget_bytes={budget}, batch={batch}, heads={heads}, dtype={dtype}) returned "
                              f"{show(got)}, expected {want}", question)
    return len(cases)
