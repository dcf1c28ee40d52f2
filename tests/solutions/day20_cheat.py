"""Cheats for days/day20.ipynb: answers that fit the visible examples or ignore a stated rule."""


def confusion_matrix(y_true: list[int], y_pred: list[int], num_classes: int) -> list[list[int]]:
    k = max([*y_true, *y_pred]) + 1  # ignores num_classes: too small when the last classes never appear
    cm = [[0] * k for _ in range(k)]
    for t, p in zip(y_true, y_pred, strict=False):
        cm[t][p] += 1
    return cm


def f1_per_class(y_true: list[int], y_pred: list[int], num_classes: int) -> list[float]:  # accuracy for every class
    acc = sum(t == p for t, p in zip(y_true, y_pred, strict=False)) / len(y_true)
    return [acc] * num_classes


def beats_majority(y_true: list[int], y_pred: list[int]) -> bool:  # "high accuracy is good enough"
    return sum(t == p for t, p in zip(y_true, y_pred, strict=False)) / len(y_true) > 0.85
