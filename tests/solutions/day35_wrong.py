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


def choose_batch(rows: list[dict[str, float]], max_step_ms: float) -> int | None:
    # the biggest batch within the budget: assumes throughput always grows with the batch
    ok = [r["batch"] for r in rows if r["step_ms"] <= max_step_ms]
    return max(ok) if ok else None
