"""Plausible wrong answers for days/day40.ipynb."""


def train_bytes(n_params: int, n_trainable: int, method: str) -> float:
    # forgets that the trainable parameters need gradients and AdamW state too
    frozen = {"full": 4.0, "lora": 2.0, "qlora": 0.5}
    if method not in frozen:
        raise ValueError(method)
    return frozen[method] * n_params + 4 * n_trainable


def choose_method(rows: list[tuple[str, float, float]], budget: float, tolerance: float) -> str | None:
    # the best loss among the rows that fit, ignoring the tolerance against the overall best
    fit = [row for row in rows if row[1] <= budget]
    return min(fit, key=lambda row: row[2])[0] if fit else None


def choose_method__first_on_tie(rows: list[tuple[str, float, float]], budget: float, tolerance: float) -> str | None:
    # fewest bytes, then lower loss, but a full tie goes to the first row listed, not the name in alphabetical order
    best = min(loss for _, _, loss in rows)
    ok = [row for row in rows if row[1] <= budget and row[2] <= best + tolerance]
    return min(ok, key=lambda row: (row[1], row[2]))[0] if ok else None
