"""Plausible wrong answers for days/day20.ipynb."""


def confusion_matrix(y_true: list[int], y_pred: list[int], num_classes: int) -> list[list[int]]:  # transposed
    if len(y_true) != len(y_pred) or any(not 0 <= v < num_classes for v in [*y_true, *y_pred]):
        raise ValueError("bad labels")
    cm = [[0] * num_classes for _ in range(num_classes)]
    for t, p in zip(y_true, y_pred, strict=False):
        cm[p][t] += 1
    return cm


def f1_per_class(y_true: list[int], y_pred: list[int], num_classes: int) -> list[float]:  # plain mean of p and r
    out = []
    for c in range(num_classes):
        tp = sum(t == p == c for t, p in zip(y_true, y_pred, strict=False))
        precision = tp / y_pred.count(c) if y_pred.count(c) else 0.0
        recall = tp / y_true.count(c) if y_true.count(c) else 0.0
        out.append((precision + recall) / 2)
    return out


def beats_majority(y_true: list[int], y_pred: list[int]) -> bool:  # compares with chance, not the majority
    return sum(t == p for t, p in zip(y_true, y_pred, strict=False)) / len(y_true) > 1 / len(set(y_true))
