"""Plausible wrong answers for days/day55.ipynb."""
import math


def chunks_that_fit(budget_gib, dim, text_bytes, id_bytes, code_bytes=None):
    # GB for GiB: 1e9 bytes
    if budget_gib < 0:
        raise ValueError("negative")
    return int(budget_gib * 1e9 // ((4 * dim if code_bytes is None else code_bytes) + text_bytes + id_bytes))


def chunks_that_fit__index_only(budget_gib, dim, text_bytes, id_bytes, code_bytes=None):
    # forgets the texts and ids: counts the vectors alone
    if budget_gib < 0:
        raise ValueError("negative")
    return int(budget_gib * 2**30 // (4 * dim if code_bytes is None else code_bytes or 1))


def chunks_that_fit__no_ids(budget_gib, dim, text_bytes, id_bytes, code_bytes=None):
    if budget_gib < 0:
        raise ValueError("negative")
    return int(budget_gib * 2**30 // ((4 * dim if code_bytes is None else code_bytes) + text_bytes))


def chunks_that_fit__rounded(budget_gib, dim, text_bytes, id_bytes, code_bytes=None):
    # rounds to the nearest chunk: half a chunk does not fit
    if budget_gib < 0:
        raise ValueError("negative")
    return round(budget_gib * 2**30 / ((4 * dim if code_bytes is None else code_bytes) + text_bytes + id_bytes))


def chunks_that_fit__falsy_code(budget_gib, dim, text_bytes, id_bytes, code_bytes=None):
    # `code_bytes or 4 * dim`: a given code size of 0 is taken as missing
    if budget_gib < 0:
        raise ValueError("negative")
    return int(budget_gib * 2**30 // ((code_bytes or 4 * dim) + text_bytes + id_bytes))


def extrapolate(ns, seconds, n_target, law):
    # the last run alone
    if law not in ("linear", "nlogn") or len(ns) != len(seconds) or not ns:
        raise ValueError("bad input")
    f = (lambda n: n) if law == "linear" else (lambda n: n * math.log(n))
    return seconds[-1] / f(ns[-1]) * f(n_target)


def extrapolate__mean_ratio(ns, seconds, n_target, law):
    if law not in ("linear", "nlogn") or len(ns) != len(seconds) or not ns:
        raise ValueError("bad input")
    f = (lambda n: n) if law == "linear" else (lambda n: n * math.log(n))
    return sum(t / f(n) for n, t in zip(ns, seconds, strict=True)) / len(ns) * f(n_target)


def extrapolate__always_linear(ns, seconds, n_target, law):
    # ignores the law
    if law not in ("linear", "nlogn") or len(ns) != len(seconds) or not ns:
        raise ValueError("bad input")
    c = sum(t * n for n, t in zip(ns, seconds, strict=True)) / sum(n * n for n in ns)
    return c * n_target


def choose_index(rows, n, budget_bytes, min_recall, text_bytes, id_bytes):
    # forgets the texts and ids
    ok = [r for r in rows if r["recall"] >= min_recall
          and n * r["bytes_per_vector"] + r["fixed_bytes"] <= budget_bytes]
    return min(ok, key=lambda r: r["ms"])["name"] if ok else None


def choose_index__best_recall(rows, n, budget_bytes, min_recall, text_bytes, id_bytes):
    def total(r):
        return n * (r["bytes_per_vector"] + text_bytes + id_bytes) + r["fixed_bytes"]
    ok = [r for r in rows if r["recall"] >= min_recall and total(r) <= budget_bytes]
    return max(ok, key=lambda r: r["recall"])["name"] if ok else None


def choose_index__strict(rows, n, budget_bytes, min_recall, text_bytes, id_bytes):
    def total(r):
        return n * (r["bytes_per_vector"] + text_bytes + id_bytes) + r["fixed_bytes"]
    ok = [r for r in rows if r["recall"] > min_recall and total(r) < budget_bytes]
    return min(ok, key=lambda r: (r["ms"], total(r)))["name"] if ok else None


def choose_index__no_fixed(rows, n, budget_bytes, min_recall, text_bytes, id_bytes):
    def total(r):
        return n * (r["bytes_per_vector"] + text_bytes + id_bytes)
    ok = [r for r in rows if r["recall"] >= min_recall and total(r) <= budget_bytes]
    return min(ok, key=lambda r: (r["ms"], total(r)))["name"] if ok else None


def chunks_that_fit__float(budget_gib, dim, text_bytes, id_bytes, code_bytes=None):
    # the right number, as a float (12.0): the statement asks for an int
    if budget_gib < 0:
        raise ValueError("negative budget")
    per = (4 * dim if code_bytes is None else code_bytes) + text_bytes + id_bytes
    return float(budget_gib * 2**30 // per)


def choose_index__no_tie_break(rows, n, budget_bytes, min_recall, text_bytes, id_bytes):
    # ignores the bytes tie-break: the first of the fastest
    def total(r):
        return n * (r["bytes_per_vector"] + text_bytes + id_bytes) + r["fixed_bytes"]
    ok = [r for r in rows if r["recall"] >= min_recall and total(r) <= budget_bytes]
    return min(ok, key=lambda r: r["ms"])["name"] if ok else None


def choose_index__per_vector_tie(rows, n, budget_bytes, min_recall, text_bytes, id_bytes):
    # breaks ties by bytes_per_vector instead of the total (forgets the fixed bytes there)
    def total(r):
        return n * (r["bytes_per_vector"] + text_bytes + id_bytes) + r["fixed_bytes"]
    ok = [r for r in rows if r["recall"] >= min_recall and total(r) <= budget_bytes]
    return min(ok, key=lambda r: (r["ms"], r["bytes_per_vector"]))["name"] if ok else None
