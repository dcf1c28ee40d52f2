"""Reference answers for days/day51.ipynb."""


def rerank_list(ranking: list[str], scores: dict[str, float], depth: int) -> list[str]:
    if depth < 1:
        raise ValueError(f"depth must be >= 1, not {depth}")
    return sorted(ranking[:depth], key=lambda d: -scores[d]) + ranking[depth:]


def rerank_list__library(ranking: list[str], scores: dict[str, float], depth: int) -> list[str]:
    from aicourse.metrics import rank_run
    from aicourse.rag import rerank
    run = {"q": {d: float(len(ranking) - i) for i, d in enumerate(ranking)}}  # the ranking as scores
    by_text = {f"t:{d}": scores.get(d, 0.0) for d in ranking}
    out = rerank(run, {"q": "?"}, {d: f"t:{d}" for d in ranking}, lambda qs, ps: [by_text[p] for p in ps], depth)
    return rank_run(out)["q"] if ranking else []


def interpolate(first: dict[str, float], reranker: dict[str, float], weight: float) -> dict[str, float]:
    if not 0 <= weight <= 1:
        raise ValueError("weight must be in [0, 1]")
    if set(first) != set(reranker):
        raise ValueError("first and reranker must score the same documents")

    def mm(s):
        if not s:
            return {}
        lo, hi = min(s.values()), max(s.values())
        return {d: (v - lo) / (hi - lo) if hi > lo else 0.0 for d, v in s.items()}
    f, r = mm(first), mm(reranker)
    return {d: weight * r[d] + (1 - weight) * f[d] for d in first}


def choose_setting(table: list[dict], budget_ms: float):
    ok = [r for r in table if r["ms"] <= budget_ms]
    if not ok:
        return None
    best = min(ok, key=lambda r: (-r["ndcg"], r["ms"]))
    return (best["depth"], best["weight"])
