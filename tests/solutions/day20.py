"""Reference solutions for days/day20.ipynb (not shipped: tests prove each one passes its check)."""
from collections import Counter


def confusion_matrix(y_true: list[int], y_pred: list[int], num_classes: int) -> list[list[int]]:
    if len(y_true) != len(y_pred):
        raise ValueError("y_true and y_pred differ in length")
    if any(not 0 <= v < num_classes for v in [*y_true, *y_pred]):
        raise ValueError(f"labels must be in 0..{num_classes - 1}")
    cm = [[0] * num_classes for _ in range(num_classes)]
    for t, p in zip(y_true, y_pred, strict=False):
        cm[t][p] += 1
    return cm


def confusion_matrix__numpy(y_true: list[int], y_pred: list[int], num_classes: int) -> list[list[int]]:
    import numpy as np
    t, p = np.asarray(y_true), np.asarray(y_pred)
    if t.shape != p.shape or t.min() < 0 or p.min() < 0 or max(t.max(), p.max()) >= num_classes:
        raise ValueError("bad labels")
    cm = np.zeros((num_classes, num_classes), dtype=int)
    np.add.at(cm, (t, p), 1)
    return cm.tolist()


def f1_per_class(y_true: list[int], y_pred: list[int], num_classes: int) -> list[float]:
    out = []
    for c in range(num_classes):
        tp = sum(t == p == c for t, p in zip(y_true, y_pred, strict=False))
        predicted, support = y_pred.count(c), y_true.count(c)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        out.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return out


def f1_per_class__counts(y_true: list[int], y_pred: list[int], num_classes: int) -> list[float]:
    out = []  # F1 = 2 tp / (2 tp + fp + fn), the same number
    for c in range(num_classes):
        tp = sum(t == p == c for t, p in zip(y_true, y_pred, strict=False))
        denominator = y_pred.count(c) + y_true.count(c)
        out.append(2 * tp / denominator if denominator else 0.0)
    return out


def beats_majority(y_true: list[int], y_pred: list[int]) -> bool:
    baseline = Counter(y_true).most_common(1)[0][1] / len(y_true)
    return sum(t == p for t, p in zip(y_true, y_pred, strict=False)) / len(y_true) > baseline
