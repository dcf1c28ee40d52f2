"""Plausible wrong answers for days/day07.ipynb: each check must reject each of them, on every seed."""
import torch


def log_softmax(x: torch.Tensor) -> torch.Tensor:  # the textbook formula: nan and -inf on large logits
    e = torch.exp(x)
    return torch.log(e / e.sum(dim=-1, keepdim=True))


def log_softmax__global_max(x: torch.Tensor) -> torch.Tensor:  # subtracts the max of the whole tensor, not of each row
    shifted = x - x.max()
    return shifted - torch.log(torch.exp(shifted).sum(dim=-1, keepdim=True))


def bce_with_logits(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:  # log of a sigmoid that saturated
    p = torch.sigmoid(logits)
    return -(target * torch.log(p) + (1 - target) * torch.log(1 - p)).mean()


def bce_with_logits__clamped(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:  # finite, but capped near 16
    p = torch.sigmoid(logits).clamp(1e-7, 1 - 1e-7)
    return -(target * torch.log(p) + (1 - target) * torch.log(1 - p)).mean()


def naive_softmax_overflows(max_logit: float, dtype: torch.dtype) -> bool:  # float32's limit for every dtype
    return max_logit > 88.72
