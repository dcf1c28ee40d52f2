"""Plausible wrong answers for days/day27.ipynb. Each check must reject each of them."""
import numpy as np


def mean_pool(hidden, mask):  # averages the padding too
    return np.asarray(hidden, dtype=float).mean(axis=1)


def mean_pool__nan(hidden, mask):  # right for real rows, NaN for an all-padding row
    m = np.asarray(mask, dtype=float)[..., None]
    with np.errstate(invalid="ignore", divide="ignore"):
        return (np.asarray(hidden, dtype=float) * m).sum(axis=1) / m.sum(axis=1)


def class_weights(labels, n_classes):  # inverse frequency, not balanced
    counts = [labels.count(c) for c in range(n_classes)]
    return [len(labels) / k if k else 0.0 for k in counts]


def layers_to_freeze(seconds, budget):  # the fastest row, whatever the budget
    return min(seconds, key=seconds.get)


def layers_to_freeze__assumes_monotone(seconds, budget):  # stops at the first row that does not fit, in key order
    keys = sorted(seconds)
    for k in keys:
        if seconds[k] <= budget:
            return k
    return keys[-1]
