"""Checks for days/day02.ipynb: a validated data config, and flattening nested configs."""
from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from aicourse.checks import CheckFailed, exercise


def _rejects(model: Any, **fields: Any) -> bool:
    try:
        model(**fields)
    except NotImplementedError:
        raise
    except ValueError:  # pydantic's ValidationError is a ValueError
        return True
    return False


@exercise("day02.DataConfig",
          hint="subclass StrictModel; use Field(gt=0) for batch_size and Field(gt=0, lt=1) for val_fraction")
def check_data_config(DataConfig: Any) -> int:
    if DataConfig is None or not isinstance(DataConfig, type):
        raise NotImplementedError
    rng, cases = random.Random(), 0
    for _ in range(5):
        batch = rng.randint(1, 4096)
        cfg = DataConfig(path=f"data/{batch}", batch_size=str(batch))
        if cfg.batch_size != batch or not isinstance(cfg.batch_size, int):
            raise CheckFailed(f"batch_size='{batch}' should become the int {batch}, got {cfg.batch_size!r}")
        if (cfg.val_fraction, cfg.shuffle) != (0.1, True):
            raise CheckFailed(f"defaults should be val_fraction=0.1, shuffle=True; got {cfg.val_fraction!r}, {cfg.shuffle!r}")
        cases += 1
    frac = round(rng.uniform(0.01, 0.99), 3)
    if DataConfig(path="d", batch_size=8, val_fraction=str(frac), shuffle="false").val_fraction != frac:
        raise CheckFailed(f"val_fraction='{frac}' should be accepted and become {frac}")
    bad_inputs = [dict(path="d", batch_size=0), dict(path="d", batch_size=-rng.randint(1, 99)),
                  dict(path="d", batch_size="many"), dict(path="d", batch_size=8, val_fraction=0),
                  dict(path="d", batch_size=8, val_fraction=1), dict(path="d", batch_size=8, val_fraction=1.5),
                  dict(batch_size=8), dict(path="d", batch_size=8, batchsize=16)]
    for fields in bad_inputs:
        if not _rejects(DataConfig, **fields):
            raise CheckFailed(f"DataConfig({', '.join(f'{k}={v!r}' for k, v in fields.items())}) should be rejected")
        cases += 1
    return cases + 1


def _random_tree(rng: random.Random, depth: int) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for i in range(rng.randint(1, 4)):
        key = f"k{i}{rng.choice('abcxyz')}"
        if depth > 0 and rng.random() < 0.5:
            tree[key] = _random_tree(rng, depth - 1)
        else:
            tree[key] = rng.choice([rng.random(), rng.randint(0, 9), "text", [1, 2], None, True])
    return tree


def _reference_flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            out.update(_reference_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


@exercise("day02.flatten",
          hint="recurse into dict values with the key path so far plus '.'; everything else is a leaf")
def check_flatten(flatten: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
    rng, cases = random.Random(), 0
    fixed = [({}, {}), ({"a": {}}, {}), ({"a": [1, {"b": 2}]}, {"a": [1, {"b": 2}]}),
             ({"optim": {"lr": 0.1, "betas": [0.9, 0.99]}, "seed": 1}, {"optim.lr": 0.1, "optim.betas": [0.9, 0.99], "seed": 1})]
    trees = fixed + [(t, _reference_flatten(t)) for t in (_random_tree(rng, 3) for _ in range(20))]
    for tree, want in trees:
        snapshot = repr(tree)
        got = flatten(tree)
        if got != want:
            raise CheckFailed(f"flatten({tree!r}) returned {got!r}, expected {want!r}")
        if repr(tree) != snapshot:
            raise CheckFailed("flatten changed the dict it was given")
        cases += 1
    return cases
