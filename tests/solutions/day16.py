"""Reference solutions for days/day16.ipynb (not shipped: tests prove each one passes its check)."""


def conv_output_size(n: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    if min(n, kernel, stride, dilation) < 1 or padding < 0:
        raise ValueError("n, kernel, stride and dilation must be >= 1 and padding >= 0")
    out = (n + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1
    if out < 1:
        raise ValueError("the window does not fit in the padded input")
    return out


def receptive_field(layers: list[tuple[int, int, int]]) -> tuple[int, int]:
    size, jump = 1, 1
    for kernel, stride, dilation in layers:
        if min(kernel, stride, dilation) < 1:
            raise ValueError(f"bad layer {(kernel, stride, dilation)}")
        size += (kernel - 1) * dilation * jump
        jump *= stride
    return size, jump


def field_extent(grad: list[list[float]]) -> tuple[int, int]:
    rows = [r for r, row in enumerate(grad) if any(v != 0 for v in row)]
    cols = [c for c in range(len(grad[0])) if any(row[c] != 0 for row in grad)]
    if not rows:
        return (0, 0)
    return (rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1)
