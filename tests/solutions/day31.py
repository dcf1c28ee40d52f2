"""Reference answers for days/day31.ipynb."""
import math


def top_p_keep(probs: list[float], p: float) -> list[int]:
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))
    kept, total = [], 0.0
    for i in order:
        kept.append(i)
        total += probs[i]
        if total >= p:
            break
    return kept


def top_p_keep__sorted(probs: list[float], p: float) -> list[int]:
    # the same set, returned in index order: the statement allows any order
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))
    kept, total = [], 0.0
    for i in order:
        kept.append(i)
        total += probs[i]
        if total >= p:
            break
    return sorted(kept)


def top_p_keep__torch(probs: list[float], p: float) -> list[int]:
    import torch

    t = torch.tensor(probs, dtype=torch.float64)
    order = torch.tensor(sorted(range(len(probs)), key=lambda i: (-probs[i], i)))
    before = t[order].cumsum(0) - t[order]  # the mass of the better tokens
    return order[before < p].tolist()


def temperature_probs(logits: list[float], t: float) -> list[float]:
    if t == 0:
        best = logits.index(max(logits))
        return [1.0 if i == best else 0.0 for i in range(len(logits))]
    top = max(logits)
    e = [math.exp((x - top) / t) for x in logits]
    return [v / sum(e) for v in e]


def temperature_probs__torch(logits: list[float], t: float) -> list[float]:
    import torch

    x = torch.tensor(logits, dtype=torch.float64)
    if t == 0:
        return torch.nn.functional.one_hot(x.argmax(), len(logits)).double().tolist()
    return (x / t).softmax(0).tolist()


def choose_temperature(rows: list[dict[str, float]], min_distinct: float) -> float | None:
    ok = [r for r in rows if r["distinct2"] >= min_distinct]
    if not ok:
        return None
    return min(ok, key=lambda r: (-r["logprob"], r["temperature"]))["temperature"]
