"""Plausible wrong answers for days/day09.ipynb: each check must reject each of them, on every seed."""
import math


def adamw_step(p, grad, m, v, t, lr, betas, eps, weight_decay):  # Adam + L2: the decay goes into the gradient
    b1, b2 = betas
    grad = grad + weight_decay * p
    m = b1 * m + (1 - b1) * grad
    v = b2 * v + (1 - b2) * grad * grad
    return p - lr * (m / (1 - b1 ** t)) / ((v / (1 - b2 ** t)).sqrt() + eps), m, v


def adamw_step__no_bias_correction(p, grad, m, v, t, lr, betas, eps, weight_decay):
    b1, b2 = betas
    p = p * (1 - lr * weight_decay)
    m = b1 * m + (1 - b1) * grad
    v = b2 * v + (1 - b2) * grad * grad
    return p - lr * m / (v.sqrt() + eps), m, v


def warmup_cosine(step, total_steps, warmup_steps, base_lr, min_lr):  # warmup from 0, as many blog posts write it
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + (base_lr - min_lr) * 0.5 * (1 + math.cos(math.pi * progress))


def warmup_cosine__cosine_over_total(step, total_steps, warmup_steps, base_lr, min_lr):  # the cosine ignores warmup
    if step < warmup_steps:
        return base_lr * (step + 1) / (warmup_steps + 1)
    return min_lr + (base_lr - min_lr) * 0.5 * (1 + math.cos(math.pi * step / total_steps))


def sgd_diverges(lr, curvatures):  # the gentlest direction
    return lr > 2 / min(curvatures)


def sgd_diverges__one_over(lr, curvatures):  # lr > 1/L: overshooting is not diverging
    return lr > 1 / max(curvatures)
