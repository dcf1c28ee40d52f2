"""Authoring tools for course authors: notebook sync and checks, and the docs site.

Not part of the library a learner imports, and not in the API reference. They need the notebook
toolchain, `pip install "aicourse[dev]"`; `require_dev` says so clearly when it is missing.
"""
from __future__ import annotations

import importlib.util

__all__ = ["DevToolsMissing", "require_dev"]


class DevToolsMissing(ImportError):
    "An authoring tool needs a package of the `dev` extra that is not installed."


def require_dev(*modules: str, purpose: str = "this authoring tool") -> None:
    "Raise `DevToolsMissing`, naming every missing module and the install command, unless all of `modules` import."
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise DevToolsMissing(f"{purpose} needs {', '.join(missing)}, from the course's dev tools: "
                              'pip install "aicourse[dev]" (in a checkout, `make test` or `make lab` installs them)')
