"""Reference answers for days/day43.ipynb."""
import re
import string
from collections import Counter

from aicourse.evals import REFUSALS


def _normalize(text: str) -> str:
    text = "".join(ch for ch in text.lower() if ch not in string.punctuation)
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", text).split())


def token_f1(prediction: str, reference: str) -> float:
    pred, gold = _normalize(prediction).split(), _normalize(reference).split()
    same = sum((Counter(pred) & Counter(gold)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(pred), same / len(gold)
    return 2 * precision * recall / (precision + recall)


def token_f1__library(prediction: str, reference: str) -> float:
    from aicourse.evals import token_f1 as library_f1

    return library_f1(prediction, reference)


def classify_answer(prediction: str, answers: list[str]) -> str:
    padded = f" {_normalize(prediction)} "
    if any(f" {_normalize(a)} " in padded for a in answers):
        return "correct"
    if not padded.strip() or any(f" {_normalize(p)} " in padded for p in REFUSALS):
        return "refused"
    return "hallucinated"


def classify_answer__library(prediction: str, answers: list[str]) -> str:
    from aicourse.evals import grade_answer

    return grade_answer(prediction, answers)  # the workbook's rules are the library's, REFUSALS included


def flag_threshold(agreements: list[float], correct: list[bool], min_precision: float) -> float | None:
    best = None
    for t in sorted(set(agreements)):
        flagged = [c for a, c in zip(agreements, correct, strict=True) if a <= t]
        if sum(not c for c in flagged) / len(flagged) >= min_precision:
            best = t
    return best


def flag_threshold__descending(agreements: list[float], correct: list[bool], min_precision: float) -> float | None:
    for t in sorted(set(agreements), reverse=True):  # the first from the top that qualifies
        wrong = [not c for a, c in zip(agreements, correct, strict=True) if a <= t]
        if sum(wrong) >= min_precision * len(wrong):
            return t
    return None
