"""Reference answers for days/day28.ipynb."""
import math


def clean_text(text, max_chars):
    if not isinstance(text, str):
        raise ValueError(f"Expected text, got {type(text).__name__}.")
    text = text.strip()
    if not text:
        raise ValueError("The text is empty: type a message first.")
    if len(text) > max_chars:
        raise ValueError(f"The text is {len(text)} characters long: the limit is {max_chars}.")
    return text


def operating_point(points, min_precision):
    ok = [p for p in points if p[1] >= min_precision]
    if not ok:
        return None
    return max(ok, key=lambda p: (p[2], p[1], p[0]))[0]


def operating_point__sorting(points, min_precision):  # another correct way: sort, then take the first
    ranked = sorted((p for p in points if p[1] >= min_precision), key=lambda p: (-p[2], -p[1], -p[0]))
    return ranked[0][0] if ranked else None


def pick_temperature(logits, labels, grid):
    def nll(t):
        return sum(max(z / t, 0) + math.log1p(math.exp(-abs(z / t))) - y * z / t
                   for z, y in zip(logits, labels, strict=True)) / len(logits)
    return min(grid, key=nll)


def pick_temperature__numpy(logits, labels, grid):  # vectorized, with numpy's logaddexp
    import numpy as np
    z, y = np.asarray(logits, dtype=float), np.asarray(labels, dtype=float)
    losses = [np.mean(np.logaddexp(0, z / t) - y * z / t) for t in grid]
    return grid[int(np.argmin(losses))]
