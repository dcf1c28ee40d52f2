"""Reference solutions for days/day02.ipynb."""
from typing import Any

from pydantic import Field

from aicourse.core import StrictModel


class DataConfig(StrictModel):
    path: str
    batch_size: int = Field(gt=0)
    val_fraction: float = Field(default=0.1, gt=0, lt=1)
    shuffle: bool = True


def flatten(config: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in config.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat
