"""Plausible wrong answers for days/day01.ipynb: each check must reject each of them, on every seed.

`name` is the wrong answer a learner would plausibly write; `name__variant` is another one.
"""
import random

BYTES = {"float64": 8, "float32": 4, "bfloat16": 2, "float16": 2, "int8": 1, "int4": 0.5}


def weights_memory_gib(n_params: int, dtype: str) -> float:  # GB (1e9 bytes) instead of GiB (2**30)
    if dtype not in BYTES:
        raise ValueError(dtype)
    return n_params * BYTES[dtype] / 1e9


def weights_memory_gib__any_case(n_params: int, dtype: str) -> float:  # "FLOAT32" passes, the text says it raises
    dtype = dtype.strip().lower()
    if dtype not in BYTES:
        raise ValueError(dtype)
    return n_params * BYTES[dtype] / 2**30


def weights_memory_gib__key_error(n_params: int, dtype: str) -> float:  # an unknown dtype raises KeyError
    return n_params * BYTES[dtype] / 2**30


def weights_memory_gib__rounded(n_params: int, dtype: str) -> float:  # rounds the GiB
    if dtype not in BYTES:
        raise ValueError(dtype)
    return round(n_params * BYTES[dtype] / 2**30, 2)


def seeded_shuffle(items: list, seed: int) -> list:  # shuffles the caller's list in place
    random.Random(seed).shuffle(items)
    return items


def seeded_shuffle__global(items: list, seed: int) -> list:  # reseeds Python's global generator
    random.seed(seed)
    shuffled = list(items)
    random.shuffle(shuffled)
    return shuffled


def seeded_shuffle__dedup(items: list, seed: int) -> list:  # loses duplicates (and fails on unhashable items)
    shuffled = list(dict.fromkeys(items))
    random.Random(seed).shuffle(shuffled)
    return shuffled


def choose_profile(env_value: str | None, has_cuda: bool) -> str:  # forgets to normalise case and spaces
    if not env_value:
        return "gpu" if has_cuda else "cpu"
    if env_value not in ("ci", "cpu", "gpu"):
        raise ValueError(env_value)
    return env_value


def choose_profile__no_strip(env_value: str | None, has_cuda: bool) -> str:  # lower-cases but keeps the spaces
    name = (env_value or "").lower()
    if not name:
        return "gpu" if has_cuda else "cpu"
    if name not in ("ci", "cpu", "gpu"):
        raise ValueError(env_value)
    return name


def verdict(accs_a: list[float], accs_b: list[float]) -> str:  # compares the means only: luck counts as progress
    if len(accs_a) < 2 or len(accs_b) < 2:
        raise ValueError("need two runs each")
    mean_a, mean_b = sum(accs_a) / len(accs_a), sum(accs_b) / len(accs_b)
    return "tie" if mean_a == mean_b else ("a" if mean_a > mean_b else "b")


def verdict__at_least(accs_a: list[float], accs_b: list[float]) -> str:  # a gap equal to the noise counts
    if len(accs_a) < 2 or len(accs_b) < 2:
        raise ValueError("need two runs each")
    gap = sum(accs_b) / len(accs_b) - sum(accs_a) / len(accs_a)
    noise = max(max(accs_a) - min(accs_a), max(accs_b) - min(accs_b))
    return "tie" if abs(gap) < noise else ("b" if gap > 0 else "a")


def verdict__spread_of_a(accs_a: list[float], accs_b: list[float]) -> str:  # the noise of setting a only
    if len(accs_a) < 2 or len(accs_b) < 2:
        raise ValueError("need two runs each")
    gap = sum(accs_b) / len(accs_b) - sum(accs_a) / len(accs_a)
    return "tie" if abs(gap) <= max(accs_a) - min(accs_a) else ("b" if gap > 0 else "a")


def verdict__one_run(accs_a: list[float], accs_b: list[float]) -> str:  # accepts a single run per setting
    gap = sum(accs_b) / len(accs_b) - sum(accs_a) / len(accs_a)
    noise = max(max(accs_a) - min(accs_a), max(accs_b) - min(accs_b))
    return "tie" if abs(gap) <= noise else ("b" if gap > 0 else "a")


def verdict__stdev(accs_a: list[float], accs_b: list[float]) -> str:  # the noise as a standard deviation
    import statistics
    if len(accs_a) < 2 or len(accs_b) < 2:
        raise ValueError("need two runs each")
    gap = statistics.mean(accs_b) - statistics.mean(accs_a)
    noise = max(statistics.stdev(accs_a), statistics.stdev(accs_b))
    return "tie" if abs(gap) <= noise else ("b" if gap > 0 else "a")
