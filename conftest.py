"""Test-suite glue at the repo root.

1. nbval does not read nbdev directives, so cells marked `#| eval: false`,
   `#| slow` or `#| gpu` would run under nbval. We turn them into skips here,
   with the same rule `aicourse nb sync` uses when it executes a notebook.
2. At the end we print the slowest notebooks, so a lesson that outgrows the
   `ci` budget (60 s) is seen at once.
"""
from __future__ import annotations

from collections import defaultdict

import pytest

from aicourse.devtools import NOTEBOOK_BUDGET_S, cell_skip_reason, profile_under_test

_notebook_seconds: dict[str, float] = defaultdict(float)
_notebook_cells: dict[str, int] = defaultdict(int)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    profile = profile_under_test()
    for item in items:
        cell = getattr(item, "cell", None)  # set on nbval's notebook-cell items only
        if cell is None or cell.get("cell_type") != "code":
            continue
        reason = cell_skip_reason(cell.get("source", ""), profile)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _notebook_seconds[path] += report.duration
        if report.when == "call":
            _notebook_cells[path] += 1


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if not _notebook_seconds:
        return
    rows = sorted(_notebook_seconds.items(), key=lambda kv: kv[1], reverse=True)
    tr = terminalreporter
    tr.section(f"slowest notebooks (profile {profile_under_test()}, budget {NOTEBOOK_BUDGET_S:.0f} s each)")
    width = max(len(path) for path, _ in rows)
    tr.write_line(f"{'notebook':<{width}}  {'seconds':>8}  {'cells':>5}")
    for path, seconds in rows[:15]:
        flag = "  OVER BUDGET" if seconds > NOTEBOOK_BUDGET_S else ""
        tr.write_line(f"{path:<{width}}  {seconds:>8.1f}  {_notebook_cells[path]:>5}{flag}")
    tr.write_line(f"{'all ' + str(len(rows)) + ' notebooks':<{width}}  {sum(_notebook_seconds.values()):>8.1f}")
