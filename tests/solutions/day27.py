"""Reference solutions for days/day27.ipynb (`name__variant`: another answer the statement allows)."""
import numpy as np


def mean_pool(hidden, mask):
    m = np.asarray(mask, dtype=float)[..., None]
    return (np.asarray(hidden, dtype=float) * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)


def mean_pool__torch(hidden, mask):
    import torch
    h, m = torch.as_tensor(hidden, dtype=torch.float64), torch.as_tensor(mask, dtype=torch.float64).unsqueeze(-1)
    return ((h * m).sum(1) / m.sum(1).clamp(min=1e-9)).tolist()


def class_weights(labels, n_classes):
    counts = [labels.count(c) for c in range(n_classes)]
    return [len(labels) / (n_classes * k) if k else 0.0 for k in counts]


def layers_to_freeze(seconds, budget):
    fits = [k for k in sorted(seconds) if seconds[k] <= budget]
    return fits[0] if fits else None


def layers_to_freeze__min(seconds, budget):
    return min((k for k, s in seconds.items() if s <= budget), default=None)
