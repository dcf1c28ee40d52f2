"""Checks for days/day10.ipynb: a seeded class-balanced split, picking the number of workers from a
measured table, and finding the corrupt files of a dataset from its checksums."""
from __future__ import annotations

import hashlib
import random
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, show


def _class_indices(labels: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        found.setdefault(label, []).append(i)
    return found


def _as_int_list(value: Any, what: str, case: str) -> list[int]:
    if not isinstance(value, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in value):
        raise CheckFailed(f"{case}: {what} is {show(value)}, not a list of ints")
    return list(value)


def _split_of(fn: Callable[..., Any], labels: list[int], val_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    case = f"balanced_split({show(labels)}, {val_fraction}, seed={seed})"
    got = call("balanced_split", fn, list(labels), val_fraction, seed)
    if not isinstance(got, tuple) or len(got) != 2:
        raise CheckFailed(f"{case} returned {show(got)}, not a tuple (train, val)")
    train, val = _as_int_list(got[0], "train", case), _as_int_list(got[1], "val", case)
    if sorted(train + val) != list(range(len(labels))):
        raise CheckFailed(f"{case} returned train={show(train)}, val={show(val)}: every index 0..{len(labels) - 1} "
                          "must be in exactly one of them", "Does an index go missing, or land in both lists?")
    if train != sorted(train) or val != sorted(val):
        raise CheckFailed(f"{case}: train and val must each be sorted ascending, got train={show(train)}, val={show(val)}",
                          "Did you sort both lists before returning them?")
    for label, idx in _class_indices(labels).items():
        want = round(len(idx) * val_fraction)
        got_n = sum(labels[i] == label for i in val)
        if got_n != want:
            raise CheckFailed(f"{case}: class {label} has {len(idx)} items, so round({len(idx)} * {val_fraction}) = "
                              f"{want} belong in val; your val holds {got_n}",
                              "Do you count the validation share per class, with Python's round?")
    return train, val


def _is_run(positions: list[int], size: int) -> bool:
    "True when the chosen positions within a class of `size` are consecutive, wrapping around (a rotated slice)."
    p = sorted(positions)
    gaps = sum(b - a != 1 for a, b in zip(p, p[1:], strict=False)) + (p[0] + size - p[-1] != 1 if p else 0)
    return gaps <= 1


@exercise("day10.balanced_split",
          question="Is the choice per class, random from random.Random(seed), and the same for the same seed?",
          recipe="rng = random.Random(seed); group indices by label; for each label (sorted): shuffle its indices "
                 "with rng, put the first round(n * val_fraction) in val and the rest in train; return "
                 "(sorted(train), sorted(val))")
def check_balanced_split(fn: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[int], float]] = [
        ([], 0.2), ([5], 0.2), ([5], 0.5), ([1, 1], 0.5),  # round(0.5) == 0 and round(1.0) == 1
        ([0] * 10 + [1] * 10, 0.3), ([7, 3, 7, 3, 7, 3, 9], 0.5),  # labels need not be 0..k or grouped
        ([0] * 5 + [1] * 25, 0.25),  # round(1.25) == 1, round(6.25) == 6
    ]
    for _ in range(6):
        n_classes = rng.randint(1, 6)
        labels = [rng.randrange(n_classes) for _ in range(rng.randint(1, 120))]
        cases.append((labels, rng.choice([0.1, 0.2, 0.25, 0.3, 0.5, 0.75])))
    for labels, frac in cases:
        seed = rng.randrange(10**6)
        first = _split_of(fn, labels, frac, seed)
        again = _split_of(fn, labels, frac, seed)
        if not equal(list(again), list(first)):
            raise CheckFailed(f"balanced_split({show(labels)}, {frac}, seed={seed}) gave two different splits on two calls",
                              "Do you draw from random.Random(seed), not from the global generator or the clock?")
    # randomness: on a class of 20, the 4 validation items of a seeded shuffle are not always a slice of the class
    labels = [i % 2 for i in range(40)]
    positions_by_seed = []
    for _ in range(8):
        seed = rng.randrange(10**6)
        _, val = _split_of(fn, labels, 0.2, seed)
        positions_by_seed.append([i // 2 for i in val if labels[i] == 0])
    if all(_is_run(p, 20) for p in positions_by_seed):
        raise CheckFailed(f"over 8 seeds, the validation items of a class of 20 were always a consecutive run "
                          f"{show(positions_by_seed)}: that is a slice, not a random choice",
                          "Does the seed choose the items at random, or only where a slice starts?")
    return len(cases) * 2 + 8


def _reference_pick(table: dict[int, float], tolerance: float) -> int:
    best = max(table.values())
    return min(w for w, speed in table.items() if speed >= best * (1 - tolerance))


@exercise("day10.pick_workers",
          question="Which worker counts are within the tolerance of the best, and which of those is smallest?",
          recipe="best = max(table.values()); return min(w for w, s in table.items() if s >= best * (1 - tolerance))")
def check_pick_workers(fn: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[dict[int, float], float]] = [
        ({0: 1000.0}, 0.05),  # one setting: take it
        ({0: 500.0, 1: 500.0, 2: 500.0}, 0.05),  # a tie: the fewest workers
        ({0: 100.0, 1: 300.0, 2: 1000.0}, 0.05),  # more workers keep helping
        ({2: 1000.0, 0: 750.0, 1: 800.0}, 0.25),  # 750 = 1000 * (1 - 0.25) exactly counts; keys out of order
        ({0: 740.0, 1: 1000.0, 4: 990.0}, 0.25),  # just outside
        ({0: 900.0, 1: 1000.0, 2: 960.0}, 0.0),  # no tolerance: the fastest
        ({0: 3000.0, 2: 1200.0, 8: 2900.0}, 0.05),  # zero workers win outright
        ({1: 1000.0, 2: 960.0, 4: 970.0, 8: 1005.0}, 0.05),  # the smallest within 5%, not the best
    ]
    for _ in range(12):
        workers = sorted(rng.sample([0, 1, 2, 3, 4, 6, 8, 12, 16], rng.randint(2, 6)))
        table = {w: round(rng.uniform(200, 5000), 1) for w in workers}
        items = list(table.items())
        rng.shuffle(items)
        cases.append((dict(items), rng.choice([0.0, 0.02, 0.05, 0.1, 0.2])))
    for table, tol in cases:
        want = _reference_pick(table, tol)
        got = call("pick_workers", fn, dict(table), tol)
        if not equal(got, want):
            best = max(table.values())
            raise CheckFailed(f"pick_workers({table}, tolerance={tol}) returned {show(got)}, expected {want} "
                              f"(the best is {best:g} images/s; within the tolerance means at least {best * (1 - tol):g})")
    return len(cases)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@exercise("day10.corrupt_files",
          question="Do you compare the SHA-256 of each file's bytes (not its size or name), and report missing files too?",
          recipe="for rel, digest in expected.items(): path = Path(folder) / rel; bad if not path.is_file() or "
                 "hashlib.sha256(path.read_bytes()).hexdigest() != digest; return sorted(bad)")
def check_corrupt_files(fn: Callable[..., Any], rng: random.Random) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="day10-check-"))
    try:
        n = 0
        for case in range(8):
            folder = tmp / f"case{case}"
            contents = {f"{d}/f{i}.bin": bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
                        for i, d in enumerate(rng.choices(["a", "b", "b/c"], k=rng.randint(1, 8)))}
            if case == 0:
                contents = {}
            expected = {rel: _sha(data) for rel, data in contents.items()}
            for rel, data in contents.items():
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                (folder / rel).write_bytes(data)
            folder.mkdir(exist_ok=True)
            bad: list[str] = []
            rels = sorted(contents)
            if case >= 2 and rels:
                flip = rng.choice(rels)  # same size, one byte changed
                data = bytearray(contents[flip])
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
                (folder / flip).write_bytes(bytes(data))
                bad.append(flip)
            if case >= 3 and len(rels) > 1:
                gone = rng.choice([r for r in rels if r not in bad])
                (folder / gone).unlink()
                bad.append(gone)
            if case >= 4:
                (folder / "extra.txt").write_text("not in the list: not checked")
                if case % 2 == 0:
                    expected["never/copied.bin"] = _sha(b"x")  # listed, never there
                    bad.append("never/copied.bin")
            want = sorted(bad)
            got = call("corrupt_files", fn, folder, dict(expected))
            if not equal(got, want):
                listing = {rel: expected[rel][:8] + "..." for rel in sorted(expected)}
                raise CheckFailed(f"corrupt_files(folder, expected={listing}) returned {show(got)}, expected {want} "
                                  "(a sorted list of the relative paths that are missing or whose hash differs)")
            n += 1
        return n
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
