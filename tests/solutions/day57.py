"""Reference answers for days/day57.ipynb."""
import html
import re


def cite_links(answer: str, numbers: set[int]) -> str:
    out, pos = [], 0
    for m in re.finditer(r"\[([0-9]+)\]", answer):
        n = int(m.group(1))
        out.append(html.escape(answer[pos:m.start()]))  # the text between citations is data: escaped
        out.append(f'<a href="#source-{n}">{m.group(0)}</a>' if n in numbers else f"<s>{m.group(0)}</s>")  # as written
        pos = m.end()
    out.append(html.escape(answer[pos:]))
    return "".join(out)


def cite_links__split(answer: str, numbers: set[int]) -> str:
    "Another right way: re.split keeps the citations at the odd places; attributes in single quotes, with a title."
    parts = re.split(r"(\[[0-9]+\])", answer)
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(html.escape(part, quote=False))
        else:
            n = int(part[1:-1])
            out.append(f"<a title='source {n}' href='#source-{n}'>{part}</a>" if n in numbers
                       else f'<s title="no source {n}">{part}</s>')
    return "".join(out)


def preview_chars(lengths: list[int], pct: int = 80, step: int = 20, cap: int = 600) -> int:
    if not lengths or any(length < 0 for length in lengths):
        raise ValueError("lengths must be a non-empty list of lengths >= 0")
    if not 1 <= pct <= 100 or step < 1 or cap < step:
        raise ValueError(f"need 1 <= pct <= 100, step >= 1 and cap >= step, got {pct}, {step}, {cap}")
    need = -(-pct * len(lengths) // 100)  # ceil(pct% of n) in integers
    longest = sorted(lengths)[need - 1]  # the need-th shortest: every source up to it is shown whole
    return min(cap, max(step, -(-longest // step) * step))


def preview_chars__search(lengths: list[int], pct: int = 80, step: int = 20, cap: int = 600) -> int:
    "Another right way: try step, 2*step, ... and count."
    if len(lengths) == 0 or min(lengths) < 0 or not 0 < pct <= 100 or step <= 0 or cap < step:
        raise ValueError("bad arguments")
    p = step
    while 100 * sum(length <= p for length in lengths) < pct * len(lengths):
        p += step
    return p if p <= cap else cap


def answer_label(result: dict) -> str:
    if result["gated"]:
        return "gated"
    if result["refused"]:
        return "refused"
    sent = {s["number"] for s in result["sources"]}
    if any(n not in sent for n in result["cited"]):
        return "invalid"
    if not result["cited"] or result["citations_ok"] is False:  # None: no check ran
        return "uncited"
    return "attributed" if result["attributed"] else "cited"


def answer_label__library(result: dict) -> str:
    "The lesson's answer_status, which reads the citations from the answer's text: given a text that cites `cited`."
    from aicourse.demos import answer_status
    text = " ".join(f"Sentence {i} [{n}]." for i, n in enumerate(result["cited"]))
    return answer_status({**result, "answer": text})


def source_window(document: str, start: int, end: int, chars: int) -> tuple[str, str, str]:
    if not 0 <= start <= end <= len(document):
        raise ValueError(f"offsets {start}..{end} are not inside a document of {len(document)} characters")
    if chars < 0:
        raise ValueError(f"chars must be >= 0, got {chars}")
    a, b = max(0, start - chars), min(len(document), end + chars)
    before, after = document[a:start], document[end:b]
    if a > 0 and not document[a - 1].isspace():  # the window starts inside a word: drop that partial word
        cut = next((i for i, ch in enumerate(before) if ch.isspace()), len(before))
        before = before[cut:]
    if b < len(document) and not document[b].isspace():  # it ends inside a word
        cut = max((i for i, ch in enumerate(after) if ch.isspace()), default=-1)
        after = after[:cut + 1]
    return before, document[start:end], after


def source_window__regex(document: str, start: int, end: int, chars: int) -> tuple[str, str, str]:
    if start < 0 or end > len(document) or start > end or chars < 0:
        raise ValueError("bad offsets or chars")
    a, b = max(0, start - chars), min(len(document), end + chars)
    before, after = document[a:start], document[end:b]
    if a > 0 and not document[a - 1].isspace():
        before = re.sub(r"\A\S*", "", before)
    if b < len(document) and not document[b].isspace():
        after = re.sub(r"\S*\Z", "", after)  # \Z, not $: $ also matches before a final newline
    return before, document[start:end], after
