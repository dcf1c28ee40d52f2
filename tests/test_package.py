"""`pip install aicourse` as a learner gets it: sdist, then a wheel built from that sdist, installed into a
fresh virtual environment, then `aicourse today / start / check / lab` in a folder outside the checkout.

The fresh environment gets the project's dependencies through a .pth file naming this environment's
site-packages (no network); `aicourse` itself must come from the wheel, never from the checkout.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
from test_cli import assert_url_opens_notebook, free_port, serve_lab

ROOT = Path(__file__).resolve().parents[1]
CONTENT = "aicourse/course/_content"
IGNORED = (".git", ".venv", "_docs", "_proc", "build", "dist", "workspace", "*.egg-info", "__pycache__", "*_cache")


def sh(*args: str | Path, **kw) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, **kw)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    "Build the sdist, the wheel from the unpacked sdist, and install the wheel into a fresh venv."
    tmp = tmp_path_factory.mktemp("package")
    assert not tmp.is_relative_to(ROOT)
    dist = tmp / "dist"
    started = time.time()
    # The sdist is built from a copy of the checkout (less its ignored build outputs and environments),
    # so that building it never writes into the working tree (setuptools refreshes aicourse.egg-info).
    checkout = tmp / "checkout"
    shutil.copytree(ROOT, checkout, ignore=shutil.ignore_patterns(*IGNORED))
    sh(sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", dist, checkout)
    (sdist,) = dist.glob("aicourse-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = tar.getnames()
        tar.extractall(tmp / "src", filter="data")
    (source,) = (tmp / "src").iterdir()
    sh(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, source)
    (wheel,) = dist.glob("aicourse-*.whl")
    venv = tmp / "venv"
    sh(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    sh(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel)
    # Only now make the project's dependencies visible (so pip above saw an empty environment).
    site = Path(sh(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "project-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "JUPYTER_TOKEN", "AICOURSE_WORKSPACE")}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env['PATH']}", VIRTUAL_ENV=str(venv),
               AICOURSE_HOME=str(tmp / "home"), AICOURSE_WORKSPACE=str(tmp / "ws"),
               JUPYTER_DATA_DIR=str(tmp / "jupyter-data"), JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"),
               JUPYTER_RUNTIME_DIR=str(tmp / "jupyter-runtime"))
    learner = tmp / "learner"  # any folder outside the checkout
    learner.mkdir()
    print(f"sdist + wheel + venv in {time.time() - started:.1f}s; wheel {wheel.stat().st_size / 1000:.0f} kB")
    return {"sdist_names": names, "wheel": wheel, "venv": venv, "env": env, "cwd": learner, "tmp": tmp}


def aicourse(installed, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([installed["venv"] / "bin" / "aicourse", *args], capture_output=True, text=True,
                          cwd=installed["cwd"], env=installed["env"], stdin=subprocess.DEVNULL, timeout=300)


def test_sdist_and_wheel_hold_what_a_learner_needs(installed):
    names = installed["sdist_names"]
    top = names[0].split("/")[0]
    for needed in ("settings.ini", "setup.py", "README.md", "LICENSE", "days/day01.ipynb", "nbs/index.ipynb"):
        assert f"{top}/{needed}" in names, needed
    with zipfile.ZipFile(installed["wheel"]) as whl:
        files = whl.namelist()
        metadata = whl.read(next(f for f in files if f.endswith(".dist-info/METADATA"))).decode()
    assert not [f for f in files if f.startswith("tests/") or "/tests/" in f]
    assert "aicourse/py.typed" in files
    assert any(f.endswith(".dist-info/licenses/LICENSE") for f in files)
    lessons = {p.relative_to(ROOT).as_posix() for p in ROOT.glob("nbs/**/*.ipynb") if ".ipynb_checkpoints" not in p.parts}
    workbooks = {p.relative_to(ROOT).as_posix() for p in ROOT.glob("days/*.ipynb")}
    assert {f"{CONTENT}/{p}" for p in lessons | workbooks} <= set(files)
    assert f"{CONTENT}/nbs/01_fundamentals/day01_your_machine.ipynb" in files
    requires = {re.match(r"Requires-Dist: ([\w.-]+)", line).group(1).lower() for line in metadata.splitlines()
                if line.startswith("Requires-Dist:") and "extra ==" not in line}  # the base requirements
    assert {"nbclient", "nbformat", "ipykernel", "typer", "torch"} <= requires
    assert not requires & {"rich", "packaging", "nbdev", "jupyterlab", "transformers"}, requires
    assert "License-Expression: Apache-2.0" in metadata


def test_installed_copy_is_the_one_imported(installed):
    python = installed["venv"] / "bin" / "python"
    out = subprocess.run([python, "-c", "import aicourse, aicourse.course.content as c; "
                          "print(aicourse.__file__); print(c.content_root())"],
                         capture_output=True, text=True, cwd=installed["cwd"], env=installed["env"], timeout=60)
    module, content = out.stdout.split()
    assert Path(module).is_relative_to(installed["venv"]), out.stdout + out.stderr
    assert Path(content).is_relative_to(installed["venv"]) and Path(content).name == "_content"


def test_learner_loop_outside_the_checkout(installed):
    today = aicourse(installed, "today")
    assert today.returncode == 0, today.stderr
    assert today.stdout.startswith("Day 01 (not started): Your machine"), today.stdout
    assert "Lesson:   day01_your_machine.ipynb" in today.stdout and "not written yet" not in today.stdout

    started = aicourse(installed, "start", "01")
    assert started.returncode == 0, started.stderr
    workspace = Path(installed["env"]["AICOURSE_WORKSPACE"])
    copy = workspace / "day01.ipynb"
    with zipfile.ZipFile(installed["wheel"]) as whl:
        assert copy.read_bytes() == whl.read(f"{CONTENT}/days/day01.ipynb")
    assert f"Workspace: {workspace} (set by AICOURSE_WORKSPACE)" in started.stdout

    nb = json.loads(copy.read_text())  # the learner's work: still a notebook, now with something of theirs
    nb["metadata"]["learner_note"] = "my work"
    copy.write_text(json.dumps(nb))
    again = aicourse(installed, "start", "01")
    assert again.returncode == 1 and "kept your copy" in again.stderr
    assert json.loads(copy.read_text())["metadata"]["learner_note"] == "my work"

    checked = aicourse(installed, "check", "01")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "TODO  day01.seeded_shuffle: not solved yet" in checked.stdout
    assert "recorded as in progress" in checked.stdout
    assert checked.stderr == "", checked.stderr  # no kernel transport warnings, nothing else either

    assert "01[~]" in aicourse(installed, "progress").stdout


def test_lab_copies_the_lesson_into_the_workspace(installed):
    workspace = Path(installed["env"]["AICOURSE_WORKSPACE"])
    port = free_port()
    command = [str(installed["venv"] / "bin" / "aicourse"), "lab", "--day", "1", "--port", str(port)]
    proc, seen, url = serve_lab(command, installed["env"], installed["cwd"], port)
    try:
        assert f"Copied the lesson into your workspace: {workspace / 'day01_your_machine.ipynb'}" in seen
        assert_url_opens_notebook(url, "day01_your_machine.ipynb", proc)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    lesson = workspace / "day01_your_machine.ipynb"
    lesson.write_text(lesson.read_text().replace("Day 01", "Day 01 (my notes)", 1))
    mine = lesson.read_text()
    port = free_port()
    command[-1] = str(port)
    proc, seen, url = serve_lab(command, installed["env"], installed["cwd"], port)
    try:
        assert "kept as it is" in seen
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert lesson.read_text() == mine
