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


def softmax_average__indexed(scores: list[float], values: list[float], block: int) -> float:
    # another correct way: index the items, reading a block's scores twice (for its max, then for its weights)
    m, total, acc = float("-inf"), 0.0, 0.0
    for start in range(0, len(scores), block):
        stop = min(start + block, len(scores))
        new = m
        for i in range(start, stop):
            new = max(new, scores[i])
        rescale = math.exp(m - new)
        total, acc = total * rescale, acc * rescale
        for i in range(start, stop):
            w = math.exp(scores[i] - new)
            total += w
            acc += w * values[i]
        m = new
    return acc / total


def softmax_average__buffered(scores: list[float], values: list[float], block: int) -> float:
    # another correct way: one loop over zip(scores, values) that folds in a buffer each time it holds a block
    m, total, acc, buffer = float("-inf"), 0.0, 0.0, []

    def fold() -> None:
        nonlocal m, total, acc
        new = max(m, max(x for x, _ in buffer))
        r = math.exp(m - new)
        total = total * r + math.fsum(math.exp(x - new) for x, _ in buffer)
        acc = acc * r + math.fsum(math.exp(x - new) * y for x, y in buffer)
        m = new
        buffer.clear()

    for pair in zip(scores, values, strict=True):
        buffer.append(pair)
        if len(buffer) == block:
            fold()
    if buffer:
        fold()
    return acc / total


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
