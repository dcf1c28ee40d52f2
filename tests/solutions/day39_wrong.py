"""Plausible mistakes for days/day39.ipynb."""


def pick_targets(layers, scope):
    # forgets the type: a norm or embedding with a matching parent counts, and lm_head slips into 'all'
    parent_of = {"attention": "self_attn", "mlp": "mlp"}
    return sorted({n.split(".")[-1] for n, _ in layers
                   if scope == "all" or n.split(".")[-2:-1] == [parent_of[scope]]})


def pick_targets__substring(layers, scope):
    # looks for '.self_attn.' or '.mlp.' ANYWHERE in the name, not in the part just before the last
    if scope not in ("attention", "mlp", "all"):
        raise ValueError(scope)
    marker = {"attention": ".self_attn.", "mlp": ".mlp.", "all": ""}[scope]
    return sorted({n.split(".")[-1] for n, kind in layers
                   if kind == "Linear" and n.split(".")[-1] != "lm_head" and marker in n})


def update_scale(r, alpha, rslora):
    # ignores the rsLoRA flag
    if r < 1:
        raise ValueError("r")
    return alpha / r


def choose_config(rows, max_params):
    # lowest loss first, budget ignored
    return min(rows, key=lambda row: (row[2], row[1], row[0]))[0]
