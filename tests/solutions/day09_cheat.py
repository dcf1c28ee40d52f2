"""Cheats for days/day09.ipynb: answers that ignore a stated rule or fit only the visible examples."""

import torch


def adamw_step(p, grad, m, v, t, lr, betas, eps, weight_decay):  # lets torch.optim.AdamW do the step
    param = p.clone().requires_grad_(True)
    opt = torch.optim.AdamW([param], lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)
    opt.state[param] = {"step": torch.tensor(float(t - 1)), "exp_avg": m.clone(), "exp_avg_sq": v.clone()}
    param.grad = grad.clone()
    opt.step()
    state = opt.state[param]
    return param.detach(), state["exp_avg"], state["exp_avg_sq"]


def warmup_cosine(step, total_steps, warmup_steps, base_lr, min_lr):  # through the three points shown, linearly
    if step < warmup_steps:
        return base_lr * (step + 1) / (warmup_steps + 1)
    return base_lr + (min_lr - base_lr) * (step - warmup_steps) / (total_steps - warmup_steps)


def sgd_diverges(lr, curvatures):  # the threshold of the measured example, curvatures [1, 20]
    return lr > 0.1
