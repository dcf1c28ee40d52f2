"""Reference solutions for days/day04.ipynb (not shipped: tests prove each one passes its check).

`name` is the reference; `name__variant` is another answer the statement allows, which must pass too.
"""
import torch


def broadcast_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    n = max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + tuple(a), (1,) * (n - len(b)) + tuple(b)
    out = []
    for x, y in zip(a, b, strict=True):
        if x != y and 1 not in (x, y):
            raise ValueError(f"shapes {a} and {b} do not broadcast: {x} against {y}")
        out.append(y if x == 1 else x)
    return tuple(out)


def broadcast_shape__torch(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    try:
        return tuple(torch.broadcast_shapes(a, b))
    except RuntimeError as e:
        raise ValueError(str(e)) from None


def center_columns(X: torch.Tensor) -> torch.Tensor:
    return X - X.mean(dim=0)


def center_columns__keepdim(X: torch.Tensor) -> torch.Tensor:
    return X - X.mean(dim=0, keepdim=True)


def cosine_matrix(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    return (A / A.norm(dim=1, keepdim=True)) @ (B / B.norm(dim=1, keepdim=True)).T


def cosine_matrix__functional(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:
    return torch.nn.functional.cosine_similarity(A[:, None, :], B[None, :, :], dim=-1)
