"""Plausible wrong answers for days/day51.ipynb."""


def rerank_list(ranking: list[str], scores: dict[str, float], depth: int) -> list[str]:
    if depth < 1:
        raise ValueError("depth must be >= 1")
    # sorts every document the reranker has a score for, below depth too
    scored = [d for d in ranking if d in scores]
    return sorted(scored, key=lambda d: -scores[d]) + [d for d in ranking if d not in scores]


def interpolate(first: dict[str, float], reranker: dict[str, float], weight: float) -> dict[str, float]:
    if not 0 <= weight <= 1 or set(first) != set(reranker):
        raise ValueError("bad input")
    return {d: weight * reranker[d] + (1 - weight) * first[d] for d in first}  # raw scales, not normalised


def choose_setting(table: list[dict], budget_ms: float):
    if not table:
        return None
    best = max(table, key=lambda r: r["ndcg"])  # ignores the latency budget
    return (best["depth"], best["weight"])


def rerank_list__in_place(ranking: list[str], scores: dict[str, float], depth: int) -> list[str]:
    if depth < 1:
        raise ValueError("depth must be >= 1")
    ranking[:depth] = sorted(ranking[:depth], key=lambda d: -scores[d])  # reorders the caller's list
    return ranking


def rerank_list__mutates_input(ranking: list[str], scores: dict[str, float], depth: int) -> list[str]:
    if depth < 1:
        raise ValueError("depth must be >= 1")
    ranking[:depth] = sorted(ranking[:depth], key=lambda d: -scores[d])
    return list(ranking)  # a new list, but the caller's ranking changed too


def _mm(s: dict[str, float]) -> dict[str, float]:
    if not s:
        return {}
    lo, hi = min(s.values()), max(s.values())
    return {d: (v - lo) / (hi - lo) if hi > lo else 0.0 for d, v in s.items()}


def interpolate__length_only(first: dict[str, float], reranker: dict[str, float], weight: float) -> dict[str, float]:
    if not 0 <= weight <= 1 or len(first) != len(reranker):  # same size is not the same documents
        raise ValueError("bad input")
    f, r = _mm(first), _mm(reranker)
    return {d: weight * r.get(d, 0.0) + (1 - weight) * f[d] for d in first}


def interpolate__missing_only(first: dict[str, float], reranker: dict[str, float], weight: float) -> dict[str, float]:
    if not 0 <= weight <= 1 or set(first) - set(reranker):  # extra reranker documents slip through
        raise ValueError("bad input")
    f, r = _mm(first), _mm({d: reranker[d] for d in first})
    return {d: weight * r[d] + (1 - weight) * f[d] for d in first}


def choose_setting__first_of_equals(table: list[dict], budget_ms: float):
    ok = [r for r in table if r["ms"] <= budget_ms]
    if not ok:
        return None
    best = max(ok, key=lambda r: r["ndcg"])  # equal nDCG: the first row, whatever it costs
    return (best["depth"], best["weight"])


def choose_setting__depth_ties(table: list[dict], budget_ms: float):
    ok = [r for r in table if r["ms"] <= budget_ms]
    if not ok:
        return None
    best = min(ok, key=lambda r: (-r["ndcg"], r["depth"]))  # the smaller depth, not the lower cost
    return (best["depth"], best["weight"])


def choose_setting__prefer_weight_0(table: list[dict], budget_ms: float):
    ok = [r for r in table if r["ms"] <= budget_ms]
    if not ok:
        return None
    best = min(ok, key=lambda r: (-r["ndcg"], r["weight"] != 0))  # weight 0 first, else the first row
    return (best["depth"], best["weight"])
