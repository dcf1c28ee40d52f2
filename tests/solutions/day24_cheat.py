"""Cheats for days/day24.ipynb: answers that fit the visible examples, guess, or ignore a stated rule.
Each check must reject each of them, on every seed."""


def merge_pair(word, pair):  # merges the first occurrence only: fits the lesson's examples
    for i in range(len(word) - 1):
        if (word[i], word[i + 1]) == pair:
            return tuple(word[:i]) + (word[i] + word[i + 1],) + tuple(word[i + 2:])
    return tuple(word)


def pad_batch(seqs, pad_id, max_length=None):  # ignores max_length: no truncation
    width = max((len(s) for s in seqs), default=0)
    return [list(s) + [pad_id] * (width - len(s)) for s in seqs], [[1] * len(s) + [0] * (width - len(s)) for s in seqs]


def pick_vocab_size(table, tolerance=0.1):  # the shortest sequences, ignoring the tolerance
    return min(table, key=table.get)


def pick_vocab_size__smallest(table, tolerance=0.1):  # always the smallest vocabulary
    return min(table)
