"""Cheats for days/day08.ipynb: answers that ignore a stated rule or fit only the visible examples."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def layer_norm(x: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:  # the library call the statement rules out
    return F.layer_norm(x, (x.shape[-1],), eps=eps)


def bn_running_update(running_mean, running_var, batch, momentum):  # lets nn.BatchNorm1d do the work
    bn = nn.BatchNorm1d(batch.shape[1], momentum=momentum)
    with torch.no_grad():
        bn.running_mean.copy_(running_mean)
        bn.running_var.copy_(running_var)
        bn(batch)
    return bn.running_mean.clone(), bn.running_var.clone()


def steps_to_warm_up(momentum: float, tol: float) -> int:  # the measured table
    return {(0.1, 0.01): 44, (0.01, 0.01): 459}.get((momentum, tol), 44)
