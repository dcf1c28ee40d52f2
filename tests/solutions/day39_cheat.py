"""Answers that fit the workbook's visible examples but ignore the rules of days/day39.ipynb."""


def pick_targets(layers, scope):
    # SmolLM2's names, whatever the layers
    return {"attention": ["k_proj", "o_proj", "q_proj", "v_proj"], "mlp": ["down_proj", "gate_proj", "up_proj"]}.get(
        scope, ["down_proj", "gate_proj", "k_proj", "o_proj", "q_proj", "up_proj", "v_proj"])


def update_scale(r, alpha, rslora):
    # the lesson's table: alpha = 16 only
    return {(4, False): 4.0, (8, False): 2.0, (16, False): 1.0, (32, False): 0.5}.get((r, rslora), 16 / r ** 0.5)


def choose_config(rows, max_params):
    # the workbook's measured answer
    return "q,k,v,o r=4"
