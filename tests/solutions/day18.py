"""Reference solutions for days/day18.ipynb (not shipped: tests prove each one passes its check)."""


def split_counts(sizes: dict[str, int], head: str) -> tuple[int, int]:
    trainable = sum(n for name, n in sizes.items() if name.split(".")[0] == head)
    return trainable, sum(sizes.values()) - trainable


def layer_lrs(blocks: list[str], head_lr: float, decay: float) -> list[float]:
    if not blocks or not 0 < decay <= 1:
        raise ValueError("blocks must be non-empty and decay in (0, 1]")
    n = len(blocks)
    return [head_lr * decay ** (n - 1 - i) for i in range(n)]


def epochs_in_budget(images_per_s: float, n_images: int, budget_s: float) -> int:
    if images_per_s <= 0 or n_images <= 0 or budget_s <= 0:
        raise ValueError("every value must be positive")
    return int(images_per_s * budget_s // n_images)
