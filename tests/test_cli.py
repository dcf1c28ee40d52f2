"""The `aicourse` command, run as a learner runs it: a real process, real exit codes."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AICOURSE = [sys.executable, "-m", "aicourse.course.cli"]


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


def test_editable_install_reads_the_checkout_from_any_folder(tmp_path):
    "The checkout's venv has aicourse installed editable: its lessons and workbooks are the checkout's own."
    env = {"AICOURSE_HOME": str(tmp_path / "home"), "AICOURSE_WORKSPACE": str(tmp_path / "ws")}
    today = run("today", env=env, cwd=tmp_path)
    assert today.returncode == 0, today.stderr
    assert "Lesson:   nbs/01_fundamentals/day01_your_machine.ipynb" in today.stdout, today.stdout
    started = run("start", "01", env=env, cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    assert (tmp_path / "ws" / "day01.ipynb").read_bytes() == (ROOT / "days" / "day01.ipynb").read_bytes()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_lab(args: list[str], env: dict[str, str], cwd: Path, port: int) -> tuple[subprocess.Popen, str, str]:
    "Start `args` (an `aicourse lab` command line); return the process, what it printed up to the URL, and the URL."
    proc = subprocess.Popen(args, cwd=cwd, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url, seen, deadline = None, [], time.time() + 120
    while url is None and time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        m = re.fullmatch(rf"    (http://127\.0\.0\.1:{port}/lab/tree/\S+\?token=\w+)", line.rstrip("\n"))
        url = m.group(1) if m else None
    assert url, "aicourse lab printed no URL:\n" + "".join(seen)
    return proc, "".join(seen), url


def fetch(url: str, deadline: float, server: subprocess.Popen | None = None) -> tuple[int, str]:
    "GET `url` (status, body), retrying while the `server` process is alive but not listening yet."
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, ""
        except OSError:
            if server is not None and server.poll() is not None:
                raise AssertionError("JupyterLab exited:\n" + server.stdout.read()) from None
            if time.time() > deadline:
                raise
            time.sleep(0.5)


def assert_url_opens_notebook(url: str, notebook: str, server: subprocess.Popen) -> None:
    "The printed URL answers with the JupyterLab page of `notebook`, and its token reads that notebook."
    deadline = time.time() + 90
    base, _, token = url.partition("?token=")
    assert base.endswith("/lab/tree/" + urllib.parse.quote(notebook)), url
    status, page = fetch(url, deadline, server)
    assert status == 200 and "JupyterLab" in page
    assert f'"treePath": "{notebook}"' in page  # the page opens this notebook, not the launcher
    server = base[:base.index("/lab/tree/")]
    status, body = fetch(f"{server}/api/contents/{urllib.parse.quote(notebook)}?content=0&token={token}", deadline)
    assert status == 200 and json.loads(body)["type"] == "notebook", body
    assert fetch(f"{server}/api/contents/{urllib.parse.quote(notebook)}?content=0", deadline)[0] == 403  # no token


def lab_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
           "AICOURSE_HOME": str(tmp_path / "home"), **extra}  # a new learner: day 01
    env.pop("JUPYTER_TOKEN", None)
    return env


def test_lab_refuses_a_day_without_a_lesson():
    from aicourse.course.syllabus import lesson_path

    missing = [d for d in range(1, 91) if lesson_path(d, ROOT) is None]
    if not missing:
        pytest.skip("every lesson is written")
    result = run("lab", "--day", str(missing[-1]))
    assert result.returncode != 0
    assert f"day {missing[-1]:02d} has no lesson notebook" in result.stdout + result.stderr


def test_lab_prints_a_url_that_opens_day_01(tmp_path):
    "What `make lab` does: a headless JupyterLab whose printed URL opens the day's lesson itself."
    port = free_port()
    proc, seen, url = serve_lab([*AICOURSE, "lab", "--port", str(port)], lab_env(tmp_path), ROOT, port)
    try:
        notebook = "nbs/01_fundamentals/day01_your_machine.ipynb"
        assert f"Opening day 01: {notebook}" in seen
        assert_url_opens_notebook(url, notebook, proc)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_lab_without_jupyterlab_says_what_to_install(tmp_path):
    hide = ("import sys; sys.modules['jupyterlab'] = None; sys.argv = ['aicourse', 'lab']; "
            "from aicourse.course.cli import main; main()")  # as if JupyterLab were not installed
    result = subprocess.run([sys.executable, "-c", hide], capture_output=True, text=True, cwd=ROOT,
                            env=lab_env(tmp_path), timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'pip install "aicourse[lab]"' in result.stderr and "Traceback" not in result.stderr


def test_lab_refuses_a_busy_port(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        result = subprocess.run([*AICOURSE, "lab", "--port", str(sock.getsockname()[1])], capture_output=True,
                                text=True, cwd=ROOT, env=lab_env(tmp_path), timeout=60)
    assert result.returncode == 1 and "choose another with --port" in result.stderr, result.stdout + result.stderr


def test_lab_opens_the_latest_written_lesson_when_your_day_is_not_written(tmp_path):
    from aicourse.course.syllabus import lesson_path

    last = max(d for d in range(1, 91) if lesson_path(d, ROOT))
    if last == 90:
        pytest.skip("every lesson is written")
    home = tmp_path / "home"
    home.mkdir()
    done = {f"{d:02d}": {"status": "done"} for d in range(1, last + 1)}
    (home / "progress.json").write_text(json.dumps({"version": 1, "days": done}))
    proc = subprocess.Popen([*AICOURSE, "lab", "--port", str(free_port())], cwd=ROOT, text=True,
                            env=lab_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        first = [proc.stdout.readline() for _ in range(2)]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert first[0].startswith(f"Day {last + 1:02d} is not written yet; opening day {last:02d}"), first
    assert lesson_path(last, ROOT).name in first[1]
