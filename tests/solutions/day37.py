"""Reference answers for days/day37.ipynb."""
import random


def char_jaccard(a: str, b: str, n: int) -> float:
    def grams(t: str) -> set[str]:
        return {t[i:i + n] for i in range(len(t) - n + 1)} if len(t) >= n else {t}
    x, y = grams(a), grams(b)
    return len(x & y) / len(x | y)


def char_jaccard__library(a: str, b: str, n: int) -> float:
    from aicourse.finetune import char_ngrams, jaccard
    return jaccard(char_ngrams(a, n), char_ngrams(b, n))


def grouped_split(groups: list[int], test_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    members: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    order = sorted(members)
    random.Random(seed).shuffle(order)
    target = round(test_fraction * len(groups))
    train: list[int] = []
    test: list[int] = []
    for g in order:
        (test if len(test) < target else train).extend(members[g])
    return train, test


def grouped_split__sample(groups: list[int], test_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    # another seeded order (random.sample of the group labels) and sorted outputs: also allowed
    labels = random.Random(seed).sample(sorted(set(groups)), len(set(groups)))
    target, test_groups, size = round(test_fraction * len(groups)), set(), 0
    for g in labels:
        if size >= target:
            break
        test_groups.add(g)
        size += groups.count(g)
    return ([i for i, g in enumerate(groups) if g not in test_groups], [i for i, g in enumerate(groups) if g in test_groups])


def grouped_split__library(groups: list[int], test_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    from aicourse.finetune import grouped_split as library
    return library(groups, test_fraction, seed)


def mask_and_pad(examples: list[tuple[list[int], int]], pad_id: int) -> dict[str, list[list[int]]]:
    width = max(len(ids) for ids, _ in examples)
    out: dict[str, list[list[int]]] = {"input_ids": [], "attention_mask": [], "labels": []}
    for ids, n_prompt in examples:
        extra = width - len(ids)
        out["input_ids"].append(ids + [pad_id] * extra)
        out["attention_mask"].append([1] * len(ids) + [0] * extra)
        out["labels"].append([-100] * n_prompt + ids[n_prompt:] + [-100] * extra)
    return out


def mask_and_pad__torch(examples: list[tuple[list[int], int]], pad_id: int):
    from aicourse.finetune import collate_chat
    return collate_chat([{"input_ids": ids, "labels": [-100] * n + ids[n:]} for ids, n in examples], pad_id)
