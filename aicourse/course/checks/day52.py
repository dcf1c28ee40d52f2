"""Checks for days/day52.ipynb: parsing citations by stated rules, a verdict on an answer's citations, fitting sources into a token budget by whole
chunks in rank order, and choosing an evidence-gate threshold from a dev table."""
from __future__ import annotations

import math
import numbers
import operator
import random
import re
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, show
from aicourse.rag import REFUSAL_SENTENCE, is_refusal_sentence

_CITATION = re.compile(r"\[\s*([0-9]+(?:\s*,\s*[0-9]+)*)\s*\](?!\()")  # the statement's rule (aicourse.rag.CITATION)
_CODE_SPAN = re.compile(r"`[^`]*`")


def _parse(answer: str) -> list[int]:
    seen: list[int] = []
    for m in _CITATION.finditer(_CODE_SPAN.sub(" ", answer)):
        for n in m.group(1).split(","):
            if int(n) not in seen:
                seen.append(int(n))
    return seen


def _ints(got: Any) -> list[int] | None:
    "The answer as a list of ints, or None when it is not a list of whole numbers (strings like '1' are not)."
    if isinstance(got, (str, bytes)):
        return None
    try:
        items = list(got)
    except TypeError:
        return None
    if not all(isinstance(x, numbers.Integral) and not isinstance(x, bool) for x in items):
        return None
    return [int(x) for x in items]


_WORDS = ["Invoices", "are", "kept", "for", "10", "years.", "The", "Pro", "plan", "costs", "12", "euros", "(VAT",
          "23%)", "logs:", "90", "days!", "RGPD", "art.", "17", "and"]
_NOT_CITATIONS = ["[n]", "[a]", "[1-3]", "[1.5]", "[]", "[1,]", "[,2]", "[x1]", "[1 2]", "(1)", "{2}", "1]", "[3"]


def _rand_answer(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 14)):
        r = rng.random()
        if r < 0.45:
            parts.append(rng.choice(_WORDS))
        elif r < 0.7:
            nums = [str(rng.randint(0, 14)) for _ in range(rng.randint(1, 3))]
            parts.append("[" + rng.choice([",", ", ", " ,"]).join(nums) + "]")
        elif r < 0.8:
            parts.append(f"`x[{rng.randint(0, 9)}]`")  # code: an index, not a citation
        elif r < 0.9:
            parts.append(rng.choice(_NOT_CITATIONS))
        else:
            parts.append(f"[{rng.randint(1, 5)}][{rng.randint(1, 5)}]")
    return rng.choice([" ", " ", ""]).join(parts) if parts else ""


@exercise("day52.parse_citations",
          question="Which rule does your parser break: a list '[1, 3]', two markers side by side '[1][2]', a number cited "
                   "twice (keep the first place only), a bracket that is not only numbers ('[1-3]', '[n]'), or a `code span`?",
          recipe="drop code spans first: text = re.sub(r'`[^`]*`', ' ', answer); then for each match of "
                 r"r'\[\s*([0-9]+(?:\s*,\s*[0-9]+)*)\s*\](?!\()' (or aicourse.rag.CITATION) split group(1) on ',' and append int(n) when not seen yet")
def check_parse_citations(parse_citations: Callable[[str], Any], rng: random.Random) -> int:
    cases = [("Invoices are kept for 10 years [1].", None), ("", None), ("No citation here.", None),
             ("See [12].", "numbers can have two digits"),
             ("Both [1][2] and [1, 3].", "'[1][2]' is two citations and '[1, 3]' cites 1 and 3"),
             ("A [2,4] B [ 5 ] C [6 , 7].", "spaces are allowed around the numbers and the commas"),
             ("Late [3] then [1] then [3] again.", "each number once, in order of FIRST appearance (not sorted)"),
             ("Index `x[0]` is code; the fact is [2].", "a [0] inside a `code span` is an index, not a citation"),
             ("Code `a[1] and b[2]` then [4].", "everything between the two backticks is code"),
             ("One backtick ` alone, then [5].", "a lone backtick opens no code span"),
             ("[n] and [a] are placeholders, [1-3] a range, [1.5] a decimal, [] empty, [1,] unfinished.",
              "a bracket holding anything but numbers and commas is not a citation"),
             ("Bad numbers still parse: [0] and [99].", "numbers are not checked here: 0 and 99 are returned"),
             ("[7]Glued[8]", None),
             ("Read [1](https://example.com) and then [2].", "'[1](url)' is a markdown link, not a citation"), ("Cited as (1) or {2} or 3] or [4", "only square brackets, both of them")]
    cases += [(_rand_answer(rng), None) for _ in range(40)]
    for text, why in cases:
        want = _parse(text)
        got = _ints(call("parse_citations", parse_citations, text))
        if got != want:
            question = f"The rule this case tests: {why}." if why else None
            if got is None and isinstance(call("parse_citations", parse_citations, text), (list, tuple)):
                question = "Return the numbers as int (int(n)), not as the strings the regex matched."
            if question is None and got is not None and sorted(set(got)) == sorted(set(want)):
                question = "The right numbers in the wrong order or with repeats: each once, in order of first appearance."
            raise CheckFailed(f"parse_citations({text!r}) returned {show(got)}, expected {want}", question)
    return len(cases)


_REFUSAL = REFUSAL_SENTENCE  # one rule with the library: aicourse.rag.is_refusal_sentence


def _verdict(sentences: list[str], n_sources: int) -> str:
    cited = [n for s in sentences for n in _parse(s)]
    if any(not 1 <= n <= n_sources for n in cited):
        return "invalid"
    if sentences and all(is_refusal_sentence(s) for s in sentences):
        return "refused"
    if not sentences or any(not _parse(s) and not is_refusal_sentence(s) for s in sentences):
        return "uncited"
    return "ok"


_CLAIMS = ["Invoices are kept for 10 years", "The Pro plan costs 12 euros per month", "Logs go after 90 days",
           "Refunds take 14 days", "Use `x[0]` for the first row"]


@exercise("day52.check_answer",
          question="Which comes first: an invalid number beats a refusal, a refusal beats a missing citation. Is [0] "
                   "inside 1..n? Does a citation inside `code` count? Is an answer with no sentences cited? Is EVERY "
                   "sentence a refusal (is_refusal_sentence), or does a refusal sit next to an uncited claim?",
          recipe="cited = all parse_citations(s) numbers; if any not 1 <= n <= n_sources: 'invalid'; elif sentences and "
                 "all(is_refusal_sentence(s)): 'refused'; elif no sentences or any sentence that is not a refusal "
                 "cites nothing: 'uncited'; else 'ok'")
def check_check_answer(check_answer: Callable[[list[str], int], Any], rng: random.Random) -> int:
    r = _REFUSAL
    cases = [(["Invoices are kept for 10 years [1]."], 3, None),
             (["Invoices are kept for 10 years [4]."], 3, "4 is outside 1..3: invalid"),
             (["Invoices are kept for 10 years [0]."], 3, "sources are numbered from 1: [0] is invalid"),
             (["Kept 10 years [1].", "Logs 90 days."], 3, "every sentence must cite: the second does not"),
             ([], 3, "an empty answer cites nothing: uncited"), ([r], 3, "the refusal sentence needs no citation"),
             ([r.upper()], 2, "the refusal sentence in any case counts"),
             ([r, "Maybe 10 years."], 2, "a refusal excuses only itself: the other sentence cites nothing"),
             (["Maybe 10 years.", r], 2, "a refusal excuses only itself: the other sentence cites nothing"),
             ([r, "Kept 10 years [1]."], 2, "a refusal next to a cited sentence: nothing is uncited"),
             (["The answer is: " + r], 2, "a short lead-in (at most 3 words) before the refusal still refuses"),
             ([r[:-1]], 2, "without its full stop it is still the refusal (is_refusal_sentence)"),
             ([r[:-1] + "!"], 2, "punctuation is ignored (is_refusal_sentence)"),
             (["I do not answer for prices [1]."], 2, "'do not answer' is not the refusal sentence: a cited claim"),
             (["It is wrong to say the sources do not answer this question: invoices are kept 10 years."], 2,
              "a sentence that only mentions the refusal sentence is a claim, and it cites nothing"),
             ([r + " [5]"], 2, "an invalid number comes before a refusal"),
             (["Kept 10 years [1].", "Logs [2, 7]."], 3, "one invalid number in a list makes it invalid"),
             (["Use `x[9]` for the first row [1]."], 2, "a number in `code` is not a citation (exercise 1)"),
             (["Use `x[1]` for the first row."], 2, "a number in `code` is not a citation, so this sentence cites nothing"),
             (["Kept 10 years [1][2].", "Logs [ 2 ]."], 2, None), (["Kept [1]."], 0, "no sources: any number is invalid")]
    for _ in range(30):
        n = rng.randint(0, 5)
        sents = []
        for _ in range(rng.randint(0, 3)):
            if rng.random() < 0.2:
                sents.append(rng.choice(["", "", "The answer is: ", "Sorry: ", "It is false that "]) + rng.choice(
                    [_REFUSAL, _REFUSAL.lower(), _REFUSAL[:-1], _REFUSAL[:-1] + "!"]))
                continue
            cites = "".join(f"[{rng.randint(0, 6)}]" for _ in range(rng.choice([0, 1, 1, 1, 2])))
            sents.append(f"{rng.choice(_CLAIMS)} {cites}.")
        cases.append((sents, n, None))
    for sents, n, why in cases:
        want = _verdict(sents, n)
        got = call("check_answer", check_answer, list(sents), n)
        if got != want:
            raise CheckFailed(f"check_answer({show(sents)}, n_sources={n}) returned {show(got)}, expected {want!r}",
                              f"The rule this case tests: {why}." if why else None)
    return len(cases)


def _fit(lengths: list[int], budget: int, sep: int) -> int:
    total, k = 0, 0
    for i, n in enumerate(lengths):
        total += n + (sep if i else 0)
        if total > budget:
            break
        k = i + 1
    return k


@exercise("day52.fit_budget",
          question="Do you stop at the FIRST source that does not fit (a shorter, lower-ranked one after it stays out), "
                   "count the separator between sources, and allow a total exactly equal to the budget?",
          recipe="total = 0; for i, n in enumerate(lengths): total += n + (sep if i else 0); if total > budget: "
                 "return i; return len(lengths)")
def check_fit_budget(fit_budget: Callable[..., Any], rng: random.Random) -> int:
    cases = [([50, 40, 30], 200, 1, None), ([50, 40, 30], 91, 1, "50 + 1 + 40 = 91 fits exactly: <= budget"),
             ([50, 40, 30], 90, 1, "the separator counts: 50 + 1 + 40 = 91 > 90"),
             ([50, 100, 10], 70, 1, "stop at the first source that does not fit, even if a later one would"),
             ([80, 10], 50, 1, "the best source alone does not fit: keep none (0)"), ([], 100, 1, "no sources: 0"),
             ([10, 10, 10], 30, 0, "sep=0: nothing between sources"), ([10, 10, 10], 30, 5, None),
             ([5, 5, 5, 5], 23, 1, None), ([30], 30, 7, "one source pays no separator")]
    for _ in range(40):
        lengths = [rng.randint(1, 60) for _ in range(rng.randint(0, 8))]
        sep = rng.choice([0, 1, 1, 2])
        k = rng.randint(1, len(lengths)) if lengths else 0
        exact = sum(lengths[:k]) + sep * max(k - 1, 0)  # a budget that one prefix fills exactly
        budget = rng.choice([rng.randint(0, 250), exact, exact - 1])
        cases.append((lengths, budget, sep, None))
    for lengths, budget, sep, why in cases:
        want = _fit(lengths, budget, sep)
        got = call("fit_budget", fit_budget, list(lengths), budget, sep)
        try:
            ok = not isinstance(got, bool) and operator.index(got) == want  # an int or a NumPy integer
        except TypeError:
            ok = False
        if not ok:
            raise CheckFailed(f"fit_budget({lengths}, budget={budget}, sep={sep}) returned {show(got)}, expected {want}",
                              f"The rule this case tests: {why}." if why else None)
    return len(cases)


def _right(rows: list[tuple[float, bool]], t: float) -> int:
    return sum((score < t) == (not ok) for score, ok in rows)


def _choose(rows: list[tuple[float, bool]]) -> float:
    candidates = sorted({s for s, _ in rows}) + [math.inf]
    return min(candidates, key=lambda t: (-_right(rows, t), t))


@exercise("day52.choose_threshold",
          question="Which candidates do you try: every dev top score (answerable or not) AND infinity? Is 'refuse' "
                   "score < threshold (a score equal to it passes)? And on a tie, do you take the LOWEST threshold?",
          recipe="right(t) = sum((score < t) == (not answerable)); candidates = sorted(set(scores)) + [inf]; "
                 "return min(candidates, key=lambda t: (-right(t), t))")
def check_choose_threshold(choose_threshold: Callable[[list[tuple[float, bool]]], Any], rng: random.Random) -> int:
    cases = [([(0.72, True), (0.59, True), (0.46, True), (0.48, False), (0.33, False), (0.06, False)],
              "one unanswerable scores above an answerable one"),
             ([(0.1, True), (0.8, True), (0.9, True), (0.5, False), (0.6, False), (0.7, False)],
              "the lowest answerable score is not always best: refusing one answerable can save three"),
             ([(0.3, False), (0.5, False)], "nothing answerable: refuse everything, threshold inf"),
             ([(0.3, True), (0.5, True)], None),
             ([(0.5, True), (0.5, False), (0.2, False)], "equal scores: refusal is score < threshold"),
             ([(0.4, True), (0.6, False), (0.7, True), (0.9, False)], "a tie in right answers: take the lowest threshold"),
             ([(0.6, False), (0.4, True)], "a tie in right answers: take the lowest threshold")]
    for _ in range(30):
        pool = [round(rng.random(), 3) for _ in range(rng.randint(1, 8))]  # three decimals, some scores repeated
        rows = [(rng.choice(pool), rng.random() < 0.5) for _ in range(rng.randint(1, 12))]
        cases.append((rows, None))
    cases.insert(0, ([(0.456, True), (0.451, False), (0.72, True), (0.2, False)],
                     "return one of the dev scores as it is (0.456, not a rounded 0.46)"))
    for rows, why in cases:
        want = _choose(rows)
        got = call("choose_threshold", choose_threshold, [tuple(r) for r in rows])
        try:
            ok = float(got) == want
        except (TypeError, ValueError):
            ok = False
        if not ok:
            detail = ""
            if isinstance(got, (int, float)) and not isinstance(got, bool):
                detail = f" ({_right(rows, float(got))} rows right, the best is {_right(rows, want)})"
            raise CheckFailed(f"choose_threshold({show(rows)}) returned {show(got)}, expected {want}{detail}",
                              f"The rule this case tests: {why}." if why else None)
    return len(cases)


