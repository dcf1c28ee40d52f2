"""Every lesson day has a workbook, and every exercise's check is sound: it accepts the reference solution
(and other answers the statement allows), says TODO for the untouched starter, and rejects a plausible
wrong answer and a cheat, on every seed; so no check is vacuous and no verdict is flaky.

tests/solutions/dayNN.py holds the references, dayNN_wrong.py the wrong answers, dayNN_cheat.py the
cheats, each under the exercise's name; `name__variant` adds another answer of the same kind.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from aicourse.course import checks
from aicourse.course.checks import _grade, check, exercises_for

ROOT = Path(__file__).resolve().parents[1]
EXERCISE_CELL = re.compile(r"^# Exercise (day\d\d\.\w+)", re.M)
CHECK_CALL = re.compile(r"""^check\(["'](day\d\d\.\w+)["'],""", re.M)
SEEDS = range(20)  # each verdict over 20 seeds: a check that passes a wrong answer now and then shows up
KINDS = {"reference": "", "wrong": "_wrong", "cheat": "_cheat"}


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


def answers(day: int, kind: str, name: str) -> dict[str, Any]:
    "The answers of one kind to exercise `name`: {'name': reference-or-wrong-or-cheat, 'name__variant': ...}."
    module = load(f"day{day:02d}{KINDS[kind]}")
    return {attr: getattr(module, attr) for attr in vars(module) if attr.split("__")[0] == name and not attr.startswith("_")}


def starter_namespace(day: int) -> dict[str, Any]:
    "Run the workbook's imports (its first code cell) and its exercise cells, untouched; not the measurements."
    namespace: dict[str, Any] = {}
    cells = code_cells(day)
    for src in [cells[0]] + [c for c in cells[1:] if EXERCISE_CELL.search(c)]:
        exec(compile(src, f"days/day{day:02d}.ipynb", "exec"), namespace)
    return namespace


ALL_EXERCISES = [(day, ex.id) for day in lesson_days() for ex in exercises_for(day)]
ANSWERS = [pytest.param(day, exercise_id, kind, label, id=f"{exercise_id}-{kind}-{label}")
           for day, exercise_id in ALL_EXERCISES for kind in KINDS
           for label in answers(day, kind, exercise_id.split(".")[1])]


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
def test_every_exercise_has_a_starter_a_reference_a_wrong_answer_and_a_cheat(day, exercise_id):
    name = exercise_id.split(".")[1]
    assert name in starter_namespace(day), f"the workbook's exercise cell does not define {name}"
    for kind, suffix in KINDS.items():
        assert name in answers(day, kind, name), f"tests/solutions/day{day:02d}{suffix}.py has no {name} ({kind})"


@pytest.mark.parametrize("day,exercise_id,kind,label", ANSWERS)
def test_verdict_on_every_seed(day, exercise_id, kind, label):
    answer = answers(day, kind, exercise_id.split(".")[1])[label]
    for seed in SEEDS:
        verdict = _grade(exercise_id, answer, seed=seed)
        if kind == "reference":
            assert verdict.status == "solved", f"seed {seed}: {verdict.message}"
        else:
            assert verdict.status == "failed", f"seed {seed}: the {kind} answer {label} got: {verdict}"
            assert "hint 1:" in verdict.message and f"seed={seed})" in verdict.message, verdict.message


@pytest.mark.parametrize("day,exercise_id", ALL_EXERCISES)
def test_untouched_starter_is_not_solved(day, exercise_id):
    starter = starter_namespace(day)[exercise_id.split(".")[1]]
    for seed in SEEDS[:3]:
        verdict = _grade(exercise_id, starter, seed=seed)
        assert verdict.status == "not solved yet", verdict


def test_a_fail_repeats_with_its_seed_and_hints_come_in_steps(monkeypatch, capsys):
    monkeypatch.setattr(checks, "_FAILURES", {})
    wrong = load("day01_wrong").choose_profile
    check("day01.choose_profile", wrong, seed=7)
    first = capsys.readouterr().out
    assert first.startswith("[FAIL] day01.choose_profile: ") and "hint 1: " in first and "hint 2: " not in first
    assert 'check("day01.choose_profile", choose_profile, seed=7) repeats these cases' in first
    check("day01.choose_profile", wrong, seed=7)
    second = capsys.readouterr().out
    assert "hint 1: " in second and "hint 2: " in second
    assert second.split("hint 1")[0] == first.split("hint 1")[0]  # the same seed, the same case
    check("day01.choose_profile", load("day01").choose_profile)
    assert capsys.readouterr().out.startswith("[PASS] day01.choose_profile: all ")


def test_the_seed_comes_from_the_call_the_environment_or_chance(monkeypatch):
    reference = load("day01").verdict
    monkeypatch.setenv("AICOURSE_CHECK_SEED", "4242")
    assert _grade("day01.verdict", reference).seed == 4242
    assert _grade("day01.verdict", reference, seed=5).seed == 5
    monkeypatch.setenv("AICOURSE_CHECK_SEED", "forty")
    bad = _grade("day01.verdict", reference)
    assert bad.status == "failed" and "AICOURSE_CHECK_SEED='forty' is not a whole number" in bad.message
    monkeypatch.delenv("AICOURSE_CHECK_SEED")
    assert len({_grade("day01.verdict", reference).seed for _ in range(5)}) > 1


def test_a_check_never_raises(monkeypatch, tmp_path, capsys):
    "An answer that exits, a wrong id or a report file that cannot be written: a verdict, never a traceback."
    monkeypatch.setenv("AICOURSE_CHECK_REPORT", str(tmp_path / "no-such-folder" / "verdicts.jsonl"))

    def exits(*args: Any) -> None:
        raise SystemExit(3)

    class Unprintable(Exception):
        def __str__(self) -> str:
            raise RuntimeError("no message")

    def raises_unprintable(*args: Any) -> None:
        raise Unprintable

    check("day01.verdict", exits)
    check("day01.seeded_shuffle", raises_unprintable)
    check("day01.no_such_exercise", exits)
    check("nonsense", exits)
    out = capsys.readouterr().out
    assert "[FAIL] day01.verdict: your code raised SystemExit: 3" in out
    assert "[FAIL] day01.seeded_shuffle: " in out
    assert "unknown exercise; day 01 has: day01.weights_memory_gib" in out
    assert "not an exercise id" in out and "could not report this verdict" in out


def test_verdicts_are_reported_as_json_lines(monkeypatch, tmp_path, capsys):
    report = tmp_path / "verdicts.jsonl"
    monkeypatch.setenv("AICOURSE_CHECK_REPORT", str(report))
    check("day02.flatten", load("day02").flatten, seed=1)
    check("day02.flatten", load("day02_wrong").flatten, seed=1)
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    assert [(v["exercise"], v["status"], v["seed"]) for v in lines] == [("day02.flatten", "solved", 1),
                                                                        ("day02.flatten", "failed", 1)]
    assert lines[1]["message"] in capsys.readouterr().out


def test_grading_a_day_loads_only_that_days_checks():
    code = ("import sys; from aicourse.course.checks import exercises_for, _grade; exercises_for(2); "
            "_grade('day02.flatten', None, seed=0); "
            "print(sorted(m for m in sys.modules if m.startswith('aicourse.course.checks.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['aicourse.course.checks.day02']"


def test_the_tools_catch_the_bugs_that_day03_caught_by_says():
    "Plant day 03's bugs and run the tools, as the workbook does; their output must match the check's truth."
    from aicourse.course.checks.day03 import CAUGHT_BY

    cells = code_cells(3)
    plant = next(c for c in cells if "scaffold_project(" in c)
    show = next(c for c in cells if c.startswith("bugs = "))
    tools = next(c for c in cells if "outputs = " in c)
    namespace: dict[str, Any] = {}
    for src in (cells[0], plant, show, tools):
        exec(compile(src, "days/day03.ipynb", "exec"), namespace)
    outputs, lines = namespace["outputs"], namespace["code"].splitlines()
    line_of = {bug: next(i for i, line in enumerate(lines, 1) if marker in line)
               for bug, (marker, _) in namespace["bugs"].items()}

    def pointed_at(tool: str) -> set[str]:
        return {bug for bug, n in line_of.items() if re.search(rf"metrics\.py:{n}\b", outputs[tool])}

    assert pointed_at("ruff") == {b for b, tools in CAUGHT_BY.items() if "ruff" in tools}, outputs["ruff"]
    assert pointed_at("mypy") == {b for b, tools in CAUGHT_BY.items() if "mypy" in tools}, outputs["mypy"]
    # pytest: two tests fail, one on bug B's line (a NameError), one on accuracy's wrong result (bug C)
    pytest_out = outputs["pytest"]
    assert "2 failed, 3 passed" in pytest_out, pytest_out
    assert pointed_at("pytest") == {"B"} and "assert 0.4 == 0.5" in pytest_out, pytest_out
    assert {b for b, tools in CAUGHT_BY.items() if "pytest" in tools} == {"B", "C"}


@pytest.mark.skipif(os.environ.get("AICOURSE_SLOW_TESTS") is None, reason="set AICOURSE_SLOW_TESTS=1")
def test_many_more_seeds():
    "A deeper hunt for flaky verdicts than SEEDS (about a minute)."
    for param in ANSWERS:
        day, exercise_id, kind, label = param.values
        answer = answers(day, kind, exercise_id.split(".")[1])[label]
        for seed in range(1000, 1200):
            status = _grade(exercise_id, answer, seed=seed).status
            assert status == ("solved" if kind == "reference" else "failed"), (label, seed)
