"""Answers that fit the workbook's visible examples but ignore the rules of days/day31.ipynb."""
import math


def top_p_keep(probs: list[float], p: float) -> list[int]:
    # always the single best token: right for confident distributions only
    return [max(range(len(probs)), key=lambda i: probs[i])]


def temperature_probs(logits: list[float], t: float) -> list[float]:
    # ignores the temperature
    top = max(logits)
    e = [math.exp(x - top) for x in logits]
    return [v / sum(e) for v in e]


def choose_temperature(rows: list[dict[str, float]], min_distinct: float) -> float | None:
    # the workbook's measured table happens to favour a middle temperature
    return 0.7
