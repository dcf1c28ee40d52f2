"""Reference solutions for days/day13.ipynb (not shipped: tests prove each one passes its check)."""
import math


def accumulation_plan(batch_size: int, max_micro_batch: int) -> tuple[int, int]:
    if batch_size < 1 or max_micro_batch < 1:
        raise ValueError("both sizes must be at least 1")
    for micro in range(min(batch_size, max_micro_batch), 0, -1):
        if batch_size % micro == 0:
            return micro, batch_size // micro
    raise AssertionError("unreachable: 1 divides everything")


def accumulation_plan__steps_first(batch_size: int, max_micro_batch: int) -> tuple[int, int]:  # fewest steps first
    if min(batch_size, max_micro_batch) < 1:
        raise ValueError("sizes must be positive")
    steps = math.ceil(batch_size / max_micro_batch)
    while batch_size % steps:
        steps += 1
    return batch_size // steps, steps


def amp_pays_off(fp32_seconds: float, amp_seconds: float, fp32_loss: float, amp_loss: float,
                 min_speedup: float = 1.2, max_loss_increase: float = 0.05) -> bool:
    if not math.isfinite(amp_loss):
        return False
    return fp32_seconds / amp_seconds >= min_speedup and amp_loss <= fp32_loss * (1 + max_loss_increase)
