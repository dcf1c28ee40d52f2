"""Plausible wrong answers for days/day02.ipynb: each check must reject each of them, on every seed."""
from typing import Any

from pydantic import Field

from aicourse.core import StrictModel


class DataConfig(StrictModel):  # inclusive bounds: batch_size=0 and val_fraction 0 or 1 pass
    path: str
    batch_size: int = Field(ge=0)
    val_fraction: float = Field(default=0.1, ge=0, le=1)
    shuffle: bool = True


class DataConfig__no_bounds(StrictModel):
    path: str
    batch_size: int
    val_fraction: float = 0.1
    shuffle: bool = True


class DataConfig__approximate_bounds(StrictModel):  # "strictly between" approximated: rejects 1e-12
    path: str
    batch_size: int = Field(gt=0)
    val_fraction: float = Field(default=0.1, ge=0.001, le=0.999)
    shuffle: bool = True


def flatten(config: dict[str, Any], prefix: str = "") -> dict[str, Any]:  # keeps empty sections as values
    flat: dict[str, Any] = {}
    for key, value in config.items():
        if isinstance(value, dict) and value:
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def flatten__drops_falsy(config: dict[str, Any], prefix: str = "") -> dict[str, Any]:  # `if value:` loses 0 and None
    flat: dict[str, Any] = {}
    for key, value in config.items():
        if isinstance(value, dict):
            flat.update(flatten__drops_falsy(value, f"{prefix}{key}."))
        elif value:
            flat[f"{prefix}{key}"] = value
    return flat


def flatten__pops(config: dict[str, Any], prefix: str = "") -> dict[str, Any]:  # empties the caller's dict
    flat: dict[str, Any] = {}
    while config:
        key, value = config.popitem()
        if isinstance(value, dict):
            flat.update(flatten__pops(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def source_of(key: str, base: dict[str, Any], env_file: dict[str, Any], environ: dict[str, str]) -> str | None:
    # a shallow merge in mind: a section in a later layer replaces the whole section
    name = "AICOURSE__" + key.replace(".", "__").upper()
    if name in environ:
        return name
    top = key.split(".")[0]
    return "env" if top in env_file else "base" if top in base else None


def source_of__truthy(key: str, base: dict[str, Any], env_file: dict[str, Any], environ: dict[str, str]) -> str | None:
    # `if value:` treats a key set to 0, False, None or "" as not set
    parts = key.split(".")
    for name, value in environ.items():
        if value and name.startswith("AICOURSE__") and name[10:].lower().split("__") == parts:
            return name
    for label, layer in (("env", env_file), ("base", base)):
        node: Any = layer
        for part in parts:
            node = node.get(part) if isinstance(node, dict) else None
        if node:
            return label
    return None
