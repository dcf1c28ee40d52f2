"""Reference answers for days/day40.ipynb."""


def train_bytes(n_params: int, n_trainable: int, method: str) -> float:
    if method == "full":
        return 16 * n_params
    frozen = {"lora": 2.0, "qlora": 0.5 + 4 / 64}
    if method not in frozen:
        raise ValueError(f"unknown method {method!r}")
    return frozen[method] * n_params + 16 * n_trainable


def choose_method(rows: list[tuple[str, float, float]], budget: float, tolerance: float) -> str | None:
    best = min(loss for _, _, loss in rows)
    ok = [row for row in rows if row[1] <= budget and row[2] <= best + tolerance]
    return min(ok, key=lambda row: (row[1], row[2], row[0]))[0] if ok else None


def choose_method__sorted(rows: list[tuple[str, float, float]], budget: float, tolerance: float) -> str | None:
    # another correct way: walk the rows from cheapest to dearest
    best = min(loss for _, _, loss in rows)
    for name, nbytes, loss in sorted(rows, key=lambda row: (row[1], row[2], row[0])):
        if nbytes <= budget and loss - best <= tolerance:
            return name
    return None
