"""Reference solutions for days/day12.ipynb (not shipped: tests prove each one passes its check)."""
import os
import shutil
import tempfile
from pathlib import Path


def atomic_write_text(path: Path, text: str) -> None:
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if path.exists():
        os.replace(path, path.with_name(path.name + ".prev"))
    os.replace(tmp, path)


def atomic_write_text__mkstemp_copy(path: Path, text: str) -> None:  # a unique temp name; the previous one copied
    path = Path(path)
    fd, name = tempfile.mkstemp(dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
    except BaseException:
        os.unlink(name)
        raise
    if path.exists():
        shutil.copyfile(path, path.with_name(path.name + ".prev"))
    os.replace(name, path)


def stop_epoch(val_losses: list[float], patience: int, min_delta: float = 0.0) -> int | None:
    if patience < 1 or min_delta < 0:
        raise ValueError("patience >= 1 and min_delta >= 0")
    best, wait = None, 0
    for epoch, loss in enumerate(val_losses):
        if best is None or loss < best - min_delta:
            best, wait = loss, 0
        else:
            wait += 1
            if wait == patience:
                return epoch
    return None
