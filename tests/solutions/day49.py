"""Reference answers for days/day49.ipynb."""
import math


def ndcg_at_k(ranking: list[str], relevance: dict[str, int], k: int) -> float:
    dcg = sum(relevance.get(d, 0) / math.log2(r + 2) for r, d in enumerate(ranking[:k]))
    ideal = sorted((g for g in relevance.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(r + 2) for r, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def ndcg_at_k__library(ranking: list[str], relevance: dict[str, int], k: int) -> float:
    from aicourse.metrics import ndcg_at_k as lib
    return lib(ranking, relevance, k)


def rank(scores: dict[str, float]) -> list[str]:
    return [d for d, _ in sorted(scores.items(), key=lambda ds: (ds[1], ds[0]), reverse=True)]


def rank__two_sorts(scores: dict[str, float]) -> list[str]:
    by_id = sorted(scores, reverse=True)  # ids descending, then a stable sort by score keeps that order in ties
    return sorted(by_id, key=lambda d: -scores[d])


def decide(a: list[float], b: list[float], alpha: float = 0.05) -> str:
    wins = sum(y > x for x, y in zip(a, b, strict=True))
    losses = sum(x > y for x, y in zip(a, b, strict=True))
    n = wins + losses
    p = 1.0 if n == 0 else min(1.0, 2 * sum(math.comb(n, i) for i in range(min(wins, losses) + 1)) / 2 ** n)
    if p < alpha:
        return "B" if wins > losses else "A"
    return "no difference"


def decide__evals(a: list[float], b: list[float], alpha: float = 0.05) -> str:
    from aicourse.evals import sign_test
    wins = sum(y > x for x, y in zip(a, b, strict=True))
    losses = sum(x > y for x, y in zip(a, b, strict=True))
    return ("B" if wins > losses else "A") if sign_test(wins, losses) < alpha else "no difference"
