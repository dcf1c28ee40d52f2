"""Checks for days/day29.ipynb: reading a profile, deciding whether the loader is the bottleneck, Amdahl's law,
and when torch.compile pays for itself."""
from __future__ import annotations

import math
import random
from collections.abc import Callable

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show

OPS = ["aten::convolution_backward", "aten::mkldnn_convolution", "aten::native_batch_norm", "aten::addmm",
       "aten::max_pool2d_with_indices", "aten::add_", "aten::mul_", "aten::relu", "aten::copy_", "aten::mm"]


def _hotspot(rows: list[tuple[str, float]]) -> tuple[str, float]:
    totals: dict[str, float] = {}
    for op, ms in rows:
        totals[op] = totals.get(op, 0.0) + ms
    op = max(totals, key=totals.__getitem__)
    return op, totals[op] / sum(totals.values())


def _rows(rng: random.Random) -> list[tuple[str, float]]:
    "A shuffled trace with repeated ops, where summing the repeats changes the winner, and no near-tie."
    while True:
        names = rng.sample(OPS, rng.randint(3, 7))
        rows = [(op, round(rng.uniform(0.05, 5.0), 3)) for op in names for _ in range(rng.randint(1, 6))]
        rng.shuffle(rows)
        totals = sorted((sum(ms for o, ms in rows if o == op) for op in names), reverse=True)
        single = max(rows, key=lambda r: r[1])[0]
        if totals[0] > 1.05 * totals[1] and single != _hotspot(rows)[0]:
            return rows


@exercise("day29.hotspot",
          question="Does an op that appears in many rows (one per call) count once per row, or do you add up its rows "
                   "first? And is the share divided by the total self time of ALL rows?",
          recipe="totals = {}; for op, ms in rows: totals[op] = totals.get(op, 0) + ms; top = max(totals, "
                 "key=totals.get); return top, totals[top] / sum(totals.values()) (ValueError when rows is empty)")
def check_hotspot(hotspot: Callable, rng: random.Random) -> int:
    cases = [[("aten::mm", 3.0)], [("a", 1.0), ("b", 3.0)], [("a", 2.0), ("b", 3.0), ("a", 2.0)],
             [("aten::add_", 0.1)] * 30 + [("aten::mm", 2.0)], [("x", 0.0), ("y", 4.0), ("x", 1.0)]]
    cases += [_rows(rng) for _ in range(25)]
    for rows in cases:
        got = call("hotspot", hotspot, list(rows))
        want = _hotspot(rows)
        ok = (isinstance(got, (tuple, list)) and len(got) == 2 and equal(got[0], want[0])
              and isinstance(got[1], (int, float)) and not isinstance(got[1], bool)
              and math.isclose(got[1], want[1], rel_tol=1e-9, abs_tol=1e-12))
        if not ok:
            question = None
            if isinstance(got, (tuple, list)) and len(got) == 2 and got[0] == max(rows, key=lambda r: r[1])[0] != want[0]:
                question = "You picked the single slowest row. The same op appears once per call: add its rows up first."
            elif isinstance(got, (tuple, list)) and len(got) == 2 and got[0] == rows[0][0] != want[0]:
                question = "The rows are not sorted: is the first row always the hotspot?"
            raise CheckFailed(f"hotspot({show(rows)}) returned {show(got)}, expected {want[0]!r} with share "
                              f"{want[1]:.4f}", question)
    error = raised(hotspot, [])
    if not isinstance(error, ValueError):
        raise CheckFailed(f"hotspot([]) should raise ValueError; it "
                          f"{'returned' if error is None else 'raised ' + type(error).__name__}",
                          "What is the hotspot of an empty profile?")
    return len(cases) + 1


def _advice(data_ms: float, compute_ms: float, decodes_files: bool, free_cores: int, threshold: float = 0.2) -> str:
    if data_ms / (data_ms + compute_ms) <= threshold:
        return "model"
    if decodes_files:
        return "cache"
    return "workers" if free_cores >= 2 else "batch"


@exercise("day29.loader_advice",
          question="Is the loader's part the SHARE data_ms / (data_ms + compute_ms), compared with threshold (at most "
                   "threshold: 'model')? And do you apply the fixes in the stated order: cache, then workers, then batch?",
          recipe="ValueError if a time is negative or both are 0; share = data_ms / (data_ms + compute_ms); "
                 "'model' if share <= threshold; else 'cache' if decodes_files; else 'workers' if free_cores >= 2; "
                 "else 'batch'")
def check_loader_advice(advice: Callable, rng: random.Random) -> int:
    cases = [((20.0, 80.0, True, 8), {}), ((30.0, 70.0, True, 8), {}), ((30.0, 70.0, False, 8), {}),
             ((30.0, 70.0, False, 1), {}), ((30.0, 70.0, False, 2), {}), ((30.0, 70.0, False, 0), {}),
             ((15.0, 60.0, True, 4), {}),  # share 0.2 exactly, ratio 0.25: 'model'
             ((15.0, 60.0, True, 4), {"threshold": 0.1}), ((60.0, 40.0, True, 4), {"threshold": 0.7}),
             ((0.0, 50.0, False, 4), {}), ((10.0, 0.0, False, 1), {}), ((12.0, 50.0, True, 16), {})]
    for _ in range(40):
        compute = rng.uniform(1, 200)
        share = rng.choice([rng.uniform(0.0, 0.19), rng.uniform(0.21, 0.95), rng.uniform(0.17, 0.24)])
        data = compute * share / (1 - share)
        kwargs = {"threshold": round(rng.uniform(0.05, 0.6), 2)} if rng.random() < 0.3 else {}
        cases.append(((data, compute, rng.random() < 0.5, rng.randint(0, 12)), kwargs))
    for args, kwargs in cases:
        want = _advice(*args, **kwargs)
        if abs(args[0] / (args[0] + args[1]) - kwargs.get("threshold", 0.2)) < 1e-9 and (args, kwargs) != cases[6]:
            continue  # a random case on the boundary itself: rounding decides, not the rule
        got = call("loader_advice", lambda *a, kw=kwargs: advice(*a, **kw), *args)
        if not equal(got, want):
            extra = "".join(f", {k}={v}" for k, v in kwargs.items())
            raise CheckFailed(f"loader_advice({args[0]:.3f}, {args[1]:.3f}, {args[2]}, {args[3]}{extra}) returned "
                              f"{show(got)}, expected {want!r} (data share {args[0] / (args[0] + args[1]):.3f})")
    for args in [(-1.0, 10.0, True, 2), (5.0, -1.0, False, 2), (0.0, 0.0, True, 2)]:
        error = raised(advice, *args)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"loader_advice{args} should raise ValueError; it "
                              f"{'returned ' + show(advice(*args)) if error is None else 'raised ' + type(error).__name__}",
                              "Which measurements can no step produce?")
    return len(cases) + 3


def _amdahl(p: float, s: float) -> float:
    rest = (1 - p) + p / s
    return math.inf if rest == 0 else 1 / rest


@exercise("day29.amdahl_speedup",
          question="Which part of the time does NOT get faster? The whole step becomes (1 - p) + p / s of what it was.",
          recipe="ValueError unless 0 <= p <= 1 and s > 0; rest = (1 - p) + p / s; return math.inf if rest == 0 "
                 "else 1 / rest (p / math.inf is 0.0 in Python)")
def check_amdahl_speedup(amdahl: Callable, rng: random.Random) -> int:
    cases = [(0.5, 2.0), (0.5, math.inf), (0.0, 10.0), (1.0, 4.0), (1.0, math.inf), (0.9, 10.0), (0.25, 0.5),
             (0.95, 1e9), (0.6, 1.0)]
    cases += [(rng.random(), rng.choice([rng.uniform(0.2, 1), rng.uniform(1, 100), math.inf])) for _ in range(30)]
    for p, s in cases:
        got = call("amdahl_speedup", amdahl, p, s)
        want = _amdahl(p, s)
        ok = isinstance(got, (int, float)) and not isinstance(got, bool) and (
            got == want if math.isinf(want) else math.isclose(got, want, rel_tol=1e-9))
        if not ok:
            raise CheckFailed(f"amdahl_speedup({p!r}, {s!r}) returned {show(got)}, expected {want!r}")
    for args in [(-0.1, 2.0), (1.1, 2.0), (0.5, 0.0), (0.5, -3.0)]:
        error = raised(amdahl, *args)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"amdahl_speedup{args} should raise ValueError; it "
                              f"{'returned a number' if error is None else 'raised ' + type(error).__name__}",
                              "A share is between 0 and 1, and a speedup factor is positive: what do you do otherwise?")
    return len(cases) + 4


def _fits(n: int, compile_s: float, eager_ms: float, compiled_ms: float, slack: float = 1e-9) -> bool:
    "Do n compiled steps plus the compile take at most as long as n eager steps (up to float rounding)?"
    return n * (eager_ms - compiled_ms) >= compile_s * 1e3 * (1 - slack) - 1e-12


@exercise("day29.break_even_steps",
          question="After n steps, eager took n * eager_ms and compiled took compile_s * 1000 + n * compiled_ms "
                   "(milliseconds!). Which is the SMALLEST whole n where compiled is not slower? And if it never is?",
          recipe="ValueError if any argument is negative; if compile_s == 0: return 0; gain = eager_ms - compiled_ms; "
                 "return math.inf if gain <= 0 else math.ceil(compile_s * 1000 / gain)")
def check_break_even_steps(break_even: Callable, rng: random.Random) -> int:
    cases = [(10.0, 20.0, 10.0), (10.0, 20.0, 20.0), (10.0, 20.0, 25.0), (0.0, 5.0, 6.0), (0.0, 5.0, 4.0),
             (1.5, 3.0, 2.0), (30.0, 1.0, 0.999), (4.0, 100.0, 1.0)]
    for _ in range(30):
        eager = rng.uniform(0.5, 200)
        compiled = eager * rng.choice([rng.uniform(0.1, 0.99), rng.uniform(1.0, 1.5)])
        cases.append((round(rng.uniform(0.5, 60), 3), eager, compiled))
    for args in cases:
        compile_s, eager_ms, compiled_ms = args
        got = call("break_even_steps", break_even, *args)
        never = compile_s > 0 and compiled_ms >= eager_ms
        if never:
            ok = isinstance(got, float) and math.isinf(got) and got > 0
            want = "math.inf (compiled never catches up)"
        else:
            ok = (isinstance(got, int) and not isinstance(got, bool) and got >= 0 and _fits(got, *args)
                  and (got == 0 or not _fits(got - 1, *args, slack=-1e-9)))
            want = f"{math.ceil(compile_s * 1e3 / (eager_ms - compiled_ms)) if compile_s else 0} (a whole number)"
        if not ok:
            question = None
            if isinstance(got, float) and not never and not math.isinf(got):
                question = "A number of steps is a whole number: the smallest int that pays, not the exact ratio."
            raise CheckFailed(f"break_even_steps({compile_s!r}, {eager_ms:.4f}, {compiled_ms:.4f}) returned "
                              f"{show(got)}, expected {want}", question)
    for args in [(-1.0, 2.0, 1.0), (1.0, -2.0, 1.0), (1.0, 2.0, -1.0)]:
        error = raised(break_even, *args)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"break_even_steps{args} should raise ValueError; it "
                              f"{'returned ' + show(break_even(*args)) if error is None else 'raised ' + type(error).__name__}",
                              "Can a time be negative?")
    return len(cases) + 3
