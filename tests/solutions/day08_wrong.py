"""Plausible wrong answers for days/day08.ipynb: each check must reject each of them, on every seed."""
import math

import torch


def layer_norm(x: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:  # torch.var's default is unbiased (n - 1)
    return (x - x.mean(-1, keepdim=True)) / torch.sqrt(x.var(-1, keepdim=True) + eps)


def layer_norm__eps_outside(x: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:  # (std + eps), not sqrt(var + eps)
    return (x - x.mean(-1, keepdim=True)) / (x.std(-1, unbiased=False, keepdim=True) + eps)


def layer_norm__over_batch(x: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:  # BatchNorm's axis
    return (x - x.mean(0, keepdim=True)) / torch.sqrt(x.var(0, unbiased=False, keepdim=True) + eps)


def bn_running_update(running_mean, running_var, batch, momentum):  # the biased variance, as in the normalization
    return ((1 - momentum) * running_mean + momentum * batch.mean(0),
            (1 - momentum) * running_var + momentum * batch.var(0, unbiased=False))


def bn_running_update__keras_momentum(running_mean, running_var, batch, momentum):  # momentum weighs the old value
    return (momentum * running_mean + (1 - momentum) * batch.mean(0),
            momentum * running_var + (1 - momentum) * batch.var(0, unbiased=True))


def steps_to_warm_up(momentum: float, tol: float) -> int:  # truncates: one step short
    return int(math.log(tol) / math.log(1 - momentum))


def steps_to_warm_up__keras(momentum: float, tol: float) -> int:  # momentum ** k left, Keras' convention
    return math.ceil(math.log(tol) / math.log(momentum))
