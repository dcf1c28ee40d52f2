"""Plausible wrong answers for days/day52.ipynb: each breaks one stated rule."""
import math
import re


def parse_citations(answer: str) -> list[int]:
    # only single numbers: '[1, 3]' is missed
    seen: list[int] = []
    for n in re.findall(r"\[(\d+)\]", re.sub(r"`[^`]*`", " ", answer)):
        if int(n) not in seen:
            seen.append(int(n))
    return seen


def parse_citations__sorted(answer: str) -> list[int]:
    from aicourse.rag import parse_citations as lib
    return sorted(lib(answer))  # sorted, not in order of first appearance


def parse_citations__code(answer: str) -> list[int]:
    seen: list[int] = []  # forgets that `x[0]` is code
    for m in re.finditer(r"\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]", answer):
        for n in m.group(1).split(","):
            if int(n) not in seen:
                seen.append(int(n))
    return seen


def parse_citations__repeats(answer: str) -> list[int]:
    text = re.sub(r"`[^`]*`", " ", answer)  # keeps every repeat
    return [int(n) for m in re.finditer(r"\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]", text) for n in m.group(1).split(",")]


def parse_citations__loose(answer: str) -> list[int]:
    text = re.sub(r"`[^`]*`", " ", answer)  # any digits in brackets: '[1-3]' and '[1.5]' count
    seen: list[int] = []
    for inside in re.findall(r"\[([^\]]*)\]", text):
        for n in re.findall(r"\d+", inside):
            if int(n) not in seen:
                seen.append(int(n))
    return seen


def fit_budget(lengths: list[int], budget: int, sep: int = 1) -> int:
    # skips a source that does not fit and keeps going: a lower-ranked one jumps the queue
    total, k = 0, 0
    for n in lengths:
        cost = n + (sep if k else 0)
        if total + cost <= budget:
            total, k = total + cost, k + 1
    return k


def parse_citations__links(answer: str) -> list[int]:
    text = re.sub(r"`[^`]*`", " ", answer)  # a markdown link '[1](url)' counts as a citation
    seen: list[int] = []
    for m in re.finditer(r"\[\s*([0-9]+(?:\s*,\s*[0-9]+)*)\s*\]", text):
        for n in m.group(1).split(","):
            if int(n) not in seen:
                seen.append(int(n))
    return seen


def parse_citations__strings(answer: str) -> list[str]:
    from aicourse.rag import parse_citations as lib
    return [str(n) for n in lib(answer)]  # the regex's strings, not ints


def fit_budget__strict(lengths: list[int], budget: int, sep: int = 1) -> int:
    total = 0
    for i, n in enumerate(lengths):
        total += n + (sep if i else 0)
        if total >= budget:  # a total equal to the budget is refused
            return i
    return len(lengths)


def fit_budget__nosep(lengths: list[int], budget: int, sep: int = 1) -> int:
    total = 0
    for i, n in enumerate(lengths):
        total += n  # forgets the separators
        if total > budget:
            return i
    return len(lengths)


def choose_threshold(dev: list[tuple[float, bool]]) -> float:
    # the lowest answerable score: never refuses an answerable dev question
    scores = [s for s, ok in dev if ok]
    return min(scores) if scores else math.inf


def choose_threshold__highest_tie(dev: list[tuple[float, bool]]) -> float:
    def right(t: float) -> int:
        return sum((score < t) == (not ok) for score, ok in dev)
    candidates = sorted({score for score, _ in dev}) + [math.inf]
    return max(candidates, key=lambda t: (right(t), t))  # ties go to the highest


def choose_threshold__no_inf(dev: list[tuple[float, bool]]) -> float:
    def right(t: float) -> int:
        return sum((score < t) == (not ok) for score, ok in dev)
    candidates = sorted({score for score, _ in dev})  # forgets "refuse everything"
    return min(candidates, key=lambda t: (-right(t), t))


def choose_threshold__rounded(dev: list[tuple[float, bool]]) -> float:
    def right(t: float) -> int:
        return sum((score < t) == (not ok) for score, ok in dev)
    candidates = sorted({round(score, 2) for score, _ in dev}) + [math.inf]  # rounds the scores to 2 decimals
    return min(candidates, key=lambda t: (-right(t), t))


def choose_threshold__le(dev: list[tuple[float, bool]]) -> float:
    def right(t: float) -> int:
        return sum((score <= t) == (not ok) for score, ok in dev)  # refuses a score equal to the threshold
    candidates = sorted({score for score, _ in dev}) + [math.inf]
    return min(candidates, key=lambda t: (-right(t), t))


from aicourse.rag import REFUSAL_SENTENCE, is_refusal_sentence  # noqa: E402


def _parse(s: str) -> list[int]:
    from aicourse.rag import parse_citations as lib
    return lib(s)


def _lib_verdict(sentences: list[str], n_sources: int, refuses) -> str:
    if any(not 1 <= n <= n_sources for s in sentences for n in _parse(s)):
        return "invalid"
    if sentences and all(refuses(s) for s in sentences):
        return "refused"
    if not sentences or any(not _parse(s) and not refuses(s) for s in sentences):
        return "uncited"
    return "ok"


def check_answer__mixed(sentences: list[str], n_sources: int) -> str:
    # the old rule: one refusal sentence anywhere makes the answer "refused", so an uncited claim beside it passes
    if any(not 1 <= n <= n_sources for s in sentences for n in _parse(s)):
        return "invalid"
    if any(is_refusal_sentence(s) for s in sentences):
        return "refused"
    if not sentences or any(not _parse(s) for s in sentences):
        return "uncited"
    return "ok"


def check_answer__contains(sentences: list[str], n_sources: int) -> str:
    return _lib_verdict(sentences, n_sources, lambda s: REFUSAL_SENTENCE.lower() in s.lower())  # needs the full stop


def check_answer__equality(sentences: list[str], n_sources: int) -> str:
    return _lib_verdict(sentences, n_sources, lambda s: s.strip().lower() == REFUSAL_SENTENCE.lower())  # no lead-in


def check_answer__startswith(sentences: list[str], n_sources: int) -> str:
    return _lib_verdict(sentences, n_sources, lambda s: s.lower().startswith(REFUSAL_SENTENCE.lower()[:-1]))


def check_answer__loose(sentences: list[str], n_sources: int) -> str:
    return _lib_verdict(sentences, n_sources, lambda s: "do not answer" in s.lower())  # any 'do not answer'


def check_answer(sentences: list[str], n_sources: int) -> str:
    # a refusal first: a made-up [5] next to it goes unnoticed
    if any(REFUSAL_SENTENCE.lower() in s.lower() for s in sentences):
        return "refused"
    if any(not 1 <= n <= n_sources for s in sentences for n in _parse(s)):
        return "invalid"
    if not sentences or any(not _parse(s) for s in sentences):
        return "uncited"
    return "ok"


def check_answer__zero(sentences: list[str], n_sources: int) -> str:
    if any(n > n_sources for s in sentences for n in _parse(s)):  # [0] slips through
        return "invalid"
    if sentences and all(is_refusal_sentence(s) for s in sentences):
        return "refused"
    if not sentences or any(not _parse(s) and not is_refusal_sentence(s) for s in sentences):
        return "uncited"
    return "ok"


def check_answer__any(sentences: list[str], n_sources: int) -> str:
    cited = [n for s in sentences for n in _parse(s)]
    if any(not 1 <= n <= n_sources for n in cited):
        return "invalid"
    if sentences and all(is_refusal_sentence(s) for s in sentences):
        return "refused"
    return "ok" if cited else "uncited"  # one citation anywhere is enough: uncited sentences pass
