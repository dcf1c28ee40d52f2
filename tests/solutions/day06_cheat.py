"""Cheats for days/day06.ipynb: answers that fit the visible examples or ignore a stated rule.
Each check must reject each of them, on every seed."""
import math
import statistics


def inverse_cdf_exponential(u: float, rate: float) -> float:  # fits the example, where rate = 1
    if rate <= 0 or not 0 <= u < 1:
        raise ValueError("need rate > 0 and 0 <= u < 1")
    return -math.log1p(-u)


def gaussian_mle(xs: list[float]) -> tuple[float, float]:  # the median: right on the symmetric examples
    if not xs:
        raise ValueError("empty")
    m = statistics.median(xs)
    return m, sum((x - m) ** 2 for x in xs) / len(xs)


def sampler_verdict(counts: list[int], probs: list[float], critical: float) -> str:  # the workbook's critical value
    n = sum(counts)
    stat = sum((c - n * p) ** 2 / (n * p) for c, p in zip(counts, probs, strict=True))
    return "ok" if stat <= 20.52 else "suspicious"
