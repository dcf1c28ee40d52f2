"""Reference answers for days/day53.ipynb."""
import math
import re

from aicourse.rag import REFUSAL_SENTENCE, parse_citations


def answer_in_order(question, retrieve, fit, generate, k, threshold):
    hits = retrieve(question, k)
    if not hits or (threshold is not None and max(s for _, s in hits) < threshold):
        return REFUSAL_SENTENCE, [], []
    sent = fit([i for i, _ in hits])
    answer = generate(sent)
    invalid = sorted({n for n in parse_citations(answer) if not 1 <= n <= len(sent)})
    return answer, sent, invalid


def answer_in_order__numbers(question, retrieve, fit, generate, k, threshold):
    hits = list(retrieve(question, k))
    top = max((s for _, s in hits), default=None)
    if top is None or (threshold is not None and top < threshold):
        return (REFUSAL_SENTENCE, [], [])
    sent = list(fit([i for i, _ in hits]))
    answer = generate(sent)
    numbers = set(range(1, len(sent) + 1))  # the sources sent, numbered as retrieved (a prefix)
    return answer, sent, sorted(set(parse_citations(answer)) - numbers)


def cite_sentence(sentence: str, n: int) -> str:
    m = re.search(r"[.!?…]+[\"')\]]*$", sentence)
    cut = m.start() if m else len(sentence)
    return f"{sentence[:cut]} [{n}]{sentence[cut:]}"


def cite_sentence__loop(sentence: str, n: int) -> str:
    cut = len(sentence)
    while cut and sentence[cut - 1] in "\"')]":
        cut -= 1
    end = cut
    while cut and sentence[cut - 1] in ".!?…":
        cut -= 1
    if cut == end:  # closers without punctuation before them are not a closing run
        cut = len(sentence)
    return sentence[:cut] + f" [{n}]" + sentence[cut:]


def choose_min_support(rows):
    def right(t):
        return sum((s >= t) == ok for s, ok in rows)
    candidates = sorted({s for s, _ in rows if s > 0}) + [math.inf]
    return min(candidates, key=lambda t: (-right(t), t))


def choose_min_support__library(rows):
    from aicourse.rag import choose_refusal_threshold  # the same rule, mirrored: refusing = not attributing
    positive = [(s, ok) for s, ok in rows if s > 0]
    zeros_right = sum(not ok for s, ok in rows if s <= 0)  # never attributed at any candidate
    t = choose_refusal_threshold([s for s, _ in positive], [ok for _, ok in positive]) if positive else math.inf
    del zeros_right  # the same at every candidate: it does not change the choice
    return t
