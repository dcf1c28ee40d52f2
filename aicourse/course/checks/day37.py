"""Checks for days/day37.ipynb: character n-gram Jaccard, a grouped split that never leaks, and the label mask of a
padded chat batch."""
from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, show


def _grams(text: str, n: int) -> set[str]:
    return {text[i:i + n] for i in range(len(text) - n + 1)} if len(text) >= n else {text}


def _jaccard_reference(a: str, b: str, n: int) -> float:
    x, y = _grams(a, n), _grams(b, n)
    return len(x & y) / len(x | y)


@exercise("day37.char_jaccard",
          question="Do you take EVERY run of n characters (range(len(text) - n + 1), the last one included), treat a "
                   "text shorter than n as its own single n-gram, and divide the intersection by the UNION of the two sets?",
          recipe="grams = lambda t: {t[i:i + n] for i in range(len(t) - n + 1)} if len(t) >= n else {t}; "
                 "x, y = grams(a), grams(b); return len(x & y) / len(x | y)")
def check_char_jaccard(char_jaccard: Callable[[str, str, int], Any], rng: random.Random) -> int:
    cases: list[tuple[str, str, int]] = [
        ("abcdef", "abcdeg", 5),  # {abcde, bcdef} vs {abcde, bcdeg}: 1/3
        ("hello", "hello", 3),
        ("abc", "xyz", 2),
        ("ab", "ab", 5),  # shorter than n: one n-gram each, the same
        ("ab", "abc", 5),
        ("", "", 3),
        ("aaaa", "aa", 2),  # a set: repeated n-grams count once
        ("Hello", "hello", 2),  # compared as given: no lower-casing
        ("abcd", "bcde", 1),
    ]
    for _ in range(30):
        alphabet = rng.choice(["ab", "abc ", "xyz01"])
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        b = a[rng.randint(0, len(a)):] + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        cases.append((a, b, rng.randint(1, 5)))
    for a, b, n in cases:
        got = call("char_jaccard", char_jaccard, a, b, n)
        want = _jaccard_reference(a, b, n)
        if isinstance(got, bool) or not isinstance(got, (int, float)) or abs(float(got) - want) > 1e-9:
            raise CheckFailed(f"char_jaccard({a!r}, {b!r}, n={n}) returned {show(got)}, expected {want:.6g}")
    return len(cases)


def _as_split(name: str, got: Any, n: int) -> tuple[list[int], list[int]]:
    if not (isinstance(got, (tuple, list)) and len(got) == 2):
        raise CheckFailed(f"{name} returned {show(got)}: return a pair (train, test) of lists of indices")
    train, test = (list(part) if isinstance(part, (list, tuple)) else None for part in got)
    if train is None or test is None or not all(isinstance(i, int) and not isinstance(i, bool) for i in train + test):
        raise CheckFailed(f"{name} returned {show(got)}: train and test must be lists of int indices")
    if sorted(train + test) != list(range(n)):
        raise CheckFailed(f"{name} returned train={show(sorted(train))}, test={show(sorted(test))}: every index "
                          f"0..{n - 1} must be on exactly one side")
    return train, test


def _random_groups(rng: random.Random, n_groups: int, max_size: int) -> list[int]:
    labels = [g for g in range(n_groups) for _ in range(rng.randint(1, max_size))]
    rng.shuffle(labels)  # a group's members are scattered through the list, as in real data
    return labels


@exercise("day37.grouped_split",
          question="Do you move WHOLE groups (never single items), visit the groups in an order shuffled with "
                   "random.Random(seed), and add a group to test only while test holds FEWER than "
                   "round(test_fraction * n) items (so the last group may overshoot)?",
          recipe="members = {}; for i, g in enumerate(groups): members.setdefault(g, []).append(i); order = sorted(members); "
                 "random.Random(seed).shuffle(order); target = round(test_fraction * len(groups)); train, test = [], []; "
                 "for g in order: (test if len(test) < target else train).extend(members[g]); return train, test")
def check_grouped_split(grouped_split: Callable[[list[int], float, int], Any], rng: random.Random) -> int:
    cases: list[tuple[list[int], float]] = [
        ([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4], 0.5),  # target 10: the third group overshoots to 12
        ([7, 7, 3, 3, 9, 9, 1, 1, 5, 5], 0.4),  # target 4 exactly: two groups of two, not three
        ([0, 1, 2, 3, 4], 0.0),  # nothing to hold out
        ([4, 4, 4, 4], 0.5),  # one group: it goes wholly to one side
        (list(range(10)), 0.3),  # singletons: an ordinary split
    ]
    for _ in range(12):
        cases.append((_random_groups(rng, rng.randint(2, 30), rng.choice([1, 3, 6])), rng.choice([0.1, 0.2, 0.25, 0.5])))
    for groups, fraction in cases:
        seed = rng.randrange(1000)
        train, test = _as_split("grouped_split", call("grouped_split", grouped_split, list(groups), fraction, seed),
                                len(groups))
        where = f"grouped_split({show(groups)}, test_fraction={fraction}, seed={seed})"
        crossing = {groups[i] for i in train} & {groups[i] for i in test}
        if crossing:
            raise CheckFailed(f"{where}: group(s) {show(sorted(crossing))} have items in both train and test (a leak)",
                              "Do you assign whole groups to a side, never single items?")
        target = round(fraction * len(groups))
        sizes = {g: groups.count(g) for g in set(groups)}
        biggest = max((sizes[groups[i]] for i in test), default=0)
        if len(test) < target or (test and len(test) - biggest >= target) or (target == 0 and test):
            raise CheckFailed(f"{where}: test has {len(test)} items; the rule (add a group while test holds fewer than "
                              f"round({fraction} * {len(groups)}) = {target}) gives at least {target} and stops as soon "
                              f"as it reaches {target}")
    groups = _random_groups(rng, 200, 3)
    first = _as_split("grouped_split", call("grouped_split", grouped_split, list(groups), 0.2, 11), len(groups))
    again = _as_split("grouped_split", call("grouped_split", grouped_split, list(groups), 0.2, 11), len(groups))
    if sorted(first[1]) != sorted(again[1]):
        raise CheckFailed("grouped_split gave two different test sets for the same groups and the same seed=11",
                          "Do you draw from random.Random(seed), not the global random module?")
    tests = {tuple(sorted(_as_split("grouped_split", call("grouped_split", grouped_split, list(groups), 0.2, s),
                                    len(groups))[1])) for s in range(6)}
    if len(tests) == 1:
        raise CheckFailed("grouped_split gave the same test set for seeds 0 to 5 on 200 groups: the groups must be "
                          "visited in an order shuffled with the seed", "Do you shuffle the groups with random.Random(seed)?")
    # a fair order: with one group of 3 and five singletons (target 3 of 8), the big group lands in test exactly when it
    # is among the first three of the six groups visited: half the seeds. An order biased by size (small groups first,
    # or big ones first) gives 0 or 50 of 50; a fair seeded shuffle falls outside 8..42 with probability 2e-7.
    groups = [0, 0, 0, 1, 2, 3, 4, 5]
    held = sum(0 in {groups[i] for i in _as_split("grouped_split", call("grouped_split", grouped_split, list(groups),
                                                                         0.375, s), len(groups))[1]}
               for s in range(50))
    if not 8 <= held <= 42:
        raise CheckFailed(f"grouped_split({groups}, test_fraction=0.375, seed=s) for seeds 0 to 49 put group 0 (the only "
                          f"group of three) in test {held} times; a fair shuffle of the six groups does so about half the "
                          f"time (the reference: 22 of 50)",
                          "Does the shuffled order alone decide which groups go to test? Sorting the groups by size after "
                          "the shuffle (singletons first, or big groups first) biases the test set.")
    return len(cases) + 58


def _batch_reference(examples: list[tuple[list[int], int]], pad_id: int) -> dict[str, list[list[int]]]:
    width = max(len(ids) for ids, _ in examples)
    out: dict[str, list[list[int]]] = {"input_ids": [], "attention_mask": [], "labels": []}
    for ids, n_prompt in examples:
        extra = width - len(ids)
        out["input_ids"].append(ids + [pad_id] * extra)
        out["attention_mask"].append([1] * len(ids) + [0] * extra)
        out["labels"].append([-100] * n_prompt + ids[n_prompt:] + [-100] * extra)
    return out


def _as_rows(value: Any) -> Any:
    return value.tolist() if hasattr(value, "tolist") else value


@exercise("day37.mask_and_pad",
          question="Are the labels -100 on the first n_prompt tokens AND on the padding (not pad_id: here the pad token "
                   "can also be a real answer token), and is the attention mask built from the lengths, not by comparing "
                   "ids with pad_id?",
          recipe="width = max(len(ids) for ids, _ in examples); for each (ids, n_prompt): extra = width - len(ids); "
                 "input_ids row ids + [pad_id] * extra; attention_mask row [1] * len(ids) + [0] * extra; labels row "
                 "[-100] * n_prompt + ids[n_prompt:] + [-100] * extra")
def check_mask_and_pad(mask_and_pad: Callable[[list[tuple[list[int], int]], int], Any], rng: random.Random) -> int:
    cases: list[tuple[list[tuple[list[int], int]], int]] = [
        ([([5, 6, 7, 8, 2], 3), ([5, 9, 2], 2)], 2),  # the pad id is the end-of-turn token at the end of each answer
        ([([1, 2, 3], 3)], 0),  # all prompt: no token counts
        ([([1, 2, 3], 0), ([4], 0)], 0),  # no prompt: every real token counts
        ([([0, 0, 4], 1), ([3, 0], 1)], 0),  # pad id 0 appears inside the real tokens
    ]
    for _ in range(25):
        pad = rng.randint(0, 9)
        batch = []
        for _ in range(rng.randint(1, 5)):
            ids = [rng.randint(0, 9) for _ in range(rng.randint(1, 12))]
            batch.append((ids, rng.randint(0, len(ids))))
        cases.append((batch, pad))
    for batch, pad in cases:
        got = call("mask_and_pad", mask_and_pad, [(list(ids), n) for ids, n in batch], pad)
        want = _batch_reference(batch, pad)
        if not isinstance(got, dict) or set(want) - set(got):
            raise CheckFailed(f"mask_and_pad returned {show(got)}: return a dict with keys input_ids, attention_mask, labels")
        for key in want:
            rows = _as_rows(got[key])
            if rows != want[key]:
                raise CheckFailed(f"mask_and_pad({show(batch)}, pad_id={pad})[{key!r}] is {show(rows)}, "
                                  f"expected {show(want[key])}")
    return len(cases)
