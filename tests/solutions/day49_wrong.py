"""Plausible wrong answers for days/day49.ipynb."""
import math


def ndcg_at_k(ranking: list[str], relevance: dict[str, int], k: int) -> float:
    gains = [int(relevance.get(d, 0) > 0) for d in ranking[:k]]  # binary gains: grades ignored
    ideal = [1] * min(k, sum(g > 0 for g in relevance.values()))
    idcg = sum(g / math.log2(r + 2) for r, g in enumerate(ideal))
    return sum(g / math.log2(r + 2) for r, g in enumerate(gains)) / idcg if idcg else 0.0


def ndcg_at_k__ideal_from_ranking(ranking: list[str], relevance: dict[str, int], k: int) -> float:
    gains = [relevance.get(d, 0) for d in ranking[:k]]
    idcg = sum(g / math.log2(r + 2) for r, g in enumerate(sorted(gains, reverse=True)))
    return sum(g / math.log2(r + 2) for r, g in enumerate(gains)) / idcg if idcg else 0.0


def ndcg_at_k__log_of_rank(ranking: list[str], relevance: dict[str, int], k: int) -> float:
    def disc(r: int) -> float:  # 1 / log2(rank), rank 1 undiscounted: rank 2 counts fully too
        return 1.0 if r == 0 else 1 / math.log2(r + 1)
    ideal = sorted((g for g in relevance.values() if g > 0), reverse=True)[:k]
    idcg = sum(g * disc(r) for r, g in enumerate(ideal))
    return sum(relevance.get(d, 0) * disc(r) for r, d in enumerate(ranking[:k])) / idcg if idcg else 0.0


def ndcg_at_k__exp_gain(ranking: list[str], relevance: dict[str, int], k: int) -> float:
    ideal = sorted((g for g in relevance.values() if g > 0), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(r + 2) for r, g in enumerate(ideal))
    return sum((2 ** relevance.get(d, 0) - 1) / math.log2(r + 2) for r, d in enumerate(ranking[:k])) / idcg if idcg else 0.0


def ndcg_at_k__ideal_not_cut(ranking: list[str], relevance: dict[str, int], k: int) -> float:
    ideal = sorted((g for g in relevance.values() if g > 0), reverse=True)  # every relevant doc, not the top k
    idcg = sum(g / math.log2(r + 2) for r, g in enumerate(ideal))
    return sum(relevance.get(d, 0) / math.log2(r + 2) for r, d in enumerate(ranking[:k])) / idcg if idcg else 0.0


def rank(scores: dict[str, float]) -> list[str]:
    return [d for d, _ in sorted(scores.items(), key=lambda ds: (-ds[1], ds[0]))]  # ties by id ascending


def rank__dict_order(scores: dict[str, float]) -> list[str]:
    return sorted(scores, key=scores.get, reverse=True)  # ties keep the dict's order


def decide(a: list[float], b: list[float], alpha: float = 0.05) -> str:
    diff = sum(b) / len(b) - sum(a) / len(a) if a else 0.0  # compares the means: one outlier query decides
    if abs(diff) < 0.02:
        return "no difference"
    return "B" if diff > 0 else "A"


def decide__ties_as_losses(a: list[float], b: list[float], alpha: float = 0.05) -> str:
    wins = sum(y > x for x, y in zip(a, b, strict=True))
    losses = len(a) - wins  # ties counted against B
    n = wins + losses
    p = 1.0 if n == 0 else min(1.0, 2 * sum(math.comb(n, i) for i in range(min(wins, losses) + 1)) / 2 ** n)
    return ("B" if wins > losses else "A") if p < alpha else "no difference"


def rank__casefold(scores: dict[str, float]) -> list[str]:
    return sorted(scores, key=lambda d: (scores[d], d.lower()), reverse=True)  # "B" and "b" compared as equals


def decide__normal_approx(a: list[float], b: list[float], alpha: float = 0.05) -> str:
    wins = sum(y > x for x, y in zip(a, b, strict=True))
    losses = sum(x > y for x, y in zip(a, b, strict=True))
    n = wins + losses
    if n == 0:
        return "no difference"
    z = (abs(wins - losses) - 1) / math.sqrt(n)  # normal approximation with continuity correction
    p = math.erfc(max(z, 0.0) / math.sqrt(2))
    return ("B" if wins > losses else "A") if p < alpha else "no difference"


def decide__tolerance(a: list[float], b: list[float], alpha: float = 0.05) -> str:
    wins = sum(y - x > 0.01 for x, y in zip(a, b, strict=True))  # |diff| <= 0.01 treated as a tie
    losses = sum(x - y > 0.01 for x, y in zip(a, b, strict=True))
    n = wins + losses
    p = 1.0 if n == 0 else min(1.0, 2 * sum(math.comb(n, i) for i in range(min(wins, losses) + 1)) / 2 ** n)
    return ("B" if wins > losses else "A") if p < alpha else "no difference"
