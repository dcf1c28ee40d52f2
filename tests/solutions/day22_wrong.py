"""Plausible wrong answers for days/day22.ipynb."""


def ece(confidences: list[float], correct: list[bool], n_bins: int) -> float:  # unweighted mean over bins
    if not confidences or len(confidences) != len(correct):
        raise ValueError("bad input")
    bins: dict[int, list[float]] = {}
    for c, ok in zip(confidences, correct, strict=True):
        b = 0
        while b < n_bins - 1 and c > (b + 1) / n_bins:
            b += 1
        bins.setdefault(b, []).append((c, ok))
    gaps = [abs(sum(ok for _, ok in v) / len(v) - sum(c for c, _ in v) / len(v)) for v in bins.values()]
    return sum(gaps) / len(gaps)


def worst_mistakes(probs: list[list[float]], labels: list[int], k: int) -> list[int]:  # right ones included
    return sorted(range(len(probs)), key=lambda i: -max(probs[i]))[:k]


def calibration_verdict(confidences: list[float], correct: list[bool], margin: float = 0.02) -> str:  # sign flipped
    gap = sum(correct) / len(correct) - sum(confidences) / len(confidences)
    return "overconfident" if gap > margin else "underconfident" if gap < -margin else "calibrated"
