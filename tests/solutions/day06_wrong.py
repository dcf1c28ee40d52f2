"""Plausible wrong answers for days/day06.ipynb: each check must reject each of them, on every seed."""
import math
import statistics


def inverse_cdf_exponential(u: float, rate: float) -> float:  # a valid sampler, but not the inverse of F
    if rate <= 0 or not 0 <= u < 1:
        raise ValueError("need rate > 0 and 0 <= u < 1")
    return -math.log(u) / rate if u > 0 else math.inf


def inverse_cdf_exponential__times_rate(u: float, rate: float) -> float:  # rate on the wrong side
    if rate <= 0 or not 0 <= u < 1:
        raise ValueError("need rate > 0 and 0 <= u < 1")
    return -math.log1p(-u) * rate


def gaussian_mle(xs: list[float]) -> tuple[float, float]:  # the unbiased n - 1 variance
    if not xs:
        raise ValueError("empty")
    return statistics.fmean(xs), statistics.variance(xs) if len(xs) > 1 else 0.0


def gaussian_mle__std(xs: list[float]) -> tuple[float, float]:  # the standard deviation, not the variance
    if not xs:
        raise ValueError("empty")
    return statistics.fmean(xs), statistics.pstdev(xs)


def sampler_verdict(counts: list[int], probs: list[float], critical: float) -> str:  # expected = p, forgetting n
    stat = sum((c - p) ** 2 / p for c, p in zip(counts, probs, strict=True))
    return "ok" if stat <= critical else "suspicious"


def sampler_verdict__by_observed(counts: list[int], probs: list[float], critical: float) -> str:  # divides by observed
    n = sum(counts)
    stat = sum((c - n * p) ** 2 / c for c, p in zip(counts, probs, strict=True))
    return "ok" if stat <= critical else "suspicious"
