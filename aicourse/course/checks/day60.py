"""Checks for days/day60.ipynb: the phase review's metric decided per question from an API reply, the questions a
Wilson interval needs to tell a change apart, and whether a measured change is real."""
from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, show

FACTS = ["10 years", "12 euros", "30% off", "two working days", "CNPD", "20 lessons", "110 years"]
WORDS = ["I don't know; the documents do not say.", "I do not know.", "Nobody knows [1].", "Not sure, sorry.",
         "The Pro plan does not include it.", ""]  # refusals in words, and two replies that are not refusals
OTHER = ["Server logs are deleted after 90 days.", "The Pro plan costs 120 euros per year.",
         "Support answers in Portuguese or English.", "Downloads expire after 30 days without internet."]


def _declines(answer: str) -> bool:
    "A refusal in words: evals.is_refusal with the default phrases and the pipeline's refusal sentence."
    from aicourse.evals import REFUSALS, is_refusal
    from aicourse.rag import REFUSAL_SENTENCE
    return bool(answer.strip()) and is_refusal(answer, phrases=(*REFUSALS, REFUSAL_SENTENCE))


def _decided_right(result: dict, references: list[str] | None) -> bool:
    from aicourse.evals import contains_answer
    if result.get("reason") == "empty_answer":  # the model said nothing: the refusal sentence only stands in for it
        return False
    if references is None:
        return bool(result["refused"]) or _declines(result["answer"])
    if result["refused"] or not contains_answer(result["answer"], references):
        return False
    sent = {s["number"]: s["text"] for s in result["sources"]}
    cited = list(result["cited"])
    return bool(cited) and all(n in sent for n in cited) and any(contains_answer(sent[n], references) for n in cited)


def _source(number: int, text: str) -> dict:
    return dict(number=number, text=text, source="doc.md", start=0, end=len(text), score=0.5)


def _reply(answer: str, sources: list[dict], cited: list[int], refused: bool = False, gated: bool = False,
           reason: str | None = None) -> dict:
    sent = {s["number"] for s in sources}
    ok = refused or (bool(cited) and all(n in sent for n in cited))  # as day 53 computes it for a one-sentence answer
    return dict(question="q", answer=answer, sources=sources, cited=cited, citations_ok=ok, refused=refused,
                gated=gated, attributed=False, reason="gate" if gated else reason, seconds={"total": 0.1})


def _random_reply(rng: random.Random) -> tuple[dict, list[str] | None]:
    fact = rng.choice(FACTS)
    refs = None if rng.random() < 0.3 else ([fact] if rng.random() < 0.7 else [rng.choice(FACTS), fact])
    numbers = rng.sample(range(1, 7), rng.randint(0, 3))
    sources = [_source(n, f"The answer is {fact} here." if rng.random() < 0.5 else rng.choice(OTHER)) for n in numbers]
    refused = rng.random() < 0.25
    if refused:
        blank = rng.random() < 0.25  # the model replied nothing: the pipeline's sentence stands in
        return _reply("The sources do not answer this question.", [] if rng.random() < 0.5 else sources, [], True,
                      not blank and rng.random() < 0.5, "empty_answer" if blank else None), refs
    if rng.random() < 0.1:
        return _reply(rng.choice(WORDS), sources, []), refs
    said = fact if rng.random() < 0.7 else rng.choice(FACTS)
    pool = numbers + [rng.randint(1, 9)]
    cited = sorted(set(rng.sample(pool, rng.randint(0, min(2, len(pool))))))
    marks = "".join(f" [{n}]" for n in cited)
    return _reply(f"It is {said}{marks}.", sources, cited), refs


@exercise("day60.decided_right",
          question="Which rule do you skip: a reply with reason 'empty_answer' is never right; an unanswerable "
                   "question (references None) is right when the reply refused or declines in words (is_refusal with "
                   "phrases=(*REFUSALS, REFUSAL_SENTENCE), a non-blank answer); an answerable one needs no refusal, a reference fact in the answer (contains_answer, any of "
                   "the references), at least one cited number, EVERY cited number among the sources sent, and at least "
                   "one cited source whose text holds a reference fact?",
          recipe="if result.get('reason') == 'empty_answer': return False; if references is None: return "
                 "bool(result['refused']) or (bool(result['answer'].strip()) and is_refusal(result['answer'], "
                 "phrases=(*REFUSALS, REFUSAL_SENTENCE))); if result['refused'] or not "
                 "contains_answer(result['answer'], references): return False; sent = {s['number']: s['text'] for s in "
                 "result['sources']}; cited = result['cited']; return bool(cited) and all(n in sent for n in cited) and "
                 "any(contains_answer(sent[n], references) for n in cited)")
def check_decided_right(decided_right: Callable[[dict, Any], Any], rng: random.Random) -> int:
    holds = _source(1, "Invoices are kept for 10 years.")
    other = _source(2, "Server logs are deleted after 90 days.")
    refusal = "The sources do not answer this question."
    cases = [
        (_reply(refusal, [], [], True, True), None, "an unanswerable question refused by the gate is decided right"),
        (_reply(refusal, [holds], [], True), None, "a refusal by the model counts too: `refused` is True"),
        (_reply("Kept for 10 years [1].", [holds], [1]), None, "an unanswerable question that got an answer is wrong, "
                                                               "however good the answer looks"),
        (_reply("Kept for 10 years [1].", [holds], [1]), ["10 years"], None),
        (_reply("Kept for 10 YEARS [1].", [holds], [1]), ["10 years"], "contains_answer normalises case"),
        (_reply("Kept for 10 years.", [holds], []), ["10 years"], "the right fact with no citation is not decided right"),
        (_reply("Kept for 10 years [2].", [holds, other], [2]), ["10 years"],
         "the cited source must hold the fact: [2] is about server logs"),
        (_reply("Kept for 10 years [1] [4].", [holds, other], [1, 4]), ["10 years"],
         "every cited number must be a source that was sent: 4 was not"),
        (_reply("Kept for 10 years [1] [2].", [holds, other], [1, 2]), ["10 years"],
         "one cited source holding the fact is enough when every cited number was sent"),
        (_reply("Kept for 90 days [2].", [holds, other], [2]), ["10 years"], "a wrong fact is wrong, cited or not"),
        (_reply(refusal, [holds], [], True), ["10 years"], "refusing an answerable question is wrong"),
        (_reply("Kept for ten years [1].", [holds], [1]), ["ten years", "10 years"],
         "any of the references counts, in the answer and in the source"),
        (_reply("Kept for 10 years [1].", [], [1]), ["10 years"], "no source was sent: [1] cites nothing"),
        (_reply("Invoices: 10 years [1].", [holds], [1], refused=True), ["10 years"],
         "a reply flagged refused is a refusal, whatever its text"),
        (_reply("Kept for 110 years [1].", [holds], [1]), ["10 years"],
         "whole words: 110 years is not 10 years (contains_answer, not a substring test)"),
        (_reply(refusal, [], [], True, reason="empty_answer"), None,
         "reason 'empty_answer': the model replied nothing and the pipeline's sentence stands in; that is not a decision"),
        (_reply(refusal, [], [], True, reason="empty_answer"), ["10 years"], None),
        (_reply("I don't know; the documents do not say.", [], []), None,
         "a refusal in other words declines too (is_refusal with REFUSALS and REFUSAL_SENTENCE)"),
        (_reply("", [holds], []), None, "a blank answer is no refusal"),
        (_reply("The Pro plan does not include a free laptop.", [holds], []), None,
         "a negative answer is an answer, not a refusal: the documents do not say it"),
        (_reply("I do not know [1].", [holds], [1]), ["10 years"], None),
    ]
    for _ in range(60):
        reply, refs = _random_reply(rng)
        cases.append((reply, refs, None))
    for reply, refs, why in cases:
        want = _decided_right(reply, refs)
        got = call("decided_right", decided_right, {**reply, "sources": [dict(s) for s in reply["sources"]],
                                                    "cited": list(reply["cited"])},
                   None if refs is None else list(refs))
        if not equal(got, want):
            shown = {k: reply[k] for k in ("answer", "cited", "refused")}
            shown["sources"] = [(s["number"], s["text"]) for s in reply["sources"]]
            raise CheckFailed(f"decided_right({show(shown)}, references={refs!r}) returned {show(got)}, expected {want}",
                              f"The rule this case tests: {why}." if why else None)
    return len(cases)


def _width(p: float, n: int) -> float:
    from aicourse.metrics import wilson_interval
    low, high = wilson_interval(p * n, n)
    return high - low


def _needed(p: float, points: float) -> int:
    lo, hi = 1, 1
    while _width(p, hi) > points:
        lo, hi = hi + 1, hi * 2
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (mid + 1, hi) if _width(p, mid) > points else (lo, mid)
    return lo


@exercise("day60.questions_needed",
          question="Do you use the Wilson interval (metrics.wilson_interval(p * n, n), z = 1.96) and its FULL width "
                   "(high - low), not the Wald formula and not the half-width? And the smallest n >= 1 whose width is at "
                   "most `points` (<=, not <)?",
          recipe="n = 1; while width(p, n) > points: n += 1 (or double, then binary search); return n, with width(p, n) "
                 "= high - low of wilson_interval(p * n, n)")
def check_questions_needed(questions_needed: Callable[[float, float], Any], rng: random.Random) -> int:
    cases = [(0.5, 0.1, None), (0.9, 0.1, None), (0.0, 0.2, "at a share of 0 the Wald interval has width 0 for every "
                                                           "n: Wilson's does not"),
             (1.0, 0.1, "a share of 1: Wilson's interval still has a width"), (0.5, 1.0, "every interval is at most 1 "
                                                                                     "wide: one question"),
             (0.5, 0.3, None), (0.25, 0.05, None), (0.7, 0.6, "the full width, high - low, not the half-width")]
    for _ in range(25):
        cases.append((round(rng.random(), 3), round(rng.uniform(0.04, 0.8), 4), None))
    for p, points, why in cases:
        want = _needed(p, points)
        got = call("questions_needed", questions_needed, p, points)
        if not equal(got, want):
            raise CheckFailed(f"questions_needed({p}, {points}) returned {show(got)}, expected {want} (width at {want}: "
                              f"{_width(p, want):.4f}; at {want - 1}: "
                              f"{'-' if want == 1 else format(_width(p, want - 1), '.4f')})",
                              f"The rule this case tests: {why}." if why else None)
    return len(cases)


def _verdict(right_a: int, n_a: int, right_b: int, n_b: int) -> str:
    from aicourse.metrics import wilson_interval
    lo_a, hi_a = wilson_interval(right_a, n_a)
    lo_b, hi_b = wilson_interval(right_b, n_b)
    if lo_b > hi_a:
        return "better"
    if hi_b < lo_a:
        return "worse"
    return "undecided"


@exercise("day60.verdict",
          question="Do you compare the two 95% Wilson INTERVALS (metrics.wilson_interval), not the two shares? B is "
                   "'better' only when B's low end is above A's high end, 'worse' when B's high end is below A's low end; "
                   "touching or overlapping intervals are 'undecided'.",
          recipe="lo_a, hi_a = wilson_interval(right_a, n_a); lo_b, hi_b = wilson_interval(right_b, n_b); return "
                 "'better' if lo_b > hi_a else 'worse' if hi_b < lo_a else 'undecided'")
def check_verdict(verdict: Callable[[int, int, int, int], Any], rng: random.Random) -> int:
    cases = [((3, 8, 5, 8), "two of eight more right is well inside the intervals: undecided"),
             ((0, 10, 10, 10), None), ((10, 10, 0, 10), None), ((5, 10, 5, 10), "the same result: undecided"),
             ((50, 100, 65, 100), "a higher share with overlapping intervals is not yet better"), ((50, 100, 70, 100), None),
             ((500, 1000, 700, 1000), None), ((700, 1000, 500, 1000), None), ((40, 50, 2, 5), None),
             ((7, 8, 700, 1000), "a smaller share, but the small run's interval is wide: undecided"),
             ((0, 50, 5, 50), "Wilson, not Wald: at 0 of 50 Wald's interval is [0, 0], Wilson's is not")]
    for _ in range(40):
        n_a, n_b = rng.choice([8, 20, 50, 200, 1000]), rng.choice([8, 20, 50, 200, 1000])
        pa, pb = rng.random(), rng.random()
        cases.append(((round(pa * n_a), n_a, round(pb * n_b), n_b), None))
    for args, why in cases:
        want = _verdict(*args)
        got = call("verdict", verdict, *args)
        if not equal(got, want):
            from aicourse.metrics import wilson_interval
            a, b = wilson_interval(*args[:2]), wilson_interval(*args[2:])
            raise CheckFailed(f"verdict{args} returned {show(got)}, expected {want!r} (A's interval "
                              f"[{a[0]:.3f}, {a[1]:.3f}], B's [{b[0]:.3f}, {b[1]:.3f}])",
                              f"The rule this case tests: {why}." if why else None)
    return len(cases)
