"""Checks for days/day53.ipynb: the pipeline's order (gate, fit, generate, check against the sources sent), where a
citation goes in a sentence, and choosing attribution's min_support from a measured table."""
from __future__ import annotations

import math
import numbers
import random
import re
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, show
from aicourse.rag import REFUSAL_SENTENCE, parse_citations

# --- exercise 1: the pipeline's order --------------------------------------------------------------------------------


class _Trace:
    "Fakes for one case: a retriever, a budget and a model that record how they were called."

    def __init__(self, hits: list[tuple[str, float]], keep: int, reply: str):
        self.hits, self.keep, self.reply, self.log = hits, keep, reply, []

    def retrieve(self, question: str, k: int) -> list[tuple[str, float]]:
        self.log.append(("retrieve", question, k))
        return list(self.hits)[:k]

    def fit(self, ids: list[str]) -> list[str]:
        self.log.append(("fit", list(ids)))
        return list(ids)[:self.keep]

    def generate(self, ids: list[str]) -> str:
        self.log.append(("generate", list(ids)))
        return self.reply


def _expected(hits: list[tuple[str, float]], k: int, keep: int, reply: str, threshold: float | None):
    top = hits[:k]
    if not top or (threshold is not None and max(s for _, s in top) < threshold):
        return (REFUSAL_SENTENCE, [], []), False
    sent = [i for i, _ in top][:keep]
    invalid = sorted({n for n in parse_citations(reply) if not 1 <= n <= len(sent)})
    return (reply, sent, invalid), True


def _reply(rng: random.Random, n: int) -> str:
    parts = []
    for _ in range(rng.randint(1, 3)):
        cites = "".join(rng.choice([f"[{rng.randint(0, n + 2)}]",
                                    f"[{rng.randint(0, n + 2)}, {rng.randint(0, n + 2)}]",
                                    f"[{rng.randint(0, n + 2)},{rng.randint(0, n + 2)}]",
                                    f"`x[{rng.randint(0, n + 2)}]`"])
                        for _ in range(rng.choice([0, 1, 1, 2])))
        parts.append(f"{rng.choice(['Invoices are kept 10 years', 'Logs go after 90 days', 'It costs 12 euros'])}"
                     f"{' ' + cites if cites else ''}.")
    return " ".join(parts)


@exercise("day53.answer_in_order",
          question="Do you gate BEFORE calling fit or generate (and refuse when nothing was retrieved), hand generate "
                   "only what fit returned, and count a citation as invalid when it points past the sources SENT (not "
                   "past the retrieved ones)?",
          recipe="hits = retrieve(question, k); if not hits or (threshold is not None and max(s for _, s in hits) < "
                 "threshold): return (REFUSAL_SENTENCE, [], []); sent = fit([i for i, _ in hits]); answer = "
                 "generate(sent); invalid = sorted({n for n in parse_citations(answer) if not 1 <= n <= len(sent)}); "
                 "return (answer, sent, invalid)")
def check_answer_in_order(answer_in_order: Callable[..., Any], rng: random.Random) -> int:
    ids = ["faq#0", "faq#1", "privacy#1", "help#2", "billing#0", "billing#1"]
    cases = [
        ([("privacy#1", 0.8), ("faq#0", 0.5), ("help#2", 0.3)], 3, 2, "Kept 10 years [1].", 0.4, None),
        ([("privacy#1", 0.8), ("faq#0", 0.5), ("help#2", 0.3)], 3, 2, "Kept 10 years [3].", 0.4,
         "[3] was retrieved but fit dropped it: the model never saw it, so it is invalid"),
        ([("privacy#1", 0.8), ("faq#0", 0.5)], 2, 2, "Kept [0] and [2] and [5].", None,
         "sources are numbered 1..len(sent): 0 and 5 are invalid, 2 is fine"),
        ([("privacy#1", 0.3), ("faq#0", 0.2)], 2, 2, "Kept [1].", 0.5,
         "the top score 0.3 is below the threshold 0.5: refuse without calling fit or generate"),
        ([("privacy#1", 0.5)], 1, 1, "Kept [1].", 0.5, "a top score EQUAL to the threshold passes the gate"),
        ([], 3, 2, "Kept [1].", None, "nothing retrieved: refuse, even without a threshold"),
        ([("privacy#1", 0.9), ("faq#0", 0.95)], 2, 1, "Kept [2] [2] [1].", 0.92,
         "the gate reads the HIGHEST score of the hits; each invalid number once, sorted"),
        ([("a", -2.0), ("b", -3.0)], 2, 2, "Fine [1][2].", -2.5, "scores can be negative"),
        ([("privacy#1", 0.8), ("faq#0", 0.5), ("help#2", 0.3)], 2, 2, "Cites [3].", None,
         "retrieve(question, k) with the k given: [3] is not even retrieved"),
        ([("privacy#1", 0.8)], 1, 1, "No citation at all.", 0.1, "no citations: nothing is invalid"),
        ([("privacy#1", 0.8), ("faq#0", 0.5), ("help#2", 0.3)], 3, 2, "Kept [1, 3]. Paid [2,5].", None,
         "one bracket can cite several sources, [1, 3] or [2,5]: read them with parse_citations"),
        ([("privacy#1", 0.8), ("faq#0", 0.5)], 2, 2, "Use `x[4]` to read it [1].", None,
         "`x[4]` is code, not a citation (parse_citations skips code spans): nothing is invalid"),
        ([("privacy#1", 0.8), ("faq#0", 0.5), ("help#2", 0.3)], 3, 1, "Read `y[2]`, then [2, 1] and [3].", 0.8,
         "code spans are not citations; [2, 1] cites two sources"),
        ([("faq#0", 0.4), ("privacy#1", 0.7)], 2, 2, "Kept [1].", 0.6,
         "hits come in rank order, but their scores need not be sorted: the gate reads the HIGHEST score"),
    ]
    for _ in range(30):
        n = rng.randint(0, 6)
        hits = sorted(((i, round(rng.uniform(-1, 1), 3)) for i in rng.sample(ids, n)), key=lambda h: -h[1])
        k = rng.randint(1, 6)
        cases.append((hits, k, rng.randint(1, max(1, min(k, n))), _reply(rng, n),
                      rng.choice([None, round(rng.uniform(-1, 1), 3), hits[0][1] if hits else None]), None))
    for hits, k, keep, reply, threshold, why in cases:
        question = rng.choice(["How long are invoices kept?", "Can I pay with MB Way?"])
        trace = _Trace(hits, keep, reply)
        want, calls_model = _expected(hits, k, keep, reply, threshold)
        got = call("answer_in_order", answer_in_order, question, trace.retrieve, trace.fit, trace.generate, k,
                   threshold)
        what = (f"answer_in_order(question, retrieve -> {show(hits[:k])}, fit keeps {keep}, generate -> {reply!r}, "
                f"k={k}, threshold={threshold})")
        hint = f"The rule this case tests: {why}." if why else None
        retrieves = [e for e in trace.log if e[0] == "retrieve"]
        if retrieves != [("retrieve", question, k)]:
            raise CheckFailed(f"{what}: retrieve was called {show(retrieves)}; expected once, with the question and "
                              f"k={k}", hint)
        if not calls_model and any(e[0] in ("fit", "generate") for e in trace.log):
            raise CheckFailed(f"{what}: the gate refuses this question, but you called "
                              f"{sorted({e[0] for e in trace.log} - {'retrieve'})}",
                              hint or "Gate first: a refused question must not reach the budget or the model.")
        if calls_model:
            steps = [e[0] for e in trace.log]
            if steps != ["retrieve", "fit", "generate"]:
                raise CheckFailed(f"{what}: the calls went {steps}; expected retrieve, fit, generate, once each",
                                  hint or "fit first, then generate with what fit returned.")
            if trace.log[1][1] != [i for i, _ in hits[:k]]:
                raise CheckFailed(f"{what}: fit got {show(trace.log[1][1])}; expected every retrieved id in rank order",
                                  hint)
            if trace.log[2][1] != want[1]:
                raise CheckFailed(f"{what}: generate got {show(trace.log[2][1])}; expected only what fit returned, "
                                  f"{want[1]}", hint)
        ok = isinstance(got, tuple) and len(got) == 3 and got[0] == want[0] and list(got[1]) == want[1]
        if ok:
            inv = got[2]
            ok = (not isinstance(inv, (str, bytes)) and isinstance(inv, (list, tuple))
                  and all(isinstance(x, numbers.Integral) and not isinstance(x, bool) for x in inv)
                  and [int(x) for x in inv] == want[2])
        if not ok:
            raise CheckFailed(f"{what} returned {show(got)}, expected {show(want)}", hint)
    return len(cases)


# --- exercise 2: where the citation goes -----------------------------------------------------------------------------

_END = re.compile(r"[.!?…]+[\"')\]]*$")


def _insert(sentence: str, n: int) -> str:
    m = _END.search(sentence)
    cut = m.start() if m else len(sentence)
    return f"{sentence[:cut]} [{n}]{sentence[cut:]}"


_BODIES = ["Invoices are kept for 10 years", "The Pro plan costs 12 euros (VAT included)", "Logs go after 90 days",
           "Pay by MB Way, e.g", "See art. 17 of the GDPR", "Who knows", "It says \"keep them\"", "Ask the DPO"]
_ENDS = ["", ".", "!", "?", "...", "?!", "…", ".\"", "!)", ".')", "?]", ")", "\"", ".]", "!'"]


@exercise("day53.cite_sentence",
          question="Does the marker go BEFORE the whole closing run (all the . ! ? … together, then any closing quotes "
                   "or brackets after them), with one space before '[n]', and at the very end when the sentence has "
                   "no closing punctuation (a lone ')' or '\"' is not punctuation)?",
          recipe="m = re.search(r'[.!?…]+[\"\\')\\]]*$', sentence); cut = m.start() if m else len(sentence); return "
                 "sentence[:cut] + f' [{n}]' + sentence[cut:]")
def check_cite_sentence(cite_sentence: Callable[[str, int], Any], rng: random.Random) -> int:
    cases = [("Invoices are kept for 10 years.", 1, None), ("Logs go after 90 days!", 2, None),
             ("Is it 12 euros?", 3, None), ("Invoices are kept for 10 years", 1, "no punctuation: at the end"),
             ("Wait...", 2, "'...' is one closing run: the marker goes before all of it"),
             ("Really?!", 4, "'?!' is one closing run"), ("He said \"keep them.\"", 1,
                                                         "closing quotes after the full stop belong to the run"),
             ("The Pro plan (VAT included)", 2, "')' without . ! ? is not closing punctuation: at the end"),
             ("Pay by card, e.g.", 5, "only the last run counts: the full stop after 'e.g'"),
             ("See art. 17 of the GDPR.", 12, "a full stop in the middle stays where it is; two-digit numbers"),
             ("Ends with an ellipsis…", 1, "the single character '…' counts too"),
             ("Ask the DPO.')", 3, "after the punctuation, ANY number of closing quotes and brackets: '.' then \"')\""),
             ("Who knows!)", 6, "')' counts as a closer after '!'"),
             ("Ask the DPO?]", 7, "']' counts as a closer after '?'")]
    for _ in range(40):
        cases.append((rng.choice(_BODIES) + rng.choice(_ENDS), rng.randint(1, 30), None))
    for sentence, n, why in cases:
        want = _insert(sentence, n)
        got = call("cite_sentence", cite_sentence, sentence, n)
        if got != want:
            raise CheckFailed(f"cite_sentence({sentence!r}, {n}) returned {show(got)}, expected {want!r}",
                              f"The rule this case tests: {why}." if why else None)
    return len(cases)


# --- exercise 3: choose min_support -------------------------------------------------------------------------------


def _choose(rows: list[tuple[float, bool]]) -> float:
    def right(t: float) -> int:
        return sum((s >= t) == ok for s, ok in rows)
    candidates = sorted({s for s, _ in rows if s > 0}) + [math.inf]
    return min(candidates, key=lambda t: (-right(t), t))


@exercise("day53.choose_min_support",
          question="Are your candidates every distinct support ABOVE 0 plus math.inf (attribute nothing), is a row "
                   "attributed when support >= t (equal counts), decided right when attributed exactly when its best "
                   "source is the right one, and do ties go to the LOWEST candidate?",
          recipe="def right(t): return sum((s >= t) == ok for s, ok in rows); candidates = sorted({s for s, _ in rows "
                 "if s > 0}) + [math.inf]; return min(candidates, key=lambda t: (-right(t), t))")
def check_choose_min_support(choose_min_support: Callable[[list[tuple[float, bool]]], Any],
                             rng: random.Random) -> int:
    cases = [([(1.0, True), (0.8, True), (0.4, False), (0.2, False)], None),
             ([(0.6, True), (0.6, False), (0.3, False)], "equal supports: 0.6 attributes both, right once"),
             ([(0.9, False), (0.5, False)], "nothing is right to attribute: math.inf (attribute nothing)"),
             ([(0.0, True), (0.0, False), (0.7, True)], "support 0 is never a candidate (min_support must be > 0)"),
             ([(0.0, False)], "no support above 0: only math.inf is left"),
             ([(0.5, True), (0.7, False), (0.9, True)], "a tie: the LOWEST candidate wins"),
             ([(0.25, True), (0.75, True), (0.5, False)], None), ([], "no rows: math.inf (every candidate ties)"),
             ([(2 / 3, True), (5 / 6, True), (1 / 6, False), (1 / 2, False)],
              "return the support itself, unrounded: 2/3 is 0.6666..., not 0.667"),
             ([(5 / 6, True), (2 / 3, False), (1 / 6, False)], "return the support itself, unrounded: 5/6")]
    grid = [0.0, 1 / 6, 0.2, 0.25, 1 / 3, 0.4, 0.5, 0.6, 2 / 3, 0.75, 0.8, 5 / 6, 6 / 7, 1.0]
    for _ in range(40):
        rows = [(rng.choice(grid) if rng.random() < 0.6 else round(rng.random(), 3), rng.random() < 0.5)
                for _ in range(rng.randint(1, 12))]
        cases.append((rows, None))
    for rows, why in cases:
        want = _choose(rows)
        got = call("choose_min_support", choose_min_support, list(rows))
        ok = isinstance(got, numbers.Real) and not isinstance(got, bool) and (
            got == want or (math.isfinite(want) and math.isclose(float(got), want, abs_tol=1e-12)))
        if not ok:
            raise CheckFailed(f"choose_min_support({show(rows)}) returned {show(got)}, expected {want}",
                              f"The rule this case tests: {why}." if why else None)
    return len(cases)
