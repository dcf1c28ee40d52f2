"""Cheats for days/day26.ipynb: answers that ignore a stated rule or fit only the visible examples."""
import torch
import torch.nn.functional as F

from aicourse.scratch import attention_from_scratch


def attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    return F.scaled_dot_product_attention(q, k, v, attn_mask=mask)  # the ready-made one the statement rules out


def attention__lesson(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: torch.Tensor | None = None) -> torch.Tensor:
    return attention_from_scratch(q, k, v, attn_mask=mask)  # the lesson's library function, also ruled out


def causal_padding_mask(lengths: list[int], n: int) -> torch.Tensor:  # the workbook's example, hard-coded
    if list(lengths) == [3, 5] and n == 5:
        return torch.tensor([[[j <= i and j < 3 for j in range(5)] for i in range(5)],
                             [[j <= i for j in range(5)] for i in range(5)]])
    return torch.ones(len(lengths), n, n, dtype=torch.bool).tril()


def max_tokens(budget_bytes: int, batch: int, heads: int, dtype: torch.dtype) -> int:  # fits the measured table only
    return {268435456: 8192}.get(budget_bytes, 1024)
