"""Reference answers for days/day48.ipynb."""
import math


def ann_recall(found_ids, exact_ids) -> float:
    if len(found_ids) != len(exact_ids):
        raise ValueError("one found list per query")
    per = [len(set(f) & set(e)) / len(set(e)) for f, e in zip(found_ids, exact_ids, strict=True) if len(e)]
    return sum(per) / len(per) if per else 1.0


def ann_recall__library(found_ids, exact_ids) -> float:
    from aicourse.rag import ann_recall as lib
    return lib(found_ids, exact_ids)


def ann_recall__float32(found_ids, exact_ids):
    import numpy as np
    if len(found_ids) != len(exact_ids):
        raise ValueError("one found list per query")
    per = [len(set(f) & set(e)) / len(set(e)) for f, e in zip(found_ids, exact_ids, strict=True) if len(e)]
    return np.float32(np.mean(np.array(per, dtype=np.float32))) if per else np.float32(1.0)


def ivfpq_bytes(n: int, dim: int, nlist: int, m: int, nbits: int) -> int:
    if dim % m:
        raise ValueError(f"m={m} must divide dim={dim}")
    codes = n * math.ceil(m * nbits / 8)
    return codes + 8 * n + nlist * (4 * dim + 8) + m * 2 ** nbits * (dim // m) * 4


def ivfpq_bytes__library(n: int, dim: int, nlist: int, m: int, nbits: int) -> int:
    from aicourse.rag import index_bytes
    if dim % m:
        raise ValueError(f"m={m} must divide dim={dim}")
    return index_bytes(n, dim, "ivfpq", nlist=nlist, m=m, nbits=nbits)


def cheapest_setting(rows: list[dict], min_recall: float):
    ok = [r for r in rows if r["recall"] >= min_recall]
    if not ok:
        return None
    best = min(ok, key=lambda r: (r["ms"], r["bytes"]))
    return (best["kind"], best["knob"])


def cheapest_setting__sorted(rows: list[dict], min_recall: float):
    ok = sorted((r for r in rows if r["recall"] >= min_recall), key=lambda r: (r["ms"], r["bytes"]))  # stable
    return [ok[0]["kind"], ok[0]["knob"]] if ok else None
