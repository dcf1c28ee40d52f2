"""Reference answers for days/day52.ipynb."""
import math
import re


def parse_citations(answer: str) -> list[int]:
    text = re.sub(r"`[^`]*`", " ", answer)  # code spans are not citations
    seen: list[int] = []
    for m in re.finditer(r"\[\s*([0-9]+(?:\s*,\s*[0-9]+)*)\s*\](?!\()", text):
        for n in m.group(1).split(","):
            if int(n) not in seen:
                seen.append(int(n))
    return seen


def parse_citations__library(answer: str) -> list[int]:
    from aicourse.rag import parse_citations as lib
    return lib(answer)


def fit_budget(lengths: list[int], budget: int, sep: int = 1) -> int:
    total = 0
    for i, n in enumerate(lengths):
        total += n + (sep if i else 0)
        if total > budget:
            return i
    return len(lengths)


def fit_budget__cumsum(lengths: list[int], budget: int, sep: int = 1) -> int:
    import numpy as np
    if not lengths:
        return 0
    totals = np.cumsum(lengths) + sep * np.arange(len(lengths))
    over = np.nonzero(totals > budget)[0]
    return int(over[0]) if len(over) else len(lengths)


def choose_threshold(dev: list[tuple[float, bool]]) -> float:
    def right(t: float) -> int:
        return sum((score < t) == (not ok) for score, ok in dev)
    candidates = sorted({score for score, _ in dev}) + [math.inf]
    return min(candidates, key=lambda t: (-right(t), t))


def choose_threshold__loop(dev: list[tuple[float, bool]]) -> float:
    best, best_right = math.inf, sum(not ok for _, ok in dev)  # inf refuses everything
    for t in sorted({score for score, _ in dev}, reverse=True):  # from high to low: ties move to the lower one
        right = sum((score < t) == (not ok) for score, ok in dev)
        if right >= best_right:
            best, best_right = t, right
    return best


from aicourse.rag import is_refusal_sentence  # noqa: E402  (what the workbook imports)


def check_answer(sentences: list[str], n_sources: int) -> str:
    cited = [n for s in sentences for n in parse_citations(s)]
    if any(not 1 <= n <= n_sources for n in cited):
        return "invalid"
    if sentences and all(is_refusal_sentence(s) for s in sentences):
        return "refused"
    if not sentences or any(not parse_citations(s) and not is_refusal_sentence(s) for s in sentences):
        return "uncited"
    return "ok"


def fit_budget__numpy(lengths: list[int], budget: int, sep: int = 1):
    import numpy as np
    totals = np.cumsum([0] + list(lengths))[1:] + sep * np.arange(len(lengths))
    return np.sum(totals <= budget) if lengths and totals[0] <= budget else np.int64(0)  # a NumPy integer is fine
