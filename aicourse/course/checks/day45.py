"""Checks for days/day45.ipynb: which layers of a base an adapter does not fit, whether merged logits match the
adapter model's within a dtype's tolerance, and shipping merged models or one base plus adapters."""
from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show

PREFIX = "base_model.model."
TOLERANCE = {"float32": 1e-5, "float16": 1e-2, "bfloat16": 5e-2}  # relative to the largest |reference logit|
TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def _problems(adapter: dict[str, tuple[int, ...]], base: dict[str, tuple[int, int]]) -> list[str]:
    bad = set()
    for key, shape in adapter.items():
        path, kind = key.removeprefix(PREFIX).rsplit(".lora_", 1)
        if path not in base:
            bad.add(path)
        elif kind == "A.weight" and shape[1] != base[path][0]:
            bad.add(path)
        elif kind == "B.weight" and shape[0] != base[path][1]:
            bad.add(path)
    return sorted(bad)


def _layer_dims(name: str, hidden: int, inter: int, kv: int) -> tuple[int, int]:
    return {"q_proj": (hidden, hidden), "k_proj": (hidden, kv), "v_proj": (hidden, kv), "o_proj": (hidden, hidden),
            "gate_proj": (hidden, inter), "up_proj": (hidden, inter), "down_proj": (inter, hidden)}[name]


def _model(n_layers: int, hidden: int, inter: int, kv: int) -> dict[str, tuple[int, int]]:
    "A Llama-like base: {layer path: (in_features, out_features)} of its linear layers."
    return {f"model.layers.{i}.{'self_attn' if t.endswith(('q_proj', 'k_proj', 'v_proj', 'o_proj')) else 'mlp'}.{t}":
            _layer_dims(t, hidden, inter, kv) for i in range(n_layers) for t in TARGETS}


def _adapter(base: dict[str, tuple[int, int]], targets: list[str], r: int) -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    for path, (n_in, n_out) in base.items():
        if path.rsplit(".", 1)[1] in targets:
            out[f"{PREFIX}{path}.lora_A.weight"] = (r, n_in)
            out[f"{PREFIX}{path}.lora_B.weight"] = (n_out, r)
    return out


@exercise("day45.adapter_problems",
          question="Do you strip 'base_model.model.' and '.lora_A.weight' / '.lora_B.weight' to get the layer path, "
                   "compare A's SECOND dimension with the layer's in_features and B's FIRST with its out_features, "
                   "count a path missing from the base as a problem, and return each path once, sorted?",
          recipe="for key, shape in adapter.items(): path, kind = key.removeprefix('base_model.model.')."
                 "rsplit('.lora_', 1); bad if path not in base, or kind == 'A.weight' and shape[1] != base[path][0], "
                 "or kind == 'B.weight' and shape[0] != base[path][1]; return sorted(set(bad))")
def check_adapter_problems(adapter_problems: Callable[..., Any], rng: random.Random) -> int:
    small = _model(2, 32, 64, 16)
    cases = [(_adapter(small, ["q_proj", "v_proj"], 4), small),  # fits: no problem
             (_adapter(small, ["q_proj", "v_proj"], 4), _model(2, 64, 64, 16)),  # another size: every layer
             (_adapter(small, ["q_proj"], 4), {}),  # another family: no such layers
             (_adapter(small, ["down_proj"], 2), _model(2, 32, 128, 16)),  # only the input side differs
             (_adapter(small, ["k_proj"], 2), _model(2, 32, 64, 8)),  # only the output side differs
             (_adapter(small, ["q_proj"], 4), _model(1, 32, 64, 16)),  # the base has fewer layers
             ({}, small)]  # an empty adapter fits anything
    for _ in range(25):
        n_layers, hidden, inter, kv = rng.randint(1, 4), rng.choice([16, 32, 48]), rng.choice([32, 64, 96]), rng.choice([8, 16])
        trained_on = _model(n_layers, hidden, inter, kv)
        adapter = _adapter(trained_on, rng.sample(TARGETS, rng.randint(1, 4)), rng.choice([1, 2, 4, 8]))
        base = dict(trained_on)
        for path in rng.sample(sorted(base), rng.randint(0, 3)):  # change a few layers of the base
            n_in, n_out = base[path]
            change = rng.choice(["drop", "in", "out", "both", "swap"])
            if change == "drop":
                del base[path]
            else:
                base[path] = {"in": (n_in + 8, n_out), "out": (n_in, n_out + 8), "both": (n_in * 2, n_out * 2),
                              "swap": (n_out, n_in)}[change]
        if rng.random() < 0.3:  # a deeper base: extra layers the adapter does not touch are fine
            base.update({p: d for p, d in _model(n_layers + 1, hidden, inter, kv).items() if p not in trained_on})
        cases.append((adapter, base))
    for adapter, base in cases:
        got = call("adapter_problems", adapter_problems, dict(adapter), dict(base))
        want = _problems(adapter, base)
        if not equal(got, want):
            raise CheckFailed(f"adapter_problems({show(adapter)}, {show(base)}) returned {show(got)}, expected {show(want)}")
    return len(cases)


def _logits(rng: random.Random, shape: tuple[int, ...], scale: float) -> Any:
    import torch

    g = torch.Generator().manual_seed(rng.randrange(2**31))
    return torch.randn(*shape, generator=g) * scale


def _match(reference: Any, candidate: Any, dtype: str) -> bool:
    gap = (candidate.float() - reference.float()).abs().max().item()
    return gap <= TOLERANCE[dtype] * reference.float().abs().max().item()


@exercise("day45.logits_match",
          question="Is the tolerance RELATIVE: max |candidate - reference| <= tol[dtype] * max |reference|, with tol "
                   "1e-5 (float32), 1e-2 (float16), 5e-2 (bfloat16)? Do you compare in float32, return a Python bool, "
                   "and raise ValueError for different shapes or another dtype name?",
          recipe="if reference.shape != candidate.shape or dtype not in tol: raise ValueError(...); gap = (candidate."
                 "float() - reference.float()).abs().max().item(); return gap <= tol[dtype] * reference.float().abs()."
                 "max().item()")
def check_logits_match(logits_match: Callable[..., Any], rng: random.Random) -> int:
    import torch

    cases: list[tuple[Any, Any, str]] = []
    for _ in range(30):
        dtype = rng.choice(sorted(TOLERANCE))
        shape = rng.choice([(1, 4, 16), (2, 5, 32), (3, 7), (64,)])
        scale = rng.choice([0.01, 0.3, 1.0, 8.0, 40.0, 500.0])  # an absolute tolerance fails at one end or the other
        reference = _logits(rng, shape, scale)
        factor = rng.choice([0.0, 0.2, 0.6, 1.7, 3.0, 20.0])  # never near 1: no verdict on a rounding hair
        noise = _logits(rng, shape, 1.0)
        noise = noise / noise.abs().max() * factor * TOLERANCE[dtype] * reference.abs().max()
        candidate = reference + noise
        if dtype == "bfloat16" and rng.random() < 0.5:
            candidate = candidate.to(torch.bfloat16)  # a bfloat16 model's logits, as they come
        cases.append((reference, candidate, dtype))
    for reference, candidate, dtype in cases:
        got = call("logits_match", logits_match, reference.clone(), candidate.clone(), dtype)
        want = _match(reference, candidate, dtype)
        if not equal(got, want):
            gap = (candidate.float() - reference).abs().max().item()
            raise CheckFailed(f"logits_match(reference with max |logit| {reference.abs().max().item():.3g}, candidate "
                              f"off by up to {gap:.3g}, {dtype!r}) returned {show(got)}, expected {want}")
    a = _logits(rng, (2, 3), 5.0)
    for args, why in [((a, a[:1], "float32"), "shapes (2, 3) and (1, 3) differ"),
                      ((a, a.clone(), "int8"), "'int8' is not float32, float16 or bfloat16")]:
        if not isinstance(raised(logits_match, *args), ValueError):
            raise CheckFailed(f"logits_match must raise ValueError when {why}")
    return len(cases) + 2


def _plan(base_mb: float, adapter_mb: float, customers: int, gpu_gb: float, headroom: float) -> str:
    budget = gpu_gb * 1000 * (1 - headroom)
    if customers * base_mb <= budget:
        return "merged"
    if base_mb + customers * adapter_mb <= budget:
        return "adapters"
    raise ValueError("nothing fits")


@exercise("day45.serving_plan",
          question="Do you convert GB to MB (x 1000) and keep the headroom free (budget = gpu_gb * 1000 * (1 - "
                   "headroom)), test 'merged' FIRST (customers * base_mb fits), then 'adapters' (base_mb + customers * "
                   "adapter_mb fits), and raise ValueError when neither fits or the inputs are invalid?",
          recipe="if customers < 1 or not 0 <= headroom < 1 or base_mb <= 0 or adapter_mb <= 0: raise ValueError; "
                 "budget = gpu_gb * 1000 * (1 - headroom); if customers * base_mb <= budget: return 'merged'; "
                 "if base_mb + customers * adapter_mb <= budget: return 'adapters'; raise ValueError(...)")
def check_serving_plan(serving_plan: Callable[..., Any], rng: random.Random) -> int:
    cases = [(538.0, 7.4, 1, 24.0, 0.2), (538.0, 7.4, 30, 24.0, 0.2), (538.0, 7.4, 40, 24.0, 0.2),
             (538.0, 7.4, 1000, 24.0, 0.2), (538.0, 7.4, 35, 24.0, 0.0), (14_000.0, 80.0, 1, 16.0, 0.2),
             (14_000.0, 80.0, 100, 80.0, 0.1),
             (538.0, 7.4, 36, 24.0, 0.2)]  # 19,368 MB > 19,200: adapters (with 1 GB = 1024 MB it would be merged)
    while len(cases) < 40:
        base = rng.choice([270.0, 538.0, 2_000.0, 3_400.0, 14_000.0, 140_000.0]) * rng.choice([1.0, 0.5])
        adapter = base * rng.choice([0.002, 0.01, 0.014, 0.05])
        case = (base, round(adapter, 3), rng.choice([1, 2, 3, 8, 20, 75, 300, 2000]),
                rng.choice([8.0, 16.0, 24.0, 40.0, 80.0, 141.0]), rng.choice([0.0, 0.1, 0.2, 0.3]))
        budget = case[3] * 1000 * (1 - case[4])
        sums = (case[2] * case[0], case[0] + case[2] * case[1])
        if any(abs(s - budget) < 1e-6 * budget for s in sums):
            continue  # no verdict on a floating-point tie
        cases.append(case)
    for args in cases:
        try:
            want = _plan(*args)
        except ValueError:
            want = None
        if want is None:
            err = raised(serving_plan, *args)
            if not isinstance(err, ValueError):
                got = "returned a plan" if err is None else f"raised {type(err).__name__}"
                raise CheckFailed(f"serving_plan{show(args)} {got}; expected ValueError: neither merged copies nor "
                                  "one base plus the adapters fit the budget")
            continue
        got = call("serving_plan", serving_plan, *args)
        if not equal(got, want):
            raise CheckFailed(f"serving_plan(base_mb={args[0]}, adapter_mb={args[1]}, customers={args[2]}, "
                              f"gpu_gb={args[3]}, headroom={args[4]}) returned {show(got)}, expected {want!r}")
    for bad in [(538.0, 7.4, 0, 24.0, 0.2), (538.0, 7.4, 3, 24.0, 1.0), (538.0, 7.4, 3, 24.0, -0.1),
                (0.0, 7.4, 3, 24.0, 0.2), (538.0, -1.0, 3, 24.0, 0.2)]:
        if not isinstance(raised(serving_plan, *bad), ValueError):
            raise CheckFailed(f"serving_plan{show(bad)} must raise ValueError: customers >= 1, 0 <= headroom < 1, "
                              "and sizes > 0")
    return len(cases) + 5
