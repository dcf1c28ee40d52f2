"""Reference answers for days/day09.ipynb."""
import math


def adamw_step(p, grad, m, v, t, lr, betas, eps, weight_decay):
    b1, b2 = betas
    p = p * (1 - lr * weight_decay)  # decoupled: the weights shrink, the gradient is untouched
    m = b1 * m + (1 - b1) * grad
    v = b2 * v + (1 - b2) * grad * grad
    p = p - lr * (m / (1 - b1 ** t)) / ((v / (1 - b2 ** t)).sqrt() + eps)
    return p, m, v


def adamw_step__in_place(p, grad, m, v, t, lr, betas, eps, weight_decay):  # mutating the copies it was given is fine
    b1, b2 = betas
    p.mul_(1 - lr * weight_decay)
    m.mul_(b1).add_(grad, alpha=1 - b1)
    v.mul_(b2).addcmul_(grad, grad, value=1 - b2)
    step_size = lr / (1 - b1 ** t)
    denom = (v.sqrt() / math.sqrt(1 - b2 ** t)).add_(eps)
    p.addcdiv_(m, denom, value=-step_size)
    return p, m, v


def warmup_cosine(step, total_steps, warmup_steps, base_lr, min_lr):
    if step < warmup_steps:
        return base_lr * (step + 1) / (warmup_steps + 1)
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + (base_lr - min_lr) * 0.5 * (1 + math.cos(math.pi * progress))


def sgd_diverges(lr, curvatures):
    return lr > 2 / max(curvatures)


def sgd_diverges__simulated(lr, curvatures):  # measuring works too: watch |1 - lr*c| ** steps
    return any(abs(1 - lr * c) > 1 for c in curvatures)
