"""Small helpers the course runtime and the authoring tools share."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["temp_env"]


@contextmanager
def temp_env(**values: str) -> Iterator[None]:
    "Set environment variables for the duration of a `with` block (a kernel started inside inherits them)."
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old
