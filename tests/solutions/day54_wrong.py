"""Plausible wrong answers for days/day54.ipynb: each breaks one stated rule."""
import math


def _lib_kappa(a, b):
    from aicourse.rag import cohen_kappa
    return cohen_kappa(a, b)


def alce_scores(sentences, n_sources, supports):
    # no irrelevant-citation rule: every citation of a supported sentence counts
    if not sentences:
        return None, None
    recall, counted, total = 0, 0, 0
    for claim, cited in sentences:
        total += len(cited)
        ok = bool(cited) and all(1 <= n <= n_sources for n in cited) and supports(claim, cited)
        recall += ok
        counted += len(cited) if ok else 0
    return recall / len(sentences), counted / total if total else 0.0


def alce_scores__alone(sentences, n_sources, supports):
    # a citation counts only when it supports alone: two halves lose both
    if not sentences:
        return None, None
    recall, counted, total = 0, 0, 0
    for claim, cited in sentences:
        total += len(cited)
        ok = bool(cited) and all(1 <= n <= n_sources for n in cited) and supports(claim, cited)
        recall += ok
        counted += sum(supports(claim, [n]) for n in cited) if ok else 0
    return recall / len(sentences), counted / total if total else 0.0


def alce_scores__invalid_ignored(sentences, n_sources, supports):
    # invalid numbers dropped instead of failing the sentence
    if not sentences:
        return None, None
    cleaned = [(c, [n for n in cited if 1 <= n <= n_sources]) for c, cited in sentences]
    from importlib import import_module  # noqa: F401
    recall, counted, total = 0, 0, 0
    for claim, cited in cleaned:
        total += len(cited)
        ok = bool(cited) and supports(claim, cited)
        recall += ok
        if ok and len(cited) > 1:
            counted += sum(supports(claim, [n]) or not supports(claim, [m for m in cited if m != n]) for n in cited)
        elif ok:
            counted += 1
    return recall / len(sentences), counted / total if total else 0.0


def alce_scores__empty_zero(sentences, n_sources, supports):
    # an answer with no sentences scores (0, 0) instead of None
    if not sentences:
        return 0.0, 0.0
    recall, counted, total = 0, 0, 0
    for claim, cited in sentences:
        total += len(cited)
        ok = bool(cited) and all(1 <= n <= n_sources for n in cited) and supports(claim, cited)
        recall += ok
        if ok and len(cited) > 1:
            counted += sum(supports(claim, [n]) or not supports(claim, [m for m in cited if m != n]) for n in cited)
        elif ok:
            counted += 1
    return recall / len(sentences), counted / total if total else 0.0


def _alce_with(sentences, n_sources, supports, valid, rest, denominator):
    if not sentences:
        return None, None
    recall, counted, total = 0, 0, 0
    for claim, cited in sentences:
        total += denominator(cited)
        ok = bool(cited) and all(valid(n) for n in cited) and supports(claim, cited)
        recall += ok
        if ok and len(cited) > 1:
            counted += sum(supports(claim, [n]) or not supports(claim, rest(cited, n)) for n in cited)
        elif ok:
            counted += 1
    return recall / len(sentences), counted / total if total else 0.0


def alce_scores__others_all_sources(sentences, n_sources, supports):
    # "the others" read as every source sent except n, not the sentence's other citations
    return _alce_with(sentences, n_sources, supports, lambda n: 1 <= n <= n_sources,
                      lambda cited, n: [m for m in range(1, n_sources + 1) if m != n], len)


def alce_scores__valid_denominator(sentences, n_sources, supports):
    # invalid citations left out of the precision's denominator
    return _alce_with(sentences, n_sources, supports, lambda n: 1 <= n <= n_sources,
                      lambda cited, n: [m for m in cited if m != n],
                      lambda cited: sum(1 <= n <= n_sources for n in cited))


def alce_scores__zero_valid(sentences, n_sources, supports):
    # forgets that sources start at 1: [0] counts as a valid number
    return _alce_with(sentences, n_sources, supports, lambda n: n <= n_sources,
                      lambda cited, n: [m for m in cited if m != n], len)


def kappa(a, b):
    # Scott's pi: the two raters' label frequencies pooled, not each rater's own
    n = len(a)
    p_o = sum(x == y for x, y in zip(a, b, strict=True)) / n
    p_e = sum(((a.count(v) + b.count(v)) / (2 * n)) ** 2 for v in set(a) | set(b))
    return float("nan") if p_e == 1 else (p_o - p_e) / (1 - p_e)


def kappa__accuracy(a, b):
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)  # agreement without the chance correction


def kappa__zero(a, b):
    n = len(a)
    p_o = sum(x == y for x, y in zip(a, b, strict=True)) / n
    p_e = sum(a.count(v) / n * b.count(v) / n for v in set(a) | set(b))
    return 0.0 if p_e == 1 else (p_o - p_e) / (1 - p_e)  # 0 where kappa is undefined


def choose_threshold(scores, labels):
    # by accuracy, day 52's rule: says yes to everything on unbalanced labels
    def right(t):
        return sum((s >= t) == label for s, label in zip(scores, labels, strict=True))
    candidates = sorted(set(scores)) + [math.inf]
    return min(candidates, key=lambda t: (-right(t), t))


def choose_threshold__highest_tie(scores, labels):
    def k(t):
        v = _lib_kappa([s >= t for s in scores], list(labels))
        return 0.0 if math.isnan(v) else v
    return max(sorted(set(scores)), key=lambda t: (k(t), t))


def choose_threshold__rounded(scores, labels):
    def k(t):
        v = _lib_kappa([s >= t for s in scores], list(labels))
        return 0.0 if math.isnan(v) else v
    return min(sorted({round(s, 2) for s in scores}), key=lambda t: (-k(t), t))  # rounded candidates
