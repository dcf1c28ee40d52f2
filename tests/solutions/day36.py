"""Reference answers for days/day36.ipynb."""
import math


def absmax_int8(values: list[float]) -> tuple[list[int], float]:
    top = max(abs(v) for v in values)
    scale = top / 127 if top > 0 else 1.0
    return [round(v / scale) for v in values], scale


def absmax_int8__torch(values: list[float]) -> tuple[list[int], float]:
    import torch

    from aicourse.llm import absmax_quantize  # the lesson's function gives the same integers
    q, scale = absmax_quantize(torch.tensor(values, dtype=torch.float64))
    return q.tolist(), scale.item()


def quantized_bytes(n_params: int, bits: int, block_size: int | None, scale_bits: int = 32) -> int:
    weights = math.ceil(n_params * bits / 8)
    if block_size is None:
        return weights
    return weights + math.ceil(n_params / block_size) * scale_bits // 8


def pick_variant(rows: list[dict], budget_bytes: int) -> str | None:
    fits = [(r["error"], r["bytes"], i) for i, r in enumerate(rows) if r["bytes"] <= budget_bytes]
    return rows[min(fits)[2]]["variant"] if fits else None


def pick_variant__sorted(rows: list[dict], budget_bytes: int) -> str | None:
    best = None
    for r in rows:  # a plain loop: strictly better error, or the same error in fewer bytes
        if r["bytes"] > budget_bytes:
            continue
        if best is None or (r["error"], r["bytes"]) < (best["error"], best["bytes"]):
            best = r
    return None if best is None else best["variant"]


def absmax_int8__float32(values: list[float]) -> tuple[list[int], float]:
    import torch  # float32 arithmetic: the scale agrees to about 1e-7
    w = torch.tensor(values, dtype=torch.float32)
    scale = w.abs().max() / 127 if w.abs().max() > 0 else torch.tensor(1.0)
    return torch.round(w / scale).int().tolist(), float(scale)
