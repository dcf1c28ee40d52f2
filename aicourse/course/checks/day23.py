"""Checks for days/day23.ipynb: the upload rules of a demo, top-k formatting, choosing the largest image side from measured latency."""
from __future__ import annotations

import random
from collections.abc import Callable

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show

SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


def _problem(suffix: str, n_bytes: int, width: int, height: int, max_side: int, max_mb: float) -> str:
    if suffix.lower() not in SUFFIXES:
        return "type"
    if n_bytes > max_mb * 1_000_000:
        return "file_size"
    if max(width, height) > max_side:
        return "dimensions"
    return "ok"


@exercise("day23.upload_problem",
          question="Do you compare the suffix case-insensitively, check in the order type, file size, dimensions, "
                   "and allow values exactly at a limit (1 MB = 1,000,000 bytes)?",
          recipe="if suffix.lower() not in ('.png', '.jpg', '.jpeg', '.webp'): return 'type'; "
                 "if n_bytes > max_mb * 1_000_000: return 'file_size'; "
                 "if max(width, height) > max_side: return 'dimensions'; return 'ok'")
def check_upload_problem(fn: Callable, rng: random.Random) -> int:
    cases = [(".png", 1000, 32, 32, 4096, 10), (".PNG", 1000, 32, 32, 4096, 10), (".txt", 1000, 32, 32, 4096, 10),
             (".jpeg", 10_000_000, 4096, 4096, 4096, 10), (".jpeg", 10_000_001, 32, 32, 4096, 10),
             (".webp", 100, 4097, 10, 4096, 10), (".jpg", 100, 10, 4097, 4096, 10), ("", 100, 1, 1, 4096, 10),
             (".gif", 10**9, 10**5, 10**5, 4096, 10), (".png", 10**9, 10**5, 10**5, 4096, 10),
             (".Jpg", 2_500_000, 1024, 900, 1000, 2.5), (".pdf", 10, 10, 10, 4096, 10), (".jpg", 100, 0, 0, 16, 0.5)]
    for _ in range(25):
        max_side, max_mb = rng.choice([512, 1024, 2048, 4096]), rng.choice([0.5, 1, 2.5, 10])
        suffix = rng.choice([*SUFFIXES, ".PNG", ".JpEg", ".txt", ".pdf", ".svg", ".bmp", ""])
        n_bytes = int(max_mb * 1_000_000) + rng.choice([-5000, -1, 0, 1, 5000])
        w, h = max_side + rng.choice([-100, 0, 1, 50]), max_side + rng.choice([-100, -1, 0, 1])
        if rng.random() < 0.5:
            w, h = h, w
        cases.append((suffix, n_bytes, w, h, max_side, max_mb))
    for case in cases:
        got = call("upload_problem", fn, *case)
        want = _problem(*case)
        if not equal(got, want):
            raise CheckFailed(f"upload_problem{show(case)} returned {show(got)}, expected {want!r}")
    return len(cases)


def _top_k(probs: list[float], labels: list[str], k: int) -> list[tuple[str, float]]:
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))[:k]
    return [(labels[i], probs[i]) for i in order]


@exercise("day23.top_k",
          question="Do you sort by probability, largest first, break ties by the earlier label, and return all "
                   "pairs when k is larger than the number of labels?",
          recipe="validate (same lengths, k >= 1); order = sorted(range(n), key=lambda i: (-probs[i], i))[:k]; "
                 "return [(labels[i], probs[i]) for i in order]")
def check_top_k(fn: Callable, rng: random.Random) -> int:
    cases = [([0.1, 0.6, 0.3], ["a", "b", "c"], 2), ([0.5, 0.5, 0.0], ["x", "y", "z"], 3), ([1.0], ["only"], 5),
             ([0.2, 0.3, 0.3, 0.2], ["d", "c", "b", "a"], 4), ([0.0, 0.0], ["b", "a"], 1)]
    for _ in range(15):
        n = rng.randint(1, 12)
        probs = [rng.choice([0.05, 0.1, 0.2, round(rng.random(), 3)]) for _ in range(n)]
        labels = [f"class{rng.randint(0, 99)}_{i}" for i in range(n)]
        rng.shuffle(labels)
        cases.append((probs, labels, rng.randint(1, n + 2)))
    for probs, labels, k in cases:
        got = call("top_k", fn, list(probs), list(labels), k)
        want = _top_k(probs, labels, k)
        if not equal(got, want):
            raise CheckFailed(f"top_k({show(probs)}, {show(labels)}, {k}) returned {show(got)}, expected {show(want)}")
    for probs, labels, k in [([0.5, 0.5], ["a"], 1), ([0.5, 0.5], ["a", "b"], 0), ([0.5], ["a"], -1)]:
        if not isinstance(raised(fn, list(probs), list(labels), k), ValueError):
            raise CheckFailed(f"top_k({show(probs)}, {show(labels)}, {k}) must raise ValueError")
    return len(cases) + 3


def _pick(latency: dict[int, float], budget: float) -> int | None:
    ok = [side for side, ms in latency.items() if ms <= budget]
    return max(ok) if ok else None


@exercise("day23.pick_max_side",
          question="Do you keep the LARGEST side whose latency is within the budget (at most, not strictly less), "
                   "wherever it sits in the dict, and raise ValueError when none fits?",
          recipe="ok = [side for side, ms in latency.items() if ms <= budget_ms]; "
                 "if not ok: raise ValueError(...); return max(ok)")
def check_pick_max_side(fn: Callable, rng: random.Random) -> int:
    cases = [({256: 1.0, 512: 4.0, 1024: 15.0}, 5.0), ({256: 1.0, 512: 4.0, 1024: 15.0}, 15.0),
             ({1024: 15.0, 256: 1.0, 512: 4.0}, 100.0), ({256: 1.0}, 1.0), ({256: 3.0, 512: 2.0, 1024: 9.0}, 2.5)]
    for _ in range(15):
        sides = rng.sample([128, 256, 512, 1024, 2048, 4096, 8192], rng.randint(1, 6))
        latency = {s: round(s * s / 1e5 * rng.uniform(0.5, 2.0), 2) for s in sides}
        budget = rng.choice(list(latency.values())) if rng.random() < 0.5 else round(rng.uniform(1, 300), 1)
        cases.append((latency, budget))
    n = 0
    for latency, budget in cases:
        want = _pick(latency, budget)
        if want is None:
            if not isinstance(raised(fn, dict(latency), budget), ValueError):
                raise CheckFailed(f"pick_max_side({show(latency)}, {budget}) must raise ValueError: no side fits")
        else:
            got = call("pick_max_side", fn, dict(latency), budget)
            if not equal(got, want):
                raise CheckFailed(f"pick_max_side({show(latency)}, {budget}) returned {show(got)}, expected {want}")
        n += 1
    if not isinstance(raised(fn, {256: 5.0, 512: 9.0}, 1.0), ValueError):
        raise CheckFailed("pick_max_side({256: 5.0, 512: 9.0}, 1.0) must raise ValueError: no side fits")
    return n + 1
