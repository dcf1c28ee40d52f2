"""Plausible wrong answers for days/day41.ipynb."""
import math


def step_loss(losses: list[float], counts: list[int]) -> float:
    # the 2024 bug: the mean of the micro-batch means
    if len(losses) != len(counts) or sum(counts) == 0:
        raise ValueError("no tokens")
    kept = [loss for loss, n in zip(losses, counts, strict=True) if n > 0]
    return sum(kept) / len(kept)


def step_loss__zeros(losses: list[float], counts: list[int]) -> float:
    # weighs by tokens but forgets that an empty micro-batch has a NaN mean
    if len(losses) != len(counts) or sum(counts) == 0:
        raise ValueError("no tokens")
    return sum(loss * n for loss, n in zip(losses, counts, strict=True)) / sum(counts)


def optimizer_steps(n_chats: int, batch: int, accumulate: int, devices: int = 1, epochs: int = 1) -> int:
    # rounds up once over the whole run: misses the short last step of every epoch
    if min(n_chats, batch, accumulate, devices, epochs) < 1:
        raise ValueError("every argument must be at least 1")
    return math.ceil(n_chats * epochs / (batch * accumulate * devices))


def optimizer_steps__floor(n_chats: int, batch: int, accumulate: int, devices: int = 1, epochs: int = 1) -> int:
    # drops the short last micro-batch and step
    if min(n_chats, batch, accumulate, devices, epochs) < 1:
        raise ValueError("every argument must be at least 1")
    return n_chats // (batch * devices) // accumulate * epochs


def best_checkpoint(log_history: list[dict], saved_steps: list[int]) -> int | None:
    # the lowest eval_loss anywhere, checkpoint or not
    evals = [(h["eval_loss"], h["step"]) for h in log_history if "eval_loss" in h and not math.isnan(h["eval_loss"])]
    return min(evals)[1] if evals else None


def best_checkpoint__latest_tie(log_history: list[dict], saved_steps: list[int]) -> int | None:
    # keeps the later of two equal evals
    evals = {h["step"]: h["eval_loss"] for h in log_history if "eval_loss" in h}
    ok = [(evals[s], -s) for s in saved_steps if s in evals and math.isfinite(evals[s])]
    return -min(ok)[1] if ok else None


def best_checkpoint__train_loss(log_history: list[dict], saved_steps: list[int]) -> int | None:
    # reads `loss` of any log entry: the train loss wins, it keeps falling
    ok = [(h.get("eval_loss", h.get("loss")), h["step"]) for h in log_history
          if h["step"] in saved_steps and ("loss" in h or "eval_loss" in h)]
    ok = [(v, s) for v, s in ok if not math.isnan(v)]
    return min(ok)[1] if ok else None
