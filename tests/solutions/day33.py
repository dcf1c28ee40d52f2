"""Reference answers for days/day33.ipynb."""
import math


def corpus_perplexity(logprobs: list[list[float]]) -> float:
    values = [x for text in logprobs for x in text]
    if not values:
        raise ValueError("no scored token in any text")
    return math.exp(-sum(values) / len(values))


def corpus_perplexity__torch(logprobs: list[list[float]]) -> float:
    import torch

    values = torch.tensor([x for text in logprobs for x in text], dtype=torch.float64)
    if values.numel() == 0:
        raise ValueError("no scored token in any text")
    return (-values.mean()).exp().item()


def token_context(n_tokens: int, window: int, stride: int) -> list[int | None]:
    from aicourse.metrics import window_spans

    context: list[int | None] = [None] * n_tokens
    for start, end, first in window_spans(n_tokens, window, stride):
        for i in range(first, end):
            context[i] = i - start
    return context


def token_context__loop(n_tokens: int, window: int, stride: int) -> list[int | None]:
    # by hand: walk the windows, each scoring only what the previous one did not reach
    context: list[int | None] = [None] * n_tokens
    done = 1  # token 0 is never scored
    start = 0
    while done < n_tokens:
        end = min(start + window, n_tokens)
        for i in range(max(done, start + 1), end):
            context[i] = i - start
        done = max(done, end)
        start += stride
    return context


def bits_per_byte_table(rows: list[dict]) -> list[tuple[str, float]]:
    table = [(r["name"], r["nll"] / math.log(2) / r["bytes"]) for r in rows]
    return sorted(table, key=lambda t: t[1])


def bits_per_byte_table__log2ppl(rows: list[dict]) -> list[tuple[str, float]]:
    # the same number through the lesson's conversion: log2(token perplexity) * tokens / bytes
    table = [(r["name"], math.log2(math.exp(r["nll"] / r["tokens"])) * r["tokens"] / r["bytes"]) for r in rows]
    return sorted(table, key=lambda t: t[1])
