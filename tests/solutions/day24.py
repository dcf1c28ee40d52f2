"""Reference solutions for days/day24.ipynb (`name__variant`: another answer the statement allows)."""


def merge_pair(word: tuple[str, ...], pair: tuple[str, str]) -> tuple[str, ...]:
    out, i = [], 0
    while i < len(word):
        if i + 1 < len(word) and (word[i], word[i + 1]) == pair:
            out.append(word[i] + word[i + 1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)


def merge_pair__library(word: tuple[str, ...], pair: tuple[str, str]) -> tuple[str, ...]:
    from aicourse.text import merge_pair as merge
    return merge(word, pair)


def pad_batch(seqs: list[list[int]], pad_id: int, max_length: int | None = None) -> tuple[list[list[int]], list[list[int]]]:
    cut = [list(s[:max_length]) if max_length is not None else list(s) for s in seqs]
    width = max((len(s) for s in cut), default=0)
    ids = [s + [pad_id] * (width - len(s)) for s in cut]
    mask = [[1] * len(s) + [0] * (width - len(s)) for s in cut]
    return ids, mask


def pad_batch__library(seqs, pad_id, max_length=None):
    from aicourse.text import pad_batch as pad
    return pad(seqs, pad_id, max_length)


def pick_vocab_size(table: dict[int, float], tolerance: float = 0.1) -> int:
    best = min(table.values())
    return min(v for v, n in table.items() if n <= best * (1 + tolerance))


def pick_vocab_size__sorted(table, tolerance=0.1):
    best = min(table.values())
    for v in sorted(table):
        if table[v] <= best * (1 + tolerance):
            return v
