"""Auto-checks for the workbooks in days/: one small function per exercise.

A check runs the learner's answer on cases the workbook does not show: edge cases, the same on every
run, and random cases drawn from a seed chosen per run. It prints a verdict: PASS; FAIL with the case
that broke, a hint and the seed that repeats the case; or TODO while the starter still raises
NotImplementedError. Hints come in steps: the first FAIL of an exercise in a kernel asks a question
that points at the mistake (hint 1); later FAILs of the same exercise add the recipe (hint 2).
A check never raises, so an untouched workbook runs from top to bottom.

The seed is `check(..., seed=N)` when given, else `AICOURSE_CHECK_SEED` when set, else a fresh one.
When `AICOURSE_CHECK_REPORT` names a file, each verdict is also appended to it as a JSON line:
that is how `aicourse check NN` collects the results of a workbook it executes.
Grading an exercise imports only its own day's module (`checks/dayNN.py`).
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import os
import random
import re
import reprlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Literal

__all__ = ["CheckFailed", "Exercise", "Verdict", "EXERCISES", "exercise", "exercises_for", "check",
           "show", "call", "raised", "equal"]

SEED_VARIABLE = "AICOURSE_CHECK_SEED"
_EXERCISE_ID = re.compile(r"day(\d\d)\.\w+")


class CheckFailed(AssertionError):
    "The answer is wrong on one case: the message shows the case; `question` points at the likely mistake."

    def __init__(self, message: str, question: str | None = None):
        super().__init__(message)
        self.question = question


Check = Callable[[Any, random.Random], int]  # raises CheckFailed on a wrong case; returns the number of cases


@dataclass(frozen=True)
class Exercise:
    "One exercise: its id ('day01.weights_memory_gib'), its check, and its two hints."
    id: str
    run: Check
    question: str  # hint 1 when the failing case brings no question of its own
    recipe: str  # hint 2: how to solve it

    @property
    def day(self) -> int:
        return int(self.id[3:5])

    @property
    def name(self) -> str:
        "The name the workbook gives the answer ('weights_memory_gib')."
        return self.id.split(".", 1)[1]


@dataclass(frozen=True)
class Verdict:
    "The outcome of checking one exercise."
    exercise: str
    status: Literal["solved", "failed", "not solved yet"]
    message: str
    seed: int | None = None

    def __str__(self) -> str:
        mark = {"solved": "PASS", "failed": "FAIL", "not solved yet": "TODO"}[self.status]
        return f"[{mark}] {self.exercise}: {self.message}"


EXERCISES: dict[str, Exercise] = {}
_FAILURES: dict[str, int] = {}  # exercise id -> FAILs so far in this kernel: picks the hint step


def exercise(exercise_id: str, *, question: str, recipe: str) -> Callable[[Check], Check]:
    "Register the decorated function as the check of `exercise_id`, with its two hints."
    if not _EXERCISE_ID.fullmatch(exercise_id):
        raise ValueError(f"exercise id {exercise_id!r} is not of the form dayNN.name")

    def register(fn: Check) -> Check:
        if exercise_id in EXERCISES:
            raise ValueError(f"exercise {exercise_id} is registered twice")
        EXERCISES[exercise_id] = Exercise(exercise_id, fn, question, recipe)
        return fn
    return register


def _load_day(day: int) -> bool:
    "Import checks/dayNN.py, which registers that day's exercises; False when the day has none."
    module = f"{__name__}.day{day:02d}"
    if importlib.util.find_spec(module) is None:
        return False
    importlib.import_module(module)
    return True


def exercises_for(day: int) -> list[Exercise]:
    "The exercises of `day`, in workbook order (imports that day's checks only)."
    _load_day(day)
    return [e for e in EXERCISES.values() if e.day == day]


def _seed(seed: int | None) -> int:
    if seed is not None:
        return int(seed)
    value = os.environ.get(SEED_VARIABLE, "").strip()
    if value:
        try:
            return int(value)
        except ValueError:
            raise ValueError(f"{SEED_VARIABLE}={value!r} is not a whole number: set a number or unset it") from None
    return random.SystemRandom().randrange(1_000_000)


def _text(error: BaseException) -> str:
    try:
        return str(error)
    except Exception:  # an exception whose message itself fails
        return "(its message could not be shown)"


def _hints(ex: Exercise, question: str | None, step: int) -> str:
    lines = [f"hint 1: {question or ex.question}"]
    lines.append(f"hint 2: {ex.recipe}" if step >= 2 else "(fail this exercise again and hint 2 gives the recipe)")
    return "\n".join(f"       {line}" for line in lines)


def _grade(exercise_id: str, answer: Any, seed: int | None = None, step: int = 1) -> Verdict:
    "Check `answer` on the edge cases and on random cases from `seed`; `step` 2+ adds the recipe to a FAIL."
    match = _EXERCISE_ID.fullmatch(exercise_id)
    if match is None:
        return Verdict(exercise_id, "failed", "not an exercise id: they look like 'day01.seeded_shuffle'")
    day = int(match.group(1))
    _load_day(day)
    if exercise_id not in EXERCISES:
        known = ", ".join(e.id for e in EXERCISES.values() if e.day == day) or "none"
        return Verdict(exercise_id, "failed", f"unknown exercise; day {day:02d} has: {known}")
    ex = EXERCISES[exercise_id]
    try:
        seed = _seed(seed)
    except ValueError as e:
        return Verdict(exercise_id, "failed", str(e))
    rng = random.Random(seed)
    state = random.getstate()  # a check may draw from the global generator to test the answer: restore it
    try:
        cases = ex.run(answer, rng)
    except NotImplementedError:
        return Verdict(exercise_id, "not solved yet", "write your code in the exercise cell above, then run this check again",
                       seed)
    except CheckFailed as e:
        message, question = _text(e), e.question
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # the answer crashed: show what, not a traceback of the checker
        message, question = f"your code raised {type(e).__name__}: {_text(e)}", None
    else:
        return Verdict(exercise_id, "solved", f"all {cases} hidden cases pass", seed)
    finally:
        random.setstate(state)
    repeat = f'       seed {seed}: check("{exercise_id}", {ex.name}, seed={seed}) repeats these cases'
    return Verdict(exercise_id, "failed", f"{message}\n{_hints(ex, question, step)}\n{repeat}", seed)


def check(exercise_id: str, answer: Any, seed: int | None = None) -> None:
    "Grade `answer` for `exercise_id`, print the verdict, and report it to `aicourse check` if it asks."
    step = _FAILURES.get(exercise_id, 0) + 1
    verdict = _grade(exercise_id, answer, seed, step)
    if verdict.status == "failed":
        _FAILURES[exercise_id] = step
    print(verdict)
    report = os.environ.get("AICOURSE_CHECK_REPORT")
    if report:
        try:
            with open(report, "a", encoding="utf-8") as f:
                f.write(json.dumps(asdict(verdict)) + "\n")
        except OSError as e:
            print(f"(could not report this verdict to {report}: {e})")


# Helpers for the checks in dayNN.py

_short = reprlib.Repr()
_short.maxlist = _short.maxtuple = _short.maxset = _short.maxdict = 8
_short.maxstring = _short.maxother = 80
_short.maxlevel = 5


def show(value: Any) -> str:
    "A repr short enough for a FAIL message (long lists are cut with '...')."
    return _short.repr(value)


def call(name: str, fn: Callable[..., Any], *args: Any) -> Any:
    "Call the learner's `fn`; a crash becomes a FAIL that names the call."
    try:
        return fn(*args)
    except NotImplementedError:
        raise
    except Exception as e:
        shown = ", ".join(map(show, args))
        raise CheckFailed(f"{name}({shown}) raised {type(e).__name__}: {e}") from None


def raised(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Exception | None:
    "The exception `fn(*args)` raises, or None when it returns."
    try:
        fn(*args, **kwargs)
    except NotImplementedError:
        raise
    except Exception as e:
        return e
    return None


def equal(got: Any, want: Any) -> bool:
    """`got == want` for plain data (None, bool, int, float, str, list, tuple, dict), which an answer
    cannot fake with a rigged `__eq__`: types must match and containers are compared item by item."""
    if want is None or isinstance(want, bool):
        return got is want
    for kind in (int, float, str):
        if type(want) is kind:
            return isinstance(got, kind) and not isinstance(got, bool) and kind.__eq__(got, want) is True
    if type(want) in (list, tuple):
        kind = type(want)
        return (isinstance(got, kind) and kind.__len__(got) == len(want)
                and all(equal(kind.__getitem__(got, i), w) for i, w in enumerate(want)))
    if type(want) is dict:
        if not isinstance(got, dict) or dict.__len__(got) != len(want):
            return False
        keys = list(dict.keys(got))
        if not all(type(k) in (str, int) for k in keys):
            return False
        return all(dict.__contains__(got, k) and equal(dict.__getitem__(got, k), w) for k, w in want.items())
    return type(got) is type(want) and bool(got == want)
