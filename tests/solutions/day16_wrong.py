"""Plausible wrong answers for days/day16.ipynb: each check must reject each of them, on every seed."""


def conv_output_size(n: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:  # no dilation
    if min(n, kernel, stride, dilation) < 1 or padding < 0:
        raise ValueError("bad settings")
    out = (n + 2 * padding - kernel) // stride + 1
    if out < 1:
        raise ValueError("window does not fit")
    return out


def conv_output_size__one_side(n: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    if min(n, kernel, stride, dilation) < 1 or padding < 0:  # pads one side only
        raise ValueError("bad settings")
    out = (n + padding - dilation * (kernel - 1) - 1) // stride + 1
    if out < 1:
        raise ValueError("window does not fit")
    return out


def receptive_field(layers: list[tuple[int, int, int]]) -> tuple[int, int]:  # forgets the jump
    size, jump = 1, 1
    for k, s, d in layers:
        if min(k, s, d) < 1:
            raise ValueError("bad layer")
        size += (k - 1) * d
        jump *= s
    return size, jump


def receptive_field__jump_first(layers: list[tuple[int, int, int]]) -> tuple[int, int]:  # updates jump too early
    size, jump = 1, 1
    for k, s, d in layers:
        if min(k, s, d) < 1:
            raise ValueError("bad layer")
        jump *= s
        size += (k - 1) * d * jump
    return size, jump


def field_extent(grad: list[list[float]]) -> tuple[int, int]:  # forgets the +1
    cells = [(r, c) for r, row in enumerate(grad) for c, v in enumerate(row) if v != 0]
    if not cells:
        return (0, 0)
    rows, cols = [r for r, _ in cells], [c for _, c in cells]
    return (max(rows) - min(rows), max(cols) - min(cols))


def field_extent__positive_only(grad: list[list[float]]) -> tuple[int, int]:  # ignores negative gradients
    cells = [(r, c) for r, row in enumerate(grad) for c, v in enumerate(row) if v > 0]
    if not cells:
        return (0, 0)
    rows, cols = [r for r, _ in cells], [c for _, c in cells]
    return (max(rows) - min(rows) + 1, max(cols) - min(cols) + 1)
