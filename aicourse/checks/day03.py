"""Checks for days/day03.ipynb: a project-layout checker, and tests that catch bugs."""
from __future__ import annotations

import random
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from aicourse.checks import CheckFailed, exercise


@exercise("day03.missing_paths",
          hint="for each required path, check (root / path).is_dir() when it ends with '/', else .is_file(); sort")
def check_missing_paths(missing_paths: Callable[[Path, list[str]], list[str]]) -> int:
    rng, cases = random.Random(), 0
    candidates = ["pyproject.toml", "README.md", "src/", "tests/", "configs/", "scripts/", "configs/base.yaml",
                  "tests/test_metrics.py", ".pre-commit-config.yaml", "src/pkg/__init__.py"]
    for _ in range(8):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            present = set(rng.sample(candidates, rng.randint(0, len(candidates))))
            for rel in present:
                target = root / rel
                if rel.endswith("/"):
                    target.mkdir(parents=True, exist_ok=True)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text("")
            decoy = rng.choice(["README.md", "tests/test_metrics.py"])  # a folder where a file is required
            if decoy not in present and not any(p.startswith(decoy) for p in present):
                (root / decoy).mkdir(parents=True, exist_ok=True)
            required = rng.sample(candidates, rng.randint(1, len(candidates)))
            want = sorted(r for r in required if not ((root / r).is_dir() if r.endswith("/") else (root / r).is_file()))
            got = missing_paths(root, list(required))
            if got != want:
                raise CheckFailed(f"with {sorted(p for p in present)} present, required {required} -> "
                                  f"you returned {got!r}, expected {want!r}")
            cases += 1
    return cases


def _median(xs: Sequence[float]) -> float:
    if not xs:
        raise ValueError("median of an empty sequence")
    s, n = sorted(xs), len(xs)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def _no_sort(xs: Sequence[float]) -> float:
    if not xs:
        raise ValueError("median of an empty sequence")
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def _upper_middle(xs: Sequence[float]) -> float:
    if not xs:
        raise ValueError("median of an empty sequence")
    return sorted(xs)[len(xs) // 2]


def _empty_is_zero(xs: Sequence[float]) -> float:
    return _median(xs) if xs else 0.0


def _sorts_in_place(xs: Any) -> float:
    if not xs:
        raise ValueError("median of an empty sequence")
    xs.sort()
    return _median(xs)


MUTANTS = {"forgets to sort": _no_sort, "takes the upper middle for even lengths": _upper_middle,
           "returns 0.0 for an empty list instead of raising ValueError": _empty_is_zero,
           "sorts the caller's list in place": _sorts_in_place}


@exercise("day03.test_median",
          hint="test an odd and an even length, unsorted input, the empty list (pytest.raises) and that the input is unchanged")
def check_test_median(test_median: Callable[[Callable[[Sequence[float]], float]], None]) -> int:
    # pytest.raises and pytest.fail signal failure with BaseException subclasses, so catch those too
    try:
        test_median(_median)
    except (NotImplementedError, KeyboardInterrupt):
        raise
    except BaseException as e:
        raise CheckFailed(f"your test fails on a correct median ({type(e).__name__}: {e})") from None
    for bug, mutant in MUTANTS.items():
        try:
            test_median(mutant)
        except (NotImplementedError, KeyboardInterrupt):
            raise
        except BaseException:
            continue  # caught the bug
        raise CheckFailed(f"your test passes on a median that {bug}; add a case that catches it")
    return 1 + len(MUTANTS)
