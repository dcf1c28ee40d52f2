"""Plausible wrong answers for days/day25.ipynb: each check must reject each of them, on every seed."""


def precision_recall_f1(y_true, y_pred, positive=1):  # assumes the positive class is 1
    tp = sum(t == 1 and p == 1 for t, p in zip(y_true, y_pred, strict=True))
    fp = sum(t == 0 and p == 1 for t, p in zip(y_true, y_pred, strict=True))
    fn = sum(t == 1 and p == 0 for t, p in zip(y_true, y_pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def precision_recall_f1__mean(y_true, y_pred, positive=1):  # the arithmetic mean, not the harmonic mean
    tp = sum(t == positive and p == positive for t, p in zip(y_true, y_pred, strict=True))
    fp = sum(t != positive and p == positive for t, p in zip(y_true, y_pred, strict=True))
    fn = sum(t == positive and p != positive for t, p in zip(y_true, y_pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (precision + recall) / 2


def best_threshold(probs, labels):  # flags only probabilities strictly above the threshold
    from tests.solutions.day25 import precision_recall_f1 as prf
    best_t, best_f1 = None, -1.0
    for t in sorted(set(probs)):
        f1 = prf(labels, [int(p > t) for p in probs])[2]
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    return best_t


def best_threshold__accuracy(probs, labels):  # maximises accuracy instead of F1
    best_t, best_acc = None, -1.0
    for t in sorted(set(probs)):
        acc = sum(int(p >= t) == y for p, y in zip(probs, labels, strict=True)) / len(labels)
        if acc > best_acc:
            best_t, best_acc = t, acc
    return best_t
