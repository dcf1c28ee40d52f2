"""The learner's track: workbook copies, grading, and a progress record that survives upgrades.

Hand-written glue behind `aicourse start / check / progress / today`. Progress is one small JSON
file under the course home. A file we cannot read is reported, never silently reset.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from aicourse.course.content import is_checkout
from aicourse.course.syllabus import DAYS, MINUTES_PER_DAY, PHASES, get_day, lesson_path, phase_of, workbook_path

__all__ = ["PROGRESS_VERSION", "ProgressError", "Progress", "progress_file", "workspace_dir", "workspace_origin",
           "start_day", "grade_workbook", "render_grid", "next_day", "today_text"]

PROGRESS_VERSION = 1
DONE, IN_PROGRESS, NOT_STARTED = "done", "in progress", "not started"


class ProgressError(RuntimeError):
    "The progress file cannot be used; the message says which file and what to do."


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def progress_file() -> Path:
    "Where progress is kept: <course home>/progress.json."
    from aicourse.core import course_home

    return course_home() / "progress.json"


@dataclass
class Progress:
    "Per-day status, read from and written to `path`; unknown keys from newer versions are kept."
    path: Path
    data: dict[str, Any] = field(default_factory=lambda: {"version": PROGRESS_VERSION, "days": {}})

    @classmethod
    def load(cls, path: Path | None = None) -> Progress:
        path = path or progress_file()
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("days"), dict):
                raise ValueError("expected an object with a 'days' object")
            if not isinstance(data.get("version"), int) or data["version"] > PROGRESS_VERSION:
                raise ValueError(f"version {data.get('version')!r}; this aicourse reads up to {PROGRESS_VERSION}")
            for key, entry in data["days"].items():
                if not (key.isdigit() and 1 <= int(key) <= len(DAYS)) or entry.get("status") not in (DONE, IN_PROGRESS):
                    raise ValueError(f"bad entry for day {key!r}: {entry!r}")
        except (ValueError, AttributeError) as e:  # JSONDecodeError is a ValueError
            raise ProgressError(f"{path} is not a readable progress file ({e}). Nothing was changed: fix it, "
                                "or move it away to start a fresh record.") from None
        return cls(path, data)

    def save(self) -> None:
        "Write atomically: a crash mid-write leaves the old file, never half a file."
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".progress-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(self.data, f, indent=1, sort_keys=True)
        os.replace(tmp, self.path)

    def status(self, day: int) -> str:
        return self.data["days"].get(f"{day:02d}", {}).get("status", NOT_STARTED)

    def entry(self, day: int) -> dict[str, Any]:
        return self.data["days"].setdefault(f"{day:02d}", {"status": IN_PROGRESS, "started": _now()})

    def mark_started(self, day: int) -> None:
        self.entry(day)  # a day already done stays done

    def record_check(self, day: int, verdicts: dict[str, str]) -> str:
        "Store a grading result ({exercise: status}); the day is done when every exercise is solved."
        entry = self.entry(day)
        solved = all(status == "solved" for status in verdicts.values()) and bool(verdicts)
        entry.update(checked=_now(), exercises=verdicts)
        if solved:
            entry.setdefault("done", _now())
        entry["status"] = DONE if solved or entry.get("status") == DONE else IN_PROGRESS
        return entry["status"]


def workspace_dir(root: Path | None) -> Path:
    "The learner's workspace: AICOURSE_WORKSPACE, else <checkout `root`>/workspace, else <course home>/workspace."
    if os.environ.get("AICOURSE_WORKSPACE"):
        return Path(os.environ["AICOURSE_WORKSPACE"]).expanduser()
    if root is not None:
        return root / "workspace"
    from aicourse.core import course_home

    return course_home() / "workspace"


def workspace_origin(root: Path | None) -> str:
    "Why `workspace_dir(root)` is where it is, in words for the learner."
    if os.environ.get("AICOURSE_WORKSPACE"):
        return "set by AICOURSE_WORKSPACE"
    if root is not None:
        return "workspace/ of the checkout; AICOURSE_WORKSPACE moves it"
    return "in the course home (AICOURSE_HOME, default ~/.aicourse); AICOURSE_WORKSPACE moves it"


def start_day(day: int, root: Path | None, workspace: Path, overwrite: bool = False) -> tuple[Path, Path | None]:
    """Copy day `day`'s workbook from the course content `root` (default: found) into `workspace`.

    An existing copy is only replaced when `overwrite`, and then backed up first."""
    source = workbook_path(day, root)
    if source is None:
        raise FileNotFoundError(f"day {day:02d} has no workbook in this version of the course yet")
    dest = workspace / source.name
    backup = None
    if dest.exists():
        if not overwrite:
            raise FileExistsError(f"{dest} exists (your work); pass --force to replace it (a backup is kept)")
        backup = dest.with_name(f"{dest.stem}.backup-{datetime.now():%Y%m%d-%H%M%S}{dest.suffix}")
        shutil.copy2(dest, backup)
    workspace.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, dest)
    return dest, backup


def _kernel_config(ipc_dir: Path, kernel_name: str = "python3"):  # -> traitlets Config for nbclient's kernel manager
    """Settings for a private grading kernel that ipykernel does not warn about.

    ipykernel warns on stderr ("Kernel is running over TCP without encryption ...") unless the kernel
    gets CurveZMQ keys or IPC sockets. We give it what the warning asks for: Curve keys when pyzmq and
    the kernel spec support them, else IPC (Unix sockets in `ipc_dir`) where the OS has them. Nothing is
    filtered, so a kernel that fails still says why on stderr."""
    import zmq
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    from jupyter_client.manager import KernelManager
    from traitlets.config import Config

    config = Config()
    try:
        supported = KernelSpecManager().get_kernel_spec(kernel_name).metadata.get("supported_encryption") or []
    except NoSuchKernel:  # nbclient says so when it tries to start one
        return config
    supported = [supported] if isinstance(supported, str) else supported
    curve = zmq.has("curve") and "curve" in {str(s).lower() for s in supported}
    if curve and KernelManager.class_traits().get("transport_encryption") is not None:
        config.KernelManager.transport_encryption = "auto"
    elif os.name == "posix" and zmq.has("ipc"):
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(ipc_dir / "kernel")  # absolute: the kernel runs in the workbook's folder
    return config


def grade_workbook(day: int, path: Path, timeout: int = 600) -> dict[str, tuple[str, str]]:
    "Execute the workbook at `path` in a fresh kernel; return {exercise id: (status, message)} for the day."
    import nbformat
    from nbclient import NotebookClient

    from aicourse.course.checks import exercises_for
    from aicourse.course.util import temp_env

    expected = [e.id for e in exercises_for(day)]
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "verdicts.jsonl"
        with temp_env(AICOURSE_CHECK_REPORT=str(report)):  # the kernel inherits it; checks append to it
            NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                           config=_kernel_config(Path(tmp)),
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        lines = report.read_text(encoding="utf-8").splitlines() if report.exists() else []
    found = {v["exercise"]: (v["status"], v["message"]) for v in map(json.loads, lines)}
    missing = ("not checked", "its check cell did not run: is it still in the workbook, after your code?")
    return {ex: found.get(ex, missing) for ex in expected}


def next_day(progress: Progress) -> int | None:
    "The day to work on: the earliest in progress, else the earliest not done; None when all are done."
    in_progress = [d.number for d in DAYS if progress.status(d.number) == IN_PROGRESS]
    if in_progress:
        return in_progress[0]
    return next((d.number for d in DAYS if progress.status(d.number) != DONE), None)


def render_grid(progress: Progress) -> str:
    "The 90-day grid, ten days a row, with each phase's goal and count."
    mark = {DONE: "[x]", IN_PROGRESS: "[~]", NOT_STARTED: "[ ]"}
    lines = ["Your 90 days    [x] done   [~] in progress   [ ] not started", ""]
    for phase in PHASES:
        days = range(phase.first, phase.last + 1)
        done = sum(progress.status(d) == DONE for d in days)
        lines.append(f"Phase {phase.number}: {phase.title} ({done}/{len(days)} done)")
        lines.append(f"  goal: {phase.goal}")
        for start in range(phase.first, phase.last + 1, 10):
            lines.append("  " + " ".join(f"{d:02d}{mark[progress.status(d)]}" for d in range(start, start + 10)))
        lines.append("")
    total = sum(progress.status(d.number) == DONE for d in DAYS)
    lines.append(f"{total}/{len(DAYS)} days done")
    return "\n".join(lines)


def today_text(progress: Progress, root: Path | None = None) -> str:
    "What to do next: the day, its topic, phase, time, and the commands to run; `root`: the course content."
    number = next_day(progress)
    if number is None:
        return "All 90 days are done. Write your portfolio README, and teach someone else."
    day, phase = get_day(number), phase_of(number)
    lines = [f"Day {number:02d} ({progress.status(number)}): {day.title}",
             f"Phase {phase.number}, {phase.title}. About {MINUTES_PER_DAY} minutes: read and run the lesson, "
             "then solve the workbook."]
    if day.module != "-":
        lines.append(f"Library: {'creates' if day.owner else 'adds to'} aicourse.{day.module}")
    lesson, workbook = lesson_path(number, root), workbook_path(number, root)
    if lesson is None:
        lines.append("This lesson is not written yet in this version of the course; update your checkout "
                     "(git pull) or the package (pip install -U aicourse).")
    elif root is not None and is_checkout(root):
        lines.append(f"Lesson:   {lesson.relative_to(root)}   (make lab opens it)")
    else:
        lines.append(f"Lesson:   {lesson.name}   (aicourse lab opens it)")
    if workbook is not None:
        lines.append(f"Workbook: aicourse start {number:02d}, then aicourse check {number:02d}")
    return "\n".join(lines)
