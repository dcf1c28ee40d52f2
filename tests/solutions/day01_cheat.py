"""Cheats for days/day01.ipynb: answers that fit the visible examples or ignore a stated rule.
Each check must reject each of them, on every seed."""
import math


def weights_memory_gib(n_params: int, dtype: str) -> float:  # fits the example shown: everything as float32
    if dtype not in ("float64", "float32", "bfloat16", "float16", "int8", "int4"):
        raise ValueError(dtype)
    return n_params * 4 / 2**30


def seeded_shuffle(items: list, seed: int) -> list:  # an order-preserving stand-in: a rotation chosen by the seed
    if not items:
        return []
    k = seed % len(items) or 1
    return items[k:] + items[:k]


def seeded_shuffle__reverse(items: list, seed: int) -> list:  # reversed for odd seeds, rotated by one otherwise
    return items[::-1] if seed % 2 else items[1:] + items[:1]


def seeded_shuffle__stride(items: list, seed: int) -> list:  # a stride permutation: item 0 always comes first
    n = len(items)
    if n < 2:
        return list(items)
    step = next(s for s in range(2 + seed % 5, 2 * n + 7) if math.gcd(s, n) == 1)
    return [items[(i * step) % n] for i in range(n)]


def choose_profile(env_value: str | None, has_cuda: bool) -> str:  # a substring test: "c", "pu", "cpu gpu" pass
    name = (env_value or "").strip().lower()
    if not name:
        return "gpu" if has_cuda else "cpu"
    if name not in "ci cpu gpu":
        raise ValueError(f"{env_value!r} is not a profile")
    return name


def choose_profile__prefix(env_value: str | None, has_cuda: bool) -> str:  # matches the first two letters
    name = (env_value or "").strip().lower()
    if not name:
        return "gpu" if has_cuda else "cpu"
    for profile in ("ci", "cpu", "gpu"):
        if name[:2] == profile[:2]:
            return profile
    raise ValueError(f"{env_value!r} is not a profile")


def verdict(accs_a: list[float], accs_b: list[float]) -> str:  # fits the statement's two examples
    if len(accs_a) < 2 or len(accs_b) < 2:
        raise ValueError("need two runs each")
    return "b" if sum(accs_b) / len(accs_b) - sum(accs_a) / len(accs_a) > 0.05 else "tie"


def verdict__always_tie(accs_a: list[float], accs_b: list[float]) -> str:  # a constant guess
    if len(accs_a) < 2 or len(accs_b) < 2:
        raise ValueError("need two runs each")
    return "tie"


class _Anything(str):
    "A string that claims to equal everything: the 'always equal' trick against graders."

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    __hash__ = str.__hash__


def verdict__always_equal(accs_a: list[float], accs_b: list[float]) -> str:  # a rigged __eq__
    if len(accs_a) < 2 or len(accs_b) < 2:
        raise ValueError("need two runs each")
    return _Anything("tie")
