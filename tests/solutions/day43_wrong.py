"""Plausible wrong answers for days/day43.ipynb."""
import re
import string

from aicourse.evals import REFUSALS


def _normalize(text: str) -> str:
    text = "".join(ch for ch in text.lower() if ch not in string.punctuation)
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", text).split())


def token_f1(prediction: str, reference: str) -> float:
    # counts shared words as a set: repeated words are shared once too many or too few
    pred, gold = set(_normalize(prediction).split()), set(_normalize(reference).split())
    same = len(pred & gold)
    if same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(gold)
    return 2 * precision * recall / (precision + recall)


def token_f1__no_normalisation(prediction: str, reference: str) -> float:
    # splits the raw strings: 'Paris.' and 'paris' share nothing
    from collections import Counter

    pred, gold = prediction.split(), reference.split()
    same = sum((Counter(pred) & Counter(gold)).values())
    if same == 0:
        return 0.0
    return 2 * same / (len(pred) + len(gold))


def classify_answer(prediction: str, answers: list[str]) -> str:
    # substring match: 'Paris' is found in 'Parisian', '7' in '70'
    text = _normalize(prediction)
    if any(_normalize(a) in text for a in answers):
        return "correct"
    if not text or any(p in text for p in REFUSALS):
        return "refused"
    return "hallucinated"


def classify_answer__refusal_first(prediction: str, answers: list[str]) -> str:
    # checks for a refusal before the answer: 'I don't know, maybe Paris' becomes a refusal
    padded = f" {_normalize(prediction)} "
    if not padded.strip() or any(f" {p} " in padded for p in REFUSALS):
        return "refused"
    if any(f" {_normalize(a)} " in padded for a in answers):
        return "correct"
    return "hallucinated"


def classify_answer__own_short_list(prediction: str, answers: list[str]) -> str:
    # the right rules with a shorter phrase list of its own: 'Nobody knows' and 'fictional' become hallucinations
    own = ("i dont know", "i do not know", "not sure", "no answer", "cannot answer", "unknown", "there is no", "never",
           "no such")
    padded = f" {_normalize(prediction)} "
    if any(f" {_normalize(a)} " in padded for a in answers):
        return "correct"
    if not padded.strip() or any(f" {p} " in padded for p in own):
        return "refused"
    return "hallucinated"


def flag_threshold(agreements: list[float], correct: list[bool], min_precision: float) -> float | None:
    # flags agreement < t instead of <= t
    best = None
    for t in sorted(set(agreements)):
        flagged = [c for a, c in zip(agreements, correct, strict=True) if a < t]
        if flagged and sum(not c for c in flagged) / len(flagged) >= min_precision:
            best = t
    return best


def flag_threshold__first_that_works(agreements: list[float], correct: list[bool], min_precision: float) -> float | None:
    # stops at the smallest qualifying threshold: precise, but it flags as few answers as it can
    for t in sorted(set(agreements)):
        flagged = [c for a, c in zip(agreements, correct, strict=True) if a <= t]
        if sum(not c for c in flagged) / len(flagged) >= min_precision:
            return t
    return None


def flag_threshold__stops_at_first_failure(agreements: list[float], correct: list[bool],
                                           min_precision: float) -> float | None:
    # assumes precision only falls as t grows, and stops at the first threshold that misses
    best = None
    for t in sorted(set(agreements)):
        flagged = [c for a, c in zip(agreements, correct, strict=True) if a <= t]
        if sum(not c for c in flagged) / len(flagged) < min_precision:
            break
        best = t
    return best
