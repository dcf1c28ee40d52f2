"""Checks for days/day46.ipynb: a character chunker with overlap, the pages a chunk cites, and choosing a
chunk size and overlap from a measured table under a budget."""
from __future__ import annotations

import random
import string
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, raised, show
from aicourse.rag import overlapping_windows  # the library is the reference, as checks/day24.py uses text.merge_pair


def _as_spans(got: Any, what: str) -> list[tuple[int, int]]:
    "The learner's list of (start, end) pairs as tuples of ints, or a FAIL that says what is wrong."
    if not isinstance(got, (list, tuple)):
        raise CheckFailed(f"{what} returned {show(got)}; return a list of (start, end) pairs")
    out = []
    for item in got:
        if (not isinstance(item, (list, tuple)) or len(item) != 2
                or not all(type(x) is int for x in item)):
            raise CheckFailed(f"{what} returned {show(got)}; each item must be a pair of ints (start, end)")
        out.append((item[0], item[1]))
    return out


@exercise("day46.char_chunks",
          question="Does your last window end exactly at len(text), and does no window start after one that "
                   "already reached the end?",
          recipe="check the arguments (size > 0, 0 <= overlap < size, else ValueError); start = 0; loop while "
                 "start < len(text): append (start, min(start + size, len(text))), stop if start + size >= "
                 "len(text), else start += size - overlap")
def check_char_chunks(char_chunks: Callable[[str, int, int], Any], rng: random.Random) -> int:
    for size, overlap in [(0, 0), (-2, 0), (4, 4), (4, 6), (5, -1)]:
        err = raised(char_chunks, "some text here", size, overlap)
        if not isinstance(err, ValueError):
            raise CheckFailed(f"char_chunks('some text here', {size}, {overlap}) "
                              f"{'returned' if err is None else 'raised ' + type(err).__name__} instead of ValueError",
                              "Which sizes and overlaps make no sense? size must be > 0 and 0 <= overlap < size.")
    cases = [("", 4, 1), ("abc", 5, 2), ("abcdefgh", 4, 0), ("abcdefghij", 4, 2), ("abcdefghi", 4, 2),
             ("abcde", 1, 0), ("abcdefg", 3, 2), ("a" * 13, 5, 3)]
    for _ in range(20):
        n, size = rng.randint(0, 60), rng.randint(1, 15)
        text = "".join(rng.choice(string.ascii_lowercase + " .") for _ in range(n))
        cases.append((text, size, rng.randrange(size)))
    for text, size, overlap in cases:
        want = overlapping_windows(len(text), size, overlap)
        got = _as_spans(call("char_chunks", char_chunks, text, size, overlap), f"char_chunks({text!r}, {size}, {overlap})")
        if got != want:
            question = None
            if got[:len(want)] == want:
                question = "Your windows are right, then you add more: stop once a window reaches the end of the text."
            elif any(a[1] > b[0] for a, b in zip(got, got[1:], strict=False)) and overlap == 0:
                question = "With overlap 0, the next window starts where the last one ended."
            raise CheckFailed(f"char_chunks({text!r}, {size}, {overlap}) returned {show(got)}, expected {show(want)}",
                              question)
        if any(text[a:b] == "" for a, b in got):
            raise CheckFailed(f"char_chunks({text!r}, {size}, {overlap}) has an empty chunk")
    return len(cases) + 5


def _pages(start: int, end: int, pages: list[tuple[int, int]]) -> tuple[int, ...]:
    return tuple(i + 1 for i, (a, b) in enumerate(pages) if a < b and a < end and start < b)


@exercise("day46.cited_pages",
          question="Spans are half-open: does a chunk that ends exactly where a page starts touch that page?",
          recipe="page i + 1 is cited when page_start < chunk_end and chunk_start < page_end (so a blank page, "
                 "page_start == page_end, never is); return those page numbers, in order, as a tuple")
def check_cited_pages(cited_pages: Callable[[int, int, list[tuple[int, int]]], Any], rng: random.Random) -> int:
    pages = [(0, 100), (102, 250), (252, 300)]  # pages joined by two characters ('\n\n')
    cases = [(0, 50, pages), (90, 110, pages), (0, 300, pages), (100, 102, pages), (98, 102, pages),
             (250, 252, pages), (250, 253, pages), (60, 100, pages), (102, 103, pages), (240, 260, pages),
             (10, 20, [(0, 40)]), (0, 5, []), (100, 300, pages), (99, 300, pages), (100, 251, pages),
             (5, 20, [(0, 10), (12, 12), (14, 30)]), (10, 14, [(0, 10), (12, 12), (14, 30)]),
             (0, 30, [(0, 10), (12, 12), (14, 30)])]
    for _ in range(25):
        bounds, at = [], 0
        for _ in range(rng.randint(1, 6)):
            a = at + rng.choice([0, 1, 2, 2])
            b = a + rng.randint(1, 40)
            bounds.append((a, b))
            at = b
        start = rng.randrange(at)
        end = rng.choice([start + 1, rng.randint(start + 1, at)] + [a for a, _ in bounds if a > start])
        cases.append((start, end, bounds))
    for start, end, bounds in cases:
        want = _pages(start, end, bounds)
        got = call("cited_pages", cited_pages, start, end, list(bounds))
        if not isinstance(got, (tuple, list)) or not all(type(p) is int for p in got):
            raise CheckFailed(f"cited_pages({start}, {end}, {bounds}) returned {show(got)}; return a tuple of page "
                              "numbers (ints, from 1)")
        if tuple(got) != want:
            question = None
            if tuple(got) == tuple(p - 1 for p in want):
                question = "Page numbers start at 1, not 0."
            elif any(bounds[p - 1][0] == bounds[p - 1][1] for p in got if 1 <= p <= len(bounds)):
                question = "A blank page (start == end) has no characters: can a chunk share one with it?"
            raise CheckFailed(f"cited_pages({start}, {end}, {bounds}) returned {show(got)}, expected {want}", question)
    return len(cases)


def _choose(table: list[dict[str, int]], budget: int, max_size: int) -> tuple[int, int] | None:
    fits = [r for r in table if r["chars"] <= budget and r["size"] <= max_size]
    if not fits:
        return None
    best = min(fits, key=lambda r: (-r["kept"], r["chunks"], r["size"], r["overlap"]))
    return (best["size"], best["overlap"])


def _random_table(rng: random.Random) -> list[dict[str, int]]:
    rows = []
    sizes = sorted(rng.sample([100, 150, 200, 300, 400, 600, 800], rng.randint(2, 5)))
    for size in sizes:
        for overlap in sorted(rng.sample([0, 25, 50, 100], rng.randint(1, 3))):
            if overlap >= size:
                continue
            rows.append({"size": size, "overlap": overlap, "kept": rng.randint(5, 12),
                         "chunks": rng.randint(5, 40), "chars": rng.randint(3000, 9000)})
    # ties on purpose: a row that equals another on kept (and sometimes on chunks)
    if len(rows) >= 2:
        a, b = rng.sample(range(len(rows)), 2)
        rows[b]["kept"] = rows[a]["kept"] = max(r["kept"] for r in rows)
        if rng.random() < 0.5:
            rows[b]["chunks"] = rows[a]["chunks"]
    rng.shuffle(rows)
    return rows


@exercise("day46.choose_setting",
          question="Did you drop the rows over the budget and the rows with windows over max_size first, and break "
                   "ties in the stated order?",
          recipe="keep the rows with chars <= budget and size <= max_size (none: return None); among them take the one with the most "
                 "kept answers, then the fewest chunks, then the smallest size, then the smallest overlap; return "
                 "(size, overlap)")
def check_choose_setting(choose_setting: Callable[[list[dict[str, int]], int, int], Any], rng: random.Random) -> int:
    def row(size: int, overlap: int, kept: int, chunks: int, chars: int) -> dict[str, int]:
        return {"size": size, "overlap": overlap, "kept": kept, "chunks": chunks, "chars": chars}
    base = [row(150, 0, 9, 25, 3480), row(150, 50, 12, 35, 5030), row(300, 0, 13, 13, 3480), row(300, 100, 14, 17, 4780),
            row(600, 0, 14, 8, 3480)]
    cases = [(base, 10000, 1000), (base, 3480, 1000), (base, 3479, 1000), (base, 10000, 300), (base, 10000, 299),
             (base, 10000, 100), ([row(300, 100, 14, 17, 4780), row(200, 50, 14, 17, 4000)], 5000, 400),
             ([row(300, 50, 10, 12, 4000), row(300, 0, 10, 12, 3500)], 5000, 300),
             ([row(300, 0, 14, 20, 9000), row(150, 0, 3, 40, 3000)], 8999, 300), ([], 5000, 300),
             ([row(200, 0, 9, 10, 3000), row(150, 0, 9, 12, 2500)], 5000, 300)]  # fewest chunks, not fewest chars
    cases += [(_random_table(rng), rng.randint(2500, 9500), rng.choice([150, 200, 300, 400, 800])) for _ in range(30)]
    for table, budget, max_size in cases:
        want = _choose(table, budget, max_size)
        got = call("choose_setting", choose_setting, [dict(r) for r in table], budget, max_size)
        if isinstance(got, list):
            got = tuple(got)
        if got != want or (want is not None and not all(type(x) is int for x in got)):
            question = None
            fits = [r for r in table if r["chars"] <= budget and r["size"] <= max_size]
            if got is not None and want is not None and got not in {(r["size"], r["overlap"]) for r in fits}:
                question = "Your choice breaks a limit: more characters than the budget, or windows over max_size."
            elif want is None:
                question = "No row fits the budget: what does the statement ask you to return then?"
            raise CheckFailed(f"choose_setting({show(table)}, budget={budget}, max_size={max_size}) returned {show(got)}, expected {want}",
                              question)
    return len(cases)
