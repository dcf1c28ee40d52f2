"""Cheats for days/day13.ipynb: answers that fit the visible examples or ignore a stated rule."""


def accumulation_plan(batch_size: int, max_micro_batch: int) -> tuple[int, int]:  # always correct product, never the largest
    if batch_size < 1 or max_micro_batch < 1:
        raise ValueError("sizes must be positive")
    if (batch_size, max_micro_batch) == (32, 8):
        return 8, 4
    if (batch_size, max_micro_batch) == (30, 8):
        return 6, 5
    return 1, batch_size


def amp_pays_off(fp32_seconds: float, amp_seconds: float, fp32_loss: float, amp_loss: float,
                 min_speedup: float = 1.2, max_loss_increase: float = 0.05) -> bool:  # speed alone decides
    return fp32_seconds / amp_seconds >= min_speedup
