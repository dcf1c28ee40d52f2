"""Plausible wrong answers to days/day46.ipynb."""


def char_chunks(text: str, size: int, overlap: int) -> list[tuple[int, int]]:
    # a window at every step: trailing windows that lie wholly inside the last full one
    if size <= 0 or not 0 <= overlap < size:
        raise ValueError("need size > 0 and 0 <= overlap < size")
    return [(s, min(s + size, len(text))) for s in range(0, len(text), size - overlap)]


def char_chunks__no_validation(text: str, size: int, overlap: int) -> list[tuple[int, int]]:
    # right windows, but overlap >= size is accepted (and loops or repeats)
    spans, start = [], 0
    while start < len(text) and size > 0:
        spans.append((start, min(start + size, len(text))))
        if start + size >= len(text):
            break
        start += max(size - overlap, 1)
    return spans


def cited_pages(start: int, end: int, pages: list[tuple[int, int]]) -> tuple[int, ...]:
    # closed intervals: a chunk that ends where a page starts cites that page too
    return tuple(i + 1 for i, (a, b) in enumerate(pages) if a <= end and start <= b)


def cited_pages__blank_pages(start: int, end: int, pages: list[tuple[int, int]]) -> tuple[int, ...]:
    # half-open, but a blank page (a, a) strictly inside the chunk is cited though it has no character
    return tuple(i + 1 for i, (a, b) in enumerate(pages) if a < end and start < b)


def cited_pages__fill_range(start: int, end: int, pages: list[tuple[int, int]]) -> tuple[int, ...]:
    # the pages that hold the first and the last character, and every page between them
    def page_at(x: int) -> int | None:
        return next((i + 1 for i, (a, b) in enumerate(pages) if a <= x < b), None)
    first, last = page_at(start), page_at(end - 1)
    if first is None or last is None:
        return tuple(p for p in (first, last) if p is not None)
    return tuple(range(first, last + 1))


def choose_setting(table: list[dict[str, int]], budget: int, max_size: int) -> tuple[int, int] | None:
    # the best survival, whatever it costs: ignores the budget
    fits = [r for r in table if r["size"] <= max_size]
    if not fits:
        return None
    best = min(fits, key=lambda r: (-r["kept"], r["chunks"], r["size"], r["overlap"]))
    return best["size"], best["overlap"]


def choose_setting__no_ties(table: list[dict[str, int]], budget: int, max_size: int) -> tuple[int, int] | None:
    # the limits, but the first row with the most kept answers (table order breaks ties)
    fits = [r for r in table if r["chars"] <= budget and r["size"] <= max_size]
    if not fits:
        return None
    best = max(fits, key=lambda r: r["kept"])
    return best["size"], best["overlap"]


def choose_setting__no_max_size(table: list[dict[str, int]], budget: int, max_size: int) -> tuple[int, int] | None:
    # the budget and the ties, but windows of any size
    fits = [r for r in table if r["chars"] <= budget]
    if not fits:
        return None
    best = min(fits, key=lambda r: (-r["kept"], r["chunks"], r["size"], r["overlap"]))
    return best["size"], best["overlap"]


def choose_setting__fewest_chars(table: list[dict[str, int]], budget: int, max_size: int) -> tuple[int, int] | None:
    # the limits and the most kept answers, but ties go to the fewest characters stored
    fits = [r for r in table if r["chars"] <= budget and r["size"] <= max_size]
    if not fits:
        return None
    best = min(fits, key=lambda r: (-r["kept"], r["chars"], r["size"], r["overlap"]))
    return best["size"], best["overlap"]
