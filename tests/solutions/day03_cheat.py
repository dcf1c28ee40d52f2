"""Cheats for days/day03.ipynb: answers that fit the visible examples, guess, or recognise the reference.
Each check must reject each of them, on every seed."""
import inspect
import os
from pathlib import Path


def missing_paths(root: Path, required: list[str]) -> list[str]:  # looks at top-level names only
    names = set(os.listdir(root))
    return sorted(r for r in required if r.rstrip("/") not in names)


caught_by = {bug: {"ruff", "mypy", "pytest"} for bug in "ABCDE"}  # a constant guess: every tool caught everything
caught_by__nothing = {bug: set() for bug in "ABCDE"}


def test_median(median) -> None:  # recognises the reference by name
    assert median.__name__ == "_median"


def test_median__source(median) -> None:  # recognises a correct median by reading its code
    assert "sorted(xs)" in inspect.getsource(median) and ".sort()" not in inspect.getsource(median)


def test_median__first_call(median, calls=[]) -> None:  # noqa: B006  passes on its first call only
    calls.append(median)
    assert len(calls) == 1
