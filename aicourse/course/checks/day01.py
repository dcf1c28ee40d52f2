"""Checks for days/day01.ipynb: memory of weights, seeded shuffles, the profile switch, better or luck."""
from __future__ import annotations

import math
import numbers
import random
import string
from collections import Counter
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show

BYTES_PER_VALUE = {"float64": 8, "float32": 4, "bfloat16": 2, "float16": 2, "int8": 1, "int4": 0.5}
GIB = 2**30


@exercise("day01.weights_memory_gib",
          question="How many bytes does one value of this dtype take, and how many bytes make a GiB?",
          recipe="keep a dict of bytes per value (int4: 0.5); raise ValueError when `dtype` is not one of its "
                 "keys (no lower-casing, no aliases); return n_params * bytes / 2**30, unrounded")
def check_weights_memory_gib(weights_memory_gib: Callable[[int, str], float], rng: random.Random) -> int:
    cases = [(n, dtype) for dtype in BYTES_PER_VALUE for n in (0, 1, 3, GIB)]
    cases += [(8 * 10**9, "bfloat16"), (8 * 10**9, "int4"), (70 * 10**9, "float16"), (135 * 10**6 + 1, "int4")]
    for dtype in BYTES_PER_VALUE:  # random sizes: small, large, and an odd count for int4's half bytes
        cases += [(rng.randint(2, 10**6), dtype), (rng.randint(10**6, 10**11), dtype)]
    cases.append((2 * rng.randint(10**3, 10**9) + 1, "int4"))
    for n, dtype in cases:
        got = call("weights_memory_gib", weights_memory_gib, n, dtype)
        if not isinstance(got, numbers.Real) or isinstance(got, bool):
            raise CheckFailed(f"weights_memory_gib({n}, {dtype!r}) returned {show(got)}, not a number",
                              "What type should a number of GiB have?")
        exact = n * BYTES_PER_VALUE[dtype]  # bytes
        got_bytes = float(got) * GIB
        if abs(got_bytes - exact) > 1 + 1e-12 * exact:  # within one byte: int4 may round a half byte up
            question = None
            if exact and math.isclose(float(got), exact / 1e9, rel_tol=1e-6):
                question = "Did you divide by 10**9? That gives GB; a GiB is 2**30 bytes."
            elif exact and abs(got_bytes - exact) < 0.01 * exact:
                question = "Did you round the result? The statement asks for the GiB unrounded."
            raise CheckFailed(f"weights_memory_gib({n}, {dtype!r}) returned {got!r}, expected {exact / GIB!r} "
                              f"(that is {exact:g} bytes; yours is {got_bytes:g})", question)
    bad = ["FLOAT32", "Float16", "BFloat16", " float32", "int8 ", "bf16", "fp16", "fp32", "int2", "float", "int", ""]
    valid = rng.choice(list(BYTES_PER_VALUE))
    i = rng.randrange(len(valid))
    bad += [valid[:i] + valid[i].upper() + valid[i + 1:] if valid[i].isalpha() else valid.upper(),
            valid + rng.choice(["x", "_", "0", " "]), "".join(rng.choices(string.ascii_lowercase, k=5))]
    for dtype in bad:
        if dtype in BYTES_PER_VALUE:
            continue
        error = raised(weights_memory_gib, 1000, dtype)
        if error is None:
            raise CheckFailed(f"weights_memory_gib(1000, {dtype!r}) returned a number; an unknown dtype must raise ValueError",
                              f"The statement names six dtypes, spelled exactly. Is {dtype!r} one of them?")
        if not isinstance(error, ValueError):
            raise CheckFailed(f"weights_memory_gib(1000, {dtype!r}) raised {type(error).__name__}: {error}; "
                              "the statement asks for ValueError",
                              "Which exception does a dict lookup raise for a missing key, and which does the statement ask for?")
    return len(cases) + len(bad)


def _as_permutation(got: Any, items: list[int]) -> list[int]:
    "The shuffled result of distinct ints, checked to be a list of exactly those ints."
    if not isinstance(got, list) or sorted(x for x in got if type(x) is int) != sorted(items) or len(got) != len(items):
        raise CheckFailed(f"seeded_shuffle(list(range({len(items)})), seed) returned {show(got)}, "
                          f"not a list of the {len(items)} items in a new order")
    return [int(x) for x in got]


@exercise("day01.seeded_shuffle",
          question="Does your function shuffle a new list with its own random.Random(seed), and leave everything else alone?",
          recipe="out = list(items); random.Random(seed).shuffle(out); return out")
def check_seeded_shuffle(seeded_shuffle: Callable[[list[Any], int], list[Any]], rng: random.Random) -> int:
    # Edge cases: empty, one, two, duplicates and mixed types (equal values of different types, unhashable items)
    lists: list[list[Any]] = [[], [42], ["x", "y"], [3, "3", 3.0, None, (1, 2), [4], 3, True, "3", [4]]]
    lists += [[rng.choice([0, 1, 2.5, "a", None, (0,), [1]]) for _ in range(rng.randint(20, 60))],
              list(range(rng.randint(20, 200)))]
    seeds = [0, 1, 2**40 + 3] + [rng.randrange(10**9) for _ in range(3)]
    cases = 0
    for items in lists:
        for seed in seeds[:3] if len(items) < 20 else seeds:
            original, identities = list(items), [id(x) for x in items]
            before = random.getstate()
            got = call("seeded_shuffle", seeded_shuffle, items, seed)
            if random.getstate() != before:
                raise CheckFailed(f"seeded_shuffle({show(items)}, {seed}) used or reseeded Python's global random generator",
                                  "Which generator does random.shuffle use? Other code relies on that one: make your own.")
            if [id(x) for x in items] != identities:
                raise CheckFailed(f"seeded_shuffle({show(original)}, {seed}) changed the caller's list to {show(items)}",
                                  "Do you shuffle the list you were given, or a copy of it?")
            if not isinstance(got, list) or got is items:
                raise CheckFailed(f"seeded_shuffle({show(items)}, {seed}) returned {show(got)} ({type(got).__name__}); "
                                  "return a new list", "Is your result a new list?")
            if Counter((type(x), repr(x)) for x in got) != Counter((type(x), repr(x)) for x in items):
                raise CheckFailed(f"seeded_shuffle({show(items)}, {seed}) returned {show(got)}: not the same items "
                                  "in a new order", "Are duplicates kept, and values of different types (3, 3.0, '3') left as they are?")
            random.seed(rng.random())  # another user of the global generator runs in between
            again = call("seeded_shuffle", seeded_shuffle, items, seed)
            if [(type(x), repr(x)) for x in again] != [(type(x), repr(x)) for x in got]:
                raise CheckFailed(f"seeded_shuffle({show(items)}, {seed}) gave two different orders on two calls",
                                  "Does the order depend only on `seed`, or also on a generator someone else uses?")
            cases += 1
    # A shuffle, not a fixed rearrangement: different seeds differ, and neighbours do not stay together
    n = 1000
    items = list(range(n))
    orders = {}
    for seed in seeds:
        order = _as_permutation(call("seeded_shuffle", seeded_shuffle, list(items), seed), items)
        if order == items:
            raise CheckFailed(f"seeded_shuffle(list(range({n})), {seed}) returned the items in their original order")
        position = {x: i for i, x in enumerate(order)}
        kept = sum(abs(position[x] - position[x + 1]) == 1 for x in range(n - 1))
        if kept > 50:  # a real shuffle keeps about 2 of 999 neighbours together; a rotation keeps 998
            raise CheckFailed(f"seeded_shuffle(list(range({n})), {seed}) kept {kept} of {n - 1} neighbouring items next "
                              "to each other; a real shuffle keeps about 2",
                              "Is your order random, or a fixed rearrangement (a rotation, a reversal, a sort) chosen by the seed?")
        orders[tuple(order)] = seed
        cases += 1
    if len(orders) < len(set(seeds)):
        raise CheckFailed(f"different seeds gave the same order of {n} items",
                          "Does the seed you are given change the order?")
    small, trials = list(range(10)), 300
    counts = Counter()
    for _ in range(trials):  # where each item lands, over many seeds: about 30 times in each place
        order = _as_permutation(call("seeded_shuffle", seeded_shuffle, list(small), rng.randrange(10**9)), small)
        counts.update(enumerate(order))
    (place, item), most = counts.most_common(1)[0]
    if most > trials // 2:
        raise CheckFailed(f"over {trials} seeds, seeded_shuffle(list(range(10)), seed) put item {item} at index {place} "
                          f"{most} times; a real shuffle puts it there about {trials // 10} times",
                          "Can every item end up anywhere, with the same chance?")
    return cases + 1


PROFILES = ("ci", "cpu", "gpu")


@exercise("day01.choose_profile",
          question="What does your function do with this exact value: is it compared whole, after strip() and lower()?",
          recipe="name = (env_value or '').strip().lower(); empty -> 'gpu' if has_cuda else 'cpu'; "
                 "name in ('ci', 'cpu', 'gpu') -> name; otherwise raise ValueError(f'{env_value!r} is not a profile')")
def check_choose_profile(choose_profile: Callable[[str | None, bool], str], rng: random.Random) -> int:
    expected = [((None, True), "gpu"), ((None, False), "cpu"), (("", True), "gpu"), (("  ", False), "cpu"),
                (("\t\n", True), "gpu"), (("ci", True), "ci"), ((" CPU ", True), "cpu"), (("Gpu", False), "gpu"),
                (("ci\n", False), "ci"), (("cpu", True), "cpu"), (("\tgPu", True), "gpu")]
    for _ in range(6):  # random spellings of valid names
        name = "".join(c.upper() if rng.random() < 0.5 else c for c in rng.choice(PROFILES))
        left, right = ("".join(rng.choices(" \t\n", k=rng.randint(0, 2))) for _ in range(2))
        expected.append(((left + name + right, rng.random() < 0.5), name.lower()))
    for args, want in expected:
        got = call("choose_profile", choose_profile, *args)
        if not equal(got, want):
            raise CheckFailed(f"choose_profile{args!r} returned {show(got)}, expected {want!r}")
    bad = ["c", "pu", "gp", "cp", "i", "cpu gpu", "ci cpu", "ci, cpu", "gpuu", "tpu", "c i", "cuda", "fast", "none"]
    while len(bad) < 20:  # random near misses: letters of the names, never a name itself
        value = "".join(rng.choices("cigpu ", k=rng.randint(1, 7)))
        if value.strip().lower() and value.strip().lower() not in PROFILES:
            bad.append(value)
    for value in bad:
        has_cuda = rng.random() < 0.5
        error = raised(choose_profile, value, has_cuda)
        if error is None:
            raise CheckFailed(f"choose_profile({value!r}, {has_cuda}) returned a profile; it should raise ValueError",
                              f"Is {value.strip().lower()!r} exactly one of 'ci', 'cpu', 'gpu', or only part of one?")
        if not isinstance(error, ValueError):
            raise CheckFailed(f"choose_profile({value!r}, {has_cuda}) raised {type(error).__name__}; the statement asks "
                              "for ValueError")
        names = {value, value.strip(), value.strip().lower(), repr(value), repr(value.strip())}
        if not any(n in str(error) for n in names):
            raise CheckFailed(f"the error for {value!r} should name the bad value; it says: {error}",
                              "Would someone reading your error know which value to fix?")
    return len(expected) + len(bad)


def _spread(accs: list[float]) -> float:
    return max(accs) - min(accs)


def _reference_verdict(a: list[float], b: list[float]) -> str:
    gap = sum(b) / len(b) - sum(a) / len(a)
    if abs(gap) <= max(_spread(a), _spread(b)):
        return "tie"
    return "b" if gap > 0 else "a"


def _random_runs(rng: random.Random) -> tuple[list[float], list[float]]:
    "Two lists of accuracies whose verdict is clear of the boundary (floating point cannot flip it)."
    while True:
        center, noise = rng.uniform(0.3, 0.95), rng.uniform(0.0, 0.1)
        shift = rng.choice([0.0, rng.uniform(0, noise), rng.uniform(noise, noise + 0.2)]) * rng.choice([-1, 1])
        a = [round(center + rng.uniform(-noise, noise) / 2, 4) for _ in range(rng.randint(2, 8))]
        b = [round(center + shift + rng.uniform(-noise, noise) / 2, 4) for _ in range(rng.randint(2, 8))]
        gap = abs(sum(b) / len(b) - sum(a) / len(a))
        if abs(gap - max(_spread(a), _spread(b))) > 1e-6:
            return a, b


@exercise("day01.verdict",
          question="What are the gap and the noise for this case, and is the gap strictly larger than the noise?",
          recipe="fewer than 2 values in a list -> ValueError; gap = mean(b) - mean(a); noise = the larger of "
                 "max(a) - min(a) and max(b) - min(b); 'tie' if abs(gap) <= noise, else 'b' if gap > 0 else 'a'")
def check_verdict(verdict: Callable[[list[float], list[float]], str], rng: random.Random) -> int:
    cases: list[tuple[list[float], list[float]]] = [
        ([0.80, 0.82], [0.90, 0.91]),  # b is clearly better
        ([0.90, 0.91, 0.92], [0.80, 0.82]),  # a is clearly better
        ([0.80, 0.90], [0.82, 0.84]),  # a gap of 0.02 inside a spread of 0.10: luck
        ([0.5, 0.75], [0.25, 0.5]),  # the gap equals the noise exactly (0.25): not larger, so a tie
        ([0.5, 0.5, 0.5], [0.5, 0.5]),  # no spread and no gap
        ([0.5, 0.5], [0.625, 0.625]),  # no spread: any gap counts
        ([0.70, 0.71], [0.60, 0.90]),  # a steady, b noisy: the larger spread is the noise
        ([0.60, 0.90], [0.70, 0.71]),  # the same, the other way round
    ]
    cases += [_random_runs(rng) for _ in range(30)]
    for a, b in cases:
        want = _reference_verdict(a, b)
        got = call("verdict", verdict, list(a), list(b))
        if not equal(got, want):
            gap = sum(b) / len(b) - sum(a) / len(a)
            noise = max(_spread(a), _spread(b))
            raise CheckFailed(f"verdict({a}, {b}) returned {show(got)}, expected {want!r} "
                              f"(gap {gap:+.4f}, noise {noise:.4f})",
                              "Is the size of the gap strictly larger than the noise here? If it is not, the "
                              "difference could be luck.")
    for a, b in [([0.9], [0.8, 0.85]), ([0.8, 0.85], [0.7]), ([0.5], [0.9]), ([], [0.5, 0.6])]:
        error = raised(verdict, list(a), list(b))
        if not isinstance(error, ValueError):
            did = "returned a verdict" if error is None else f"raised {type(error).__name__}"
            raise CheckFailed(f"verdict({a}, {b}) {did}; a list with fewer than 2 values must raise ValueError",
                              "What is the spread of a single run, and what does that tell you about luck?")
    return len(cases) + 4
