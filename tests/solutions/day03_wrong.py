"""Plausible wrong answers for days/day03.ipynb: each check must reject each of them, on every seed."""
from pathlib import Path

import pytest


def missing_paths(root: Path, required: list[str]) -> list[str]:  # a folder named like a required file counts
    return sorted(rel for rel in required if not (root / rel).exists())


def missing_paths__unsorted(root: Path, required: list[str]) -> list[str]:  # in the order of `required`
    return [r for r in required if not ((root / r).is_dir() if r.endswith("/") else (root / r).is_file())]


def missing_paths__folders_only(root: Path, required: list[str]) -> list[str]:  # checks the kind of folders only
    return sorted(r for r in required if not ((root / r).is_dir() if r.endswith("/") else (root / r).exists()))


# one tool per bug, as in the lesson, and "the tests would catch a wrong result"
caught_by = {"A": {"ruff"}, "B": {"ruff"}, "C": {"pytest"}, "D": {"pytest"}, "E": {"mypy"}}


def test_median(median) -> None:  # symmetric data only: the mean passes too; no empty list, no mutation check
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5


def test_median__any_error(median) -> None:  # pytest.raises(Exception): IndexError passes too
    assert median([5, 1, 100]) == 5
    assert median([4, 1, 3, 10]) == 3.5
    data = [5, 3, 9, 1]
    median(data)
    assert data == [5, 3, 9, 1]
    with pytest.raises(Exception):  # noqa: B017
        median([])


def test_median__even_sum(median) -> None:  # the middle values sum to an even number: // goes unnoticed
    assert median([5, 1, 100]) == 5
    assert median([4, 1, 2, 10]) == 3
    data = [5, 3, 9, 1]
    median(data)
    assert data == [5, 3, 9, 1]
    with pytest.raises(ValueError):
        median([])
