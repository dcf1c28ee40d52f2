"""Reference answers for days/day60.ipynb."""
from aicourse.evals import REFUSALS, contains_answer, is_refusal
from aicourse.metrics import wilson_interval
from aicourse.rag import REFUSAL_SENTENCE


def decided_right(result, references):
    "Day 60's metric, once: the lesson's cell and tests/test_phase2_review.py are checked against this function."
    if result.get("reason") == "empty_answer":  # the model said nothing; the refusal sentence only stands in for it
        return False
    if references is None:
        return bool(result["refused"]) or (bool(result["answer"].strip())
                                           and is_refusal(result["answer"], phrases=(*REFUSALS, REFUSAL_SENTENCE)))
    if result["refused"] or not contains_answer(result["answer"], references):
        return False
    sent = {s["number"]: s["text"] for s in result["sources"]}
    cited = list(result["cited"])
    return bool(cited) and all(n in sent for n in cited) and any(contains_answer(sent[n], references) for n in cited)


def decided_right__step_by_step(result, references):
    "The same rule, one condition at a time."
    if result.get("reason") == "empty_answer":
        return False
    if references is None:
        if result["refused"] is True:
            return True
        text = result["answer"]
        return text.strip() != "" and is_refusal(text, phrases=REFUSALS + (REFUSAL_SENTENCE,))
    if result["refused"]:
        return False
    if not any(contains_answer(result["answer"], [ref]) for ref in references):
        return False
    numbers = [s["number"] for s in result["sources"]]
    if not result["cited"] or any(n not in numbers for n in result["cited"]):
        return False
    for s in result["sources"]:
        if s["number"] in result["cited"] and contains_answer(s["text"], references):
            return True
    return False


def _width(p, n):
    low, high = wilson_interval(p * n, n)
    return high - low


def questions_needed(p, points):
    n = 1
    while _width(p, n) > points:
        n += 1
    return n


def questions_needed__bisect(p, points):
    hi = 1
    while _width(p, hi) > points:
        hi *= 2
    lo = max(1, hi // 2)
    while lo < hi:
        mid = (lo + hi) // 2
        if _width(p, mid) > points:
            lo = mid + 1
        else:
            hi = mid
    return lo


def verdict(right_a, n_a, right_b, n_b):
    lo_a, hi_a = wilson_interval(right_a, n_a)
    lo_b, hi_b = wilson_interval(right_b, n_b)
    if lo_b > hi_a:
        return "better"
    if hi_b < lo_a:
        return "worse"
    return "undecided"
