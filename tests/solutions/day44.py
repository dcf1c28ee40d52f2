"""Reference answers for days/day44.ipynb."""
from collections import Counter


def clipped_precision(hypothesis: list[str], references: list[list[str]], n: int) -> tuple[int, int]:
    def grams(tokens: list[str]) -> Counter:
        return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))

    most: Counter = Counter()
    for reference in references:
        most |= grams(reference)  # the larger count of each n-gram
    counts = grams(hypothesis)
    return sum(min(c, most[g]) for g, c in counts.items()), sum(counts.values())


def clipped_precision__library(hypothesis: list[str], references: list[list[str]], n: int) -> tuple[int, int]:
    from aicourse.evals import clipped_matches

    return clipped_matches(hypothesis, references, n)


def rouge_l_f(hypothesis: list[str], reference: list[str]) -> float:
    previous = [0] * (len(reference) + 1)
    for x in hypothesis:
        current = [0]
        for j, y in enumerate(reference):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    lcs = previous[-1]
    if lcs == 0:
        return 0.0
    p, r = lcs / len(hypothesis), lcs / len(reference)
    return 2 * p * r / (p + r)


def rouge_l_f__recursive(hypothesis: list[str], reference: list[str]) -> float:
    from functools import cache

    @cache
    def lcs(i: int, j: int) -> int:
        if i == len(hypothesis) or j == len(reference):
            return 0
        if hypothesis[i] == reference[j]:
            return 1 + lcs(i + 1, j + 1)
        return max(lcs(i + 1, j), lcs(i, j + 1))

    common = lcs(0, 0)
    return 0.0 if common == 0 else 2 * common / (len(hypothesis) + len(reference))  # the same F, simplified


def judge_position_report(first: list[str], swapped: list[str]) -> dict:
    from aicourse.metrics import wilson_interval

    n = len(first)
    if n == 0 or len(swapped) != n:
        raise ValueError("need the same non-empty list of pairs judged in both orders")
    a = first.count("A") + swapped.count("A")
    low, high = wilson_interval(a, 2 * n)
    return {"first_wins": a / (2 * n), "consistent": sum(x != y for x, y in zip(first, swapped, strict=True)) / n,
            "position_biased": not low <= 0.5 <= high}
