"""Reference answers for days/day41.ipynb."""
import math


def step_loss(losses: list[float], counts: list[int]) -> float:
    if len(losses) != len(counts) or sum(counts) == 0:
        raise ValueError("one loss per micro-batch, and at least one answer token in the step")
    return sum(loss * n for loss, n in zip(losses, counts, strict=True) if n > 0) / sum(counts)


def step_loss__sums(losses: list[float], counts: list[int]) -> float:
    # another correct way: back to token sums, then one division
    if len(losses) != len(counts):
        raise ValueError("one loss per micro-batch")
    total = sum(counts)
    if total == 0:
        raise ValueError("no answer token in the step")
    sums = [loss * n if n else 0.0 for loss, n in zip(losses, counts, strict=True)]
    return math.fsum(sums) / total


def optimizer_steps(n_chats: int, batch: int, accumulate: int, devices: int = 1, epochs: int = 1) -> int:
    if min(n_chats, batch, accumulate, devices, epochs) < 1:
        raise ValueError("every argument must be at least 1")
    rounds = -(-n_chats // (batch * devices))
    return -(-rounds // accumulate) * epochs


def optimizer_steps__math(n_chats: int, batch: int, accumulate: int, devices: int = 1, epochs: int = 1) -> int:
    # another correct way: math.ceil is exact for these sizes
    if any(x < 1 for x in (n_chats, batch, accumulate, devices, epochs)):
        raise ValueError("every argument must be at least 1")
    return math.ceil(math.ceil(n_chats / (batch * devices)) / accumulate) * epochs


def best_checkpoint(log_history: list[dict], saved_steps: list[int]) -> int | None:
    evals = {h["step"]: h["eval_loss"] for h in log_history if "eval_loss" in h}
    ok = [(evals[s], s) for s in saved_steps if s in evals and math.isfinite(evals[s])]
    return min(ok)[1] if ok else None


def best_checkpoint__loop(log_history: list[dict], saved_steps: list[int]) -> int | None:
    # another correct way: walk the log in order, keep a strictly better one only
    best = None
    saved = set(saved_steps)
    for h in sorted((h for h in log_history if "eval_loss" in h), key=lambda h: h["step"]):
        if h["step"] in saved and not math.isnan(h["eval_loss"]) and (best is None or h["eval_loss"] < best[0]):
            best = (h["eval_loss"], h["step"])
    return None if best is None else best[1]
