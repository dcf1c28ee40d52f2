"""Reference answers for days/day39.ipynb."""
import math


def pick_targets(layers, scope):
    parent_of = {"attention": "self_attn", "mlp": "mlp", "all": None}
    if scope not in parent_of:
        raise ValueError(f"scope must be 'attention', 'mlp' or 'all', got {scope!r}")
    kept = set()
    for name, kind in layers:
        parts = name.split(".")
        if kind != "Linear" or parts[-1] == "lm_head":
            continue
        if scope == "all" or (len(parts) > 1 and parts[-2] == parent_of[scope]):
            kept.add(parts[-1])
    return sorted(kept)


def update_scale(r, alpha, rslora):
    if r < 1:
        raise ValueError(f"r must be >= 1, got {r}")
    return alpha / math.sqrt(r) if rslora else alpha / r


def update_scale__power(r, alpha, rslora):
    # another correct way: alpha * r ** -0.5
    if r < 1:
        raise ValueError(f"r must be >= 1, got {r}")
    return alpha * r ** (-0.5 if rslora else -1)


def choose_config(rows, max_params):
    ok = [row for row in rows if row[1] <= max_params]
    if not ok:
        raise ValueError("no configuration fits the budget")
    return min(ok, key=lambda row: (row[2], row[1], row[0]))[0]


def choose_config__sorted(rows, max_params):
    for label, params, _loss in sorted(rows, key=lambda row: (row[2], row[1], row[0])):
        if params <= max_params:
            return label
    raise ValueError("no configuration fits the budget")
