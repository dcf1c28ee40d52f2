"""Plausible wrong answers for days/day53.ipynb: each breaks one stated rule."""
import math

from aicourse.rag import REFUSAL_SENTENCE, parse_citations


def answer_in_order(question, retrieve, fit, generate, k, threshold):
    hits = retrieve(question, k)
    if not hits or (threshold is not None and max(s for _, s in hits) < threshold):
        return REFUSAL_SENTENCE, [], []
    sent = fit([i for i, _ in hits])
    answer = generate(sent)
    # checked against everything retrieved: a citation of a dropped source passes
    return answer, sent, sorted({n for n in parse_citations(answer) if not 1 <= n <= len(hits)})


def answer_in_order__late_gate(question, retrieve, fit, generate, k, threshold):
    hits = retrieve(question, k)
    sent = fit([i for i, _ in hits]) if hits else []
    answer = generate(sent)  # the model runs before the gate looks
    if not hits or (threshold is not None and max(s for _, s in hits) < threshold):
        return REFUSAL_SENTENCE, [], []
    return answer, sent, sorted({n for n in parse_citations(answer) if not 1 <= n <= len(sent)})


def answer_in_order__all_sent(question, retrieve, fit, generate, k, threshold):
    hits = retrieve(question, k)
    if not hits or (threshold is not None and max(s for _, s in hits) < threshold):
        return REFUSAL_SENTENCE, [], []
    ids = [i for i, _ in hits]
    sent = fit(ids)
    answer = generate(ids)  # the model is handed every retrieved id, not what fit kept
    return answer, sent, sorted({n for n in parse_citations(answer) if not 1 <= n <= len(sent)})


def cite_sentence(sentence: str, n: int) -> str:
    if sentence and sentence[-1] in ".!?":
        return f"{sentence[:-1]} [{n}]{sentence[-1]}"  # only one character of punctuation moves
    return f"{sentence} [{n}]"


def cite_sentence__after(sentence: str, n: int) -> str:
    return f"{sentence} [{n}]"  # after the full stop


def choose_min_support(rows):
    def right(t):
        return sum((s > t) == ok for s, ok in rows)  # strictly above: equal support is not attributed
    candidates = sorted({s for s, _ in rows if s > 0}) + [math.inf]
    return min(candidates, key=lambda t: (-right(t), t))


def choose_min_support__highest(rows):
    def right(t):
        return sum((s >= t) == ok for s, ok in rows)
    candidates = sorted({s for s, _ in rows if s > 0}) + [math.inf]
    return max(candidates, key=lambda t: (right(t), t))  # ties to the highest


def choose_min_support__zero(rows):
    from aicourse.rag import choose_refusal_threshold
    return choose_refusal_threshold([s for s, _ in rows], [ok for _, ok in rows])  # 0 stays a candidate


def answer_in_order__regex(question, retrieve, fit, generate, k, threshold):
    import re
    hits = retrieve(question, k)
    if not hits or (threshold is not None and max(s for _, s in hits) < threshold):
        return REFUSAL_SENTENCE, [], []
    sent = fit([i for i, _ in hits])
    answer = generate(sent)
    # a hand-written parser: misses [1, 3] and counts `x[4]` in code as a citation
    return answer, sent, sorted({int(n) for n in re.findall(r"\[(\d+)\]", answer) if not 1 <= int(n) <= len(sent)})


def answer_in_order__first_score(question, retrieve, fit, generate, k, threshold):
    hits = retrieve(question, k)
    if not hits or (threshold is not None and hits[0][1] < threshold):  # assumes the scores are sorted
        return REFUSAL_SENTENCE, [], []
    sent = fit([i for i, _ in hits])
    answer = generate(sent)
    return answer, sent, sorted({n for n in parse_citations(answer) if not 1 <= n <= len(sent)})


def cite_sentence__one_closer(sentence: str, n: int) -> str:
    import re
    m = re.search(r"[.!?…]+[\"')\]]?$", sentence)  # at most one closing quote or bracket
    cut = m.start() if m else len(sentence)
    return f"{sentence[:cut]} [{n}]{sentence[cut:]}"


def cite_sentence__no_paren(sentence: str, n: int) -> str:
    import re
    m = re.search(r"[.!?…]+[\"'\]]*$", sentence)  # ')' forgotten among the closers
    cut = m.start() if m else len(sentence)
    return f"{sentence[:cut]} [{n}]{sentence[cut:]}"


def cite_sentence__no_bracket(sentence: str, n: int) -> str:
    import re
    m = re.search(r"[.!?…]+[\"')]*$", sentence)  # ']' forgotten among the closers
    cut = m.start() if m else len(sentence)
    return f"{sentence[:cut]} [{n}]{sentence[cut:]}"


def choose_min_support__rounded(rows):
    def right(t):
        return sum((s >= t) == ok for s, ok in rows)
    candidates = sorted({s for s, _ in rows if s > 0}) + [math.inf]
    t = min(candidates, key=lambda t: (-right(t), t))
    return t if t == math.inf else round(t, 3)  # 2/3 becomes 0.667
