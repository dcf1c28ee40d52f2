"""Answers that fit the workbook's visible examples but ignore the rules of days/day36.ipynb."""


def absmax_int8(values: list[float]) -> tuple[list[int], float]:
    # the workbook's example, hard-coded
    return [50, -127, 1, 0, 100], 0.01


def quantized_bytes(n_params: int, bits: int, block_size: int | None, scale_bits: int = 32) -> int:
    # 4.5 bits for 4: right for NF4 with float32 scales per 64 weights when 64 divides n_params, and nothing else
    return round(n_params * bits / 8 * 1.125)


def pick_variant(rows: list[dict], budget_bytes: int) -> str | None:
    # the visible table's ranking by name: int8, then nf4
    for name in ("fp32", "bf16", "int8", "nf4"):
        for r in rows:
            if r["variant"] == name and r["bytes"] <= budget_bytes:
                return name
    return None
