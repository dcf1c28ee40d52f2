"""Reference solutions for days/day22.ipynb (not shipped: tests prove each one passes its check)."""
import math


def ece(confidences: list[float], correct: list[bool], n_bins: int) -> float:
    if not confidences or len(confidences) != len(correct):
        raise ValueError("need one correct flag per confidence, and at least one")
    bins: dict[int, list[float]] = {}
    for c, ok in zip(confidences, correct, strict=True):
        b = 0
        while b < n_bins - 1 and c > (b + 1) / n_bins:
            b += 1
        s = bins.setdefault(b, [0, 0.0, 0.0])
        s[0] += 1
        s[1] += ok
        s[2] += c
    return sum(abs(a - c) for _, a, c in bins.values()) / len(confidences)


def ece__ceil(confidences: list[float], correct: list[bool], n_bins: int) -> float:  # bin = ceil(c * n) - 1
    if len(confidences) == 0 or len(confidences) != len(correct):
        raise ValueError("bad input")
    total = 0.0
    for b in range(n_bins):
        idx = [i for i, c in enumerate(confidences) if max(math.ceil(c * n_bins) - 1, 0) == b]
        if idx:
            acc = sum(correct[i] for i in idx) / len(idx)
            conf = sum(confidences[i] for i in idx) / len(idx)
            total += len(idx) * abs(acc - conf)
    return total / len(confidences)


def worst_mistakes(probs: list[list[float]], labels: list[int], k: int) -> list[int]:
    wrong = [i for i, (p, y) in enumerate(zip(probs, labels, strict=True)) if p.index(max(p)) != y]
    return sorted(wrong, key=lambda i: -max(probs[i]))[:k]  # sorted is stable: ties keep index order


def calibration_verdict(confidences: list[float], correct: list[bool], margin: float = 0.02) -> str:
    gap = sum(confidences) / len(confidences) - sum(correct) / len(correct)
    if gap > margin:
        return "overconfident"
    if gap < -margin:
        return "underconfident"
    return "calibrated"
