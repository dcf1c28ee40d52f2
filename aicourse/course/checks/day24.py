"""Checks for days/day24.ipynb: one BPE merge, padding with an attention mask, and choosing a vocabulary size."""
from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, show
from aicourse.text import merge_pair as reference_merge  # day 24's own function is the reference


@exercise("day24.merge_pair",
          question="After you join a pair, do you skip both symbols, so that 'a a a' with ('a', 'a') gives ('aa', 'a')? "
                   "And do you compare whole symbols, not the letters of the joined string?",
          recipe="walk i from 0: if i + 1 < len(word) and (word[i], word[i + 1]) == pair, append word[i] + word[i + 1] "
                 "and add 2 to i; else append word[i] and add 1; return tuple(out)")
def check_merge_pair(fn: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[tuple[str, ...], tuple[str, str]]] = [
        ((), ("a", "b")),  # empty word
        (("a",), ("a", "a")),  # one symbol
        (("a", "a", "a"), ("a", "a")),  # overlap: left to right, no symbol used twice
        (("a", "a", "a", "a"), ("a", "a")),
        (("l", "o", "w", "l", "o"), ("l", "o")),  # every occurrence
        (("ab", "c"), ("a", "bc")),  # same letters, other symbols: no merge
        (("a", "bc", "ab", "c"), ("ab", "c")),  # joined text 'abcabc' holds 'abc' twice, the symbols once
        (("b", "ab", "c"), ("b", "a")),  # the text 'b a' appears across symbols 'b' and 'ab': no merge
        (("n", "e", "w"), ("e", "s")),  # absent
        (("e", "s", "t"), ("s", "e")),  # reversed pair is a different pair
    ]
    alphabet = ["a", "b", "c", "ab", "bc"]
    for _ in range(20):
        word = tuple(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
        if len(word) >= 2 and rng.random() < 0.8:
            i = rng.randrange(len(word) - 1)
            pair = (word[i], word[i + 1])
        else:
            pair = (rng.choice(alphabet), rng.choice(alphabet))
        cases.append((word, pair))
    for word, pair in cases:
        want = reference_merge(word, pair)
        got = call("merge_pair", fn, tuple(word), pair)
        if not equal(got, want):
            question = "Do you return a tuple?" if isinstance(got, list) and tuple(got) == want else None
            raise CheckFailed(f"merge_pair({word}, {pair}) returned {show(got)}, expected {want}", question)
    return len(cases)


def _pad(seqs: Sequence[Sequence[int]], pad_id: int, max_length: int | None) -> tuple[list[list[int]], list[list[int]]]:
    cut = [list(s)[:max_length] if max_length is not None else list(s) for s in seqs]
    width = max((len(s) for s in cut), default=0)
    return ([s + [pad_id] * (width - len(s)) for s in cut], [[1] * len(s) + [0] * (width - len(s)) for s in cut])


@exercise("day24.pad_batch",
          question="Does your mask come from the lengths (a real token can have the same id as the padding)? "
                   "Do you cut to max_length before you measure the longest, and pad only to the longest?",
          recipe="cut = [list(s)[:max_length] for s in seqs] (all of s when max_length is None); width = the longest cut "
                 "(0 when there are none); ids = s + [pad_id] * (width - len(s)); mask = [1] * len(s) + [0] * (width - len(s))")
def check_pad_batch(fn: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[list[int]], int, int | None]] = [
        ([[5, 6, 7], [8], [9, 10, 11, 12, 13]], 0, 4),  # the lesson's example
        ([[1, 2], [3]], 0, None),  # no truncation
        ([[0, 4, 0], [7]], 0, None),  # real tokens with the padding's id: the mask must still say 1
        ([[3, 3], [3]], 3, None),
        ([[1, 2, 3], [4, 5, 6]], 9, 10),  # nothing to pad, max_length longer than all
        ([[1, 2, 3, 4, 5, 6], [7, 8]], 0, 3),  # cut, then pad to the longest cut row (3), not beyond
        ([[1], [2]], 0, 5),  # pad to the longest row, not to max_length
        ([[]], 0, None),  # one empty sequence
        ([], 0, None),  # no sequences
    ]
    for _ in range(12):
        pad_id = rng.randrange(0, 4)
        seqs = [[rng.randrange(0, 6) for _ in range(rng.randint(0, 8))] for _ in range(rng.randint(1, 5))]
        cases.append((seqs, pad_id, rng.choice([None, 1, 2, 4, 6, 10])))
    for seqs, pad_id, max_length in cases:
        want = _pad(seqs, pad_id, max_length)
        got = call("pad_batch", fn, [list(s) for s in seqs], pad_id, max_length)
        if isinstance(got, list) and len(got) == 2:
            got = tuple(got)
        if not equal(got, want):
            raise CheckFailed(f"pad_batch({seqs}, pad_id={pad_id}, max_length={max_length}) returned {show(got)}, "
                              f"expected {want}")
    # the caller's lists stay as they were
    seqs = [[1, 2, 3], [4]]
    call("pad_batch", fn, seqs, 0, 2)
    if seqs != [[1, 2, 3], [4]]:
        raise CheckFailed(f"pad_batch changed the caller's lists: they became {seqs}; build new lists instead")
    return len(cases) + 1


def _pick(table: dict[int, float], tolerance: float) -> int:
    best = min(table.values())
    return min(v for v, n in table.items() if n <= best * (1 + tolerance))


@exercise("day24.pick_vocab_size",
          question="Which sizes give sequences no longer than the shortest times (1 + tolerance), and which of those is smallest?",
          recipe="best = min(table.values()); return min(v for v, n in table.items() if n <= best * (1 + tolerance))")
def check_pick_vocab_size(fn: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[dict[int, float], float]] = [
        ({1000: 30.0}, 0.1),  # one size: take it
        ({500: 20.0, 1000: 20.0, 2000: 20.0}, 0.1),  # a tie: the smallest vocabulary
        ({4000: 20.0, 500: 25.0, 1000: 26.0}, 0.25),  # 25 = 20 * 1.25 exactly counts; keys out of order
        ({250: 40.0, 8000: 24.0, 1000: 30.1, 2000: 26.0}, 0.25),  # 30.1 is just outside, 26 inside
        ({500: 37.0, 1000: 31.5, 2000: 27.6, 4000: 24.8}, 0.0),  # no tolerance: the shortest
        ({2000: 27.0, 500: 30.0, 1000: 28.0}, 0.05),  # 28 is inside 5%, 30 is not
        ({1000: 24.0, 250: 50.0, 500: 30.0}, 0.5),  # a loose tolerance takes a small vocabulary
    ]
    for _ in range(12):
        vs = rng.sample([128, 250, 500, 1000, 2000, 4000, 8000, 16000, 32000], rng.randint(2, 6))
        table = {v: round(rng.uniform(15, 60), 1) for v in vs}
        cases.append((table, rng.choice([0.0, 0.05, 0.1, 0.2, 0.3])))
    for table, tol in cases:
        want = _pick(table, tol)
        got = call("pick_vocab_size", fn, dict(table), tol)
        if not equal(got, want):
            best = min(table.values())
            raise CheckFailed(f"pick_vocab_size({table}, tolerance={tol}) returned {show(got)}, expected {want} "
                              f"(the shortest is {best:g} tokens; within the tolerance means at most {best * (1 + tol):g})")
    return len(cases)
