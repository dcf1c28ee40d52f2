"""Checks for days/day03.ipynb: a project-layout checker, which tool caught which bug, tests that catch bugs."""
from __future__ import annotations

import random
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, show

CANDIDATES = ["pyproject.toml", "README.md", "src/", "tests/", "configs/", "scripts/", "configs/base.yaml",
              "tests/test_metrics.py", ".pre-commit-config.yaml", "src/pkg/__init__.py", "src/pkg/"]


def _build(root: Path, files: Sequence[str], folders: Sequence[str]) -> None:
    for rel in folders:
        (root / rel).mkdir(parents=True, exist_ok=True)
    for rel in files:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("")


def _truly_missing(root: Path, required: Sequence[str]) -> list[str]:
    return sorted(r for r in required if not ((root / r).is_dir() if r.endswith("/") else (root / r).is_file()))


@exercise("day03.missing_paths",
          question="Is the path you found the right kind: a folder where the entry ends in '/', a file everywhere else?",
          recipe="for each entry: (root / entry).is_dir() when it ends with '/', else (root / entry).is_file(); "
                 "return the sorted list of those that fail")
def check_missing_paths(missing_paths: Callable[[Path, list[str]], list[str]], rng: random.Random) -> int:
    # Edge cases, every run: (files, folders, required)
    layouts: list[tuple[list[str], list[str], list[str]]] = [
        ([], ["README.md", "src"], ["README.md", "src/"]),  # a folder named like a required file does not count
        (["tests", "README.md"], [], ["tests/", "README.md"]),  # a file named like a required folder does not count
        (["README.md"], ["src/pkg"], ["src/pkg/__init__.py", "src/", "README.md"]),  # the folder exists, the file not
        (["configs/base.yaml", "tests/test_metrics.py"], [], ["tests/test_metrics.py", "configs/base.yaml", "tests/"]),
        ([], [], ["tests/", "README.md", "pyproject.toml", "configs/"]),  # nothing there: all of it, sorted
        (["pyproject.toml"], ["src"], []),  # nothing required
        (["pyproject.toml", "README.md"], ["src", "tests"], ["src/", "README.md", "tests/", "pyproject.toml"]),
    ]
    for _ in range(8):
        present = set(rng.sample(CANDIDATES, rng.randint(0, len(CANDIDATES))))
        folders = [p for p in present if p.endswith("/")]
        files = [p for p in present if not p.endswith("/")]
        # decoys, most runs (the edge cases above have them always): folders named like files, a file named scripts
        for decoy in ("README.md", "tests/test_metrics.py", "pyproject.toml"):
            if not any(p == decoy or p.startswith(decoy + "/") for p in present) and rng.random() < 0.7:
                folders.append(decoy)
        if not any(p.startswith("scripts") for p in present) and not any(d.startswith("scripts") for d in folders):
            files.append("scripts")
        layouts.append((files, folders, rng.sample(CANDIDATES, rng.randint(1, len(CANDIDATES)))))
    for files, folders, required in layouts:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            _build(root, files, folders)
            want = _truly_missing(root, required)
            got = call("missing_paths", missing_paths, root, list(required))
            if not equal(got, want):
                kinds = sorted([f"{f} (file)" for f in files] + [f"{d}/ (folder)" for d in folders])
                question = None
                if isinstance(got, list) and sorted(map(str, got)) == want:
                    question = "Is your list sorted?"
                raise CheckFailed(f"with {', '.join(kinds) or 'an empty folder'} under root, "
                                  f"missing_paths(root, {required}) returned {show(got)}, expected {want}", question)
    return len(layouts)


# The bugs the workbook plants in a scaffolded project, and the tools whose output points at each
TOOLS = ("ruff", "mypy", "pytest")
CAUGHT_BY = {"A": {"ruff"}, "B": {"ruff", "mypy", "pytest"}, "C": {"pytest"}, "D": set(), "E": {"mypy"}}


@exercise("day03.caught_by",
          question="Take the bug's line: which tool's output names that line, or fails a test that runs it?",
          recipe="for each bug, look for its file and line in ruff's and mypy's output, and for a failing test "
                 "whose traceback or assertion comes from that code in pytest's; a bug nothing points at gets set()")
def check_caught_by(caught_by: Any, rng: random.Random) -> int:
    if caught_by is None or (isinstance(caught_by, dict) and all(v is None for v in dict.values(caught_by))):
        raise NotImplementedError
    if not isinstance(caught_by, dict):
        raise CheckFailed(f"caught_by is {show(caught_by)}; write a dict such as {{'A': {{'ruff'}}, ...}}")
    keys = sorted(map(str, dict.keys(caught_by)))
    if keys != sorted(CAUGHT_BY):
        raise CheckFailed(f"caught_by has the keys {keys}; it needs exactly {sorted(CAUGHT_BY)}, one per bug")
    wrong = []
    for bug, want in CAUGHT_BY.items():
        value = dict.__getitem__(caught_by, bug)
        if value is None:
            raise CheckFailed(f"bug {bug} is still None; write the set of tools that caught it (set() for none)")
        if isinstance(value, str) or not isinstance(value, (set, frozenset, list, tuple)):
            raise CheckFailed(f"bug {bug}: {show(value)} is not a set of tool names; write for example {{'ruff'}} or set()")
        names = list(value)
        for name in names:
            if type(name) is not str or name not in TOOLS:
                raise CheckFailed(f"bug {bug}: {show(name)} is not one of the tools {', '.join(TOOLS)}")
        if set(names) != want:
            wrong.append((bug, set(names)))
    if wrong:
        bug, got = wrong[0]
        missed, extra = CAUGHT_BY[bug] - got, got - CAUGHT_BY[bug]
        question = (f"Bug {bug}: {'a tool you left out points at it' if missed else ''}"
                    f"{' and ' if missed and extra else ''}{'a tool you named does not point at it' if extra else ''}. "
                    "Read each tool's output again for that line.")
        raise CheckFailed(f"{len(wrong)} of {len(CAUGHT_BY)} bugs have the wrong tools, the first is bug {bug} "
                          f"(you wrote {sorted(got) or 'set()'})", question)
    return len(CAUGHT_BY)


# Implementations of median, compiled alike: the same name, qualname and module, no source to read,
# a fresh object on every call; so a test can tell them apart only by what they return or raise.
CORRECT = {
    "sorted": """
def median(xs):
    if not xs:
        raise ValueError("median of an empty sequence")
    s, n = sorted(xs), len(xs)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
""",
    "statistics": """
def median(xs):
    import statistics
    if len(xs) == 0:
        raise ValueError("no median of no data")
    return statistics.median(xs)
""",
    "selection": """
def median(xs):
    import heapq
    n = len(xs)
    if n == 0:
        raise ValueError("empty input")
    low = heapq.nsmallest(n // 2 + 1, xs)
    return low[-1] if n % 2 else (low[-2] + low[-1]) / 2
""",
}
MUTANTS = {
    "forgets to sort": """
def median(xs):
    if not xs:
        raise ValueError("median of an empty sequence")
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2
""",
    "takes the upper middle value for even lengths": """
def median(xs):
    if not xs:
        raise ValueError("median of an empty sequence")
    return sorted(xs)[len(xs) // 2]
""",
    "takes the lower middle value for even lengths": """
def median(xs):
    if not xs:
        raise ValueError("median of an empty sequence")
    return sorted(xs)[(len(xs) - 1) // 2]
""",
    "floor-divides the two middle values (//) for even lengths": """
def median(xs):
    if not xs:
        raise ValueError("median of an empty sequence")
    s, n = sorted(xs), len(xs)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) // 2
""",
    "returns the mean of all the values": """
def median(xs):
    if not xs:
        raise ValueError("median of an empty sequence")
    return sum(xs) / len(xs)
""",
    "returns 0.0 for an empty list instead of raising ValueError": """
def median(xs):
    if not xs:
        return 0.0
    s, n = sorted(xs), len(xs)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
""",
    "raises IndexError, not ValueError, for an empty list": """
def median(xs):
    s, n = sorted(xs), len(xs)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
""",
    "sorts the caller's list in place": """
def median(xs):
    if not xs:
        raise ValueError("median of an empty sequence")
    xs.sort()
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2
""",
}
_CODE = {src: compile(src, "<median>", "exec") for src in [*CORRECT.values(), *MUTANTS.values()]}


def _fresh(src: str) -> Callable[[Sequence[float]], float]:
    namespace: dict[str, Any] = {"__name__": "median"}
    exec(_CODE[src], namespace)
    return namespace["median"]


def _where(error: BaseException, test: Any) -> str:
    "Where in the learner's test the failure happened: ' at line N: source'."
    filename = getattr(getattr(test, "__code__", None), "co_filename", None)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    if not frames:
        return ""
    frame = frames[-1]
    return f" at line {frame.lineno}" + (f": {frame.line.strip()}" if frame.line else "")


def _passes(test_median: Callable[[Any], None], src: str) -> BaseException | None:
    "None when the learner's test passes on this median; else what it raised."
    try:
        test_median(_fresh(src))
    except (NotImplementedError, KeyboardInterrupt):
        raise
    except BaseException as e:  # pytest.raises and pytest.fail raise BaseException subclasses
        return e
    return None


@exercise("day03.test_median",
          question="Which input makes this buggy median answer differently from a correct one, and does your test use it?",
          recipe="assert an odd length on unsorted input with skewed values (median([5, 1, 100]) == 5), an even length "
                 "whose middle values have an odd sum (median([4, 1, 3, 10]) == 3.5), that the caller's list is "
                 "unchanged, and pytest.raises(ValueError) for []")
def check_test_median(test_median: Callable[[Any], None], rng: random.Random) -> int:
    correct, mutants = list(CORRECT.values()), list(MUTANTS.items())
    # Correct medians first and last, the rest in a random order: a test that counts its calls cannot pass
    middle = [(None, src) for src in correct] + mutants
    rng.shuffle(middle)
    order = [(None, rng.choice(correct))] + middle + [(None, rng.choice(correct))]
    for bug, src in order:
        error = _passes(test_median, src)
        if bug is None and error is not None:
            raise CheckFailed(f"your test fails on a correct median: {type(error).__name__}{_where(error, test_median)}"
                              + (f" ({error})" if str(error) else ""),
                              "Is the value your test expects right? Work it out by hand: sort, take the middle value, "
                              "or the mean of the two middle values. And does your test look only at what median "
                              "returns or raises?")
        if bug is not None and error is None:
            raise CheckFailed(f"your test passes on a median that {bug}; add a case that catches it")
    return len(order)
