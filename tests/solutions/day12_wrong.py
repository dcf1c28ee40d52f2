"""Plausible wrong answers for days/day12.ipynb: each check must reject each of them, on every seed."""
import os
import shutil
from pathlib import Path


def atomic_write_text(path: Path, text: str) -> None:  # keeps .prev, but writes in place: a crash truncates path
    path = Path(path)
    if path.exists():
        shutil.copyfile(path, path.with_name(path.name + ".prev"))
    path.write_text(text, encoding="utf-8")


def atomic_write_text__move_first(path: Path, text: str) -> None:  # moves the old file away before the new one exists
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    if path.exists():
        os.replace(path, path.with_name(path.name + ".prev"))
    try:
        tmp.write_bytes(text.encode("utf-8"))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)


def atomic_write_text__leaves_tmp(path: Path, text: str) -> None:  # forgets the temporary file when writing fails
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    if path.exists():
        os.replace(path, path.with_name(path.name + ".prev"))
    os.replace(tmp, path)


def stop_epoch(val_losses: list[float], patience: int, min_delta: float = 0.0) -> int | None:  # vs the previous epoch
    if patience < 1 or min_delta < 0:
        raise ValueError("bad arguments")
    wait = 0
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] < val_losses[epoch - 1] - min_delta:
            wait = 0
        else:
            wait += 1
            if wait == patience:
                return epoch
    return None


def stop_epoch__no_delta(val_losses: list[float], patience: int, min_delta: float = 0.0) -> int | None:  # ignores min_delta
    if patience < 1 or min_delta < 0:
        raise ValueError("bad arguments")
    best, wait = None, 0
    for epoch, loss in enumerate(val_losses):
        if best is None or loss < best:
            best, wait = loss, 0
        else:
            wait += 1
            if wait == patience:
                return epoch
    return None
