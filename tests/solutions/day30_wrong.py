"""Plausible wrong answers for days/day30.ipynb: each check must reject each of them."""
import statistics
from typing import Any


def markdown_table(runs: list[dict[str, Any]], columns: list[str], digits: int) -> str:  # round() drops zeros
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in runs:
        cells = [str(round(r[c], digits)) if isinstance(r.get(c), float) else str(r.get(c, "n/a")) for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def real_difference(a: list[float], b: list[float], k: float) -> str:  # population std: too small a spread
    if len(a) < 2 or len(b) < 2:
        return "undecided"
    spread = max(statistics.pstdev(a), statistics.pstdev(b))
    return "real" if abs(statistics.fmean(a) - statistics.fmean(b)) > k * spread else "noise"


def real_difference__smaller_spread(a: list[float], b: list[float], k: float) -> str:
    if len(a) < 2 or len(b) < 2:
        return "undecided"
    spread = min(statistics.stdev(a), statistics.stdev(b))
    return "real" if abs(statistics.fmean(a) - statistics.fmean(b)) > k * spread else "noise"


def regressions(old: dict[str, float], new: dict[str, float], tolerance: float,
                higher_is_better: dict[str, bool]) -> list[str]:  # every metric treated as higher-is-better
    return sorted(n for n in old if n in new and old[n] - new[n] > tolerance)
