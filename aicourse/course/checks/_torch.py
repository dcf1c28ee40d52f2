"""Helpers the checks of the from-scratch days share: forbid library functions, describe tensors."""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from aicourse.course.checks import CheckFailed, show


class Forbidden(Exception):
    "Raised by a library function the exercise asks you not to use."


@contextlib.contextmanager
def forbid(names: list[str]) -> Iterator[None]:
    "Replace torch functions ('torch.nn.functional.softmax', 'torch.Tensor.logsumexp', ...) by ones that raise."
    import torch
    import torch.nn.functional  # noqa: F401 (makes torch.nn.functional an attribute of torch.nn)

    saved: list[tuple[Any, str, bool, Any]] = []
    try:
        for dotted in names:
            owner_name, attr = dotted.rsplit(".", 1)
            owner: Any = torch
            for part in owner_name.split(".")[1:]:
                owner = getattr(owner, part, None)
            if owner is None or not hasattr(owner, attr):  # an older or newer torch without it
                continue
            saved.append((owner, attr, attr in vars(owner), vars(owner).get(attr)))

            def refuse(*args: Any, _name: str = dotted, **kwargs: Any) -> Any:
                raise Forbidden(_name)
            setattr(owner, attr, refuse)
        yield
    finally:
        for owner, attr, had_own, value in reversed(saved):
            if had_own:
                setattr(owner, attr, value)
            else:
                delattr(owner, attr)


def describe(t: Any) -> str:
    "A tensor as shape, dtype and its first values (short enough for a FAIL message); anything else by `show`."
    import torch

    if isinstance(t, torch.Tensor):
        flat = t.flatten()
        values = ", ".join(f"{v:g}" for v in flat[:6].tolist()) + (", ..." if flat.numel() > 6 else "")
        return f"tensor(shape={tuple(t.shape)}, dtype={t.dtype}, values=[{values}])"
    return show(t)


def run_forbidding(name: str, fn: Callable[..., Any], forbidden: list[str], instead: str, *args: Any) -> Any:
    "Call the learner's `fn` with the `forbidden` library functions replaced; `instead` says what to write it from."
    try:
        with forbid(forbidden):
            return fn(*args)
    except NotImplementedError:
        raise
    except Forbidden as e:
        raise CheckFailed(f"{name} called {e}, which the statement rules out: {instead}",
                          "Which library function did you call? Today is about writing it yourself.") from None
    except Exception as e:
        raise CheckFailed(f"{name}({', '.join(describe(a) for a in args)}) raised {type(e).__name__}: {e}") from None
