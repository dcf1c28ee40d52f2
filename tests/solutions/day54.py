"""Reference answers for days/day54.ipynb."""
import math


def alce_scores(sentences, n_sources, supports):
    if not sentences:
        return None, None
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


def alce_scores__per_citation(sentences, n_sources, supports):
    "The same rules, citation by citation, with lists of 0/1 like ALCE's code."
    if len(sentences) == 0:
        return (None, None)
    recalls, precise = [], []
    for claim, cited in sentences:
        valid = len(cited) > 0 and min(cited) >= 1 and max(cited) <= n_sources
        r = 1 if valid and supports(claim, list(cited)) else 0
        recalls.append(r)
        for n in cited:
            if not r:
                precise.append(0)
            elif len(cited) == 1 or supports(claim, [n]):
                precise.append(1)
            else:
                precise.append(0 if supports(claim, [m for m in cited if m != n]) else 1)
    return sum(recalls) / len(recalls), (sum(precise) / len(precise) if precise else 0.0)


def kappa(a, b):
    n = len(a)
    p_o = sum(x == y for x, y in zip(a, b, strict=True)) / n
    p_e = sum(a.count(v) / n * b.count(v) / n for v in set(a) | set(b))
    return float("nan") if p_e == 1 else (p_o - p_e) / (1 - p_e)


def kappa__library(a, b):
    from aicourse.rag import cohen_kappa
    return cohen_kappa(a, b)


def choose_threshold(scores, labels):
    def k(t):
        v = kappa([s >= t for s in scores], list(labels))
        return 0.0 if math.isnan(v) else v
    best = max(k(t) for t in set(scores))
    return min(t for t in set(scores) if k(t) >= best - 1e-9)  # equal kappas may differ in the last bit


def choose_threshold__exact(scores, labels):
    "Kappa in exact fractions: a tie is a tie."
    from fractions import Fraction

    def k(t):
        v = [s >= t for s in scores]
        n = len(v)
        p_o = Fraction(sum(x == y for x, y in zip(v, labels, strict=True)), n)
        p_e = sum(Fraction(v.count(x), n) * Fraction(list(labels).count(x), n) for x in (True, False))
        return Fraction(0) if p_e == 1 else (p_o - p_e) / (1 - p_e)
    return min(sorted(set(scores)), key=lambda t: (-k(t), t))


def choose_threshold__loop(scores, labels):
    best, best_k = None, None
    for t in sorted(set(scores), reverse=True):  # from high to low: a tie moves to the lower one
        v = kappa([s >= t for s in scores], list(labels))
        v = 0.0 if math.isnan(v) else v
        if best_k is None or v >= best_k:
            best, best_k = t, v
    return best
