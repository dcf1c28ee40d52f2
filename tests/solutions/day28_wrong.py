"""Plausible wrong answers for days/day28.ipynb: each check must reject each of them, on every seed."""
import math


def clean_text(text, max_chars):  # measures the length before stripping the outer whitespace
    if not isinstance(text, str):
        raise ValueError("Expected text.")
    if len(text) > max_chars:
        raise ValueError(f"The text is too long: the limit is {max_chars}.")
    if not text.strip():
        raise ValueError("The text is empty.")
    return text.strip()


def clean_text__no_strip(text, max_chars):  # an empty check that lets whitespace through
    if not isinstance(text, str) or text == "":
        raise ValueError("No text.")
    if len(text) > max_chars:
        raise ValueError(f"The limit is {max_chars}.")
    return text


def operating_point(points, min_precision):  # strictly above the target
    ok = [p for p in points if p[1] > min_precision]
    return max(ok, key=lambda p: (p[2], p[1], p[0]))[0] if ok else None


def operating_point__most_precise(points, min_precision):  # the safest point, not the most useful
    ok = [p for p in points if p[1] >= min_precision]
    return max(ok, key=lambda p: (p[1], p[2], p[0]))[0] if ok else None


def operating_point__first_sorted(points, min_precision):  # assumes the table is sorted by threshold
    for t, precision, _ in points:
        if precision >= min_precision:
            return t
    return None


def pick_temperature(logits, labels, grid):  # multiplies by T instead of dividing
    def nll(t):
        return sum(max(z * t, 0) + math.log1p(math.exp(-abs(z * t))) - y * z * t
                   for z, y in zip(logits, labels, strict=True)) / len(logits)
    return min(grid, key=nll)


def pick_temperature__accuracy(logits, labels, grid):  # accuracy does not change with T: picks the first
    return max(grid, key=lambda t: sum((z / t >= 0) == bool(y) for z, y in zip(logits, labels, strict=True)))
