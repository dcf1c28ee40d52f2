"""Cheats for days/day25.ipynb: answers that guess or ignore a stated rule. Each check must reject each of them."""


def precision_recall_f1(y_true, y_pred, positive=1):  # accuracy three times
    acc = sum(t == p for t, p in zip(y_true, y_pred, strict=True)) / max(len(y_true), 1)
    return acc, acc, acc


def best_threshold(probs, labels):  # the usual default
    return 0.5


def best_threshold__grid(probs, labels):  # a fixed grid, not the probabilities themselves
    from tests.solutions.day25 import precision_recall_f1 as prf
    grid = [i / 10 for i in range(11)]
    return max(grid, key=lambda t: prf(labels, [int(p >= t) for p in probs])[2])
