"""Reference solutions for days/day01.ipynb (not shipped: tests prove each one passes its check).

`name` is the reference; `name__variant` is another answer the statement allows, which must pass too.
"""
import math
import random
import statistics

BYTES = {"float64": 8, "float32": 4, "bfloat16": 2, "float16": 2, "int8": 1, "int4": 0.5}


def weights_memory_gib(n_params: int, dtype: str) -> float:
    if dtype not in BYTES:
        raise ValueError(f"unknown dtype {dtype!r}; known: {', '.join(BYTES)}")
    return n_params * BYTES[dtype] / 2**30


def weights_memory_gib__whole_bytes(n_params: int, dtype: str) -> float:  # int4 rounded up to whole bytes
    bits = {"float64": 64, "float32": 32, "bfloat16": 16, "float16": 16, "int8": 8, "int4": 4}
    if dtype not in bits:
        raise ValueError(dtype)
    return math.ceil(n_params * bits[dtype] / 8) / 1024**3


def seeded_shuffle(items: list, seed: int) -> list:
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    return shuffled


def seeded_shuffle__sample(items: list, seed: int) -> list:
    return random.Random(seed).sample(items, len(items))


def seeded_shuffle__sort_by_key(items: list, seed: int) -> list:
    rng = random.Random(seed)
    keys = [rng.random() for _ in items]
    return [item for _, item in sorted(zip(keys, items, strict=True), key=lambda pair: pair[0])]


def choose_profile(env_value: str | None, has_cuda: bool) -> str:
    name = (env_value or "").strip().lower()
    if not name:
        return "gpu" if has_cuda else "cpu"
    if name not in ("ci", "cpu", "gpu"):
        raise ValueError(f"{env_value!r} is not a profile: use ci, cpu or gpu")
    return name


def verdict(accs_a: list[float], accs_b: list[float]) -> str:
    if len(accs_a) < 2 or len(accs_b) < 2:
        raise ValueError("compare at least 2 runs per setting: one run has no spread")
    gap = sum(accs_b) / len(accs_b) - sum(accs_a) / len(accs_a)
    noise = max(max(accs_a) - min(accs_a), max(accs_b) - min(accs_b))
    if abs(gap) <= noise:
        return "tie"
    return "b" if gap > 0 else "a"


def verdict__statistics(accs_a: list[float], accs_b: list[float]) -> str:
    if min(len(accs_a), len(accs_b)) < 2:
        raise ValueError("need two runs each")
    gap = statistics.mean(accs_a) - statistics.mean(accs_b)
    noise = max(max(x) - min(x) for x in (accs_a, accs_b))
    return "tie" if not abs(gap) > noise else ("a" if gap > 0 else "b")
