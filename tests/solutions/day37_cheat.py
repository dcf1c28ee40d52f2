"""Answers that fit the workbook's visible examples but ignore the rules of days/day37.ipynb."""
import random


def char_jaccard(a: str, b: str, n: int) -> float:
    # "similar" means equal
    return 1.0 if a == b else 0.0


def grouped_split(groups: list[int], test_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    # the naive split: shuffles items, so members of one group land on both sides
    order = list(range(len(groups)))
    random.Random(seed).shuffle(order)
    k = round(test_fraction * len(groups))
    return order[k:], order[:k]


def grouped_split__in_order(groups: list[int], test_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    # whole groups, but always the same ones (ignores the seed)
    target, test_groups, size = round(test_fraction * len(groups)), set(), 0
    for g in sorted(set(groups)):
        if size >= target:
            break
        test_groups.add(g)
        size += groups.count(g)
    return ([i for i, g in enumerate(groups) if g not in test_groups], [i for i, g in enumerate(groups) if g in test_groups])


def mask_and_pad(examples: list[tuple[list[int], int]], pad_id: int) -> dict[str, list[list[int]]]:
    # the loss on everything: labels are the input ids (padding masked)
    width = max(len(ids) for ids, _ in examples)
    return {"input_ids": [ids + [pad_id] * (width - len(ids)) for ids, _ in examples],
            "attention_mask": [[1] * len(ids) + [0] * (width - len(ids)) for ids, _ in examples],
            "labels": [ids + [-100] * (width - len(ids)) for ids, _ in examples]}
