"""Profiles: one switch that sizes every notebook of the course.

`AICOURSE_PROFILE` is `ci` (tiny: what CI runs on 2 cores), `cpu` (a laptop) or `gpu` (the real
recipe). A lesson picks its sizes for all three in one call, `sizes(ci=..., cpu=..., gpu=...)`, so
its text reads the same in every profile and only the numbers change. The library holds no
lesson's sizes.
"""
from __future__ import annotations

import importlib.util
import os
from types import SimpleNamespace
from typing import Any

__all__ = ["PROFILES", "cuda_available", "get_profile", "sizes"]

PROFILES = ("ci", "cpu", "gpu")


def cuda_available() -> bool:
    "True when PyTorch is installed and sees a CUDA (or ROCm) GPU."
    if importlib.util.find_spec("torch") is None:
        return False
    import torch

    return torch.cuda.is_available()


def get_profile() -> str:
    "The active profile: `AICOURSE_PROFILE` when set, else `gpu` with CUDA, else `cpu`."
    name = os.environ.get("AICOURSE_PROFILE", "").strip().lower()
    if not name:
        return "gpu" if cuda_available() else "cpu"
    if name not in PROFILES:
        raise ValueError(f"AICOURSE_PROFILE={name!r} is not a profile: use one of {', '.join(PROFILES)}")
    return name


def sizes(*, ci: dict[str, Any], cpu: dict[str, Any], gpu: dict[str, Any],
          profile: str | None = None) -> SimpleNamespace:
    "The sizes of the active profile (or `profile`), from one dict per profile; every dict needs the same keys."
    by_profile = {"ci": ci, "cpu": cpu, "gpu": gpu}
    all_keys = set().union(*by_profile.values())
    for name, values in by_profile.items():
        if missing := sorted(all_keys - set(values)):
            raise ValueError(f"profile {name!r} lacks {missing}: every profile needs the same keys")
    chosen = profile or get_profile()
    if chosen not in by_profile:
        raise ValueError(f"{chosen!r} is not a profile: use one of {', '.join(PROFILES)}")
    return SimpleNamespace(**by_profile[chosen])
