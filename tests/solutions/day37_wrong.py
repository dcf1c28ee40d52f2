"""Plausible wrong answers for days/day37.ipynb."""
import random


def char_jaccard(a: str, b: str, n: int) -> float:
    # off by one: range(len(t) - n) misses the last n-gram
    def grams(t: str) -> set[str]:
        return {t[i:i + n] for i in range(len(t) - n)} if len(t) > n else {t}
    x, y = grams(a), grams(b)
    return len(x & y) / len(x | y)


def char_jaccard__min(a: str, b: str, n: int) -> float:
    # overlap coefficient: intersection over the smaller set, not the union
    def grams(t: str) -> set[str]:
        return {t[i:i + n] for i in range(len(t) - n + 1)} if len(t) >= n else {t}
    x, y = grams(a), grams(b)
    return len(x & y) / min(len(x), len(y))


def grouped_split(groups: list[int], test_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    # a fraction of the GROUPS, not of the items
    labels = sorted(set(groups))
    random.Random(seed).shuffle(labels)
    test_groups = set(labels[:round(test_fraction * len(labels))])
    return ([i for i, g in enumerate(groups) if g not in test_groups], [i for i, g in enumerate(groups) if g in test_groups])


def grouped_split__no_overshoot(groups: list[int], test_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    # stops before a group would take test past the target: test ends up too small
    labels = sorted(set(groups))
    random.Random(seed).shuffle(labels)
    target, test_groups, size = round(test_fraction * len(groups)), set(), 0
    for g in labels:
        if size + groups.count(g) > target:
            break
        test_groups.add(g)
        size += groups.count(g)
    return ([i for i, g in enumerate(groups) if g not in test_groups], [i for i, g in enumerate(groups) if g in test_groups])


def grouped_split__small_first(groups: list[int], test_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    # a seeded shuffle, then a stable sort by size: singletons first, so test is made of small groups ("no overshoot")
    labels = sorted(set(groups))
    random.Random(seed).shuffle(labels)
    labels.sort(key=groups.count)
    target, test_groups, size = round(test_fraction * len(groups)), set(), 0
    for g in labels:
        if size >= target:
            break
        test_groups.add(g)
        size += groups.count(g)
    return ([i for i, g in enumerate(groups) if g not in test_groups], [i for i, g in enumerate(groups) if g in test_groups])


def grouped_split__big_first(groups: list[int], test_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    # a seeded shuffle, then the biggest groups first: test fills with the largest clusters of near-duplicates
    labels = sorted(set(groups))
    random.Random(seed).shuffle(labels)
    labels.sort(key=groups.count, reverse=True)
    target, test_groups, size = round(test_fraction * len(groups)), set(), 0
    for g in labels:
        if size >= target:
            break
        test_groups.add(g)
        size += groups.count(g)
    return ([i for i, g in enumerate(groups) if g not in test_groups], [i for i, g in enumerate(groups) if g in test_groups])


def mask_and_pad(examples: list[tuple[list[int], int]], pad_id: int) -> dict[str, list[list[int]]]:
    # pads the labels with pad_id: the model learns to emit the pad (= end-of-turn) token forever
    width = max(len(ids) for ids, _ in examples)
    out: dict[str, list[list[int]]] = {"input_ids": [], "attention_mask": [], "labels": []}
    for ids, n_prompt in examples:
        extra = width - len(ids)
        out["input_ids"].append(ids + [pad_id] * extra)
        out["attention_mask"].append([1] * len(ids) + [0] * extra)
        out["labels"].append([-100] * n_prompt + ids[n_prompt:] + [pad_id] * extra)
    return out


def mask_and_pad__by_id(examples: list[tuple[list[int], int]], pad_id: int) -> dict[str, list[list[int]]]:
    # finds the padding by comparing ids with pad_id: real pad-id tokens (the end of turn) get masked too
    width = max(len(ids) for ids, _ in examples)
    input_ids = [ids + [pad_id] * (width - len(ids)) for ids, _ in examples]
    mask = [[int(t != pad_id) for t in row] for row in input_ids]
    labels = [[-100 if (j < n or m == 0) else t for j, (t, m) in enumerate(zip(row, mrow, strict=True))]
              for row, mrow, (_, n) in zip(input_ids, mask, examples, strict=True)]
    return {"input_ids": input_ids, "attention_mask": mask, "labels": labels}
