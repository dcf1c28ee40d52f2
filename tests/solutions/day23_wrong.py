"""Plausible wrong answers for days/day23.ipynb: each check must reject each of them, on every seed."""


def upload_problem(suffix: str, n_bytes: int, width: int, height: int, max_side: int = 4096,
                   max_mb: float = 10) -> str:  # case-sensitive suffix and MiB instead of MB
    if suffix not in (".png", ".jpg", ".jpeg", ".webp"):
        return "type"
    if n_bytes > max_mb * 1024 * 1024:
        return "file_size"
    if max(width, height) > max_side:
        return "dimensions"
    return "ok"


def top_k(probs: list[float], labels: list[str], k: int) -> list[tuple[str, float]]:  # ties: the later label wins
    if len(probs) != len(labels) or k < 1:
        raise ValueError("bad input")
    pairs = sorted(zip(labels, probs, strict=True), key=lambda p: p[1], reverse=True)
    return sorted(zip(labels, probs, strict=True), key=lambda p: (p[1], labels.index(p[0])), reverse=True)[:k] if pairs else []


def pick_max_side(latency: dict[int, float], budget_ms: float) -> int:  # strictly below the budget
    ok = [side for side, ms in latency.items() if ms < budget_ms]
    if not ok:
        raise ValueError("none")
    return max(ok)
