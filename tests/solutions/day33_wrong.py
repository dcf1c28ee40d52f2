"""Plausible wrong answers for days/day33.ipynb."""
import math


def corpus_perplexity(logprobs: list[list[float]]) -> float:
    # averages the per-text losses: a 1-token text weighs as much as a 40-token one
    means = [sum(t) / len(t) for t in logprobs if t]
    if not means:
        raise ValueError("no scored token in any text")
    return math.exp(-sum(means) / len(means))


def corpus_perplexity__mean_of_ppl(logprobs: list[list[float]]) -> float:
    # the mean of per-text perplexities
    ppls = [math.exp(-sum(t) / len(t)) for t in logprobs if t]
    if not ppls:
        raise ValueError("no scored token in any text")
    return sum(ppls) / len(ppls)


def corpus_perplexity__base2(logprobs: list[list[float]]) -> float:
    # natural-log probabilities raised to base 2
    values = [x for text in logprobs for x in text]
    if not values:
        raise ValueError("no scored token in any text")
    return 2 ** (-sum(values) / len(values))


def token_context(n_tokens: int, window: int, stride: int) -> list[int | None]:
    # plain chunks whatever the stride: ignores the overlap
    return [None if i % window == 0 else i % window for i in range(n_tokens)]


def token_context__last_window(n_tokens: int, window: int, stride: int) -> list[int | None]:
    # scores each token in the LAST window that holds it (most context), not in the first that reaches it
    context: list[int | None] = [None] * n_tokens
    for start in range(0, n_tokens, stride):
        for i in range(start + 1, min(start + window, n_tokens)):
            context[i] = i - start
    return context


def bits_per_byte_table(rows: list[dict]) -> list[tuple[str, float]]:
    # bits per TOKEN: the tokenizer decides the winner
    table = [(r["name"], r["nll"] / math.log(2) / r["tokens"]) for r in rows]
    return sorted(table, key=lambda t: t[1])


def bits_per_byte_table__nats(rows: list[dict]) -> list[tuple[str, float]]:
    # forgets to convert nats to bits
    table = [(r["name"], r["nll"] / r["bytes"]) for r in rows]
    return sorted(table, key=lambda t: t[1])
