"""Plausible wrong answers for days/day48.ipynb."""


def ann_recall(found_ids, exact_ids) -> float:
    # position by position: the same ids in another order count as misses
    per = [sum(a == b for a, b in zip(f, e, strict=False)) / len(e) for f, e in zip(found_ids, exact_ids, strict=False) if e]
    return sum(per) / len(per) if per else 1.0


def ann_recall__pooled(found_ids, exact_ids) -> float:
    # pools all queries: a query with many neighbours weighs more
    if len(found_ids) != len(exact_ids):
        raise ValueError("one found list per query")
    hit = sum(len(set(f) & set(e)) for f, e in zip(found_ids, exact_ids, strict=True))
    total = sum(len(set(e)) for e in exact_ids)
    return hit / total if total else 1.0


def ann_recall__repeats(found_ids, exact_ids) -> float:
    # counts a repeated id each time it appears
    if len(found_ids) != len(exact_ids):
        raise ValueError("one found list per query")
    per = [min(1.0, sum(x in set(e) for x in f) / len(set(e))) for f, e in zip(found_ids, exact_ids, strict=False) if e]
    return sum(per) / len(per) if per else 1.0


def ann_recall__truncated(found_ids, exact_ids) -> float:
    # cuts each found list to the exact list's length: ids found past the k-th place are dropped
    if len(found_ids) != len(exact_ids):
        raise ValueError("one found list per query")
    per = [len(set(f[:len(e)]) & set(e)) / len(set(e)) for f, e in zip(found_ids, exact_ids, strict=True) if e]
    return sum(per) / len(per) if per else 1.0


def ivfpq_bytes(n: int, dim: int, nlist: int, m: int, nbits: int) -> int:
    # codes counted as m * nbits BYTES, not bits
    if dim % m:
        raise ValueError("m must divide dim")
    return n * (m * nbits + 8) + nlist * (4 * dim + 8) + 4 * dim * 2 ** nbits


def ivfpq_bytes__no_ids(n: int, dim: int, nlist: int, m: int, nbits: int) -> int:
    if dim % m:
        raise ValueError("m must divide dim")
    return n * -(-m * nbits // 8) + nlist * (4 * dim + 8) + 4 * dim * 2 ** nbits


def ivfpq_bytes__floor(n: int, dim: int, nlist: int, m: int, nbits: int) -> int:
    # rounds the code down: 48 codes of 5 bits are 30 bytes, but 3 codes of 5 bits need 2 bytes, not 1
    if dim % m:
        raise ValueError("m must divide dim")
    return n * (m * nbits // 8 + 8) + nlist * (4 * dim + 8) + 4 * dim * 2 ** nbits


def cheapest_setting(rows: list[dict], min_recall: float):
    # the fastest row, whatever its recall
    if not rows:
        return None
    best = min(rows, key=lambda r: (r["ms"], r["bytes"]))
    return (best["kind"], best["knob"])


def cheapest_setting__strict(rows: list[dict], min_recall: float):
    # a recall equal to the target should pass
    ok = [r for r in rows if r["recall"] > min_recall]
    best = min(ok, key=lambda r: (r["ms"], r["bytes"])) if ok else None
    return (best["kind"], best["knob"]) if best else None
