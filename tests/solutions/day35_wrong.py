"""Plausible wrong answers for days/day35.ipynb."""
import math


def decode_forwards(prompt_len: int, new_tokens: int, use_cache: bool) -> int:
    # counts the last new token as fed too: every step feeds the sequence including the token it produces
    if use_cache:
        return prompt_len + new_tokens
    return sum(prompt_len + t + 1 for t in range(new_tokens))


def softmax_average(scores: list[float], values: list[float], block: int) -> float:
    # a running max, but only the running sum is rescaled when it moves: the weighted sum keeps stale weights
    m, total, acc = float("-inf"), 0.0, 0.0
    for start in range(0, len(scores), block):
        s, v = scores[start:start + block], values[start:start + block]
        new = max(m, max(s))
        weights = [math.exp(x - new) for x in s]
        total = total * math.exp(m - new) + sum(weights)
        acc = acc + sum(w * x for w, x in zip(weights, v, strict=True))
        m = new
    return acc / total


def softmax_average__torch(scores: list[float], values: list[float], block: int) -> float:
    # right number, wrong algorithm: one softmax over the whole list, ignoring block (it reads everything at once)
    import torch

    s, v = torch.tensor(list(scores), dtype=torch.float64), torch.tensor(list(values), dtype=torch.float64)
    return float(s.softmax(0) @ v)


def softmax_average__two_pass(scores: list[float], values: list[float], block: int) -> float:
    # the stable softmax of the lesson's first cell: a max over ALL scores, then a second pass for the weights
    top = max(scores)
    weights = [math.exp(x - top) for x in scores]
    return sum(w * v for w, v in zip(weights, values, strict=True)) / sum(weights)


def softmax_average__copied(scores: list[float], values: list[float], block: int) -> float:
    # blocks, but over copies of both lists made up front: every block is read before the first is processed
    scores, values = list(scores), list(values)
    m, total, acc = float("-inf"), 0.0, 0.0
    for start in range(0, len(scores), block):
        s, v = scores[start:start + block], values[start:start + block]
        new = max(m, max(s))
        r = math.exp(m - new)
        weights = [math.exp(x - new) for x in s]
        total = total * r + sum(weights)
        acc = acc * r + sum(w * x for w, x in zip(weights, v, strict=True))
        m = new
    return acc / total


def choose_batch(rows: list[dict[str, float]], max_step_ms: float) -> int | None:
    # the biggest batch within the budget: assumes throughput always grows with the batch
    ok = [r["batch"] for r in rows if r["step_ms"] <= max_step_ms]
    return max(ok) if ok else None
