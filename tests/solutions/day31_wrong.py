"""Plausible wrong answers for days/day31.ipynb."""
import math


def top_p_keep(probs: list[float], p: float) -> list[int]:
    # stops BEFORE the token that crosses p (strictly below p), so the set's mass is < p
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))
    kept, total = [], 0.0
    for i in order:
        if total + probs[i] > p and kept:
            break
        kept.append(i)
        total += probs[i]
    return kept


def top_p_keep__strict(probs: list[float], p: float) -> list[int]:
    # uses > instead of >=: a total landing exactly on p keeps one token too many
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))
    kept, total = [], 0.0
    for i in order:
        kept.append(i)
        total += probs[i]
        if total > p:
            break
    return kept


def temperature_probs(logits: list[float], t: float) -> list[float]:
    # multiplies by t instead of dividing
    if t == 0:
        best = logits.index(max(logits))
        return [1.0 if i == best else 0.0 for i in range(len(logits))]
    top = max(logits)
    e = [math.exp((x - top) * t) for x in logits]
    return [v / sum(e) for v in e]


def temperature_probs__unstable(logits: list[float], t: float) -> list[float]:
    # no max subtraction: exp(1000) overflows
    if t == 0:
        best = logits.index(max(logits))
        return [1.0 if i == best else 0.0 for i in range(len(logits))]
    e = [math.exp(x / t) for x in logits]
    return [v / sum(e) for v in e]


def choose_temperature(rows: list[dict[str, float]], min_distinct: float) -> float | None:
    # the lowest temperature that passes: right only when log-prob falls as T grows
    ok = [r for r in rows if r["distinct2"] >= min_distinct]
    return min(r["temperature"] for r in ok) if ok else None
