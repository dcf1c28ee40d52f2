"""Answers that fit the workbook's visible examples but ignore the rules of days/day38.ipynb."""


def lora_forward(x, W, A, B, alpha, r):
    # right at initialisation (B = 0) only
    return x @ W.T


def merge_weight(W, A, B, alpha, r):
    # "B starts at zero, so merging changes nothing"
    return W.clone()


def adapter_params(shapes: dict[str, tuple[int, int]], targets: list[str], r: int, n_layers: int) -> int:
    # SmolLM2's q and v at r = 8, whatever is asked
    return 30 * 8 * (576 + 576 + 192 + 576)


def choose_rank(rows: list[tuple[int, float, int]], tolerance: float) -> int:
    # the workbook's measured answer
    return 4
