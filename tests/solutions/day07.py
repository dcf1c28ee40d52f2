"""Reference answers for days/day07.ipynb."""
import math

import torch


def log_softmax(x: torch.Tensor) -> torch.Tensor:
    m = x.amax(dim=-1, keepdim=True)
    return x - m - torch.log(torch.exp(x - m).sum(dim=-1, keepdim=True))


def log_softmax__logsumexp_by_hand(x: torch.Tensor) -> torch.Tensor:  # the same idea, written another way
    shifted = x - x.max(dim=-1, keepdim=True).values
    return shifted - shifted.exp().sum(-1, keepdim=True).log()


def bce_with_logits(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    return (logits.clamp(min=0) - logits * target + torch.log1p(torch.exp(-logits.abs()))).mean()


def bce_with_logits__log_sigmoid_by_hand(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    # log s(x) = -log(1 + exp(-x)) and log(1 - s(x)) = -x - log(1 + exp(-x)), each written without overflow
    log_one_plus = torch.where(logits >= 0, torch.log1p(torch.exp(-logits)), -logits + torch.log1p(torch.exp(logits)))
    return (target * log_one_plus + (1 - target) * (logits + log_one_plus)).mean()


def naive_softmax_overflows(max_logit: float, dtype: torch.dtype) -> bool:
    return max_logit > math.log(torch.finfo(dtype).max)
