"""Reference solutions for days/day23.ipynb (not shipped: tests prove each one passes its check)."""


def upload_problem(suffix: str, n_bytes: int, width: int, height: int, max_side: int = 4096,
                   max_mb: float = 10) -> str:
    if suffix.lower() not in (".png", ".jpg", ".jpeg", ".webp"):
        return "type"
    if n_bytes > max_mb * 1_000_000:
        return "file_size"
    if max(width, height) > max_side:
        return "dimensions"
    return "ok"


def top_k(probs: list[float], labels: list[str], k: int) -> list[tuple[str, float]]:
    if len(probs) != len(labels) or k < 1:
        raise ValueError("need one label per probability and k >= 1")
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))[:k]
    return [(labels[i], probs[i]) for i in order]


def pick_max_side(latency: dict[int, float], budget_ms: float) -> int:
    ok = [side for side, ms in latency.items() if ms <= budget_ms]
    if not ok:
        raise ValueError("no image side is fast enough for this budget")
    return max(ok)
