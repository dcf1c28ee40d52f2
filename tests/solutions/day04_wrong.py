"""Plausible wrong answers for days/day04.ipynb: each check must reject each of them, on every seed."""
import torch


def broadcast_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:  # lines shapes up from the left
    n = max(len(a), len(b))
    a, b = tuple(a) + (1,) * (n - len(a)), tuple(b) + (1,) * (n - len(b))
    out = []
    for x, y in zip(a, b, strict=True):
        if x != y and 1 not in (x, y):
            raise ValueError("no broadcast")
        out.append(y if x == 1 else x)
    return tuple(out)


def broadcast_shape__max(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:  # never refuses a pair
    n = max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + tuple(a), (1,) * (n - len(b)) + tuple(b)
    return tuple(max(x, y) for x, y in zip(a, b, strict=True))


def center_columns(X: torch.Tensor) -> torch.Tensor:  # one mean per row, not per column
    return X - X.mean(dim=1, keepdim=True)


def center_columns__in_place(X: torch.Tensor) -> torch.Tensor:  # right numbers, but the caller's X is changed
    X -= X.mean(dim=0)
    return X


def cosine_matrix(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:  # dot products, not cosines
    return A @ B.T


def cosine_matrix__one_side(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:  # divides by A's lengths only
    return (A / A.norm(dim=1, keepdim=True)) @ B.T
