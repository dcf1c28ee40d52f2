"""Reference solutions for days/day03.ipynb (`name__variant`: another answer the statement allows)."""
import os
from pathlib import Path

import pytest


def missing_paths(root: Path, required: list[str]) -> list[str]:
    def present(rel: str) -> bool:
        return (root / rel).is_dir() if rel.endswith("/") else (root / rel).is_file()
    return sorted(rel for rel in required if not present(rel))


def missing_paths__os_path(root: Path, required: list[str]) -> list[str]:
    check = {True: os.path.isdir, False: os.path.isfile}
    return sorted(r for r in required if not check[r.endswith("/")](os.path.join(root, r)))


caught_by = {"A": {"ruff"}, "B": {"ruff", "mypy", "pytest"}, "C": {"pytest"}, "D": set(), "E": {"mypy"}}
caught_by__lists = {"A": ["ruff"], "B": ["pytest", "mypy", "ruff"], "C": ["pytest"], "D": [], "E": ("mypy",)}


def test_median(median) -> None:
    assert median([5, 1, 100]) == 5  # odd length, unsorted, skewed: the mean would be 35.33
    assert median([4, 1, 3, 10]) == 3.5  # even length: the mean of 3 and 4, whose sum is odd
    assert median([7]) == 7
    data = [5, 3, 9, 1]
    median(data)
    assert data == [5, 3, 9, 1]  # the caller's list is unchanged
    with pytest.raises(ValueError):
        median([])


def test_median__loop(median) -> None:
    cases = {(2, 9, 1): 2, (10, 0, 1, 3): 2.0, (8, 2, 6, 100): 7.0, (1, 1): 1.0, (4, 1): 2.5}
    for xs, want in cases.items():
        data = list(xs)
        assert median(data) == want, xs
        assert data == list(xs)
    try:
        median([])
    except ValueError:
        pass
    else:
        raise AssertionError("median([]) should raise ValueError")
