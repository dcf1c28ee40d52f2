"""Reference solutions for days/day02.ipynb (`name__variant`: another answer the statement allows)."""
from typing import Annotated, Any

from pydantic import Field

from aicourse.core import StrictModel


class DataConfig(StrictModel):
    path: str
    batch_size: int = Field(gt=0)
    val_fraction: float = Field(default=0.1, gt=0, lt=1)
    shuffle: bool = True


class DataConfig__annotated(StrictModel):
    path: str
    batch_size: Annotated[int, Field(ge=1)]
    val_fraction: Annotated[float, Field(gt=0.0, lt=1.0)] = 0.1
    shuffle: bool = True


def flatten(config: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in config.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def flatten__stack(config: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    stack = [("", config)]
    while stack:
        prefix, node = stack.pop()
        for key, value in node.items():
            if isinstance(value, dict):
                stack.append((f"{prefix}{key}.", value))
            else:
                flat[prefix + key] = value
    return flat


def source_of(key: str, base: dict[str, Any], env_file: dict[str, Any], environ: dict[str, str]) -> str | None:
    parts = key.split(".")
    for name in environ:
        if name.startswith("AICOURSE__") and name[len("AICOURSE__"):].lower().split("__") == parts:
            return name
    for label, layer in (("env", env_file), ("base", base)):
        node: Any = layer
        for part in parts:
            if not isinstance(node, dict) or part not in node:
                break
            node = node[part]
        else:
            return label
    return None


def source_of__library(key: str, base: dict[str, Any], env_file: dict[str, Any], environ: dict[str, str]) -> str | None:
    from aicourse.core import env_overrides  # the lesson's own parser, one variable at a time

    def has(tree: dict[str, Any]) -> bool:
        node: Any = tree
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return True

    for name, value in environ.items():
        if has(env_overrides(environ={name: value})):
            return name
    return "env" if has(env_file) else "base" if has(base) else None
