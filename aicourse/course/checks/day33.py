"""Checks for days/day33.ipynb: corpus perplexity weighted by token, the context a sliding window gives each token,
and bits per byte to compare models with different tokenizers."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, raised, show


def _number(name: str, got: Any, case: str) -> float:
    if isinstance(got, (bool, str)) or not hasattr(got, "__float__"):
        raise CheckFailed(f"{name}({case}) returned {show(got)}: return a number (a float)")
    value = float(got)
    if not math.isfinite(value):
        raise CheckFailed(f"{name}({case}) returned {value}: expected a finite number")
    return value


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def _corpus_reference(logprobs: list[list[float]]) -> float:
    values = [x for text in logprobs for x in text]
    return math.exp(-math.fsum(values) / len(values))


@exercise("day33.corpus_perplexity",
          question="Do you weigh every TOKEN the same, across texts of different lengths (one sum over all tokens of "
                   "all texts, divided once by the number of tokens), rather than averaging per-text losses or "
                   "per-text perplexities? Natural log: exp, not 2 **. No token at all must raise ValueError.",
          recipe="values = [x for text in logprobs for x in text]; if not values: raise ValueError(...); "
                 "return math.exp(-sum(values) / len(values))")
def check_corpus_perplexity(corpus_perplexity: Callable[[list[list[float]]], Any], rng: random.Random) -> int:
    cases: list[list[list[float]]] = [
        [[math.log(0.5), math.log(0.25), math.log(0.125), math.log(0.5)]],  # the lesson's example: 2 ** 1.75
        [[0.0, 0.0, 0.0]],  # always sure and right: 1.0
        [[-math.log(50)] * 7, [-math.log(50)] * 2],  # uniform over 50 tokens: 50
        [[-0.1] * 40, [-3.0]],  # one long easy text and one short hard one: per-text means would weigh them equally
        [[], [-2.0, -1.0], [], [-0.5]],  # texts with nothing scored count for nothing
        [[-4.0, -4.0, -4.0], [-0.2] * 9, [-1.0]],
    ]
    for _ in range(20):
        cases.append([[-rng.uniform(0, 8) ** rng.choice([1, 2]) / 4 for _ in range(rng.choice([0, 1, 2, 5, 30]))]
                      for _ in range(rng.randint(2, 6))] + [[-rng.uniform(0.01, 5)]])
    for logprobs in cases:
        shown = show(logprobs)
        got = _number("corpus_perplexity", call("corpus_perplexity", corpus_perplexity, [list(t) for t in logprobs]),
                      shown)
        want = _corpus_reference(logprobs)
        if not abs(got - want) <= 1e-9 * want:
            raise CheckFailed(f"corpus_perplexity({shown}) returned {got:.6g}, expected {want:.6g}")
    for empty in ([], [[], []]):
        error = raised(corpus_perplexity, empty)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"corpus_perplexity({show(empty)}) should raise ValueError (no token to average), "
                              f"got {show(error) if error else 'no error'}")
    return len(cases) + 2


def _context_reference(n_tokens: int, window: int, stride: int) -> list[int | None]:
    context: list[int | None] = [None] * n_tokens
    scored_up_to = 1
    for start in range(0, max(n_tokens - 1, 0), stride):
        end = min(start + window, n_tokens)
        for i in range(max(scored_up_to, start + 1), end):
            context[i] = i - start
        scored_up_to = end
        if end == n_tokens:
            break
    return context


@exercise("day33.token_context",
          question="Does the FIRST window that reaches a token score it (later windows score only tokens no earlier "
                   "window scored)? Is the context the number of window tokens before it (i - start), and is token 0 "
                   "never scored (None), nor, with stride == window, the first token of each chunk?",
          recipe="context = [None] * n_tokens; for start, end, first in window_spans(n_tokens, window, stride): "
                 "for i in range(first, end): context[i] = i - start; return context "
                 "(window_spans is in aicourse.metrics, or rewrite its loop)")
def check_token_context(token_context: Callable[[int, int, int], Any], rng: random.Random) -> int:
    cases = [(0, 4, 2), (1, 4, 2), (2, 4, 4), (10, 4, 2), (10, 4, 4), (9, 4, 4), (10, 4, 1), (10, 4, 3), (5, 16, 4),
             (12, 2, 1), (12, 2, 2), (20, 6, 5)]
    for _ in range(25):
        window = rng.randint(2, 12)
        cases.append((rng.randint(0, 45), window, rng.choice([rng.randint(1, window), window, window // 2 or 1])))
    for n_tokens, window, stride in cases:
        got = call("token_context", token_context, n_tokens, window, stride)
        want = _context_reference(n_tokens, window, stride)
        if not isinstance(got, (list, tuple)) or any(
                not (x is None or isinstance(x, int) and not isinstance(x, bool)) for x in got):
            raise CheckFailed(f"token_context({n_tokens}, {window}, {stride}) returned {show(got)}: return a list "
                              f"with one int (or None) per token")
        if list(got) != want:
            raise CheckFailed(f"token_context(n_tokens={n_tokens}, window={window}, stride={stride}) returned "
                              f"{show(list(got))}, expected {show(want)}")
    return len(cases)


def _bpb_reference(rows: list[dict[str, Any]]) -> list[tuple[str, float]]:
    table = [(r["name"], r["nll"] / math.log(2) / r["bytes"]) for r in rows]
    return sorted(table, key=lambda t: t[1])


def _random_rows(rng: random.Random) -> list[dict[str, Any]]:
    n_bytes = rng.randint(200, 5000)
    rows, used = [], set()
    names = rng.sample(["smollm2", "byte-bigram", "gpt2", "char-lstm", "llama", "qwen", "word-ngram"], rng.randint(2, 5))
    for name in names:
        while True:
            bpb = round(rng.uniform(0.6, 4.0), 3)
            if all(abs(bpb - u) > 0.01 for u in used):  # no near ties: the order is unambiguous
                break
        used.add(bpb)
        bytes_per_token = rng.choice([1.0, rng.uniform(1.5, 6.0)])
        rows.append({"name": name, "tokens": max(1, round(n_bytes / bytes_per_token)), "bytes": n_bytes,
                     "nll": bpb * math.log(2) * n_bytes})
    return rows


@exercise("day33.bits_per_byte_table",
          question="Bits per byte divides the TOTAL NLL, converted from nats to bits (divide by ln 2), by the text's "
                   "BYTES, not by its tokens. Do you sort best (lowest) first, and return (name, bits_per_byte) pairs?",
          recipe="table = [(r['name'], r['nll'] / math.log(2) / r['bytes']) for r in rows]; "
                 "return sorted(table, key=lambda t: t[1])")
def check_bits_per_byte_table(bits_per_byte_table: Callable[[list[dict[str, Any]]], Any], rng: random.Random) -> int:
    ln2 = math.log(2)
    cases: list[list[dict[str, Any]]] = [
        # a byte model with a low token perplexity (e^1.5 = 4.5) against an LLM with a high one (e^4 = 55): the LLM wins
        [{"name": "byte-bigram", "tokens": 1000, "bytes": 1000, "nll": 1.5 * 1000},
         {"name": "llm", "tokens": 250, "bytes": 1000, "nll": 4.0 * 250}],
        [{"name": "a", "tokens": 300, "bytes": 1200, "nll": 1.1 * ln2 * 1200},
         {"name": "b", "tokens": 1200, "bytes": 1200, "nll": 2.0 * ln2 * 1200},
         {"name": "c", "tokens": 400, "bytes": 1200, "nll": 0.9 * ln2 * 1200}],
        [{"name": "only", "tokens": 7, "bytes": 20, "nll": 12.0}],
    ]
    cases += [_random_rows(rng) for _ in range(20)]
    for rows in cases:
        got = call("bits_per_byte_table", bits_per_byte_table, [dict(r) for r in rows])
        want = _bpb_reference(rows)
        shown = show(rows)
        if not isinstance(got, (list, tuple)) or len(got) != len(want) or not all(
                isinstance(p, (list, tuple)) and len(p) == 2 for p in got):
            raise CheckFailed(f"bits_per_byte_table({shown}) returned {show(got)}: return a list of (name, "
                              f"bits_per_byte) pairs, one per row")
        names = [p[0] for p in got]
        values = [_number("bits_per_byte_table", p[1], shown) for p in got]
        if names != [w[0] for w in want] or not all(_close(v, w[1]) for v, w in zip(values, want, strict=True)):
            raise CheckFailed(f"bits_per_byte_table({shown}) returned {show([(n, round(v, 4)) for n, v in zip(names, values, strict=True)])}, "
                              f"expected {show([(n, round(v, 4)) for n, v in want])}")
    return len(cases)
