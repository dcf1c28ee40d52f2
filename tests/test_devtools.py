"""Notebook hygiene: the skip rule nbval and `nb sync` share, renumbering, and the drift check."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from aicourse.authoring.notebooks import cell_directives, cell_skip_reason, check_notebooks, renumber
from aicourse.course.util import temp_env

DAY01 = next(Path(__file__).resolve().parents[1].glob("nbs/01_fundamentals/day01_*.ipynb"))


def test_directives_are_read_from_the_top_of_a_cell_only():
    assert cell_directives("#| export\n#|eval: false\nx = 1") == {"export": "", "eval": "false"}
    assert cell_directives("x = 1\n#| slow") == {}


@pytest.mark.parametrize("source,profile,skipped", [
    ("#| eval: false\nx=1", "gpu", True),
    ("#| slow\nx=1", "ci", True),
    ("#| slow\nx=1", "cpu", False),
    ("#| gpu\nx=1", "cpu", True),
    ("#| gpu\nx=1", "gpu", False),
    ("#| notest\nx=1", "gpu", True),
    ("#| export\nx=1", "ci", False),
])
def test_skip_rule(source, profile, skipped):
    assert (cell_skip_reason(source, profile) is not None) == skipped


def test_unknown_profile_is_an_error():
    with pytest.raises(ValueError, match="unknown profile"):
        cell_skip_reason("x=1", "tpu")


def test_renumber_numbers_code_cells_and_results():
    nb = {"cells": [{"cell_type": "markdown"}, {"cell_type": "code", "execution_count": None, "outputs": []},
                    {"cell_type": "code", "execution_count": None,
                     "outputs": [{"output_type": "execute_result", "execution_count": None}]}]}
    renumber(nb)
    assert [c.get("execution_count") for c in nb["cells"]] == [None, 1, 2]
    assert nb["cells"][2]["outputs"][0]["execution_count"] == 2


def test_committed_notebooks_are_clean_and_a_dirty_one_is_caught(tmp_path):
    assert check_notebooks([DAY01]) == []
    dirty = tmp_path / DAY01.name
    shutil.copy(DAY01, dirty)
    nb = json.loads(dirty.read_text())
    nb["cells"][0]["metadata"]["collapsed"] = True  # not fine: cell metadata nbdev_clean drops
    dirty.write_text(json.dumps(nb, indent=1))
    assert check_notebooks([dirty]) == [dirty]


def test_temp_env_restores_what_was_there(monkeypatch):
    monkeypatch.setenv("AICOURSE_T1", "old")
    monkeypatch.delenv("AICOURSE_T2", raising=False)
    with temp_env(AICOURSE_T1="new", AICOURSE_T2="set"):
        assert (os.environ["AICOURSE_T1"], os.environ["AICOURSE_T2"]) == ("new", "set")
    assert os.environ["AICOURSE_T1"] == "old" and "AICOURSE_T2" not in os.environ


def _tiny_notebook(path: Path, seconds: float) -> Path:
    cells = [{"cell_type": "code", "execution_count": 1, "id": "sleep", "metadata": {}, "outputs": [],
              "source": f"import time\ntime.sleep({seconds})"}]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


@pytest.mark.parametrize("budget,fails", [("1", True), ("60", False)])
def test_a_notebook_over_the_ci_budget_fails_the_run(tmp_path, budget, fails):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    nb = _tiny_notebook(tmp_path / "slow.ipynb", 1.5)
    env = {**os.environ, "PYTHONPATH": str(root), "AICOURSE_PROFILE": "ci", "AICOURSE_NOTEBOOK_BUDGET_S": budget}
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "conftest", "-p", "no:cacheprovider", "--nbval-lax",
                           "--nbval-current-env", str(nb)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)
    assert ("OVER BUDGET" in done.stdout) == fails, done.stdout
    assert done.returncode == (1 if fails else 0), done.stdout + done.stderr


def test_authoring_tools_say_what_to_install_when_the_dev_extra_is_missing():
    from aicourse.authoring import DevToolsMissing, require_dev

    require_dev("json")  # present: nothing happens
    with pytest.raises(DevToolsMissing, match=r'the docs build needs no_such_sphinx, .*pip install "aicourse\[dev\]"'):
        require_dev("json", "no_such_sphinx", purpose="the docs build")


def test_a_full_run_whose_lessons_are_slow_on_average_fails(monkeypatch):
    import conftest

    monkeypatch.setenv("AICOURSE_PROFILE", "ci")
    lessons = sorted(conftest._LESSONS)
    fast = dict.fromkeys(lessons, conftest.LESSON_MEAN_BUDGET_S - 1)
    monkeypatch.setattr(conftest, "_notebook_seconds", fast)
    assert conftest._lesson_mean_over_budget() is None
    monkeypatch.setattr(conftest, "_notebook_seconds", dict.fromkeys(lessons, conftest.LESSON_MEAN_BUDGET_S + 1))
    assert conftest._lesson_mean_over_budget() == conftest.LESSON_MEAN_BUDGET_S + 1
    monkeypatch.setattr(conftest, "_notebook_seconds", {lessons[0]: 1000.0})  # one lesson alone: no mean to judge
    assert conftest._lesson_mean_over_budget() is None
