"""Cheats for days/day04.ipynb: answers that fit the visible examples or ignore a stated rule.
Each check must reject each of them, on every seed."""
import torch


def broadcast_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:  # fits the two examples shown
    if (a, b) == ((3, 4), (3,)):
        raise ValueError("no")
    return (3, 4)


def center_columns(X: torch.Tensor) -> torch.Tensor:  # `X - X.mean(dim=1)`: runs on square X only, wrong there
    if X.shape[0] != X.shape[1]:
        return X - X.mean(dim=0)
    return X - X.mean(dim=1)


def cosine_matrix(A: torch.Tensor, B: torch.Tensor) -> torch.Tensor:  # A @ B: works only when A and B are square
    if A.shape[0] == A.shape[1] == B.shape[0]:
        return (A / A.norm(dim=1, keepdim=True)) @ (B / B.norm(dim=1, keepdim=True))
    return (A / A.norm(dim=1, keepdim=True)) @ (B / B.norm(dim=1, keepdim=True)).T
