"""Answers that fit the workbook's visible examples but ignore the rules of days/day44.ipynb."""
from collections import Counter


def clipped_precision(hypothesis: list[str], references: list[list[str]], n: int) -> tuple[int, int]:
    # the statement's example has one reference: only the first one is read
    ref = references[0]
    most = Counter(tuple(ref[i:i + n]) for i in range(len(ref) - n + 1))
    counts = Counter(tuple(hypothesis[i:i + n]) for i in range(len(hypothesis) - n + 1))
    return sum(min(c, most[g]) for g, c in counts.items()), sum(counts.values())


def rouge_l_f(hypothesis: list[str], reference: list[str]) -> float:
    # a bag of words (ROUGE-1): equals ROUGE-L on the statement's example, where the order agrees
    overlap = sum((Counter(hypothesis) & Counter(reference)).values())
    if overlap == 0:
        return 0.0
    p, r = overlap / len(hypothesis), overlap / len(reference)
    return 2 * p * r / (p + r)


def judge_position_report(first: list[str], swapped: list[str]) -> dict:
    # the workbook's judge always says 'A': biased is hard-coded
    n = len(first)
    if n == 0 or len(swapped) != n:
        raise ValueError("need the same non-empty list of pairs judged in both orders")
    a = first.count("A") + swapped.count("A")
    return {"first_wins": a / (2 * n), "consistent": sum(x != y for x, y in zip(first, swapped, strict=True)) / n,
            "position_biased": True}
