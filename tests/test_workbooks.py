"""Every lesson day has a workbook; every exercise's check accepts the reference solution and rejects
the untouched starter and a plausible wrong answer, so no check can be vacuous."""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from aicourse.checks import _grade, exercises_for

ROOT = Path(__file__).resolve().parents[1]
EXERCISE_CELL = re.compile(r"^# Exercise (day\d\d\.\w+)", re.M)
CHECK_CALL = re.compile(r"""^check\(["'](day\d\d\.\w+)["'],""", re.M)


def lesson_days() -> list[int]:
    return sorted(int(p.name[3:5]) for p in ROOT.glob("nbs/*/day*.ipynb"))


def code_cells(day: int) -> list[str]:
    nb = json.loads((ROOT / "days" / f"day{day:02d}.ipynb").read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"solutions_{name}", ROOT / "tests" / "solutions" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def starter_namespace(day: int) -> dict[str, Any]:
    "Run the workbook's code cells except the checks: imports and untouched starters."
    namespace: dict[str, Any] = {}
    for src in code_cells(day):
        if not CHECK_CALL.search(src):
            exec(compile(src, f"days/day{day:02d}.ipynb", "exec"), namespace)
    return namespace


ALL_EXERCISES = [(day, ex.id) for day in lesson_days() for ex in exercises_for(day)]


@pytest.mark.parametrize("day", lesson_days())
def test_every_lesson_day_has_a_workbook_with_checked_exercises(day):
    workbook = ROOT / "days" / f"day{day:02d}.ipynb"
    assert workbook.is_file(), f"day {day:02d} has a lesson but no workbook {workbook}"
    cells = "\n".join(code_cells(day))
    starters, checked = EXERCISE_CELL.findall(cells), CHECK_CALL.findall(cells)
    registered = [ex.id for ex in exercises_for(day)]
    assert 2 <= len(starters) <= 4, f"day {day:02d}: a workbook has two to four exercises, found {starters}"
    assert starters == checked == registered, (
        f"day {day:02d}: exercise cells {starters}, check calls {checked} and registered checks {registered} must match")


@pytest.mark.parametrize("day,exercise_id", ALL_EXERCISES)
def test_reference_solution_passes(day, exercise_id):
    answer = getattr(load(f"day{day:02d}"), exercise_id.split(".")[1])
    for _ in range(3):  # the hidden cases are random: pass every draw
        verdict = _grade(exercise_id, answer)
        assert verdict.status == "solved", verdict.message


@pytest.mark.parametrize("day,exercise_id", ALL_EXERCISES)
def test_untouched_starter_is_not_solved(day, exercise_id):
    verdict = _grade(exercise_id, starter_namespace(day)[exercise_id.split(".")[1]])
    assert verdict.status == "not solved yet", verdict


@pytest.mark.parametrize("day,exercise_id", ALL_EXERCISES)
def test_plausible_wrong_answer_fails(day, exercise_id):
    verdict = _grade(exercise_id, getattr(load("wrong"), exercise_id.split(".")[1]))
    assert verdict.status == "failed", verdict
    assert "hint:" in verdict.message
