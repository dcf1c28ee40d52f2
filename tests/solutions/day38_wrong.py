"""Plausible mistakes on days/day38.ipynb."""


def lora_forward(x, W, A, B, alpha, r):
    # scaled by alpha, forgetting the / r
    return x @ W.T + alpha * (x @ A.T) @ B.T


def merge_weight(W, A, B, alpha, r):
    # merges in place: the caller's W is changed too
    W += (alpha / r) * (B @ A)
    return W


def merge_weight__unscaled(W, A, B, alpha, r):
    return W + B @ A


def adapter_params(shapes: dict[str, tuple[int, int]], targets: list[str], r: int, n_layers: int) -> int:
    # a misspelled target silently counts as zero
    return n_layers * sum(r * sum(shapes.get(t, (0, 0))) for t in targets)


def adapter_params__full(shapes: dict[str, tuple[int, int]], targets: list[str], r: int, n_layers: int) -> int:
    # counts the full matrices, as a full fine-tune would
    if any(t not in shapes for t in targets):
        raise ValueError("unknown target")
    return n_layers * sum(shapes[t][0] * shapes[t][1] for t in targets)


def choose_rank(rows: list[tuple[int, float, int]], tolerance: float) -> int:
    # ignores the tolerance: always the lowest loss
    return min(rows, key=lambda row: row[1])[0]


def choose_rank__smallest_rank(rows: list[tuple[int, float, int]], tolerance: float) -> int:
    # the smallest good-enough RANK, as if params always grew with rank
    best = min(loss for _, loss, _ in rows)
    return min(rank for rank, loss, _ in rows if loss <= best + tolerance)
