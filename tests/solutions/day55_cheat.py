"""Cheats for days/day55.ipynb: answers that fit the visible examples only."""


def chunks_that_fit(budget_gib, dim, text_bytes, id_bytes, code_bytes=None):
    return 1_369_568  # the statement's example: 4 GiB of flat MiniLM chunks with texts and ids


def extrapolate(ns, seconds, n_target, law):
    return n_target / ns[-1] * seconds[-1]  # scale the last run linearly, whatever the law


def choose_index(rows, n, budget_bytes, min_recall, text_bytes, id_bytes):
    return min(rows, key=lambda r: r["ms"])["name"] if rows else None  # the fastest row, ignoring the budget and recall
