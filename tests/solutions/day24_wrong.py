"""Plausible wrong answers for days/day24.ipynb: each check must reject each of them, on every seed."""


def merge_pair(word, pair):  # steps by one after a merge: the second symbol is used again
    out, i = [], 0
    while i < len(word):
        if i + 1 < len(word) and (word[i], word[i + 1]) == pair:
            out.append(word[i] + word[i + 1])
        else:
            out.append(word[i])
        i += 1
    return tuple(out)


def merge_pair__string(word, pair):  # joins the text and splits on the merged string: mixes up symbols
    joined = " ".join(word)
    return tuple(joined.replace(f"{pair[0]} {pair[1]}", pair[0] + pair[1]).split()) if word else ()


def pad_batch(seqs, pad_id, max_length=None):  # the mask reads the ids: a real token equal to pad_id becomes 0
    cut = [list(s[:max_length]) if max_length is not None else list(s) for s in seqs]
    width = max((len(s) for s in cut), default=0)
    ids = [s + [pad_id] * (width - len(s)) for s in cut]
    return ids, [[int(t != pad_id) for t in row] for row in ids]


def pad_batch__to_max_length(seqs, pad_id, max_length=None):  # pads every row to max_length, not the longest
    width = max_length if max_length is not None else max((len(s) for s in seqs), default=0)
    cut = [list(s[:width]) for s in seqs]
    return [s + [pad_id] * (width - len(s)) for s in cut], [[1] * len(s) + [0] * (width - len(s)) for s in cut]


def pick_vocab_size(table, tolerance=0.1):  # a strict comparison: a size exactly on the line is refused
    best = min(table.values())
    return min(v for v, n in table.items() if n < best * (1 + tolerance) or n == best)


def pick_vocab_size__first_key(table, tolerance=0.1):  # the first key in the dict's order, not the smallest size
    best = min(table.values())
    return next(v for v, n in table.items() if n <= best * (1 + tolerance))
