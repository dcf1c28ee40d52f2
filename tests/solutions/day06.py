"""Reference solutions for days/day06.ipynb (not shipped: tests prove each one passes its check).

`name` is the reference; `name__variant` is another answer the statement allows, which must pass too.
"""
import math
import statistics


def inverse_cdf_exponential(u: float, rate: float) -> float:
    if rate <= 0:
        raise ValueError(f"rate must be positive, got {rate}")
    if not 0 <= u < 1:
        raise ValueError(f"u must be in [0, 1), got {u}")
    return -math.log1p(-u) / rate  # log1p keeps precision for tiny u


def inverse_cdf_exponential__plain_log(u: float, rate: float) -> float:
    if rate <= 0 or not 0 <= u < 1:
        raise ValueError("need rate > 0 and 0 <= u < 1")
    return -math.log(1 - u) / rate


def gaussian_mle(xs: list[float]) -> tuple[float, float]:
    if not xs:
        raise ValueError("need at least one value")
    mu = sum(xs) / len(xs)
    return mu, sum((x - mu) ** 2 for x in xs) / len(xs)


def gaussian_mle__statistics(xs: list[float]) -> tuple[float, float]:
    if len(xs) == 0:
        raise ValueError("empty")
    return statistics.fmean(xs), statistics.pvariance(xs)


def sampler_verdict(counts: list[int], probs: list[float], critical: float) -> str:
    n = sum(counts)
    stat = sum((c - n * p) ** 2 / (n * p) for c, p in zip(counts, probs, strict=True))
    return "ok" if stat <= critical else "suspicious"


def sampler_verdict__expanded(counts: list[int], probs: list[float], critical: float) -> str:
    n = sum(counts)
    stat = sum(c * c / (n * p) for c, p in zip(counts, probs, strict=True)) - n  # the same sum, expanded
    return "suspicious" if stat > critical else "ok"


def sampler_verdict__proportions(counts: list[int], probs: list[float], critical: float) -> str:
    n = sum(counts)
    stat = sum((c / n - p) ** 2 / p * n for c, p in zip(counts, probs, strict=True))  # rounds differently
    return "ok" if stat <= critical else "suspicious"
