"""Plausible mistakes for days/day39.ipynb."""


def pick_targets(layers, scope):
    # forgets the type: a norm or embedding with a matching parent counts, and lm_head slips into 'all'
    parent_of = {"attention": "self_attn", "mlp": "mlp"}
    return sorted({n.split(".")[-1] for n, _ in layers
                   if scope == "all" or n.split(".")[-2:-1] == [parent_of[scope]]})


def update_scale(r, alpha, rslora):
    # ignores the rsLoRA flag
    if r < 1:
        raise ValueError("r")
    return alpha / r


def choose_config(rows, max_params):
    # lowest loss first, budget ignored
    return min(rows, key=lambda row: (row[2], row[1], row[0]))[0]
