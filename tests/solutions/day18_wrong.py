"""Plausible wrong answers for days/day18.ipynb."""


def split_counts(sizes: dict[str, int], head: str) -> tuple[int, int]:  # prefix match: 'fc2' counts as 'fc'
    trainable = sum(n for name, n in sizes.items() if name.startswith(head))
    return trainable, sum(sizes.values()) - trainable


def layer_lrs(blocks: list[str], head_lr: float, decay: float) -> list[float]:  # decays from the wrong end
    if not blocks or not 0 < decay <= 1:
        raise ValueError("bad")
    return [head_lr * decay ** i for i in range(len(blocks))]


def epochs_in_budget(images_per_s: float, n_images: int, budget_s: float) -> int:  # rounds instead of flooring
    if images_per_s <= 0 or n_images <= 0 or budget_s <= 0:
        raise ValueError("bad")
    return round(images_per_s * budget_s / n_images)
