"""Benchmarks of the foundation: import cost and offline-model load times.

Run with `make bench` (add `--full` to also time the one-off GGUF conversion, about 40 s).
Prints a Markdown table and writes it to tests/bench/RESULTS.md with the machine it ran on.
"""
from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import torch

HERE = Path(__file__).parent


def seconds(code: str, repeats: int = 5, env: dict[str, str] | None = None) -> float:
    "Median wall time of `code` (which prints its own timing) in fresh interpreters."
    times = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


TIMED = "import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"
LOAD = ("from aicourse.course.assets import smollm2_path; p = smollm2_path(); "
        "from transformers import AutoModelForCausalLM; import time; "
        "t = time.perf_counter(); AutoModelForCausalLM.from_pretrained(p); first = time.perf_counter() - t; "
        "t = time.perf_counter(); AutoModelForCausalLM.from_pretrained(p); print(first); print(time.perf_counter() - t)")


def main(full: bool = False) -> None:
    rows = [
        ("import aicourse", seconds(TIMED.format(stmt="import aicourse"))),
        ("import aicourse.core", seconds(TIMED.format(stmt="import aicourse.core"))),
        ("import torch (for scale)", seconds(TIMED.format(stmt="import torch"), repeats=3)),
    ]
    out = subprocess.run([sys.executable, "-c", LOAD], capture_output=True, text=True, check=True).stdout.split()
    rows += [("SmolLM2 load from cache, first in process", float(out[-2])),
             ("SmolLM2 load from cache, second in process", float(out[-1]))]
    if full:
        with tempfile.TemporaryDirectory() as cache:
            code = TIMED.format(stmt="from aicourse.course.assets import smollm2_path; smollm2_path()")
            import os
            rows.append(("SmolLM2 GGUF -> safetensors conversion (once)",
                         seconds(code, repeats=1, env={**os.environ, "AICOURSE_CACHE_DIR": cache})))
    machine = (f"{platform.processor() or platform.machine()}, {torch.get_num_threads()} threads, "
               f"Python {platform.python_version()}, torch {torch.__version__}")
    table = ["| what | seconds |", "|---|---:|"] + [f"| {name} | {value:.3f} |" for name, value in rows]
    report = f"# Foundation benchmarks\n\nMachine: {machine}\n\n" + "\n".join(table) + "\n"
    print(report)
    (HERE / "RESULTS.md").write_text(report)


if __name__ == "__main__":
    main(full="--full" in sys.argv)
