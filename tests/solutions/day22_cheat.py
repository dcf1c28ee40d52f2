"""Cheats for days/day22.ipynb: answers that fit the visible examples or ignore a stated rule."""
import math


def ece(confidences: list[float], correct: list[bool], n_bins: int) -> float:  # left-closed bins [lo, hi)
    if not confidences or len(confidences) != len(correct):
        raise ValueError("bad input")
    bins: dict[int, list[float]] = {}
    for c, ok in zip(confidences, correct, strict=True):
        bins.setdefault(min(math.floor(c * n_bins), n_bins - 1), []).append((c, ok))
    return sum(abs(sum(ok for _, ok in v) - sum(c for c, _ in v)) for v in bins.values()) / len(confidences)


def worst_mistakes(probs: list[list[float]], labels: list[int], k: int) -> list[int]:  # index order, not confidence
    return [i for i, (p, y) in enumerate(zip(probs, labels, strict=True)) if p.index(max(p)) != y][:k]


def calibration_verdict(confidences: list[float], correct: list[bool], margin: float = 0.02) -> str:
    return "overconfident"  # the workbook's example
