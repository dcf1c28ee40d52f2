"""The learner's track end to end, as a new learner runs it: today, start, solve, check, progress."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aicourse.course.checks import exercises_for
from aicourse.course.progress import PROGRESS_VERSION, Progress, ProgressError, next_day
from aicourse.course.syllabus import workbook_path

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def learner(tmp_path):
    "Run `aicourse ...` with a fresh course home and workspace."
    env = {**os.environ, "AICOURSE_HOME": str(tmp_path / "home"), "AICOURSE_WORKSPACE": str(tmp_path / "ws")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "aicourse.course.cli", *args], cwd=ROOT, env=env, text=True,
                              capture_output=True, stdin=subprocess.DEVNULL, timeout=600)

    run.home, run.workspace = tmp_path / "home", tmp_path / "ws"
    return run


def solve(workbook: Path, day: int, leave: set[str] = frozenset()) -> None:
    "Put the reference solutions into the exercise cells, as a learner would type them (except those in `leave`)."
    solution = (ROOT / "tests" / "solutions" / f"day{day:02d}.py").read_text()
    nb = json.loads(workbook.read_text())
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and source.startswith("# Exercise"):
            if source.splitlines()[0].split()[-1] not in leave:
                cell["source"] = solution
    workbook.write_text(json.dumps(nb))


def test_new_learner_starts_solves_checks_and_sees_progress(learner):
    # The untouched workbook (all TODO) is graded by tests/test_package.py from the installed wheel,
    # and run top to bottom by nbval: here we grade a half-done and then a finished workbook.
    exercises = [ex.id for ex in exercises_for(1)]
    today = learner("today")
    assert today.returncode == 0 and today.stdout.startswith("Day 01 (not started): Your machine")
    assert "About 90 minutes" in today.stdout and "aicourse start 01" in today.stdout

    started = learner("start", "1")
    assert started.returncode == 0, started.stderr
    copy = learner.workspace / "day01.ipynb"
    assert copy.read_bytes() == (ROOT / "days" / "day01.ipynb").read_bytes()
    assert "01[~]" in learner("progress").stdout

    solve(copy, 1, leave={exercises[-1]})
    partial = learner("check", "01")
    assert partial.returncode == 1, partial.stdout + partial.stderr
    assert f"{len(exercises) - 1}/{len(exercises)} solved; recorded as in progress" in partial.stdout
    assert f"TODO  {exercises[-1]}: not solved yet" in partial.stdout
    assert f"PASS  {exercises[0]}: solved" in partial.stdout

    solve(copy, 1)
    graded = learner("check", "01")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    assert f"{len(exercises)}/{len(exercises)} solved; recorded as done" in graded.stdout

    grid = learner("progress").stdout
    assert "01[x] 02[ ] 03[ ]" in grid and "Phase 1: Fundamentals (1/30 done)" in grid
    assert "goal: two clean, tested notebooks" in grid and grid.rstrip().endswith("1/90 days done")
    assert learner("today").stdout.startswith("Day 02 (not started)")


def test_start_never_overwrites_without_asking(learner):
    assert learner("start", "02").returncode == 0
    copy = learner.workspace / "day02.ipynb"
    copy.write_text("my work")
    refused = learner("start", "02")
    assert refused.returncode == 1 and "kept your copy" in refused.stderr
    assert copy.read_text() == "my work"
    forced = learner("start", "02", "--force")
    assert forced.returncode == 0 and "previous copy is saved as" in forced.stdout
    backups = list(learner.workspace.glob("day02.backup-*.ipynb"))
    assert len(backups) == 1 and backups[0].read_text() == "my work"


def test_clear_errors(learner):
    assert "run `aicourse start 03` first" in learner("check", "03").stderr
    missing = next((d for d in range(1, 91) if workbook_path(d, ROOT) is None), None)
    if missing is not None:  # once every day has a workbook there is nothing to refuse
        assert f"day {missing:02d} has no workbook" in learner("start", str(missing)).stderr
    assert learner("start", "91").returncode == 2  # out of the course's range


def test_corrupt_progress_is_reported_not_reset(learner):
    learner.home.mkdir(parents=True)
    bad = learner.home / "progress.json"
    bad.write_text('{"version": 1, "days": {"01": ')
    for command in (["progress"], ["today"], ["start", "01"]):
        result = learner(*command)
        assert result.returncode == 1 and "is not a readable progress file" in result.stderr, command
    assert bad.read_text() == '{"version": 1, "days": {"01": '


def test_progress_keeps_unknown_keys_and_rejects_newer_versions(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"version": 1, "days": {"05": {"status": "done", "note": "mine"}}, "theme": "dark"}))
    progress = Progress.load(path)
    progress.mark_started(6)
    progress.save()
    saved = json.loads(path.read_text())
    assert saved["theme"] == "dark" and saved["days"]["05"]["note"] == "mine"
    assert next_day(Progress.load(path)) == 6
    path.write_text(json.dumps({"version": PROGRESS_VERSION + 1, "days": {}}))
    with pytest.raises(ProgressError, match="reads up to"):
        Progress.load(path)
