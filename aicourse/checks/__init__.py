"""Auto-checks for the workbooks in days/: one small function per exercise.

A check runs the learner's code on cases the workbook does not show (random sizes, edge cases) and
prints a verdict: solved, failed (with the case and a hint) or not solved yet (the starter still
raises NotImplementedError). It never raises, so an untouched workbook runs from top to bottom.

When `AICOURSE_CHECK_REPORT` names a file, each verdict is also appended to it as a JSON line:
that is how `aicourse check NN` collects the results of a workbook it executes.
"""
from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Literal

__all__ = ["CheckFailed", "Exercise", "Verdict", "EXERCISES", "exercise", "exercises_for", "check"]


class CheckFailed(AssertionError):
    "The learner's answer is wrong on one case; the message shows the case."


@dataclass(frozen=True)
class Exercise:
    "One exercise: its id ('day01.memory_gib'), the check function and a hint shown on failure."
    id: str
    run: Callable[[Any], int]  # raises CheckFailed on a wrong case; returns the number of cases checked
    hint: str

    @property
    def day(self) -> int:
        return int(self.id[3:5])


@dataclass(frozen=True)
class Verdict:
    "The outcome of checking one exercise."
    exercise: str
    status: Literal["solved", "failed", "not solved yet"]
    message: str

    def __str__(self) -> str:
        mark = {"solved": "PASS", "failed": "FAIL", "not solved yet": "TODO"}[self.status]
        return f"[{mark}] {self.exercise}: {self.message}"


EXERCISES: dict[str, Exercise] = {}


def exercise(exercise_id: str, hint: str) -> Callable[[Callable[[Any], int]], Callable[[Any], int]]:
    "Register the decorated function as the check of `exercise_id`."
    def register(fn: Callable[[Any], int]) -> Callable[[Any], int]:
        if exercise_id in EXERCISES:
            raise ValueError(f"exercise {exercise_id} is registered twice")
        EXERCISES[exercise_id] = Exercise(exercise_id, fn, hint)
        return fn
    return register


def _load_all() -> None:
    "Import every aicourse/checks/dayNN.py, which registers its exercises."
    for module in pkgutil.iter_modules(__path__):
        if re.fullmatch(r"day\d\d", module.name):
            importlib.import_module(f"{__name__}.{module.name}")


def exercises_for(day: int) -> list[Exercise]:
    "The exercises of `day`, in workbook order."
    _load_all()
    return [e for e in EXERCISES.values() if e.day == day]


def _grade(exercise_id: str, answer: Any) -> Verdict:
    _load_all()
    if exercise_id not in EXERCISES:
        return Verdict(exercise_id, "failed", f"unknown exercise; known: {', '.join(EXERCISES)}")
    ex = EXERCISES[exercise_id]
    try:
        cases = ex.run(answer)
    except NotImplementedError:
        return Verdict(exercise_id, "not solved yet", "write your code in the exercise cell above, then run this check again")
    except CheckFailed as e:
        return Verdict(exercise_id, "failed", f"{e}\n       hint: {ex.hint}")
    except Exception as e:  # the learner's code crashed: show what, not a traceback of the checker
        return Verdict(exercise_id, "failed", f"your code raised {type(e).__name__}: {e}\n       hint: {ex.hint}")
    return Verdict(exercise_id, "solved", f"all {cases} hidden cases pass")


def check(exercise_id: str, answer: Any) -> None:
    "Grade `answer` for `exercise_id`, print the verdict, and report it to `aicourse check` if it asks."
    verdict = _grade(exercise_id, answer)
    print(verdict)
    report = os.environ.get("AICOURSE_CHECK_REPORT")
    if report:
        with open(report, "a", encoding="utf-8") as f:
            f.write(json.dumps(asdict(verdict)) + "\n")
