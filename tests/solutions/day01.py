"""Reference solutions for days/day01.ipynb (not shipped: tests prove each one passes its check)."""
import random

BYTES = {"float64": 8, "float32": 4, "bfloat16": 2, "float16": 2, "int8": 1, "int4": 0.5}


def weights_memory_gib(n_params: int, dtype: str) -> float:
    if dtype not in BYTES:
        raise ValueError(f"unknown dtype {dtype!r}; known: {', '.join(BYTES)}")
    return n_params * BYTES[dtype] / 2**30


def seeded_shuffle(items: list, seed: int) -> list:
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    return shuffled


def choose_profile(env_value: str | None, has_cuda: bool) -> str:
    name = (env_value or "").strip().lower()
    if not name:
        return "gpu" if has_cuda else "cpu"
    if name not in ("ci", "cpu", "gpu"):
        raise ValueError(f"{env_value!r} is not a profile: use ci, cpu or gpu")
    return name
