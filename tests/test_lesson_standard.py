"""The parts of the lesson standard (shared/design/lesson-standard.md) a machine can check, on every notebook.

Stored outputs are what the docs site shows and what nbval compares, so they must hold no frozen
progress bars and no paths of the machine that ran them; every lesson ends with what you learned,
where its code lives and 3-5 questions to answer without the notebook.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted([*ROOT.glob("nbs/**/*.ipynb"), *ROOT.glob("days/*.ipynb")])
LESSONS = sorted(ROOT.glob("nbs/*/day*.ipynb"))
# Absolute paths of a machine: home folders, temp folders, this checkout, a virtual environment.
MACHINE_PATH = re.compile(r"(/home/\w|/root/|/Users/\w|/tmp/\w|/private/var/|[A-Z]:\\\\Users|/\.venv/|"
                          + re.escape(str(ROOT)) + ")")
PROGRESS_BAR = re.compile(r"\d+%\|.*\|\s*\d+/\d+|it/s\]")
WIDGET = "application/vnd.jupyter.widget-view+json"


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def output_texts(cell: dict) -> list[str]:
    texts = []
    for out in cell.get("outputs", []):
        texts.append("".join(out.get("text", "")))
        for mime, value in out.get("data", {}).items():
            if mime.startswith("text/"):
                texts.append("".join(value))
        texts.append("".join(out.get("traceback", [])))
    return texts


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=rel)
def test_stored_outputs_hold_no_machine_paths_and_no_progress_bars(nb: Path):
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    for index, cell in enumerate(cells):
        assert not any(WIDGET in out.get("data", {}) for out in cell.get("outputs", [])), (
            f"{rel(nb)} cell {index}: a stored widget (a frozen progress bar); disable the bar in that cell")
        for text in output_texts(cell):
            assert not PROGRESS_BAR.search(text), f"{rel(nb)} cell {index}: a frozen progress bar: {text[:120]!r}"
            found = MACHINE_PATH.search(text)
            assert not found, f"{rel(nb)} cell {index}: a machine path in a stored output: ...{text[max(0, found.start() - 40):found.end() + 40]!r}"


@pytest.mark.parametrize("nb", LESSONS, ids=rel)
def test_a_lesson_ends_with_what_you_learned_and_questions(nb: Path):
    cells = [c for c in json.loads(nb.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "markdown"]
    closing = "".join(cells[-1]["source"])
    assert "## What you learned" in closing, f"{rel(nb)}: the last markdown cell starts the closing section"
    assert "**Where the code lives.**" in closing, f"{rel(nb)}: say where this day's code lives in the library"
    questions = closing.split("**Questions**", 1)
    assert len(questions) == 2, f"{rel(nb)}: end with **Questions** a learner answers without the notebook"
    numbered = re.findall(r"^\d+\. ", questions[1], re.M)
    assert 3 <= len(numbered) <= 5, f"{rel(nb)}: 3-5 questions, found {len(numbered)}"


@pytest.mark.parametrize("nb", LESSONS, ids=rel)
def test_a_lesson_has_goal_time_plan_and_reading(nb: Path):
    text = "\n".join("".join(c["source"]) for c in json.loads(nb.read_text(encoding="utf-8"))["cells"][:4]
                     if c["cell_type"] == "markdown")
    for part in ("**Goal.**", "**Time plan", "**Read.**"):
        assert part in text, f"{rel(nb)}: the opening needs {part}"


def test_the_checker_sees_a_path_and_a_bar():
    assert MACHINE_PATH.search("saved to /root/.aicourse/x") and MACHINE_PATH.search(str(ROOT / "nbs"))
    assert PROGRESS_BAR.search("Loading weights:  40%|####      | 109/272 [00:00<00:00, 500it/s]")
    assert not MACHINE_PATH.search("cache/models ~/.aicourse") and not PROGRESS_BAR.search("accuracy 97%")
