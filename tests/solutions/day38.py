"""Reference answers for days/day38.ipynb."""


def lora_forward(x, W, A, B, alpha, r):
    return x @ W.T + (alpha / r) * (x @ A.T) @ B.T


def merge_weight(W, A, B, alpha, r):
    return W + (alpha / r) * (B @ A)


def adapter_params(shapes: dict[str, tuple[int, int]], targets: list[str], r: int, n_layers: int) -> int:
    missing = [t for t in targets if t not in shapes]
    if missing:
        raise ValueError(f"no shape for {missing}")
    return n_layers * sum(r * (shapes[t][0] + shapes[t][1]) for t in targets)


def choose_rank(rows: list[tuple[int, float, int]], tolerance: float) -> int:
    best = min(loss for _, loss, _ in rows)
    good = [row for row in rows if row[1] - best <= tolerance + 1e-12]
    return min(good, key=lambda row: (row[2], row[1], row[0]))[0]


def choose_rank__sorted(rows: list[tuple[int, float, int]], tolerance: float) -> int:
    # another correct way: sort by (params, loss, rank) and take the first good enough row
    best = min(loss for _, loss, _ in rows)
    for rank, loss, _ in sorted(rows, key=lambda row: (row[2], row[1], row[0])):
        if loss <= best + tolerance:
            return rank
    raise AssertionError("unreachable: the best row is always good enough")
