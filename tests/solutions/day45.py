"""Reference answers for days/day45.ipynb."""


def adapter_problems(adapter, base):
    bad = set()
    for key, shape in adapter.items():
        path, kind = key.removeprefix("base_model.model.").rsplit(".lora_", 1)
        if path not in base:
            bad.add(path)
        elif kind == "A.weight" and shape[1] != base[path][0]:  # A is (r, in_features)
            bad.add(path)
        elif kind == "B.weight" and shape[0] != base[path][1]:  # B is (out_features, r)
            bad.add(path)
    return sorted(bad)


def adapter_problems__pairs(adapter, base):
    # another correct way: gather A and B per layer first, then compare both sides
    layers = {}
    for key, shape in adapter.items():
        path, kind = key[len("base_model.model."):].rsplit(".lora_", 1)
        layers.setdefault(path, {})[kind[0]] = shape
    bad = []
    for path, mats in layers.items():
        n_in, n_out = base.get(path, (None, None))
        if n_in is None or ("A" in mats and mats["A"][1] != n_in) or ("B" in mats and mats["B"][0] != n_out):
            bad.append(path)
    return sorted(bad)


TOLERANCE = {"float32": 1e-5, "float16": 1e-2, "bfloat16": 5e-2}


def logits_match(reference, candidate, dtype):
    if tuple(reference.shape) != tuple(candidate.shape):
        raise ValueError(f"shapes differ: {tuple(reference.shape)} vs {tuple(candidate.shape)}")
    if dtype not in TOLERANCE:
        raise ValueError(f"unknown dtype {dtype!r}: use one of {sorted(TOLERANCE)}")
    gap = (candidate.float() - reference.float()).abs().max().item()
    return gap <= TOLERANCE[dtype] * reference.float().abs().max().item()


def serving_plan(base_mb, adapter_mb, customers, gpu_gb, headroom=0.2):
    if customers < 1 or not 0 <= headroom < 1 or base_mb <= 0 or adapter_mb <= 0:
        raise ValueError("customers >= 1, 0 <= headroom < 1, sizes > 0")
    budget = gpu_gb * 1000 * (1 - headroom)
    if customers * base_mb <= budget:
        return "merged"
    if base_mb + customers * adapter_mb <= budget:
        return "adapters"
    raise ValueError(f"nothing fits in {budget:,.0f} MB: a bigger GPU, fewer customers per GPU, or a smaller base")
