"""The `aicourse` command, run as a learner runs it: a real process, real exit codes."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AICOURSE = [sys.executable, "-m", "aicourse.cli"]


def run(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*AICOURSE, *args], capture_output=True, text=True, cwd=cwd, timeout=300,
                          env={**os.environ, **(env or {})})


def test_doctor_reports_offline_models_present():
    result = run("doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\[  ok\] offline LLM +SmolLM2-135M-Instruct", result.stdout), result.stdout
    assert re.search(r"\[  ok\] offline embedder +all-MiniLM-L6-v2", result.stdout), result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("ready:")


def test_doctor_fails_clearly_when_data_dir_points_nowhere(tmp_path):
    missing = tmp_path / "nowhere"
    result = run("doctor", env={"AICOURSE_DATA_DIR": str(missing)})
    assert result.returncode == 1
    assert f"AICOURSE_DATA_DIR={missing} is not a folder" in result.stdout
    assert "NOT READY" in result.stdout


def test_doctor_fails_on_unknown_profile():
    result = run("doctor", env={"AICOURSE_PROFILE": "fast"})
    assert result.returncode == 1
    assert "AICOURSE_PROFILE='fast' is not a profile" in result.stdout


def test_scaffold_writes_a_project_and_never_overwrites(tmp_path):
    result = run("scaffold", "my-classifier", "--dest", str(tmp_path))
    assert result.returncode == 0, result.stderr
    project = tmp_path / "my-classifier"
    assert (project / "src" / "my_classifier" / "metrics.py").is_file()
    assert (project / ".pre-commit-config.yaml").is_file()
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=project, capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(project / "src")}, timeout=300)
    assert tests.returncode == 0, tests.stdout
    assert "5 passed" in tests.stdout
    again = run("scaffold", "my-classifier", "--dest", str(tmp_path))
    assert again.returncode == 2 and "is not empty" in again.stderr
    bad = run("scaffold", "3d-model", "--dest", str(tmp_path))
    assert bad.returncode == 2 and "cannot become a Python package name" in bad.stderr


def test_assets_prepare_finds_the_cached_models():
    result = run("assets", "prepare")
    assert result.returncode == 0, result.stderr
    assert "SmolLM2-135M-Instruct" in result.stdout and "model" in result.stdout


def test_lab_refuses_a_day_without_a_lesson():
    result = run("lab", "--day", "90")
    assert result.returncode != 0
    assert "day 90 has no lesson notebook" in result.stdout + result.stderr


def test_lab_serves_jupyterlab_on_day_01(tmp_path):
    "What `make lab` does: a headless JupyterLab that prints its URL and answers on it."
    port = 18888 + os.getpid() % 1000
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
           "AICOURSE_HOME": str(tmp_path / "home")}  # a new learner: day 01
    proc = subprocess.Popen([*AICOURSE, "lab", "--port", str(port)], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url, seen, deadline = None, [], time.time() + 120
        while url is None and time.time() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(line)
            m = re.search(rf"(http://127\.0\.0\.1:{port}/lab\S*\?token=\w+)", line)
            url = m.group(1) if m else None
        assert url, "JupyterLab printed no URL:\n" + "".join(seen)
        assert "day01_your_machine.ipynb" in "".join(seen)
        page = ""
        while not page and time.time() < deadline:  # the URL can be printed just before the socket listens
            try:
                page = urllib.request.urlopen(url, timeout=30).read().decode()
            except OSError:
                time.sleep(0.5)
        assert "JupyterLab" in page
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_lab_opens_the_latest_written_lesson_when_your_day_is_not_written(tmp_path):
    from aicourse.syllabus import lesson_path

    last = max(d for d in range(1, 91) if lesson_path(d, ROOT))
    if last == 90:
        pytest.skip("every lesson is written")
    home = tmp_path / "home"
    home.mkdir()
    done = {f"{d:02d}": {"status": "done"} for d in range(1, last + 1)}
    (home / "progress.json").write_text(json.dumps({"version": 1, "days": done}))
    proc = subprocess.Popen([*AICOURSE, "lab", "--port", str(19888 + os.getpid() % 1000)], cwd=ROOT, text=True,
                            env={**os.environ, "AICOURSE_HOME": str(home)}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        first = [proc.stdout.readline() for _ in range(2)]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert first[0].startswith(f"Day {last + 1:02d} is not written yet; opening day {last:02d}"), first
    assert lesson_path(last, ROOT).name in first[1]
