"""Plausible mistakes for days/day45.ipynb."""


def adapter_problems(adapter, base):
    # reads A as (in, r) and B as (r, out): the shapes transposed
    bad = set()
    for key, shape in adapter.items():
        path, kind = key.removeprefix("base_model.model.").rsplit(".lora_", 1)
        if path not in base or (kind == "A.weight" and shape[0] != base[path][0]) or \
                (kind == "B.weight" and shape[1] != base[path][1]):
            bad.add(path)
    return sorted(bad)


def logits_match(reference, candidate, dtype):
    # an absolute tolerance: ignores how large the logits are
    if tuple(reference.shape) != tuple(candidate.shape):
        raise ValueError("shapes differ")
    tol = {"float32": 1e-5, "float16": 1e-2, "bfloat16": 5e-2}[dtype] if dtype in ("float32", "float16", "bfloat16") else None
    if tol is None:
        raise ValueError(dtype)
    return (candidate.float() - reference.float()).abs().max().item() <= tol


def serving_plan(base_mb, adapter_mb, customers, gpu_gb, headroom=0.2):
    # adapters first: the smaller option always wins, so 'merged' is never chosen
    if customers < 1 or not 0 <= headroom < 1 or base_mb <= 0 or adapter_mb <= 0:
        raise ValueError("bad input")
    budget = gpu_gb * 1000 * (1 - headroom)
    if base_mb + customers * adapter_mb <= budget:
        return "adapters"
    if customers * base_mb <= budget:
        return "merged"
    raise ValueError("nothing fits")


def serving_plan__gibibytes(base_mb, adapter_mb, customers, gpu_gb, headroom=0.2):
    # 1 GB taken as 1024 MB: a bigger budget than the statement's 1000 MB per GB, so merged copies win too often
    if customers < 1 or not 0 <= headroom < 1 or base_mb <= 0 or adapter_mb <= 0:
        raise ValueError("bad input")
    budget = gpu_gb * 1024 * (1 - headroom)
    if customers * base_mb <= budget:
        return "merged"
    if base_mb + customers * adapter_mb <= budget:
        return "adapters"
    raise ValueError("nothing fits")
