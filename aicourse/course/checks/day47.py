"""Checks for days/day47.ipynb: a cache key that names every field, top-k over normalized vectors with ties, and
choosing a dtype from a measured table."""
from __future__ import annotations

import random
import string
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, show

_HEX = set("0123456789abcdef")


def _rand_text(rng: random.Random, n: int = 12) -> str:
    return "".join(rng.choice(string.ascii_letters + " :é1") for _ in range(rng.randint(0, n)))


@exercise("day47.cache_key",
          question="Two different inputs must never share a key: does your key change when only normalize changes, "
                   "or when a character moves from the prefix to the text ('ab' + 'c' against 'a' + 'bc')?",
          recipe="serialize all five fields so they stay apart, e.g. s = json.dumps([model_id, max_seq_length, "
                 "normalize, prefix, text]); return hashlib.sha256(s.encode()).hexdigest()")
def check_cache_key(cache_key: Callable[[str, int, bool, str, str], Any], rng: random.Random) -> int:
    base = ("sentence-transformers/all-MiniLM-L6-v2", 256, True, "", "Aspirin lowers the risk of heart attacks.")
    groups = [[base, (base[0] + "x", *base[1:]), ("intfloat/e5-small-v2", *base[1:]), (base[0], 512, *base[2:]),
               (*base[:2], False, *base[3:]), (*base[:3], "query: ", base[4]), (*base[:4], base[4] + " "),
               (*base[:4], "")],
              [("m", 256, True, "ab", "c"), ("m", 256, True, "a", "bc"), ("m", 256, True, "", "abc"),
               ("m", 256, True, "abc", "")],
              [("m1", 256, True, "", "x"), ("m", 1256, True, "", "x"), ("m12", 56, True, "", "x")],
              [("m", 256, True, "query: ", "x"), ("m", 256, True, "query:", " x")],
              [("m", 256, True, "True", ""), ("m", 256, False, "True", ""), ("m", 256, True, "", "True")],
              [("m", 256, True, "", "Aspirin"), ("m", 256, True, "", "aspirin")]]
    # a separator inside a field must not move the boundary: join-based keys collide on these
    groups += [[("m", 256, True, "a" + sep, "b"), ("m", 256, True, "a", sep + "b")] for sep in "|,;\t\n\0/-_"]
    for _ in range(4):
        g = set()
        while len(g) < 8:
            g.add((rng.choice(["a/b", "a", "b", "intfloat/e5-base-v2"]), rng.choice([128, 256, 512]),
                   rng.random() < 0.5, rng.choice(["", "query: ", "passage: "]), _rand_text(rng)))
        groups.append(sorted(g))
    n = 0
    for group in groups:
        keys = {}
        for fields in group:
            got = call("cache_key", cache_key, *fields)
            again = call("cache_key", cache_key, *fields)
            n += 1
            if not isinstance(got, str) or len(got) != 64 or not set(got) <= _HEX:
                raise CheckFailed(f"cache_key{show(fields)} returned {show(got)}; return sha256's hexdigest(): "
                                  "64 lowercase hex characters")
            if got != again:
                raise CheckFailed(f"cache_key{show(fields)} gave two different keys for the same inputs",
                                  "A key must be the same on every call and in every process: no random salt, no "
                                  "Python hash(), no time.")
            if got in keys:
                raise CheckFailed(f"cache_key{show(fields)} and cache_key{show(keys[got])} give the same key: the "
                                  "cache would return one's vector for the other")
            keys[got] = fields
    return n


def _top_k(query: list[float], docs: list[list[float]], k: int) -> list[int]:
    scores = [sum(a * b for a, b in zip(query, d, strict=True)) for d in docs]
    return sorted(range(len(docs)), key=lambda i: (-scores[i], i))[:k]


def _ints(got: Any) -> list[int] | None:
    try:
        out = [int(x) for x in list(got)]
    except (TypeError, ValueError):
        return None
    return out if all(float(x) == int(x) for x in list(got)) else None


@exercise("day47.top_k",
          question="When two documents have the same score, which comes first? And what if k is larger than the "
                   "number of documents?",
          recipe="scores[i] = dot(query, docs[i]); return sorted(range(len(docs)), key=lambda i: (-scores[i], i))[:k]")
def check_top_k(top_k: Callable[[Any, Any, int], Any], rng: random.Random) -> int:
    cases: list[tuple[list[float], list[list[float]], int]] = [
        ([1.0, 0.0], [[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]], 2),
        ([1.0, 0.0], [[0.6, 0.8], [0.8, 0.6], [-1.0, 0.0]], 3),
        ([0.6, 0.8], [[0.6, 0.8]], 5), ([0.6, 0.8], [[0.6, 0.8], [0.0, 1.0]], 0), ([1.0, 0.0], [], 3),
        ([0.0, 1.0], [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [0.0, -1.0]], 4)]
    grid = [-1.0, -0.5, 0.0, 0.5, 1.0]  # exact in binary, so equal scores really tie
    for _ in range(30):
        dim, n = rng.randint(1, 4), rng.randint(1, 12)
        docs = [[rng.choice(grid) for _ in range(dim)] for _ in range(n)]
        cases.append(([rng.choice(grid) for _ in range(dim)], docs, rng.randint(1, n + 2)))
    for query, docs, k in cases:
        want = _top_k(query, docs, k)
        got = _ints(call("top_k", top_k, list(query), [list(d) for d in docs], k))
        if got != want:
            question = None
            if got is not None and sorted(got) == sorted(want):
                question = "You found the right documents in a different order: highest score first, ties by lower index."
            raise CheckFailed(f"top_k({show(query)}, {show(docs)}, k={k}) returned {show(got)}, expected {want}",
                              question)
    return len(cases)


def _choose(rows: list[dict[str, Any]], min_cosine: float, min_overlap: float) -> str:
    ok = [r for r in rows if r["min_cosine"] >= min_cosine and r["top10_overlap"] >= min_overlap]
    if not ok:
        return "float32"
    best = max(r["texts_per_s"] for r in ok)
    return next(r["dtype"] for r in ok if r["texts_per_s"] == best)


def _row(dtype: str, speed: float, cos: float, overlap: float) -> dict[str, Any]:
    return {"dtype": dtype, "texts_per_s": speed, "min_cosine": cos, "top10_overlap": overlap}


@exercise("day47.choose_dtype",
          question="Did you drop every row that fails either threshold (cosine or overlap) before looking at speed, "
                   "and return 'float32' when none is left?",
          recipe="ok = rows with min_cosine >= min_cosine and top10_overlap >= min_overlap; if none, 'float32'; "
                 "else the dtype of the first row in ok with the largest texts_per_s")
def check_choose_dtype(choose_dtype: Callable[[list[dict[str, Any]], float, float], Any], rng: random.Random) -> int:
    f32 = _row("float32", 25.0, 1.0, 1.0)
    cases = [([f32, _row("bfloat16", 41.0, 0.9999, 1.0)], 0.99, 0.9),
             ([f32, _row("bfloat16", 12.0, 0.9999, 1.0)], 0.99, 0.9),  # emulated bf16: slower
             ([f32, _row("bfloat16", 41.0, 0.95, 1.0)], 0.99, 0.9),
             ([f32, _row("bfloat16", 41.0, 0.999, 0.7)], 0.99, 0.9),  # vectors close, rankings changed
             ([f32, _row("bfloat16", 41.0, 0.999, 0.9), _row("int8", 60.0, 0.99, 0.8)], 0.99, 0.9),
             ([_row("bfloat16", 30.0, 0.999, 0.95), _row("float16", 30.0, 0.9999, 1.0), f32], 0.99, 0.9),
             ([_row("int8", 90.0, 0.9, 0.5)], 0.99, 0.9), ([], 0.99, 0.9)]
    names = ["float32", "bfloat16", "float16", "int8", "fp8"]
    for _ in range(30):
        rows = [_row(d, float(rng.choice([10, 20, 25, 30, 41, 60])), rng.choice([0.95, 0.99, 0.995, 0.9999, 1.0]),
                     rng.choice([0.6, 0.8, 0.9, 0.95, 1.0])) for d in rng.sample(names, rng.randint(1, 5))]
        cases.append((rows, rng.choice([0.99, 0.995, 0.999]), rng.choice([0.8, 0.9, 0.95])))
    for rows, min_cos, min_ov in cases:
        want = _choose(rows, min_cos, min_ov)
        got = call("choose_dtype", choose_dtype, [dict(r) for r in rows], min_cos, min_ov)
        if got != want:
            raise CheckFailed(f"choose_dtype({show(rows)}, min_cosine={min_cos}, min_overlap={min_ov}) returned "
                              f"{show(got)}, expected {want!r}")
    return len(cases)
