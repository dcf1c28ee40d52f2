"""Plausible wrong answers for days/day60.ipynb."""
import math

from aicourse.evals import REFUSALS, contains_answer, is_refusal
from aicourse.metrics import wilson_interval
from aicourse.rag import REFUSAL_SENTENCE


def _right(result, references, refused):
    "The lesson's rule for an answerable question, with the unanswerable half decided by `refused`."
    if references is None:
        return refused
    if result["refused"] or not contains_answer(result["answer"], references):
        return False
    sent = {s["number"]: s["text"] for s in result["sources"]}
    cited = list(result["cited"])
    return bool(cited) and all(n in sent for n in cited) and any(contains_answer(sent[n], references) for n in cited)


def decided_right(result, references):
    "Forgets the citation: the right fact is enough."
    if references is None:
        return bool(result["refused"])
    return not result["refused"] and contains_answer(result["answer"], references)


def decided_right__any_cited(result, references):
    "Asks for a citation, but does not check that the cited numbers were sent or hold the fact."
    if references is None:
        return bool(result["refused"])
    return not result["refused"] and contains_answer(result["answer"], references) and bool(result["cited"])


def decided_right__blank_reply_refuses(result, references):
    "Ignores reason: a blank model reply, replaced by the refusal sentence, counts as a right refusal."
    words = bool(result["answer"].strip()) and is_refusal(result["answer"], phrases=(*REFUSALS, REFUSAL_SENTENCE))
    return _right(result, references, bool(result["refused"]) or words)


def decided_right__flag_only(result, references):
    "Reads only the refused flag: a refusal in other words counts as a wrong answer."
    if result.get("reason") == "empty_answer":
        return False
    return _right(result, references, bool(result["refused"]))


def decided_right__default_phrases(result, references):
    "is_refusal with its default phrases: a blank answer counts as a refusal."
    if result.get("reason") == "empty_answer":
        return False
    return _right(result, references, bool(result["refused"]) or is_refusal(result["answer"]))


def decided_right__substring(result, references):
    "A substring test instead of contains_answer: '110 years' holds '10 years'."
    if result.get("reason") == "empty_answer":
        return False
    if references is None:
        words = bool(result["answer"].strip()) and is_refusal(result["answer"], phrases=(*REFUSALS, REFUSAL_SENTENCE))
        return bool(result["refused"]) or words
    if result["refused"] or not any(x.lower() in result["answer"].lower() for x in references):
        return False
    sent = {s["number"]: s["text"] for s in result["sources"]}
    cited = list(result["cited"])
    return bool(cited) and all(n in sent for n in cited) and any(
        any(x.lower() in sent[n].lower() for x in references) for n in cited)


def decided_right__trusts_citations_ok(result, references):
    "Reads citations_ok instead of checking that a cited source holds the fact."
    if result.get("reason") == "empty_answer":
        return False
    if references is None:
        words = bool(result["answer"].strip()) and is_refusal(result["answer"], phrases=(*REFUSALS, REFUSAL_SENTENCE))
        return bool(result["refused"]) or words
    return (not result["refused"] and contains_answer(result["answer"], references) and bool(result["cited"])
            and bool(result["citations_ok"]))


def questions_needed(p, points):
    "The Wald (normal) interval's width: zero at a share of 0 or 1."
    return max(1, math.ceil((2 * 1.96) ** 2 * p * (1 - p) / points ** 2))


def questions_needed__half_width(p, points):
    "Wilson, but the half-width compared with `points`."
    n = 1
    while True:
        low, high = wilson_interval(p * n, n)
        if (high - low) / 2 <= points:
            return n
        n += 1


def verdict(right_a, n_a, right_b, n_b):
    "Compares the shares, not the intervals."
    a, b = right_a / n_a, right_b / n_b
    return "better" if b > a else "worse" if b < a else "undecided"


def verdict__wald(right_a, n_a, right_b, n_b):
    "The textbook (Wald) interval: zero width at 0 or n right."
    def interval(right, n):
        p = right / n
        half = 1.96 * math.sqrt(p * (1 - p) / n)
        return p - half, p + half
    lo_a, hi_a = interval(right_a, n_a)
    lo_b, hi_b = interval(right_b, n_b)
    return "better" if lo_b > hi_a else "worse" if hi_b < lo_a else "undecided"
