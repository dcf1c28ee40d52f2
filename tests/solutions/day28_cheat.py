"""Cheats for days/day28.ipynb: answers that guess or ignore a stated rule. Each check must reject each of them."""


def clean_text(text, max_chars):  # a fixed limit, not max_chars
    if not isinstance(text, str) or not text.strip():
        raise ValueError("No text.")
    if len(text.strip()) > 2000:
        raise ValueError("The limit is 2000.")
    return text.strip()


def operating_point(points, min_precision):  # the first row, whatever the constraint
    return points[0][0]


def pick_temperature(logits, labels, grid):  # no calibration at all
    return 1.0 if 1.0 in grid else grid[0]
