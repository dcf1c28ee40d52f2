"""Checks for days/day43.ipynb: SQuAD's token F1, grading an answer as correct / refused / hallucinated, and choosing
an agreement threshold that flags wrong answers at a required precision."""
from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, show
# The library is the reference (as checks/day24.py uses text.merge_pair): the workbook's phrase list is REFUSALS.
from aicourse import evals as library  # names like token_f1 are the learner's argument names here
_WORDS = ["the", "a", "an", "The", "Paris", "paris,", "Paris.", "Lisbon", "LISBON", "is", "capital", "of", "France!",
          "euro", "euros", "7", "seven", "new", "york", "theatre", "another", "Ana", "it's", "it", "s", "(Tagus)", "-",
          "São", "são", "1,000", "1000"]


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@exercise("day43.token_f1",
          question="Do you normalise BOTH strings the SQuAD way (lower case, drop every character of "
                   "string.punctuation, drop the whole words a, an, the, split on white space), and count shared tokens "
                   "WITH multiplicity (Counter(pred) & Counter(gold)), returning 0.0 when none is shared?",
          recipe="pred, gold = normalize(prediction).split(), normalize(reference).split(); same = sum((Counter(pred) & "
                 "Counter(gold)).values()); if same == 0: return 0.0; p, r = same / len(pred), same / len(gold); "
                 "return 2 * p * r / (p + r); normalize(s): s = ''.join(c for c in s.lower() if c not in "
                 "string.punctuation); return ' '.join(re.sub(r'\\b(a|an|the)\\b', ' ', s).split())")
def check_token_f1(token_f1: Callable[[str, str], Any], rng: random.Random) -> int:
    cases = [
        ("Paris", "Paris"),
        ("The capital of France is Paris.", "Paris"),  # P 1/5, R 1
        ("", "Paris"),  # nothing said
        ("new new york", "new york"),  # the second 'new' is not shared: multiplicity
        ("york york york", "new york york"),
        ("A theatre, an anthem", "the theatre"),  # articles go, words that start with them stay
        ("PARIS!!!", "paris"),  # case and punctuation
        ("it's Lisbon", "its lisbon"),  # the apostrophe is dropped, not a space
        ("Lyon", "Paris"),
        ("the the the", "Paris"),  # only articles: an empty prediction
    ]
    for _ in range(30):
        prediction = " ".join(rng.choices(_WORDS, k=rng.randint(0, 7)))
        reference = " ".join(rng.choices(_WORDS, k=rng.randint(1, 4)))
        if library.normalize_answer(reference):
            cases.append((prediction, reference))
    for prediction, reference in cases:
        got = call("token_f1", token_f1, prediction, reference)
        want = library.token_f1(prediction, reference)
        value = _number(got)
        if value is None or abs(value - want) > 1e-9:
            raise CheckFailed(f"token_f1({prediction!r}, {reference!r}) returned {show(got)}, expected {want:.6f}")
    return len(cases)


_ANSWERS = [["Paris"], ["Lisbon", "Lisboa"], ["euro", "EUR"], ["7", "seven"], ["Tagus", "Tejo"], ["São Paulo"], []]
_FILLERS = ["The answer is", "I think it is", "Maybe", "It's", "Surely", "Well,", "Honestly,", "", "They say"]
_WRONG = ["Lyon", "Porto", "dollar", "8", "Douro", "Rio", "Parisian", "Lisbonne", "70", "euros", "Sao Paulo", "tagus river"]


def _random_prediction(rng: random.Random, answers: list[str]) -> str:
    parts = [rng.choice(_FILLERS)]
    roll = rng.random()
    if answers and roll < 0.35:
        parts.append(rng.choice(answers).upper() if rng.random() < 0.3 else rng.choice(answers))
    elif roll < 0.7:
        parts.append(rng.choice(_WRONG))
    if rng.random() < 0.35:
        parts.append(rng.choice(["I don't know.", "I'm not sure.", "There is no such place.", "Nobody knows",
                                 "It never happened.", "unknowable", "I know", "no answer", "notsure"]))
    rng.shuffle(parts)
    return " ".join(p for p in parts if p) + rng.choice(["", ".", "!", " :)"])


@exercise("day43.classify_answer",
          question="Do you check, in this order: CORRECT when a normalised accepted answer appears in the normalised "
                   "prediction as whole words (pad both with spaces: ' paris ' in ' it is paris '), then REFUSED when the "
                   "normalised prediction is empty or holds a normalised phrase of the library's REFUSALS (imported from "
                   "aicourse.evals, not a list of your own) as whole words, else HALLUCINATED? With no accepted answers, "
                   "'correct' is impossible.",
          recipe="padded = ' ' + normalize(prediction) + ' '; if any(' ' + normalize(a) + ' ' in padded for a in answers): "
                 "return 'correct'; if not padded.strip() or any(' ' + normalize(p) + ' ' in padded for p in REFUSALS): "
                 "return 'refused'; return 'hallucinated'  (normalize as in token_f1)")
def check_classify_answer(classify_answer: Callable[[str, list[str]], Any], rng: random.Random) -> int:
    cases = [
        ("Paris", ["Paris"]),
        ("The capital of France is Paris.", ["Paris"]),
        ("A Parisian café", ["Paris"]),  # whole words only: hallucinated
        ("I don't know, maybe Paris.", ["Paris"]),  # names the answer: correct comes first
        ("I don't know.", ["Paris"]),
        ("", ["Paris"]),  # says nothing: refused
        ("...", []),
        ("Portugal never won it.", []),  # no true answer, declines: refused
        ("Portugal won it in 2014.", []),  # no true answer, answers anyway: hallucinated
        ("Unknownia", []),  # 'unknownia' is not the phrase 'unknown'
        ("It is Lisboa!", ["Lisbon", "Lisboa"]),  # an alias
        ("I know it: 70 days", ["7", "seven"]),  # '7' is not in '70'
        ("THE EURO", ["euro", "EUR"]),
        ("Sao Paulo", ["São Paulo"]),  # normalisation keeps accents: not the same word
        ("Nobody knows.", []),  # the library's REFUSALS, not a shorter list of your own
        ("Gondor is fictional", ["Minas Tirith"]),
        ("No one knows, but maybe Lisbon", ["Lisbon"]),  # names the answer: correct
    ]
    for _ in range(40):
        answers = list(rng.choice(_ANSWERS))
        cases.append((_random_prediction(rng, answers), answers))
    for prediction, answers in cases:
        got = call("classify_answer", classify_answer, prediction, list(answers))
        want = library.grade_answer(prediction, answers)
        if got != want:
            raise CheckFailed(f"classify_answer({prediction!r}, {answers!r}) returned {show(got)}, expected {want!r}")
    return len(cases)


def _threshold(agreements: list[float], correct: list[bool], min_precision: float) -> float | None:
    best = None
    for t in sorted(set(agreements)):
        flagged = [c for a, c in zip(agreements, correct, strict=True) if a <= t]
        if sum(not c for c in flagged) / len(flagged) >= min_precision:
            best = t
    return best


def _random_table(rng: random.Random) -> tuple[list[float], list[bool], float]:
    k = rng.choice([3, 4, 5, 8, 10])
    n = rng.randint(4, 30)
    agreements, correct = [], []
    for _ in range(n):
        a = rng.randint(1, k) / k
        agreements.append(a)
        correct.append(rng.random() < 0.15 + 0.7 * a)  # agreeing answers are right more often, not always
    return agreements, correct, rng.choice([0.5, 0.6, 0.75, 0.8, 0.9, 1.0])


@exercise("day43.flag_threshold",
          question="Do you try every distinct agreement value t, flag the answers with agreement <= t (less than OR "
                   "equal), compute precision as wrong flagged / all flagged, and return the LARGEST t whose precision "
                   "reaches min_precision (it flags the most answers), or None when no t does? Precision need not fall "
                   "steadily as t grows: check every t.",
          recipe="best = None; for t in sorted(set(agreements)): flagged = [c for a, c in zip(agreements, correct) if a <= t]; "
                 "if sum(not c for c in flagged) / len(flagged) >= min_precision: best = t; return best")
def check_flag_threshold(flag_threshold: Callable[[list[float], list[bool], float], Any], rng: random.Random) -> int:
    cases: list[tuple[list[float], list[bool], float]] = [
        ([0.25, 0.5, 0.75, 1.0], [False, False, True, True], 1.0),  # 0.5: both flagged answers are wrong
        ([0.25, 0.5, 0.75, 1.0], [False, False, True, True], 0.6),  # 0.75 flags 3, 2 wrong: 0.67
        ([0.25, 0.5, 1.0], [True, True, True], 0.5),  # nothing wrong: no threshold works
        ([0.25, 0.5, 1.0], [True, True, True], 0.0),  # any precision will do: flag everything
        ([1.0, 1.0, 1.0], [False, False, False], 1.0),  # all wrong and all agreeing
        ([0.25, 0.25, 0.5, 0.5, 1.0], [True, False, False, False, True], 0.7),  # not monotone: 0.25 fails, 0.5 passes
        ([0.8, 0.2, 0.6, 0.2, 1.0, 0.4], [True, False, False, True, True, False], 0.75),  # unsorted input
        ([0.5], [False], 0.9),
        ([0.5], [True], 0.9),
    ]
    cases += [_random_table(rng) for _ in range(40)]
    for agreements, correct, min_precision in cases:
        got = call("flag_threshold", flag_threshold, list(agreements), list(correct), min_precision)
        want = _threshold(agreements, correct, min_precision)
        ok = got is None if want is None else (_number(got) is not None and abs(float(got) - want) < 1e-9)
        if not ok:
            raise CheckFailed(f"flag_threshold({show(agreements)}, {show(correct)}, min_precision={min_precision:.3g}) "
                              f"returned {show(got)}, expected {show(want)}")
    return len(cases)
