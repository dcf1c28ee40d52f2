"""Cheats for days/day30.ipynb: answers that fit the visible examples or ignore a stated rule."""
import math
import statistics
from typing import Any


def markdown_table(runs: list[dict[str, Any]], columns: list[str], digits: int) -> str:  # ignores `columns`' order
    order = list(runs[0]) if runs else list(columns)
    order = [c for c in order if c in columns] + [c for c in columns if c not in order]

    def cell(run: dict[str, Any], column: str) -> str:
        value = run.get(column)
        if column not in run or (isinstance(value, float) and math.isnan(value)):
            return "n/a"
        return f"{value:.{digits}f}" if isinstance(value, float) else str(value)
    lines = ["| " + " | ".join(order) + " |", "|" + "---|" * len(order)]
    lines += ["| " + " | ".join(cell(r, c) for c in order) + " |" for r in runs]
    return "\n".join(lines)


def real_difference(a: list[float], b: list[float], k: float) -> str:  # ignores k: always twice the spread
    if len(a) < 2 or len(b) < 2:
        return "undecided"
    spread = max(statistics.stdev(a), statistics.stdev(b))
    return "real" if abs(statistics.fmean(a) - statistics.fmean(b)) > 2 * spread else "noise"


def regressions(old: dict[str, float], new: dict[str, float], tolerance: float,
                higher_is_better: dict[str, bool]) -> list[str]:  # ignores the tolerance
    return sorted(n for n in old if n in new and (new[n] < old[n] if higher_is_better[n] else new[n] > old[n]))
