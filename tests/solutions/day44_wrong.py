"""Plausible wrong answers for days/day44.ipynb."""
from collections import Counter


def clipped_precision(hypothesis: list[str], references: list[list[str]], n: int) -> tuple[int, int]:
    # no clipping: every hypothesis n-gram found in some reference counts, however often it repeats
    grams = [tuple(hypothesis[i:i + n]) for i in range(len(hypothesis) - n + 1)]
    found = {tuple(r[i:i + n]) for r in references for i in range(len(r) - n + 1)}
    return sum(g in found for g in grams), len(grams)


def clipped_precision__sum_of_references(hypothesis: list[str], references: list[list[str]], n: int) -> tuple[int, int]:
    # clips at the count summed over the references: two references with one 'the' each allow two
    total: Counter = Counter()
    for r in references:
        total += Counter(tuple(r[i:i + n]) for i in range(len(r) - n + 1))
    counts = Counter(tuple(hypothesis[i:i + n]) for i in range(len(hypothesis) - n + 1))
    return sum(min(c, total[g]) for g, c in counts.items()), sum(counts.values())


def rouge_l_f(hypothesis: list[str], reference: list[str]) -> float:
    # longest common SUBSTRING (contiguous), not subsequence
    best = 0
    for i in range(len(hypothesis)):
        for j in range(len(reference)):
            k = 0
            while i + k < len(hypothesis) and j + k < len(reference) and hypothesis[i + k] == reference[j + k]:
                k += 1
            best = max(best, k)
    if best == 0:
        return 0.0
    p, r = best / len(hypothesis), best / len(reference)
    return 2 * p * r / (p + r)


def judge_position_report(first: list[str], swapped: list[str]) -> dict:
    # 'consistent' as the same LETTER twice: forgets that the swap moved the answers
    from aicourse.metrics import wilson_interval

    n = len(first)
    if n == 0 or len(swapped) != n:
        raise ValueError("need the same non-empty list of pairs judged in both orders")
    a = first.count("A") + swapped.count("A")
    low, high = wilson_interval(a, 2 * n)
    return {"first_wins": a / (2 * n), "consistent": sum(x == y for x, y in zip(first, swapped, strict=True)) / n,
            "position_biased": not low <= 0.5 <= high}


def judge_position_report__no_interval(first: list[str], swapped: list[str]) -> dict:
    # decides on the point estimate: any share of 'A' above one half counts as bias
    n = len(first)
    if n == 0 or len(swapped) != n:
        raise ValueError("need the same non-empty list of pairs judged in both orders")
    a = first.count("A") + swapped.count("A")
    return {"first_wins": a / (2 * n), "consistent": sum(x != y for x, y in zip(first, swapped, strict=True)) / n,
            "position_biased": a / (2 * n) != 0.5}
