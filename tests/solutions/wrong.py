"""Plausible wrong answers, one per exercise: tests prove each check rejects them (not only the starter)."""
import random
from pathlib import Path
from typing import Any

from aicourse.core import StrictModel


def weights_memory_gib(n_params: int, dtype: str) -> float:  # GB (1e9) instead of GiB (2**30)
    return n_params * {"float64": 8, "float32": 4, "bfloat16": 2, "float16": 2, "int8": 1, "int4": 0.5}[dtype] / 1e9


def seeded_shuffle(items: list, seed: int) -> list:  # shuffles the caller's list in place
    random.Random(seed).shuffle(items)
    return items


def choose_profile(env_value: str | None, has_cuda: bool) -> str:  # forgets to normalise case and spaces
    if not env_value:
        return "gpu" if has_cuda else "cpu"
    if env_value not in ("ci", "cpu", "gpu"):
        raise ValueError(env_value)
    return env_value


class DataConfig(StrictModel):  # no bounds on batch_size or val_fraction
    path: str
    batch_size: int
    val_fraction: float = 0.1
    shuffle: bool = True


def flatten(config: dict[str, Any], prefix: str = "") -> dict[str, Any]:  # keeps empty sections as values
    flat: dict[str, Any] = {}
    for key, value in config.items():
        if isinstance(value, dict) and value:
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def missing_paths(root: Path, required: list[str]) -> list[str]:  # a folder named like a required file counts
    return sorted(rel for rel in required if not (root / rel).exists())


def test_median(median) -> None:  # only odd lengths, sorted input
    assert median([1, 2, 3]) == 2

