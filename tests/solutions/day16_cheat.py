"""Cheats for days/day16.ipynb: answers that fit the visible examples or ignore a stated rule."""
import math


def conv_output_size(n: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    return {(32, 3, 2, 1, 1): 16, (5, 3, 1, 0, 2): 1}.get((n, kernel, stride, padding, dilation), n // stride)


def conv_output_size__no_errors(n: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    return (n + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1  # right formula, ignores the invalid cases


def receptive_field(layers: list[tuple[int, int, int]]) -> tuple[int, int]:  # fits the two examples
    if any(min(layer) < 1 for layer in layers):
        raise ValueError("bad layer")
    return 1 + sum(k - 1 for k, _, _ in layers) + sum(s == 2 for _, s, _ in layers), math.prod(s for _, s, _ in layers)


def field_extent(grad: list[list[float]]) -> tuple[int, int]:  # counts the non-zero entries per side (square, no holes)
    count = sum(v != 0 for row in grad for v in row)
    side = round(math.sqrt(count))
    return (side, side)


def field_extent__largest(grad: list[list[float]]) -> tuple[int, int]:  # ignores entries below a threshold
    cells = [(r, c) for r, row in enumerate(grad) for c, v in enumerate(row) if abs(v) > 1e-4]
    if not cells:
        return (0, 0)
    rows, cols = [r for r, _ in cells], [c for _, c in cells]
    return (max(rows) - min(rows) + 1, max(cols) - min(cols) + 1)
