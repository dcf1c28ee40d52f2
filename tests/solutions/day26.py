"""Reference answers for days/day26.ipynb."""
import math

import torch


def attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, -math.inf)
    return torch.nan_to_num(scores.softmax(-1), nan=0.0) @ v


def attention__by_hand(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    scores = torch.einsum("...id,...jd->...ij", q, k) * q.shape[-1] ** -0.5
    if mask is not None:
        scores = torch.where(mask, scores, torch.tensor(-math.inf))
    top = scores.amax(-1, keepdim=True)
    e = torch.exp(scores - torch.where(torch.isfinite(top), top, torch.zeros_like(top)))
    total = e.sum(-1, keepdim=True)
    return torch.where(total > 0, e / total.clamp_min(1e-30), torch.zeros_like(e)) @ v


def causal_padding_mask(lengths: list[int], n: int) -> torch.Tensor:
    causal = torch.ones(n, n, dtype=torch.bool).tril()
    real = torch.arange(n) < torch.as_tensor(lengths)[:, None]
    return causal[None] & real[:, None, :]


def causal_padding_mask__loops(lengths: list[int], n: int) -> torch.Tensor:
    return torch.tensor([[[j <= i and j < length for j in range(n)] for i in range(n)] for length in lengths], dtype=torch.bool)


def max_tokens(budget_bytes: int, batch: int, heads: int, dtype: torch.dtype) -> int:
    per_pair = batch * heads * torch.finfo(dtype).bits // 8
    return math.isqrt(budget_bytes // per_pair)


def max_tokens__float_sqrt(budget_bytes: int, batch: int, heads: int, dtype: torch.dtype) -> int:
    per_pair = batch * heads * torch.tensor([], dtype=dtype).element_size()
    n = int(math.sqrt(budget_bytes / per_pair))
    while per_pair * (n + 1) ** 2 <= budget_bytes:
        n += 1
    while n > 0 and per_pair * n * n > budget_bytes:
        n -= 1
    return n
