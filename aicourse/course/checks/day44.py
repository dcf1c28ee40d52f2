"""Checks for days/day44.ipynb: BLEU's clipped n-gram counts, ROUGE-L by the longest common subsequence, and a
decision about a judge's position bias from verdicts given in both orders."""
from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, raised, show


def _grams(tokens: list[str], n: int) -> Counter:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def _clipped_reference(hypothesis: list[str], references: list[list[str]], n: int) -> tuple[int, int]:
    most: Counter = Counter()
    for ref in references:
        most |= _grams(ref, n)
    counts = _grams(hypothesis, n)
    return sum(min(c, most[g]) for g, c in counts.items()), sum(counts.values())


def _words(rng: random.Random, vocab: list[str], low: int, high: int) -> list[str]:
    return rng.choices(vocab, k=rng.randint(low, high))


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


@exercise("day44.clipped_precision",
          question="Is each hypothesis n-gram counted at most as often as it occurs in the ONE reference that holds "
                   "it most (the max over references, not the sum, and not only the first reference)? Is the total "
                   "the number of n-grams in the hypothesis, repeats included?",
          recipe="from collections import Counter; grams = lambda t: Counter(tuple(t[i:i + n]) for i in "
                 "range(len(t) - n + 1)); most = Counter(); for r in references: most |= grams(r); "
                 "h = grams(hypothesis); return sum(min(c, most[g]) for g, c in h.items()), sum(h.values())")
def check_clipped_precision(clipped_precision: Callable[[list[str], list[list[str]], int], Any],
                            rng: random.Random) -> int:
    s = str.split
    cases: list[tuple[list[str], list[list[str]], int]] = [
        (s("the the the the"), [s("the cat is on the mat")], 1),  # the statement's example: (2, 4)
        ([], [s("the cat is on the mat")], 1),  # empty hypothesis: nothing to count
        (s("the cat"), [s("the cat sat")], 3),  # shorter than n
        (s("the the the"), [s("the cat"), s("the dog")], 1),  # max over references: 1, not the sum 2
        (s("a dog runs"), [s("a cat sleeps"), s("the dog runs fast")], 2),  # the match is in the second reference
        (s("the cat sat on the mat"), [s("the cat is on the mat")], 2),
        (s("x y x y x y"), [s("x y x y"), s("y x")], 2),
        (s("a b c d"), [s("a b c d")], 4),
    ]
    vocab = ["the", "a", "cat", "dog", "on", "mat"]
    for _ in range(30):
        words = vocab[:rng.randint(2, len(vocab))]
        cases.append((_words(rng, words, 0, 12), [_words(rng, words, 1, 12) for _ in range(rng.randint(1, 3))],
                      rng.randint(1, 4)))
    for hyp, refs, n in cases:
        got = call("clipped_precision", clipped_precision, list(hyp), [list(r) for r in refs], n)
        want = _clipped_reference(hyp, refs, n)
        case = f"clipped_precision({show(hyp)}, {show(refs)}, n={n})"
        if not isinstance(got, (tuple, list)) or len(got) != 2 or not all(_is_int(x) for x in got):
            raise CheckFailed(f"{case} returned {show(got)}: return a tuple (matched, total) of two ints")
        if tuple(got) != want:
            raise CheckFailed(f"{case} returned {show(tuple(got))}, expected {want}")
    return len(cases)


def _lcs(a: list[str], b: list[str]) -> int:
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def _rouge_l_reference(hyp: list[str], ref: list[str]) -> float:
    lcs = _lcs(hyp, ref)
    if lcs == 0:
        return 0.0
    p, r = lcs / len(hyp), lcs / len(ref)
    return 2 * p * r / (p + r)


@exercise("day44.rouge_l_f",
          question="ROUGE-L uses the longest common SUBSEQUENCE: the tokens must keep their order but may have gaps "
                   "between them (not a contiguous substring, and not a bag of words). Precision divides it by the "
                   "hypothesis length, recall by the reference length; F is their harmonic mean, 0.0 with no overlap.",
          recipe="dynamic programming: previous = [0] * (len(ref) + 1); for x in hyp: current = [0]; for j, y in "
                 "enumerate(ref): current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j])); "
                 "previous = current. lcs = previous[-1]; if lcs == 0: return 0.0; p, r = lcs / len(hyp), "
                 "lcs / len(ref); return 2 * p * r / (p + r)")
def check_rouge_l_f(rouge_l_f: Callable[[list[str], list[str]], Any], rng: random.Random) -> int:
    s = str.split
    cases: list[tuple[list[str], list[str]]] = [
        (s("the cat sat on the mat"), s("the cat is on the mat")),  # the statement's example: 5/6
        (s("mat the on sat cat the"), s("the cat sat on the mat")),  # same words, reversed: order matters
        (s("a x b y c"), s("a b c")),  # gaps allowed: LCS 3
        ([], s("a b")),
        (s("a b"), []),
        (s("a b c"), s("d e f")),
        (s("a b c d"), s("a b c d")),
        (s("b a"), s("a b a b")),
    ]
    vocab = ["a", "b", "c", "d", "e"]
    for _ in range(30):
        words = vocab[:rng.randint(2, len(vocab))]
        cases.append((_words(rng, words, 0, 14), _words(rng, words, 0, 14)))
    for hyp, ref in cases:
        got = call("rouge_l_f", rouge_l_f, list(hyp), list(ref))
        want = _rouge_l_reference(hyp, ref)
        case = f"rouge_l_f({show(hyp)}, {show(ref)})"
        if isinstance(got, (bool, str)) or not hasattr(got, "__float__"):
            raise CheckFailed(f"{case} returned {show(got)}: return a float")
        if not math.isclose(float(got), want, rel_tol=1e-9, abs_tol=1e-12):
            raise CheckFailed(f"{case} returned {float(got):.6f}, expected {want:.6f} (LCS length {_lcs(hyp, ref)})")
    return len(cases)


def _wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def _report_reference(first: list[str], swapped: list[str]) -> dict[str, Any]:
    n = len(first)
    a = sum(v == "A" for v in first) + sum(v == "A" for v in swapped)
    low, high = _wilson(a, 2 * n)
    return {"first_wins": a / (2 * n), "consistent": sum(x != y for x, y in zip(first, swapped, strict=True)) / n,
            "position_biased": not low <= 0.5 <= high}


def _random_verdicts(rng: random.Random) -> tuple[list[str], list[str]]:
    n = rng.choice([2, 5, 10, 20, 40, rng.randint(1, 60)])
    pull = rng.choice([0.0, 0.0, 0.3, 0.6, 0.9, 1.0])  # how often the judge answers with a letter, not the answer
    letter = rng.choice("AB")
    first, swapped = [], []
    for _ in range(n):
        if rng.random() < pull:
            first.append(letter)
            swapped.append(letter)
        else:  # judges the answers: the better one wins in both orders, or it errs once
            better = rng.choice("AB")
            first.append(better)
            swapped.append({"A": "B", "B": "A"}[better] if rng.random() < 0.9 else better)
    return first, swapped


@exercise("day44.judge_position_report",
          question="The swap moves each answer to the other letter: the same ANSWER wins in both orders when the two "
                   "LETTERS differ. first_wins counts 'A' over all 2n verdicts. position_biased is decided by the "
                   "95 % Wilson interval of that count over 2n verdicts: True when 0.5 lies outside it, not by "
                   "first_wins > 0.5 alone. Empty lists or lists of different lengths raise ValueError.",
          recipe="n = len(first); if n == 0 or len(swapped) != n: raise ValueError(...); a = first.count('A') + "
                 "swapped.count('A'); low, high = wilson_interval(a, 2 * n); return {'first_wins': a / (2 * n), "
                 "'consistent': sum(x != y for x, y in zip(first, swapped)) / n, 'position_biased': "
                 "not low <= 0.5 <= high}")
def check_judge_position_report(judge_position_report: Callable[[list[str], list[str]], Any],
                                rng: random.Random) -> int:
    cases: list[tuple[list[str], list[str]]] = [
        (["A"] * 6, ["A"] * 6),  # always the first position: biased, never consistent
        (["A", "B", "A", "B"], ["B", "A", "B", "A"]),  # a perfectly consistent judge: not biased
        (["A", "A", "B"], ["A", "B", "A"]),  # 4 'A' of 6: not enough evidence
        (["B"] * 12, ["B"] * 12),  # always the second position: biased too
        (["A"] * 3, ["A"] * 3),  # 6 of 6 'A': biased
        (["A"], ["B"]),
        (["A", "A", "A", "B", "A"], ["A", "A", "B", "A", "A"]),
    ]
    while len(cases) < 40:
        first, swapped = _random_verdicts(rng)
        n, a = len(first), first.count("A") + swapped.count("A")
        low, high = _wilson(a, 2 * n)
        if min(abs(low - 0.5), abs(high - 0.5)) > 1e-6:  # no case on the boundary: the verdict is unambiguous
            cases.append((first, swapped))
    for first, swapped in cases:
        got = call("judge_position_report", judge_position_report, list(first), list(swapped))
        want = _report_reference(first, swapped)
        case = f"judge_position_report({show(first)}, {show(swapped)})"
        if not isinstance(got, dict) or not set(want) <= set(got):
            raise CheckFailed(f"{case} returned {show(got)}: return a dict with the keys {sorted(want)}")
        for key in ("first_wins", "consistent"):
            value = got[key]
            if isinstance(value, (bool, str)) or not hasattr(value, "__float__") or \
                    not math.isclose(float(value), want[key], abs_tol=1e-9):
                raise CheckFailed(f"{case}: {key} is {show(value)}, expected {want[key]:.4f}")
        if not isinstance(got["position_biased"], bool) or got["position_biased"] != want["position_biased"]:
            a, n = first.count("A") + swapped.count("A"), 2 * len(first)
            low, high = _wilson(a, n)
            raise CheckFailed(f"{case}: position_biased is {show(got['position_biased'])}, expected "
                              f"{want['position_biased']} ({a} 'A' of {n} verdicts, 95 % interval "
                              f"[{low:.3f}, {high:.3f}])")
    for bad in (([], []), (["A", "B"], ["A"])):
        error = raised(judge_position_report, *bad)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"judge_position_report{show(bad)} should raise ValueError, got "
                              f"{show(error) if error else 'no error'}")
    return len(cases) + 2
