"""Cheats for days/day07.ipynb: answers that ignore a stated rule or fit only the visible examples."""
import torch
import torch.nn.functional as F


def log_softmax(x: torch.Tensor) -> torch.Tensor:  # the library call the statement rules out
    return F.log_softmax(x, dim=-1)


def log_softmax__method(x: torch.Tensor) -> torch.Tensor:
    return x - x.logsumexp(dim=-1, keepdim=True)


def bce_with_logits(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    return F.binary_cross_entropy_with_logits(logits, target)


def bce_with_logits__softplus(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    return (F.softplus(logits) - logits * target).mean()


def naive_softmax_overflows(max_logit: float, dtype: torch.dtype) -> bool:  # the measured table: whole logits only
    first_nan = {torch.float16: 12, torch.bfloat16: 89, torch.float32: 89, torch.float64: 710}
    return max_logit >= first_nan[dtype]
