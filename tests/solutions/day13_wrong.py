"""Plausible wrong answers for days/day13.ipynb: each check must reject each of them, on every seed."""
import math


def accumulation_plan(batch_size: int, max_micro_batch: int) -> tuple[int, int]:  # ceil: the product overshoots
    if batch_size < 1 or max_micro_batch < 1:
        raise ValueError("sizes must be positive")
    micro = min(batch_size, max_micro_batch)
    return micro, math.ceil(batch_size / micro)


def amp_pays_off(fp32_seconds: float, amp_seconds: float, fp32_loss: float, amp_loss: float,
                 min_speedup: float = 1.2, max_loss_increase: float = 0.05) -> bool:  # an absolute loss gap
    return (math.isfinite(amp_loss) and fp32_seconds / amp_seconds >= min_speedup
            and amp_loss - fp32_loss <= max_loss_increase)


def amp_pays_off__nan(fp32_seconds: float, amp_seconds: float, fp32_loss: float, amp_loss: float,
                      min_speedup: float = 1.2, max_loss_increase: float = 0.05) -> bool:  # forgets NaN (inf passes too)
    return fp32_seconds / amp_seconds >= min_speedup and not amp_loss > fp32_loss * (1 + max_loss_increase)
