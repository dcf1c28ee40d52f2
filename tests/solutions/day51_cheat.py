"""Cheats for days/day51.ipynb: answers that fit the visible examples only."""


def rerank_list(ranking: list[str], scores: dict[str, float], depth: int) -> list[str]:
    return ["b", "c", "a", "d", "e"]  # the example in the statement


def interpolate(first: dict[str, float], reranker: dict[str, float], weight: float) -> dict[str, float]:
    return {d: 0.5 for d in first}  # every document equal: "no preference"


def choose_setting(table: list[dict], budget_ms: float):
    return (10, 0.5)  # the setting the example table prefers


def rerank_list__whole_list(ranking: list[str], scores: dict[str, float], depth: int) -> list[str]:
    # fits the statement's example: sorts everything the reranker scored, ignores depth
    return sorted(ranking, key=lambda d: -scores.get(d, float("-inf")))


def interpolate__pick_one(first: dict[str, float], reranker: dict[str, float], weight: float) -> dict[str, float]:
    # min-max done right, but "mixing" is picking the side the weight leans to; no input checks
    def mm(s):
        lo, hi = min(s.values(), default=0), max(s.values(), default=0)
        return {d: (v - lo) / (hi - lo) if hi > lo else 0.0 for d, v in s.items()}
    return mm(reranker) if weight >= 0.5 else mm(first)


def choose_setting__best_ndcg_in_budget(table: list[dict], budget_ms: float):
    ok = [r for r in table if r["ms"] <= budget_ms]
    if not ok:
        return None
    best = sorted(ok, key=lambda r: r["ndcg"])[-1]  # the last of the best: no cost rule
    return (best["depth"], best["weight"])
