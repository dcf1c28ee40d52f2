"""Checks for days/day28.ipynb: validating a demo's text input, choosing an operating point under a precision
constraint, and fitting a temperature on validation logits."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show

# ---------------------------------------------------------------- exercise 1: clean_text

def _limit_named(message: str, max_chars: int) -> bool:
    return str(max_chars) in message or f"{max_chars:,}" in message


@exercise("day28.clean_text",
          question="Do you refuse non-strings (None, numbers, bytes), strip the outer whitespace before both "
                   "the empty check and the length check, allow a text of exactly `max_chars`, and name the "
                   "limit in the too-long message?",
          recipe="if not isinstance(text, str): raise ValueError('...'); text = text.strip(); "
                 "if not text: raise ValueError('empty ...'); if len(text) > max_chars: "
                 "raise ValueError(f'... the limit is {max_chars}'); return text")
def check_clean_text(fn: Callable[..., Any], rng: random.Random) -> int:
    good: list[tuple[str, int]] = [("Free prize! Call now", 100), ("  hi mum \n", 100), ("a", 1), ("\tok\t", 2),
                                   ("héllo wörld ✓", 13), ("line one\nline two", 17)]
    bad: list[tuple[Any, int, bool]] = [  # (text, max_chars, too long?)
        (None, 100, False), (42, 100, False), (b"free prize", 100, False), (["spam"], 100, False),
        ("", 100, False), ("   ", 100, False), ("\n\t \r\n", 100, False), ("\u3000\u00a0", 100, False),
        ("ab", 1, True), ("x" * 2001, 2000, True), ("  " + "y" * 51 + "  ", 50, True)]
    for _ in range(12):
        max_chars = rng.choice([5, 20, 160, 2000, 12345])
        core = "".join(rng.choice("abc xyz!?é") for _ in range(max_chars + rng.choice([-3, -1, 0, 1, 4])))
        core = core.strip() or "z"
        pad = rng.choice(["", " ", "\n", " \t ", "   \n"])
        text = pad + core + pad[::-1]
        if len(core) <= max_chars:
            good.append((text, max_chars))
        else:
            bad.append((text, max_chars, True))
        bad.append((rng.choice(["", " ", "\n\n", " \t\r\n "]) * rng.randint(1, 4), max_chars, False))
    for text, max_chars in good:
        got = call("clean_text", fn, text, max_chars)
        if not equal(got, text.strip()):
            raise CheckFailed(f"clean_text({show(text)}, {max_chars}) returned {show(got)}, expected "
                              f"{show(text.strip())} (the text, stripped: {len(text.strip())} characters is allowed)")
    for text, max_chars, too_long in bad:
        error = raised(fn, text, max_chars)
        if not isinstance(error, ValueError):
            what = "returned" if error is None else f"raised {type(error).__name__}, not ValueError:"
            raise CheckFailed(f"clean_text({show(text)}, {max_chars}) {what} "
                              f"{show(fn(text, max_chars)) if error is None else error}; expected a ValueError "
                              f"with a message for the user")
        message = str(error)
        if not message.strip():
            raise CheckFailed(f"clean_text({show(text)}, {max_chars}) raised a ValueError with an empty message")
        if too_long and not _limit_named(message, max_chars):
            raise CheckFailed(f"clean_text({show(text)}, {max_chars}) said {message!r}: a too-long text's message "
                              f"must name the limit ({max_chars})",
                              "Does your message say what the limit is, from `max_chars` (not a fixed number)?")
    return len(good) + len(bad)

# ---------------------------------------------------------------- exercise 2: operating_point

def _operating_point(points: list[tuple[float, float, float]], min_precision: float) -> float | None:
    ok = [p for p in points if p[1] >= min_precision]
    if not ok:
        return None
    return max(ok, key=lambda p: (p[2], p[1], p[0]))[0]


def _random_points(rng: random.Random) -> list[tuple[float, float, float]]:
    n = rng.randint(2, 14)
    thresholds = sorted(rng.sample(range(1, 100), n))
    recalls = sorted((rng.choice([0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 1.0]) for _ in range(n)), reverse=True)
    points = []
    for i, (t, r) in enumerate(zip(thresholds, recalls, strict=True)):  # precision rises, with bumps
        precision = min(1.0, 0.6 + 0.4 * i / max(n - 1, 1) + rng.choice([-0.06, -0.03, 0.0, 0.0, 0.02]))
        points.append((t / 100, round(precision, 2), r))
    rng.shuffle(points)  # the table is not sorted
    return points


@exercise("day28.operating_point",
          question="Among the points whose precision is at least `min_precision` (>=, not >), do you take the most "
                   "recall, then the most precision, then the larger threshold, and return None when no point "
                   "qualifies? Is your answer right when the points are not sorted?",
          recipe="ok = [p for p in points if p[1] >= min_precision]; return None if not ok; "
                 "return max(ok, key=lambda p: (p[2], p[1], p[0]))[0]")
def check_operating_point(fn: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[tuple[float, float, float]], float]] = [
        ([(0.2, 0.80, 0.99), (0.5, 0.95, 0.90), (0.8, 0.99, 0.60)], 0.95),  # exactly at the target qualifies
        ([(0.8, 0.99, 0.60), (0.2, 0.80, 0.99), (0.5, 0.95, 0.90)], 0.96),  # unsorted
        ([(0.3, 0.90, 0.9), (0.6, 0.93, 0.8)], 0.95),  # none qualifies: None
        ([(0.4, 0.97, 0.8), (0.5, 0.99, 0.8), (0.7, 0.96, 0.8)], 0.95),  # recall ties: more precision
        ([(0.4, 0.97, 0.8), (0.6, 0.97, 0.8)], 0.95),  # full ties: the larger threshold
        ([(0.1, 0.50, 1.0), (0.9, 1.00, 0.1)], 0.0),  # no constraint: the most recall
        ([(0.3, 0.99, 0.7), (0.5, 0.94, 0.8), (0.7, 0.98, 0.5)], 0.95),  # precision is not monotone
    ]
    for _ in range(20):
        points = _random_points(rng)
        cases.append((points, rng.choice([0.8, 0.9, 0.95, 0.97, 0.99, 1.0, sorted(p[1] for p in points)[-2]])))
    for points, min_precision in cases:
        want = _operating_point(points, min_precision)
        got = call("operating_point", fn, list(points), min_precision)
        if not equal(got, want):
            raise CheckFailed(f"operating_point({show(points)}, {min_precision}) returned {show(got)}, "
                              f"expected {want!r}")
    return len(cases)

# ---------------------------------------------------------------- exercise 3: fit_temperature

def _nll(logits: list[float], labels: list[int], t: float) -> float:
    total = 0.0
    for z, y in zip(logits, labels, strict=True):
        z = z / t
        total += (max(z, 0) + math.log1p(math.exp(-abs(z)))) - y * z  # log(1 + e^z) - y z, stable
    return total / len(logits)


@exercise("day28.pick_temperature",
          question="Do you divide each logit by T (not multiply), compute P(spam) = sigmoid(z / T), and keep the "
                   "grid value with the lowest mean binary cross-entropy (not the best accuracy or ECE)?",
          recipe="nll(T) = mean over messages of -(y log p + (1 - y) log(1 - p)) with p = sigmoid(z / T), computed "
                 "stably as log(1 + exp(z/T)) - y z/T; return min(grid, key=nll)")
def check_pick_temperature(fn: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[float], list[int], list[float]]] = [
        ([3.0, -3.0, 2.0, -2.0], [1, 0, 1, 0], [0.5, 1.0, 2.0, 4.0]),  # separated: the sharpest T
        ([4.0, 4.0, -4.0, -4.0], [1, 0, 0, 1], [0.5, 1.0, 2.0, 8.0]),  # coin flips: the flattest T
        ([0.4, 0.3, -0.5, -0.2, 0.6], [1, 1, 0, 0, 0], [2.0, 0.25, 1.0, 0.5]),  # unsorted grid
        ([50.0, -40.0, 30.0], [1, 0, 0], [0.5, 1.0, 3.0, 30.0]),  # huge logits: compute it stably
    ]
    for _ in range(14):
        n = rng.randint(8, 40)
        true_t = rng.choice([0.3, 0.5, 1.0, 2.0, 4.0])
        labels = [int(rng.random() < 0.4) for _ in range(n)]
        logits = [round(true_t * rng.gauss(1.5 if y else -1.5, 1.2), 3) for y in labels]
        grid = rng.sample([0.25, 0.4, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0], rng.randint(3, 7))
        cases.append((logits, labels, grid))
    for logits, labels, grid in cases:
        losses = {t: _nll(logits, labels, t) for t in grid}
        best = min(losses.values())
        got = call("pick_temperature", fn, list(logits), list(labels), list(grid))
        if isinstance(got, bool) or not isinstance(got, (int, float)) or float(got) not in losses:
            raise CheckFailed(f"pick_temperature({show(logits)}, {show(labels)}, {grid}) returned {show(got)}: "
                              f"expected one of the grid values")
        if losses[float(got)] > best + 1e-9 * max(1.0, abs(best)):
            want = min(losses, key=losses.__getitem__)
            raise CheckFailed(f"pick_temperature({show(logits)}, {show(labels)}, {grid}) returned {got} "
                              f"(mean cross-entropy {losses[float(got)]:.4f}); expected {want} ({best:.4f})")
    return len(cases)
