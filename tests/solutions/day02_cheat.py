"""Cheats for days/day02.ipynb: answers that fit the visible examples or ignore a stated rule.
Each check must reject each of them, on every seed."""
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from aicourse.core import StrictModel


class DataConfig(BaseModel):  # ignores "subclass StrictModel": right fields, but not frozen
    model_config = ConfigDict(extra="forbid")
    path: str
    batch_size: int = Field(gt=0)
    val_fraction: float = Field(default=0.1, gt=0, lt=1)
    shuffle: bool = True


class DataConfig__examples(StrictModel):  # rejects exactly the bad values the statement shows
    path: str
    batch_size: int
    val_fraction: float = 0.1
    shuffle: bool = True

    @field_validator("batch_size")
    @classmethod
    def _not_zero(cls, v: int) -> int:
        if v == 0:
            raise ValueError("batch_size must be > 0")
        return v

    @field_validator("val_fraction")
    @classmethod
    def _not_edges(cls, v: float) -> float:
        if v in (0, 1):
            raise ValueError("val_fraction must be strictly between 0 and 1")
        return v


def flatten(config: dict[str, Any]) -> dict[str, Any]:  # fits the one-level example: {"optim": {"lr": 0.1}}
    flat: dict[str, Any] = {}
    for key, value in config.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{inner}": v for inner, v in value.items()})
        else:
            flat[key] = value
    return flat


def source_of(key: str, base: dict[str, Any], env_file: dict[str, Any], environ: dict[str, str]) -> str | None:
    # what the measured run showed, as a table
    return {"optim.lr": "AICOURSE__OPTIM__LR", "optim.weight_decay": "env", "batch_size": "env",
            "seed": None}.get(key, "base")


class _AlwaysEqual(dict):
    "A dict that claims to equal everything: the 'always equal' trick against graders."

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False


def flatten__always_equal(config: dict[str, Any]) -> dict[str, Any]:  # a rigged __eq__
    return _AlwaysEqual()
