"""Reference solutions for days/day25.ipynb (`name__variant`: another answer the statement allows)."""


def precision_recall_f1(y_true, y_pred, positive=1):
    tp = sum(t == positive and p == positive for t, p in zip(y_true, y_pred, strict=True))
    fp = sum(t != positive and p == positive for t, p in zip(y_true, y_pred, strict=True))
    fn = sum(t == positive and p != positive for t, p in zip(y_true, y_pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def precision_recall_f1__sklearn(y_true, y_pred, positive=1):
    from sklearn.metrics import precision_recall_fscore_support
    p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, labels=[positive], zero_division=0)
    return float(p[0]), float(r[0]), float(f[0])


def best_threshold(probs, labels):
    best_t, best_f1 = None, -1.0
    for t in sorted(set(probs)):
        pred = [int(p >= t) for p in probs]
        f1 = precision_recall_f1(labels, pred)[2]
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    return best_t


def best_threshold__max(probs, labels):
    scores = {t: precision_recall_f1(labels, [int(p >= t) for p in probs])[2] for t in set(probs)}
    top = max(scores.values())
    return min(t for t, f in scores.items() if f == top)
