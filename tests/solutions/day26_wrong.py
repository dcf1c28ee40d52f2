"""Plausible wrong answers for days/day26.ipynb: each check must reject each of them, on every seed."""
import math

import torch


def attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # nan on a fully masked row
    if mask is not None:
        scores = scores.masked_fill(~mask, -math.inf)
    return scores.softmax(-1) @ v


def attention__no_scale(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    scores = q @ k.transpose(-2, -1)
    if mask is not None:
        scores = scores.masked_fill(~mask, -math.inf)
    return torch.nan_to_num(scores.softmax(-1), nan=0.0) @ v


def attention__mask_flipped(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # nn.MultiheadAttention's meaning: True = blocked
    if mask is not None:
        scores = scores.masked_fill(mask, -math.inf)
    return torch.nan_to_num(scores.softmax(-1), nan=0.0) @ v


def attention__multiply_mask(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # zeroing the scores still gives masked keys weight
    if mask is not None:
        scores = scores * mask
    return scores.softmax(-1) @ v


def causal_padding_mask(lengths: list[int], n: int) -> torch.Tensor:  # forgets the padding
    return torch.ones(n, n, dtype=torch.bool).tril().expand(len(lengths), n, n)


def causal_padding_mask__triu(lengths: list[int], n: int) -> torch.Tensor:  # looks into the future
    causal = torch.ones(n, n, dtype=torch.bool).triu()
    return causal[None] & (torch.arange(n) < torch.as_tensor(lengths)[:, None])[:, None, :]


def causal_padding_mask__pads_queries(lengths: list[int], n: int) -> torch.Tensor:  # masks padding queries, not keys
    causal = torch.ones(n, n, dtype=torch.bool).tril()
    return causal[None] & (torch.arange(n) < torch.as_tensor(lengths)[:, None])[:, :, None]


def max_tokens(budget_bytes: int, batch: int, heads: int, dtype: torch.dtype) -> int:  # linear, not quadratic
    return budget_bytes // (batch * heads * torch.finfo(dtype).bits // 8) // 1024


def max_tokens__rounded(budget_bytes: int, batch: int, heads: int, dtype: torch.dtype) -> int:  # rounds up past the budget
    return round(math.sqrt(budget_bytes / (batch * heads * torch.finfo(dtype).bits // 8)))


def max_tokens__float32_always(budget_bytes: int, batch: int, heads: int, dtype: torch.dtype) -> int:
    return math.isqrt(budget_bytes // (batch * heads * 4))
