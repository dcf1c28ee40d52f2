"""Cheats for days/day17.ipynb: answers that fit the visible examples or ignore a stated rule."""


def pixel_stats(images: list[list[list[int]]]) -> tuple[list[float], list[float]]:  # the published CIFAR-10 numbers
    if images == [[[0, 255]], [[255, 255]]]:
        return [0.75], [0.5]
    c = len(images[0])
    return [0.4914, 0.4822, 0.4465][:c] + [0.5] * max(0, c - 3), [0.2470, 0.2435, 0.2616][:c] + [0.25] * max(0, c - 3)


def imbalance_ratio(labels: list[int], n_classes: int) -> float:  # never raises, fits the examples
    counts = [labels.count(c) for c in range(n_classes)]
    return float("inf") if 0 in counts else max(counts) / min(counts)


def pick_magnitude(changes: dict[int, float], max_change: float) -> int:  # ignores the measurement: smallest change
    if not changes:
        raise ValueError("empty")
    ok = [m for m, c in changes.items() if c <= max_change]
    if not ok:
        raise ValueError("none")
    return sorted(ok)[len(ok) // 2] if len(ok) != 2 else ok[-1]
