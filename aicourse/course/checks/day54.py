"""Checks for days/day54.ipynb: ALCE's citation recall and precision from a support oracle, Cohen's kappa from
scratch, and a judge threshold chosen on dev pairs by kappa."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, show


def _alce(sentences: list[tuple[str, list[int]]], n_sources: int,
          supports: Callable[[str, list[int]], bool]) -> tuple[float | None, float | None]:
    if not sentences:
        return None, None
    recall, counted, total = 0, 0, 0
    for claim, cited in sentences:
        total += len(cited)
        ok = bool(cited) and all(1 <= n <= n_sources for n in cited) and supports(claim, list(cited))
        recall += ok
        if ok and len(cited) > 1:
            counted += sum(supports(claim, [n]) or not supports(claim, [m for m in cited if m != n]) for n in cited)
        elif ok:
            counted += 1
    return recall / len(sentences), (counted / total if total else 0.0)


def _oracle(needs: dict[str, list[set[int]]]) -> Callable[[str, list[int]], bool]:
    "supports(claim, numbers): the joined sources hold one of the claim's minimal supporting sets."
    def supports(claim: str, numbers: list[int]) -> bool:
        got = set(numbers)
        return any(need <= got for need in needs.get(claim, []))
    return supports


def _close(got: Any, want: float | None) -> bool:
    if want is None:
        return got is None
    try:
        return not isinstance(got, bool) and math.isclose(float(got), want, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


@exercise("day54.alce_scores",
          question="Which rule do you break: a sentence that cites a number outside 1..n_sources has no recall and its "
                   "citations all fail but stay in the precision's denominator; a citation is irrelevant only when it fails "
                   "ALONE and the sentence's OTHER CITATIONS (not every source sent) still support without it; claims that cite nothing give precision 0.0; no sentence gives (None, None)?",
          recipe="for each (claim, cited): total += len(cited); ok = cited and all(1 <= n <= n_sources) and "
                 "supports(claim, cited); recall += ok; if ok and len(cited) > 1: counted += sum(supports(claim, [n]) "
                 "or not supports(claim, [m for m in cited if m != n]) for n in cited) elif ok: counted += 1; return "
                 "(recall / len(sentences), counted / total if total else 0.0), or (None, None) with no sentences")
def check_alce_scores(alce_scores: Callable[..., Any], rng: random.Random) -> int:
    needs = {"A": [{1}], "AB": [{1, 2}], "A or B": [{1}, {2}], "never": [], "C": [{3}], "BC": [{2, 3}],
             "AB or C": [{1, 2}, {3}]}
    cases = [([("A", [1])], 3, None), ([], 3, "no sentence: nothing is scored, (None, None)"),
             ([("A", [])], 3, "a sentence that cites nothing: recall 0, and no citation at all gives precision 0.0"),
             ([("A", [1]), ("never", [])], 3, None),
             ([("A", [4])], 3, "4 is not among sources 1..3: no recall, the citation fails"),
             ([("A", [1, 4])], 3, "one number outside 1..n_sources: the whole sentence has no recall"),
             ([("A", [0])], 3, "sources start at 1: [0] is not one of them"),
             ([("A", [1, 3])], 3, "[3] alone does not support A, and [1] without it does: [3] is irrelevant"),
             ([("AB", [1, 2])], 3, "each source holds half: neither is irrelevant, precision 1"),
             ([("AB", [1, 2, 3])], 3, "[3] is irrelevant, [1] and [2] are needed: 2 of 3 citations count"),
             ([("A or B", [1, 2])], 3, "each supports alone: neither is irrelevant (condition A holds for both)"),
             ([("never", [1, 2])], 3, "no recall: no citation of the sentence counts"),
             ([("C", [3]), ("A", [2]), ("AB", [1, 2])], 3, None), ([("A", [1])], 0, "no sources: every number is invalid"),
             ([("AB or C", [1, 2])], 3, "'the others' are the sentence's OTHER CITATIONS, not every source sent: [1] "
                                        "alone fails, but [2] alone (without [1]) does not support, so [1] is needed"),
             ([("A", [1]), ("A", [1, 4])], 3, "an invalid number is a citation too: it stays in the precision's "
                                              "denominator (1 counted of 3 citations)"),
             ([("A", [1, 0])], 3, "sources start at 1: [0] is invalid, so the sentence has no recall")]
    claims = list(needs)
    for _ in range(40):
        n = rng.randint(0, 4)
        sents = [(rng.choice(claims), rng.sample(range(0, 6), rng.choice([0, 1, 1, 2, 2, 3])))
                 for _ in range(rng.randint(0, 4))]
        cases.append((sents, n, None))
    supports = _oracle(needs)
    for sents, n, why in cases:
        want = _alce(sents, n, supports)
        got = call("alce_scores", alce_scores, [(c, list(cs)) for c, cs in sents], n, supports)
        ok = isinstance(got, (tuple, list)) and len(got) == 2 and _close(got[0], want[0]) and _close(got[1], want[1])
        if not ok:
            raise CheckFailed(f"alce_scores({show(sents)}, n_sources={n}, supports) returned {show(got)}, expected "
                              f"{want} (the supporting sets: {show(needs)})",
                              f"The rule this case tests: {why}." if why else None)
    return len(cases)


def _kappa(a: list[Any], b: list[Any]) -> float:
    n = len(a)
    p_o = sum(x == y for x, y in zip(a, b, strict=True)) / n
    p_e = sum((a.count(v) / n) * (b.count(v) / n) for v in set(a) | set(b))
    return float("nan") if p_e == 1 else (p_o - p_e) / (1 - p_e)


def _same_float(got: Any, want: float) -> bool:
    try:
        g = float(got)
    except (TypeError, ValueError):
        return False
    if isinstance(got, bool):
        return False
    return math.isnan(g) if math.isnan(want) else math.isclose(g, want, abs_tol=1e-9)


@exercise("day54.kappa",
          question="Is p_e the sum over labels of (share of that label in a) times (share of that label in b), each "
                   "rater's OWN frequencies (not the pooled ones), over every label either rater used? And NaN when p_e is 1?",
          recipe="n = len(a); p_o = sum(x == y for x, y in zip(a, b, strict=True)) / n; p_e = sum(a.count(v) / n * b.count(v) / n "
                 "for v in set(a) | set(b)); return nan if p_e == 1 else (p_o - p_e) / (1 - p_e)")
def check_kappa(kappa: Callable[[list[Any], list[Any]], Any], rng: random.Random) -> int:
    cases = [([True, False, True, False], [True, False, True, False], "perfect agreement is 1"),
             ([True, False], [False, True], "perfect disagreement with balanced labels is -1"),
             ([True, True, True, True], [True, False, True, False], "a rater who always says yes: chance level, 0"),
             ([True] * 3, [True] * 3, "one label for everything, on both sides: p_e is 1, return NaN"),
             (["yes", "no", "partly", "yes"], ["yes", "partly", "partly", "no"], "any labels, not only booleans"),
             ([1, 1, 1, 0, 0, 1, 1, 1], [1, 0, 1, 0, 1, 1, 1, 1], "unbalanced labels: each rater's own frequencies"),
             (["a", "a", "b"], ["a", "c", "c"], "a label only one rater used still counts (its product is 0)")]
    for _ in range(40):
        labels = rng.choice(["ab", "abc", [True, False]])
        n = rng.randint(1, 12)
        a = [rng.choice(labels) for _ in range(n)]
        b = [x if rng.random() < rng.random() else rng.choice(labels) for x in a]
        cases.append((a, b, None))
    for a, b, why in cases:
        want = _kappa(a, b)
        got = call("kappa", kappa, list(a), list(b))
        if not _same_float(got, want):
            raise CheckFailed(f"kappa({show(a)}, {show(b)}) returned {show(got)}, expected {want}",
                              f"The rule this case tests: {why}." if why else None)
    return len(cases)


def _kappa_exact(a: list[Any], b: list[Any]) -> Fraction:
    "Cohen's kappa in exact arithmetic (0 where undefined): float kappas of equal fractions can differ in the last bit."
    n = len(a)
    p_o = Fraction(sum(x == y for x, y in zip(a, b, strict=True)), n)
    p_e = sum((Fraction(a.count(v), n) * Fraction(b.count(v), n) for v in set(a) | set(b)), Fraction(0))
    return Fraction(0) if p_e == 1 else (p_o - p_e) / (1 - p_e)


def _choose(scores: list[float], labels: list[bool]) -> float:
    "The lowest candidate with the highest kappa, kappas compared exactly."
    return min(sorted(set(scores)), key=lambda t: (-_kappa_exact([s >= t for s in scores], list(labels)), t))


def _choose_float(scores: list[float], labels: list[bool]) -> float:
    "The same rule with float kappas compared as they are: also accepted (a tie may differ in the last bit)."
    def k(t: float) -> float:
        v = _kappa([s >= t for s in scores], list(labels))
        return 0.0 if math.isnan(v) else v
    return min(sorted(set(scores)), key=lambda t: (-k(t), t))


@exercise("day54.choose_threshold",
          question="Do you try every distinct dev score, count a pair supported when score >= threshold, "
                   "compare candidates by KAPPA (not accuracy) with a NaN kappa as 0, and take the lowest on a tie?",
          recipe="k(t) = kappa([s >= t for s in scores], labels), 0 when NaN; best = max(k(t) for t in set(scores)); "
                 "return min(t for t in set(scores) if k(t) >= best - 1e-9) (floats: equal kappas may differ in the "
                 "last bit, so compare with a tolerance)")
def check_choose_threshold(choose_threshold: Callable[[list[float], list[bool]], Any], rng: random.Random) -> int:
    cases = [([0.9, 0.8, 0.2, 0.1], [True, True, False, False], None),
             ([0.7, 0.9, 0.1, 0.3, 0.6, 0.8], [True, True, True, True, False, True],
              "unbalanced labels: accuracy picks 0.1 (say yes to all, 5 of 6 right), kappa picks 0.7"),
             ([0.5, 0.5, 0.2], [True, False, False], "score equal to the threshold counts as supported"),
             ([0.3, 0.6], [True, True], "every pair supported: kappa is NaN or 0 everywhere; the lowest candidate"),
             ([0.3, 0.6], [False, False], "no pair supported: the tie goes to the lowest candidate"),
             ([0.2, 0.8], [True, False], "a judge that is backwards: no threshold beats chance, take the lowest"),
             ([0.456, 0.451, 0.72, 0.2], [True, False, True, False], "return a dev score as it is, unrounded"),
             ([0.354, 0.91, 0.354, 0.419, 0.354, 0.419, 0.354, 0.354, 0.259, 0.91],
              [False, True, False, True, True, False, True, True, False, True],
              "kappa is 2/7 at 0.354 and at 0.91, a tie: the lowest (floats may differ in the last bit: compare "
              "kappas with a tolerance)")]
    for _ in range(30):
        pool = [round(rng.random(), 3) for _ in range(rng.randint(1, 8))]
        n = rng.randint(1, 12)
        scores = [rng.choice(pool) for _ in range(n)]
        labels = [rng.random() < (0.3 + 0.6 * s) for s in scores]
        cases.append((scores, labels, None))
    for scores, labels, why in cases:
        want = _choose(scores, labels)
        got = call("choose_threshold", choose_threshold, list(scores), list(labels))
        try:
            ok = not isinstance(got, bool) and float(got) in (want, _choose_float(scores, labels))
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise CheckFailed(f"choose_threshold({show(scores)}, {show(labels)}) returned {show(got)}, expected {want}",
                              f"The rule this case tests: {why}." if why else None)
    return len(cases)
