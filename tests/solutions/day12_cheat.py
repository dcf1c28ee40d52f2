"""Cheats for days/day12.ipynb: answers that fit the visible examples or ignore a stated rule."""
import os
from pathlib import Path


def atomic_write_text(path: Path, text: str) -> None:  # atomic, but ignores the rule to keep the previous file
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_bytes(text.encode("utf-8"))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)


def stop_epoch(val_losses: list[float], patience: int, min_delta: float = 0.0) -> int | None:  # knows the future: argmin + patience
    if patience < 1 or min_delta < 0:
        raise ValueError("bad arguments")
    if not val_losses:
        return None
    stop = val_losses.index(min(val_losses)) + patience
    return stop if stop < len(val_losses) else None
