"""Reference answers for days/day35.ipynb."""
import math


def decode_forwards(prompt_len: int, new_tokens: int, use_cache: bool) -> int:
    if new_tokens == 0:
        return 0
    if use_cache:
        return prompt_len + (new_tokens - 1)
    return sum(prompt_len + t for t in range(new_tokens))


def decode_forwards__closed_form(prompt_len: int, new_tokens: int, use_cache: bool) -> int:
    n = new_tokens
    if use_cache:
        return max(0, prompt_len + n - 1) if n else 0
    return n * prompt_len + n * (n - 1) // 2


def softmax_average(scores: list[float], values: list[float], block: int) -> float:
    m, total, acc = float("-inf"), 0.0, 0.0
    for start in range(0, len(scores), block):
        s, v = scores[start:start + block], values[start:start + block]
        new = max(m, max(s))
        rescale = math.exp(m - new)  # 0.0 on the first block (m is -inf)
        weights = [math.exp(x - new) for x in s]
        total = total * rescale + sum(weights)
        acc = acc * rescale + sum(w * x for w, x in zip(weights, v, strict=True))
        m = new
    return acc / total


def softmax_average__torch(scores: list[float], values: list[float], block: int) -> float:
    import torch

    s, v = torch.tensor(scores, dtype=torch.float64), torch.tensor(values, dtype=torch.float64)
    return float(s.softmax(0) @ v)


def choose_batch(rows: list[dict[str, float]], max_step_ms: float) -> int | None:
    ok = [r for r in rows if r["step_ms"] <= max_step_ms]
    if not ok:
        return None
    return min(ok, key=lambda r: (-r["batch"] / r["step_ms"], r["batch"]))["batch"]


def choose_batch__per_second(rows: list[dict[str, float]], max_step_ms: float) -> int | None:
    best = None
    for r in sorted(rows, key=lambda r: r["batch"]):
        speed = r["batch"] * 1000 / r["step_ms"]
        if r["step_ms"] <= max_step_ms and (best is None or speed > best[0]):
            best = (speed, r["batch"])
    return None if best is None else best[1]
