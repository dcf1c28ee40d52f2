"""Cheats for days/day23.ipynb: answers that fit the visible examples or ignore a stated rule."""


def upload_problem(suffix: str, n_bytes: int, width: int, height: int, max_side: int = 4096,
                   max_mb: float = 10) -> str:  # ignores the limits it is given: always 4096 px and 10 MB
    if suffix.lower() not in (".png", ".jpg", ".jpeg", ".webp"):
        return "type"
    if n_bytes > 10_000_000:
        return "file_size"
    if max(width, height) > 4096:
        return "dimensions"
    return "ok"


def top_k(probs: list[float], labels: list[str], k: int) -> list[tuple[str, float]]:  # never validates
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))[:k]
    return [(labels[i], probs[i]) for i in order]


def pick_max_side(latency: dict[int, float], budget_ms: float) -> int:  # the last side that fits, assuming sorted keys
    best = None
    for side, ms in latency.items():
        if ms <= budget_ms:
            best = side
    if best is None:
        raise ValueError("none")
    return best
