"""Reference answers for days/day55.ipynb."""
import math


def chunks_that_fit(budget_gib: float, dim: int, text_bytes: int, id_bytes: int, code_bytes: int | None = None) -> int:
    if budget_gib < 0:
        raise ValueError("the budget must be >= 0")
    per = (4 * dim if code_bytes is None else code_bytes) + text_bytes + id_bytes
    return int(budget_gib * 2**30 // per)


def chunks_that_fit__library(budget_gib: float, dim: int, text_bytes: int, id_bytes: int,
                             code_bytes: int | None = None) -> int:
    from aicourse.rag import max_chunks
    if budget_gib < 0:
        raise ValueError("the budget must be >= 0")
    if code_bytes is None:  # flat: index_bytes is 4 * dim per vector, no fixed cost
        return max_chunks(budget_gib * 2**30, dim, "flat", text_bytes=text_bytes, id_bytes=id_bytes)
    per = code_bytes + text_bytes + id_bytes
    return int(budget_gib * 2**30 // per)


def extrapolate(ns: list[int], seconds: list[float], n_target: int, law: str) -> float:
    if law not in ("linear", "nlogn") or len(ns) != len(seconds) or not ns:
        raise ValueError("law must be 'linear' or 'nlogn', with one time per size and at least one run")
    f = (lambda n: n) if law == "linear" else (lambda n: n * math.log(n))
    c = sum(t * f(n) for n, t in zip(ns, seconds, strict=True)) / sum(f(n) ** 2 for n in ns)
    return c * f(n_target)


def extrapolate__log2(ns: list[int], seconds: list[float], n_target: int, law: str) -> float:
    # log base 2 (the library's GROWTH_LAWS): the base cancels out
    from aicourse.rag import extrapolate_seconds
    if law not in ("linear", "nlogn"):
        raise ValueError("law must be 'linear' or 'nlogn'")
    return extrapolate_seconds(ns, seconds, n_target, law)


def choose_index(rows: list[dict], n: int, budget_bytes: int, min_recall: float, text_bytes: int, id_bytes: int):
    def total(r):
        return n * (r["bytes_per_vector"] + text_bytes + id_bytes) + r["fixed_bytes"]
    ok = [r for r in rows if r["recall"] >= min_recall and total(r) <= budget_bytes]
    return min(ok, key=lambda r: (r["ms"], total(r)))["name"] if ok else None
