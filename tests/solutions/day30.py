"""Reference solutions for days/day30.ipynb."""
import math
import statistics
from typing import Any


def markdown_table(runs: list[dict[str, Any]], columns: list[str], digits: int) -> str:
    def cell(run: dict[str, Any], column: str) -> str:
        value = run.get(column)
        if column not in run or (isinstance(value, float) and math.isnan(value)):
            return "n/a"
        return f"{value:.{digits}f}" if isinstance(value, float) else str(value)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(r, c) for c in columns) + " |" for r in runs]
    return "\n".join(lines)


def real_difference(a: list[float], b: list[float], k: float) -> str:
    if len(a) < 2 or len(b) < 2:
        return "undecided"
    spread = max(statistics.stdev(a), statistics.stdev(b))
    return "real" if abs(statistics.fmean(a) - statistics.fmean(b)) > k * spread else "noise"


def regressions(old: dict[str, float], new: dict[str, float], tolerance: float,
                higher_is_better: dict[str, bool]) -> list[str]:
    flagged = []
    for name in old:
        if name in new:
            worse = old[name] - new[name] if higher_is_better[name] else new[name] - old[name]
            if worse > tolerance:
                flagged.append(name)
    return sorted(flagged)


def regressions__numpy_style(old, new, tolerance, higher_is_better):  # another correct formulation
    out = []
    for name in sorted(set(old) & set(new)):
        sign = 1 if higher_is_better[name] else -1
        if sign * (new[name] - old[name]) < -tolerance:
            out.append(name)
    return out
