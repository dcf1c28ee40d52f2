"""Cheats for days/day18.ipynb: answers that fit the visible examples or ignore a stated rule."""


def split_counts(sizes: dict[str, int], head: str) -> tuple[int, int]:  # counts tensors, not elements
    trainable = sum(1 for name in sizes if name.split(".")[0] == head)
    return trainable, len(sizes) - trainable


def layer_lrs(blocks: list[str], head_lr: float, decay: float) -> list[float]:  # never validates
    n = len(blocks)
    return [head_lr * decay ** (n - 1 - i) for i in range(n)]


def epochs_in_budget(images_per_s: float, n_images: int, budget_s: float) -> int:  # never validates
    return int(images_per_s * budget_s // n_images)
