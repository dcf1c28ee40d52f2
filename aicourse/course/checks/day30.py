"""Checks for days/day30.ipynb: render runs as a Markdown table, decide whether an ablation's difference
is real against the seed spread, and flag the metrics that regressed between two runs."""
from __future__ import annotations

import math
import random
import statistics
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, show


def _cell(value: Any, digits: int) -> str:
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:.{digits}f}"
    return str(value)


def _table(runs: list[dict[str, Any]], columns: list[str], digits: int) -> list[list[str]]:
    return [list(columns)] + [[_cell(r[c], digits) if c in r else "n/a" for c in columns] for r in runs]


def _parse(text: Any, columns: list[str]) -> list[list[str]]:
    "The cells of a Markdown table, stripped; the separator line checked and dropped."
    if not isinstance(text, str):
        raise CheckFailed(f"markdown_table returned {type(text).__name__}, expected a str")
    lines = [line.strip() for line in text.strip("\n").split("\n")]
    for line in lines:
        if not (line.startswith("|") and line.endswith("|") and len(line) >= 2):
            raise CheckFailed(f"every line must start and end with '|': {line!r}")
    rows = [[cell.strip() for cell in line[1:-1].split("|")] for line in lines]
    if len(rows) < 2:
        raise CheckFailed(f"a table needs a header line and a separator line, got {text!r}")
    separator = rows.pop(1)
    if len(separator) != len(columns) or not all(c.strip(":") and set(c.strip(":")) == {"-"} and len(c.strip(":")) >= 3
                                                 for c in separator):
        raise CheckFailed(f"the second line must be the separator, one '---' per column: {lines[1]!r}")
    return rows


def _value(rng: random.Random) -> Any:
    kind = rng.random()
    if kind < 0.55:
        return rng.uniform(-5, 5) * 10 ** rng.randint(-3, 4)
    if kind < 0.7:
        return rng.randint(0, 20_000)
    if kind < 0.8:
        return rng.choice(["frozen", "fine-tuned", "augment=True", "resnet18"])
    if kind < 0.9:
        return float("nan")
    return rng.choice([True, False])


@exercise("day30.markdown_table",
          question="Do you follow `columns` (not the dicts' own key order), format every float with exactly `digits` "
                   "decimals (0.5 with 3 digits is 0.500), keep ints and strings as they are, and write 'n/a' for a "
                   "missing key or a NaN?",
          recipe='lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]; for each run: '
                 'cells = ["n/a" if c not in r or (isinstance(r[c], float) and math.isnan(r[c])) else '
                 'f"{r[c]:.{digits}f}" if isinstance(r[c], float) else str(r[c]) for c in columns]; '
                 'return "\\n".join(lines)')
def check_markdown_table(markdown_table: Callable[..., Any], rng: random.Random) -> int:
    cases = [
        ([{"run": "a", "acc": 0.5, "n": 3}], ["acc", "run", "n"], 3),          # columns != dict order; 0.500
        ([{"run": "a", "acc": 0.25}, {"run": "b"}], ["run", "acc"], 2),       # a missing key
        ([{"run": "x", "acc": float("nan"), "params": 5130}], ["run", "params", "acc"], 1),  # NaN; an int stays an int
        ([], ["run", "val accuracy"], 3),                                     # no runs: header and separator only
        ([{"run": "z", "s": 12.0, "ok": True}], ["ok", "s"], 0),              # 0 digits: 12; a bool
        ([{"run": "m", "loss": -0.0312}], ["loss"], 2),
    ]
    for _ in range(10):
        columns = rng.sample(["run", "backbone", "seed", "val_accuracy", "macro_f1", "images_per_s", "params"],
                             rng.randint(1, 5))
        keys = columns + ["extra"]
        runs = [{k: _value(rng) for k in rng.sample(keys, len(keys)) if rng.random() < 0.9}
                for _ in range(rng.randint(1, 5))]
        cases.append((runs, columns, rng.randint(0, 4)))
    for runs, columns, digits in cases:
        want = _table(runs, columns, digits)
        got = call("markdown_table", markdown_table, [dict(r) for r in runs], list(columns), digits)
        rows = _parse(got, columns)
        if not equal(rows, want):
            raise CheckFailed(f"markdown_table({show(runs)}, {show(columns)}, {digits}) returned\n{got}\nexpected the "
                              f"cells {show(want)}")
    return len(cases)


def _decide(a: list[float], b: list[float], k: float) -> str:
    if len(a) < 2 or len(b) < 2:
        return "undecided"
    spread = max(statistics.stdev(a), statistics.stdev(b))
    return "real" if abs(statistics.fmean(a) - statistics.fmean(b)) > k * spread else "noise"


@exercise("day30.real_difference",
          question="Do you answer 'undecided' when either side has fewer than 2 runs, use the SAMPLE standard "
                   "deviation (statistics.stdev, dividing by n - 1), take the LARGER of the two spreads, and "
                   "multiply it by the k you are given?",
          recipe='if len(a) < 2 or len(b) < 2: return "undecided"; spread = max(statistics.stdev(a), '
                 'statistics.stdev(b)); return "real" if abs(statistics.fmean(a) - statistics.fmean(b)) > k * spread '
                 'else "noise"')
def check_real_difference(real_difference: Callable[..., Any], rng: random.Random) -> int:
    cases = [
        ([0.41], [0.43], 2.0),                       # one seed each: undecided
        ([0.40, 0.42], [0.50], 2.0),                 # one side has one seed
        ([0.0, 2.0], [2.5, 2.5], 2.0),               # sample std 1.41 -> noise; the population std (1.0) says real
        ([1.0, 1.0, 1.0], [1.2, 1.2, 1.2], 2.0),     # no spread at all: any difference is real
        ([1.0, 1.0], [1.0, 1.0], 2.0),               # no spread and no difference: noise
        ([0.0, 0.2], [1.0, 3.0], 2.0),               # the larger spread is b's (1.41): noise; a's (0.14) says real
        ([0.0, 1.0], [3.0, 4.0], 3.0),               # k=3: 3 > 2.12 real; and with k=5 below: noise
        ([0.0, 1.0], [3.0, 4.0], 5.0),
        ([5.0, 6.0, 7.0], [1.0, 2.0, 3.0], 0.0),     # k=0: any difference is real
    ]
    for _ in range(12):
        a = [round(rng.gauss(0.5, 0.05), 4) for _ in range(rng.randint(1, 5))]
        shift = rng.choice([0.0, 0.02, 0.08, 0.3])
        b = [round(rng.gauss(0.5 + shift, rng.choice([0.01, 0.05, 0.1])), 4) for _ in range(rng.randint(1, 5))]
        cases.append((a, b, rng.choice([1.0, 2.0, 2.5, 3.0])))
    for a, b, k in cases:
        want = _decide(a, b, k)
        for x, y in ((a, b), (b, a)):
            got = call("real_difference", real_difference, list(x), list(y), k)
            if not equal(got, want):
                raise CheckFailed(f"real_difference({show(x)}, {show(y)}, k={k}) returned {show(got)}, "
                                  f"expected {want!r}")
    return 2 * len(cases)


def _regressions(old: dict[str, float], new: dict[str, float], tolerance: float,
                 higher_is_better: dict[str, bool]) -> list[str]:
    out = []
    for name in old.keys() & new.keys():
        worse = old[name] - new[name] if higher_is_better[name] else new[name] - old[name]
        if worse > tolerance:
            out.append(name)
    return sorted(out)


NAMES = {"val_accuracy": True, "macro_f1": True, "images_per_s": True, "val_loss": False, "train_seconds": False,
         "ece": False, "f1_cat": True, "latency_ms": False}


@exercise("day30.regressions",
          question="Do you look at the direction of each metric (a LOWER loss or time is better), flag only a "
                   "change for the worse by MORE than the tolerance, skip metrics missing from either run, and "
                   "return the names sorted?",
          recipe="worse = old[m] - new[m] if higher_is_better[m] else new[m] - old[m]; flag m when worse > tolerance; "
                 "loop over the metrics in both runs; return sorted(flagged)")
def check_regressions(regressions: Callable[..., Any], rng: random.Random) -> int:
    hib = dict(NAMES)
    cases = [
        ({"val_accuracy": 0.75, "val_loss": 0.5}, {"val_accuracy": 0.5, "val_loss": 0.75}, 0.25, hib),  # exactly at tol
        ({"val_accuracy": 0.75, "val_loss": 0.5}, {"val_accuracy": 0.25, "val_loss": 1.0}, 0.25, hib),  # both worse
        ({"val_loss": 1.0, "train_seconds": 10.0}, {"val_loss": 0.5, "train_seconds": 5.0}, 0.0, hib),  # both better
        ({"val_accuracy": 0.5, "ece": 0.125}, {"val_accuracy": 0.5}, 0.0, hib),          # ece only in the old run
        ({"macro_f1": 0.5, "latency_ms": 20.0}, {"macro_f1": 0.5, "latency_ms": 20.5, "ece": 0.5}, 0.25, hib),
        ({}, {"val_accuracy": 0.5}, 0.0, hib),
    ]
    for _ in range(12):
        names = rng.sample(sorted(NAMES), rng.randint(1, len(NAMES)))
        old = {n: rng.randint(0, 64) / 64 for n in names}
        new = {n: v + rng.choice([-1, 1]) * rng.randint(0, 24) / 64 for n, v in old.items() if rng.random() < 0.9}
        if rng.random() < 0.3:
            new[rng.choice(sorted(NAMES))] = 0.5
        cases.append((old, new, rng.randint(0, 8) / 64, hib))
    for old, new, tolerance, higher in cases:
        want = _regressions(old, new, tolerance, higher)
        got = call("regressions", regressions, dict(old), dict(new), tolerance, dict(higher))
        if not equal(got, want):
            directions = {n: higher[n] for n in sorted(old.keys() | new.keys())}
            raise CheckFailed(f"regressions({show(old)}, {show(new)}, tolerance={tolerance}, higher_is_better="
                              f"{show(directions)}) returned {show(got)}, expected {want!r}")
    return len(cases)
