"""Reference solutions for days/day03.ipynb."""
from pathlib import Path

import pytest


def missing_paths(root: Path, required: list[str]) -> list[str]:
    def present(rel: str) -> bool:
        return (root / rel).is_dir() if rel.endswith("/") else (root / rel).is_file()
    return sorted(rel for rel in required if not present(rel))


def test_median(median) -> None:
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5
    data = [5, 3, 9, 1]
    median(data)
    assert data == [5, 3, 9, 1]
    with pytest.raises(ValueError):
        median([])
