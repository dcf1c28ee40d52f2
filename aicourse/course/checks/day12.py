"""Checks for days/day12.ipynb: an atomic write that keeps the previous file, and the early-stopping rule."""
from __future__ import annotations

import random
import shutil
import string
import tempfile
from collections.abc import Callable
from pathlib import Path

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _text(rng: random.Random) -> str:
    return "".join(rng.choices(string.ascii_letters + " \n\té✓λ", k=rng.randint(0, 200)))


@exercise("day12.atomic_write_text",
          question="Where do the bytes go first? If the write fails halfway, what is left at `path`, and at `.prev`?",
          recipe="tmp = path.with_name(path.name + '.tmp'); try: tmp.write_bytes(text.encode('utf-8')) except: "
                 "tmp.unlink(missing_ok=True); raise. Then if path exists: os.replace(path, prev) (or copy it); "
                 "finally os.replace(tmp, path)")
def check_atomic_write_text(write: Callable[[Path, str], None], rng: random.Random) -> int:
    folder = Path(tempfile.mkdtemp(prefix="aicourse-day12-"))
    try:
        path = folder / "status.txt"
        texts = ["first", "café ✓ second", "", _text(rng), _text(rng)]
        previous: str | None = None
        for i, text in enumerate(texts):
            call("atomic_write_text", write, path, text)
            files = _files(folder)
            want = {"status.txt": text.encode("utf-8")}
            if previous is not None:
                want["status.txt.prev"] = previous.encode("utf-8")
            if files != want:
                raise CheckFailed(f"after writing {len(texts[: i + 1])} texts, the folder holds {show(files)}; "
                                  f"expected {show(want)}",
                                  "Does `path` hold the new text (UTF-8), `.prev` the text before, and nothing else remain?")
            previous = text
        for bad in ("half \ud800 written", "x" * rng.randint(1, 50) + "\udfff"):  # cannot be encoded as UTF-8
            before = _files(folder)
            error = raised(write, path, bad)
            if error is None:
                raise CheckFailed("atomic_write_text(path, 'half \\ud800 written') returned normally; writing text "
                                  "that UTF-8 cannot encode must raise", "Do you swallow the exception?")
            after = _files(folder)
            if after != before:
                raise CheckFailed(f"a failed write changed the folder: before {show(before)}, after {show(after)}",
                                  "When the write fails, was `path` already truncated or moved? Write a temporary "
                                  "file first, and delete it if that fails.")
        fresh = folder / f"new-{rng.randrange(10**6)}.txt"
        error = raised(write, fresh, "a\ud800")
        if error is None or fresh.exists() or _files(folder) != after:
            raise CheckFailed("a failed first write left a file behind (or returned normally)",
                              "Is the temporary file removed when writing it fails?")
        return len(texts) + 3
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _stop(losses: list[float], patience: int, min_delta: float) -> int | None:
    best, wait = None, 0
    for i, loss in enumerate(losses):
        if best is None or loss < best - min_delta:
            best, wait = loss, 0
        else:
            wait += 1
            if wait >= patience:
                return i
    return None


def _curve(rng: random.Random) -> list[float]:
    "A noisy U-shaped validation curve, values on a 1/1000 grid (no ties with min_delta at the boundary)."
    n, bottom = rng.randint(3, 25), rng.randint(1, 15)
    return [round(1.0 / (1 + i) + 0.02 * max(0, i - bottom) + rng.uniform(-0.05, 0.05), 3) for i in range(n)]


@exercise("day12.stop_epoch",
          question="Do you compare each loss with the BEST so far minus min_delta (not with the previous epoch), and stop right when the count reaches patience?",
          recipe="best, wait = None, 0; for i, loss in enumerate(losses): if best is None or loss < best - min_delta: "
                 "best, wait = loss, 0; else: wait += 1; if wait >= patience: return i. Return None at the end; "
                 "ValueError when patience < 1 or min_delta < 0")
def check_stop_epoch(stop_epoch: Callable, rng: random.Random) -> int:
    cases = [([1.0, 0.8, 0.9, 0.85, 0.7], 2, 0.0), ([], 3, 0.0), ([0.5], 1, 0.0), ([0.5, 0.5], 1, 0.0),
             ([1.0, 0.9, 0.8, 0.7], 1, 0.0), ([1.0, 0.95, 0.97, 0.93], 2, 0.06),  # improvements smaller than min_delta
             ([1.0, 1.1, 0.5, 1.2, 1.3, 1.4], 2, 0.0),  # a new best resets the count
             ([1.0, 1.1, 1.2, 0.5, 0.4], 2, 0.0),  # stops at 2, before the true minimum at 4
             ([1.0, 0.9, 0.95, 0.92, 0.91, 0.85], 3, 0.0),  # compared with the previous epoch it would never stop
             ([1.0, 0.9, 1.0, 0.9, 1.0], 3, 0.0)]  # equal to the best is no improvement
    for _ in range(20):
        cases.append((_curve(rng), rng.randint(1, 5), rng.choice([0.0, 0.0, 0.0105, 0.0305])))
    for losses, patience, min_delta in cases:
        got = call("stop_epoch", stop_epoch, list(losses), patience, min_delta)
        want = _stop(losses, patience, min_delta)
        if not equal(got, want):
            raise CheckFailed(f"stop_epoch({show(losses)}, patience={patience}, min_delta={min_delta}) returned "
                              f"{show(got)}, expected {want!r}")
    for args in [([1.0, 0.9], 0, 0.0), ([1.0, 0.9], -1, 0.0), ([1.0, 0.9], 2, -0.1), ([1.0], 0, 0.0)]:
        error = raised(stop_epoch, *args)
        if not isinstance(error, ValueError):
            raise CheckFailed(f"stop_epoch{args} should raise ValueError; it "
                              f"{'returned a value' if error is None else 'raised ' + type(error).__name__}",
                              "Which patience and min_delta does the statement reject?")
    return len(cases) + 4


