"""How long the notebook suite takes, serial against pytest-xdist, and what that projects to at 90 days.

Run with `.venv/bin/python tests/bench/suite.py` (about 3 minutes on 2 cores). It runs every notebook
of nbs/ and days/ under nbval in the `ci` profile three ways: serially; with `-n auto --dist loadfile`
(one file per worker); and the same with one torch thread per worker (what `make test` runs). It
prints a Markdown table, seconds per notebook, and a projection of CI at 90 lessons + 90 workbooks,
and writes them to tests/bench/SUITE.md.
"""
from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
NBVAL = ["--nbval-lax", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "-p", "no:cacheprovider"]
ROW = re.compile(r"^(\S+\.ipynb)\s+([\d.]+)\s+(\d+)", re.M)


def run(extra: list[str], env: dict[str, str]) -> tuple[float, dict[str, float]]:
    "Wall seconds of one nbval run over nbs/ and days/, and the seconds of each notebook."
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", *extra, *NBVAL, "nbs", "days"], cwd=ROOT,
                          env={**os.environ, "AICOURSE_PROFILE": "ci", **env}, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"the suite failed:\n{done.stdout[-3000:]}")
    return wall, {m.group(1): float(m.group(2)) for m in ROW.finditer(done.stdout)}


def main() -> None:
    one_thread = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    modes = {"serial": ([], {}), "xdist -n auto": (["-n", "auto", "--dist", "loadfile"], {}),
             "xdist -n auto, 1 thread per worker": (["-n", "auto", "--dist", "loadfile"], one_thread)}
    results = {name: run(extra, env) for name, (extra, env) in modes.items()}
    lines = ["| mode | wall seconds | sum of notebook seconds |", "|---|---:|---:|"]
    for name, (wall, per_nb) in results.items():
        lines.append(f"| {name} | {wall:.1f} | {sum(per_nb.values()):.1f} |")
    wall, per_nb = results["xdist -n auto, 1 thread per worker"]
    lines += ["", "Seconds per notebook (1 thread per worker):", "", "| notebook | seconds |", "|---|---:|"]
    lines += [f"| {nb} | {s:.1f} |" for nb, s in sorted(per_nb.items(), key=lambda kv: -kv[1])]
    lessons = [s for nb, s in per_nb.items() if nb.startswith("nbs/") and "/day" in nb]
    workbooks = [s for nb, s in per_nb.items() if nb.startswith("days/")]
    mean_lesson, mean_workbook = sum(lessons) / len(lessons), sum(workbooks) / len(workbooks)
    speedup = sum(per_nb.values()) / wall
    workers = os.cpu_count() or 1
    # later lessons train real models: project both today's mean and the worst case the budget allows
    for label, lesson_s in [("at today's mean per lesson", mean_lesson), ("if every lesson used 40 s", 40.0)]:
        serial = 90 * lesson_s + 90 * mean_workbook
        lines.append(f"\nProjection {label}: 90 x {lesson_s:.1f} s + 90 workbooks x {mean_workbook:.1f} s = "
                     f"{serial / 60:.0f} min of notebooks, about {serial / min(speedup, workers) / 60:.0f} min on "
                     f"{workers} cores (measured speed-up {speedup:.2f}x)")
    machine = f"{platform.machine()}, {workers} cores, Python {platform.python_version()}"
    report = f"# Notebook suite: serial against xdist\n\nMachine: {machine}\n\n" + "\n".join(lines) + "\n"
    print(report)
    (HERE / "SUITE.md").write_text(report)


if __name__ == "__main__":
    main()
