"""Checks for days/day39.ipynb: picking LoRA target modules by a stated rule, the update's scale (alpha / r or
rsLoRA's alpha / sqrt(r)), and choosing a configuration from measured rows under a parameter budget."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show

ATTN = ["q_proj", "k_proj", "v_proj", "o_proj"]
MLP = ["gate_proj", "up_proj", "down_proj"]


def _pick(layers: list[tuple[str, str]], scope: str) -> list[str]:
    chosen = set()
    for name, kind in layers:
        parts = name.split(".")
        if kind != "Linear" or parts[-1] == "lm_head":
            continue
        parent = parts[-2] if len(parts) > 1 else ""
        if scope == "all" or (scope == "attention" and parent == "self_attn") or (scope == "mlp" and parent == "mlp"):
            chosen.add(parts[-1])
    return sorted(chosen)


def _model_layers(rng: random.Random, n_layers: int, attn: list[str], mlp: list[str], decoys: bool) -> list[tuple[str, str]]:
    rows = [("model.embed_tokens", "Embedding")]
    for i in range(n_layers):
        rows += [(f"model.layers.{i}.self_attn.{n}", "Linear") for n in attn]
        rows += [(f"model.layers.{i}.mlp.{n}", "Linear") for n in mlp]
        rows += [(f"model.layers.{i}.input_layernorm", "LlamaRMSNorm"), (f"model.layers.{i}.mlp.act_fn", "SiLUActivation")]
        if decoys:
            rows += [(f"model.layers.{i}.self_attn.rotary", "RotaryEmbedding"), (f"model.layers.{i}.mlp.gate_norm", "LayerNorm"),
                     (f"model.layers.{i}.adapter.down", "Linear")]  # a Linear outside attention and the MLP
    rows += [("model.norm", "LlamaRMSNorm"), ("lm_head", "Linear")]
    if decoys:
        rng.shuffle(rows)
    return rows


@exercise("day39.pick_targets",
          question="Do you keep only layers whose type is exactly 'Linear', take the LAST part of the name, test the part "
                   "just before it ('self_attn' or 'mlp'), never return 'lm_head', and return each name once, sorted?",
          recipe="parts = name.split('.'); keep parts[-1] when kind == 'Linear' and parts[-1] != 'lm_head' and (scope == "
                 "'all' or parts[-2] == {'attention': 'self_attn', 'mlp': 'mlp'}[scope]); return sorted(set(kept)); "
                 "raise ValueError for another scope")
def check_pick_targets(pick_targets: Callable[..., Any], rng: random.Random) -> int:
    cases = [(_model_layers(rng, 2, ATTN, MLP, False), s) for s in ("attention", "mlp", "all")]
    cases.append(([("lm_head", "Linear"), ("model.embed_tokens", "Embedding")], "all"))  # nothing to wrap
    cases.append(([("model.layers.0.self_attn.q_proj", "Linear8bitLt")], "attention"))  # not exactly Linear
    others = ["query", "key", "value", "dense", "fc1", "fc2", "c_attn", "c_proj", "w1", "w2", "w3"]
    for _ in range(30):
        attn = rng.sample(ATTN + others, rng.randint(1, 5))
        mlp = rng.sample(MLP + others, rng.randint(1, 4))
        cases.append((_model_layers(rng, rng.randint(1, 4), attn, mlp, True), rng.choice(["attention", "mlp", "all"])))
    # a peft-wrapped model: 'self_attn' and 'mlp' appear in the name, but not just before the last part
    wrapped = [("model.layers.0.self_attn.q_proj.lora_A.default", "Linear"),
               ("model.layers.0.self_attn.q_proj.base_layer", "Linear"),
               ("model.layers.0.mlp.down_proj.lora_B.default", "Linear"), ("model.layers.0.mlp.up_proj", "Linear")]
    cases += [([wrapped[0]], "attention"), ([wrapped[2]], "mlp"), (wrapped, "attention"), (wrapped, "mlp")]
    for layers, scope in cases:
        got = call("pick_targets", pick_targets, list(layers), scope)
        want = _pick(layers, scope)
        if not equal(got, want):
            raise CheckFailed(f"pick_targets({show(layers)}, {scope!r}) returned {show(got)}, expected {want}")
    err = raised(pick_targets, _model_layers(rng, 1, ATTN, MLP, False), "embeddings")
    if not isinstance(err, ValueError):
        raise CheckFailed("pick_targets(..., 'embeddings') must raise ValueError: the scope is 'attention', 'mlp' or 'all'")
    return len(cases) + 1


@exercise("day39.update_scale",
          question="Plain LoRA scales by alpha / r; rsLoRA by alpha / sqrt(r). Do you switch on the flag, and raise "
                   "ValueError for r < 1?",
          recipe="if r < 1: raise ValueError(...); return alpha / math.sqrt(r) if rslora else alpha / r")
def check_update_scale(update_scale: Callable[..., Any], rng: random.Random) -> int:
    cases = [(1, 1.0, False), (1, 16.0, True), (8, 16.0, False), (16, 16.0, False), (16, 16.0, True), (4, 8.0, True),
             (64, 128.0, False), (2, 0.5, True)]
    for _ in range(30):
        cases.append((rng.choice([1, 2, 3, 4, 8, 12, 16, 32, 64, 256]), float(rng.choice([1, 4, 8, 16, 32, 7, 24])),
                      rng.random() < 0.5))
    for r, alpha, rs in cases:
        got = call("update_scale", update_scale, r, alpha, rs)
        want = alpha / math.sqrt(r) if rs else alpha / r
        if isinstance(got, bool) or not isinstance(got, (int, float)) or not math.isclose(got, want, rel_tol=1e-9):
            raise CheckFailed(f"update_scale(r={r}, alpha={alpha:g}, rslora={rs}) returned {show(got)}, expected {want:.6g}")
    for r in (0, -4):
        if not isinstance(raised(update_scale, r, 16.0, False), ValueError):
            raise CheckFailed(f"update_scale(r={r}, ...) must raise ValueError: the rank is at least 1")
    return len(cases) + 2


def _choose(rows: list[tuple[str, int, float]], max_params: int) -> str:
    ok = [row for row in rows if row[1] <= max_params]
    if not ok:
        raise ValueError("nothing fits")
    return min(ok, key=lambda row: (row[2], row[1], row[0]))[0]


@exercise("day39.choose_config",
          question="Do you drop every row with more trainable params than max_params FIRST, then take the lowest held-out "
                   "loss, breaking ties by fewer params, then by label, and raise ValueError when no row fits?",
          recipe="ok = [row for row in rows if row[1] <= max_params]; if not ok: raise ValueError(...); "
                 "return min(ok, key=lambda row: (row[2], row[1], row[0]))[0]")
def check_choose_config(choose_config: Callable[..., Any], rng: random.Random) -> int:
    rows0 = [("q,v r=4", 100, 0.80), ("q,k,v,o r=4", 200, 0.70), ("all r=4", 500, 0.60), ("q,v r=16", 400, 0.75)]
    cases: list[tuple[list[tuple[str, int, float]], int]] = [
        (rows0, 10_000), (rows0, 450), (rows0, 200), (rows0, 100), (rows0, 499),
        ([("b", 50, 0.5), ("a", 50, 0.5)], 50),  # same params and loss: the label decides
        ([("big", 90, 0.5), ("small", 40, 0.5)], 100),  # same loss: fewer params
    ]
    labels = ["q,v", "q,k,v,o", "all-linear", "attn+mlp", "mlp"]
    for _ in range(30):
        rows = []
        for label in rng.sample(labels, rng.randint(2, 5)):
            for r in rng.sample([2, 4, 8, 16, 32], rng.randint(1, 3)):
                rows.append((f"{label} r={r}", r * rng.randint(10, 400), round(rng.uniform(0.4, 1.2), 2)))
        rng.shuffle(rows)
        params = sorted(p for _, p, _ in rows)
        cases.append((rows, rng.choice(params) + rng.choice([0, 0, 1, 7])))
    for rows, max_params in cases:
        got = call("choose_config", choose_config, list(rows), max_params)
        want = _choose(rows, max_params)
        if not equal(got, want):
            raise CheckFailed(f"choose_config({show(rows)}, max_params={max_params}) returned {show(got)}, expected {want!r}")
    if not isinstance(raised(choose_config, list(rows0), 99), ValueError):
        raise CheckFailed("choose_config(rows, max_params) with every row over budget must raise ValueError")
    return len(cases) + 1
