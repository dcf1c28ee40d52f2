"""Answers that fit the workbook's visible examples but ignore the rules of days/day35.ipynb."""
import math


def decode_forwards(prompt_len: int, new_tokens: int, use_cache: bool) -> int:
    # the statement's example, looked up
    return {(4, 3, False): 15, (4, 3, True): 6}.get((prompt_len, new_tokens, use_cache), 0)


def softmax_average(scores: list[float], values: list[float], block: int) -> float:
    # the textbook formula without the max: right for the statement's small examples, overflows at large scores
    weights = [math.exp(x) for x in scores]
    return sum(w * v for w, v in zip(weights, values, strict=True)) / sum(weights)


def choose_batch(rows: list[dict[str, float]], max_step_ms: float) -> int | None:
    # the fastest batch overall: ignores the latency budget
    return min(rows, key=lambda r: (-r["batch"] / r["step_ms"], r["batch"]))["batch"]
