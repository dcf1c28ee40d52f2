"""Reference answers for days/day46.ipynb."""


def char_chunks(text: str, size: int, overlap: int) -> list[tuple[int, int]]:
    if size <= 0 or not 0 <= overlap < size:
        raise ValueError("need size > 0 and 0 <= overlap < size")
    spans, start = [], 0
    while start < len(text):
        spans.append((start, min(start + size, len(text))))
        if start + size >= len(text):
            break
        start += size - overlap
    return spans


def char_chunks__library(text: str, size: int, overlap: int) -> list[tuple[int, int]]:
    from aicourse.rag import overlapping_windows
    return overlapping_windows(len(text), size, overlap)


def char_chunks__lists(text: str, size: int, overlap: int) -> list[list[int]]:
    # a list of [start, end] lists is allowed too
    if size < 1 or overlap < 0 or overlap >= size:
        raise ValueError(f"bad size/overlap: {size}, {overlap}")
    step, out = size - overlap, []
    for start in range(0, max(len(text) - overlap, 1), step):
        if start < len(text):
            out.append([start, min(start + size, len(text))])
    return out


def cited_pages(start: int, end: int, pages: list[tuple[int, int]]) -> tuple[int, ...]:
    return tuple(i + 1 for i, (a, b) in enumerate(pages) if a < b and a < end and start < b)


def cited_pages__list(start: int, end: int, pages: list[tuple[int, int]]) -> list[int]:
    return [n for n, (a, b) in enumerate(pages, start=1) if a != b and not (b <= start or end <= a)]


def choose_setting(table: list[dict[str, int]], budget: int, max_size: int) -> tuple[int, int] | None:
    fits = [r for r in table if r["chars"] <= budget and r["size"] <= max_size]
    if not fits:
        return None
    best = min(fits, key=lambda r: (-r["kept"], r["chunks"], r["size"], r["overlap"]))
    return best["size"], best["overlap"]


def choose_setting__sorted(table: list[dict[str, int]], budget: int, max_size: int) -> list[int] | None:
    ranked = sorted((r for r in table if r["chars"] <= budget and not r["size"] > max_size),
                    key=lambda r: (r["kept"], -r["chunks"], -r["size"], -r["overlap"]), reverse=True)
    return [ranked[0]["size"], ranked[0]["overlap"]] if ranked else None
