"""Reference answers for days/day08.ipynb."""
import math

import torch


def layer_norm(x: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    mean = x.mean(-1, keepdim=True)
    var = x.var(-1, unbiased=False, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps)


def layer_norm__by_hand(x: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    centered = x - x.sum(-1, keepdim=True) / x.shape[-1]
    return centered * (centered.pow(2).mean(-1, keepdim=True) + eps).rsqrt()


def bn_running_update(running_mean: torch.Tensor, running_var: torch.Tensor, batch: torch.Tensor,
                      momentum: float) -> tuple[torch.Tensor, torch.Tensor]:
    return ((1 - momentum) * running_mean + momentum * batch.mean(0),
            (1 - momentum) * running_var + momentum * batch.var(0, unbiased=True))


def steps_to_warm_up(momentum: float, tol: float) -> int:
    return math.ceil(math.log(tol) / math.log(1 - momentum))


def steps_to_warm_up__simulated(momentum: float, tol: float) -> int:  # counting steps is as good as the formula
    k, left = 0, 1.0
    while left > tol:
        left *= 1 - momentum
        k += 1
    return k
