"""Plausible wrong answers for days/day57.ipynb: each breaks one stated rule."""
import html
import re


def cite_links(answer: str, numbers: set[int]) -> str:
    "Links every number, also those that were never sent."
    out, pos = [], 0
    for m in re.finditer(r"\[([0-9]+)\]", answer):
        out += [html.escape(answer[pos:m.start()]), f'<a href="#source-{m.group(1)}">{m.group(0)}</a>']
        pos = m.end()
    return "".join(out) + html.escape(answer[pos:])


def cite_links__escape_after(answer: str, numbers: set[int]) -> str:
    "Escapes after linking: its own links become text."
    linked = re.sub(r"\[([0-9]+)\]", lambda m: f'<a href="#source-{m.group(1)}">{m.group(0)}</a>'
                    if int(m.group(1)) in numbers else f"<s>{m.group(0)}</s>", answer)
    return html.escape(linked)


def cite_links__groups(answer: str, numbers: set[int]) -> str:
    "Treats '[ 2 ]' as a citation too (the rule says only [digits])."
    out, pos = [], 0
    for m in re.finditer(r"\[\s*([0-9]+)\s*\]", answer):
        n = int(m.group(1))
        out += [html.escape(answer[pos:m.start()]),
                f'<a href="#source-{n}">{m.group(0)}</a>' if n in numbers else f"<s>{m.group(0)}</s>"]
        pos = m.end()
    return "".join(out) + html.escape(answer[pos:])


def cite_links__raw_href(answer: str, numbers: set[int]) -> str:
    "Builds the href from the digits as written: [01] links to #source-01, an anchor that does not exist."
    out, pos = [], 0
    for m in re.finditer(r"\[([0-9]+)\]", answer):
        out.append(html.escape(answer[pos:m.start()]))
        out.append(f'<a href="#source-{m.group(1)}">{m.group(0)}</a>' if int(m.group(1)) in numbers
                   else f"<s>{m.group(0)}</s>")
        pos = m.end()
    return "".join(out) + html.escape(answer[pos:])


def cite_links__unicode_digits(answer: str, numbers: set[int]) -> str:
    "Uses \\d, which also matches Arabic-Indic and full-width digits: [\u0661] is not a citation by the rule."
    out, pos = [], 0
    for m in re.finditer(r"\[(\d+)\]", answer):
        n = int(m.group(1))
        out.append(html.escape(answer[pos:m.start()]))
        out.append(f'<a href="#source-{n}">{m.group(0)}</a>' if n in numbers else f"<s>{m.group(0)}</s>")
        pos = m.end()
    return "".join(out) + html.escape(answer[pos:])


def cite_links__code_spans(answer: str, numbers: set[int]) -> str:
    "Carries the lesson's code-span rule over: the statement says backticks are not special here."
    masked = re.sub(r"`[^`]*`", lambda m: " " * len(m.group()), answer)
    out, pos = [], 0
    for m in re.finditer(r"\[([0-9]+)\]", masked):
        n = int(m.group(1))
        out.append(html.escape(answer[pos:m.start()]))
        out.append(f'<a href="#source-{n}">{m.group(0)}</a>' if n in numbers else f"<s>{m.group(0)}</s>")
        pos = m.end()
    return "".join(out) + html.escape(answer[pos:])


def preview_chars(lengths: list[int], pct: int = 80, step: int = 20, cap: int = 600) -> int:
    "Takes numpy's interpolated percentile instead of counting the sources shown whole."
    import numpy as np
    if not lengths or min(lengths) < 0 or not 1 <= pct <= 100 or step < 1 or cap < step:
        raise ValueError("bad arguments")
    p = float(np.percentile(lengths, pct))
    return min(cap, max(step, int(-(-p // step)) * step))


def preview_chars__float(lengths: list[int], pct: int = 80, step: int = 20, cap: int = 600) -> int:
    "Counts in floats: ceil(0.07 * 100) is 8, not 7."
    import math
    if not lengths or min(lengths) < 0 or not 1 <= pct <= 100 or step < 1 or cap < step:
        raise ValueError("bad arguments")
    need = math.ceil(pct / 100 * len(lengths))
    return min(cap, max(step, -(-sorted(lengths)[need - 1] // step) * step))


def preview_chars__no_cap(lengths: list[int], pct: int = 80, step: int = 20, cap: int = 600) -> int:
    "Forgets the cap."
    if not lengths or min(lengths) < 0 or not 1 <= pct <= 100 or step < 1 or cap < step:
        raise ValueError("bad arguments")
    need = -(-pct * len(lengths) // 100)
    return max(step, -(-sorted(lengths)[need - 1] // step) * step)


def preview_chars__round(lengths: list[int], pct: int = 80, step: int = 20, cap: int = 600) -> int:
    "Rounds to the nearest multiple of step, so some sources meant to be whole are cut."
    if not lengths or min(lengths) < 0 or not 1 <= pct <= 100 or step < 1 or cap < step:
        raise ValueError("bad arguments")
    need = -(-pct * len(lengths) // 100)
    return min(cap, max(step, round(sorted(lengths)[need - 1] / step) * step))


def answer_label(result: dict) -> str:
    "Checks the citations before the refusal: a refusal that cites a stray number is called invalid."
    if result["gated"]:
        return "gated"
    sent = {s["number"] for s in result["sources"]}
    if any(n not in sent for n in result["cited"]):
        return "invalid"
    if result["refused"]:
        return "refused"
    if not result["cited"] or not result["citations_ok"]:
        return "uncited"
    return "attributed" if result["attributed"] else "cited"


def answer_label__range(result: dict) -> str:
    "Assumes the sources are numbered 1..len(sources)."
    if result["gated"]:
        return "gated"
    if result["refused"]:
        return "refused"
    if any(not 1 <= n <= len(result["sources"]) for n in result["cited"]):
        return "invalid"
    if not result["cited"] or not result["citations_ok"]:
        return "uncited"
    return "attributed" if result["attributed"] else "cited"


def answer_label__uncited_first(result: dict) -> str:
    "Tests 'no citation or a failed check' before a number that was never sent."
    if result["gated"]:
        return "gated"
    if result["refused"]:
        return "refused"
    if not result["cited"] or result["citations_ok"] is False:
        return "uncited"
    if any(n not in {s["number"] for s in result["sources"]} for n in result["cited"]):
        return "invalid"
    return "attributed" if result["attributed"] else "cited"


def answer_label__none_fails(result: dict) -> str:
    "Treats citations_ok None (no check ran) as a failed check."
    if result["gated"]:
        return "gated"
    if result["refused"]:
        return "refused"
    if any(n not in {s["number"] for s in result["sources"]} for n in result["cited"]):
        return "invalid"
    if not result["cited"] or not result["citations_ok"]:
        return "uncited"
    return "attributed" if result["attributed"] else "cited"


def source_window(document: str, start: int, end: int, chars: int) -> tuple[str, str, str]:
    "Cuts at characters and never drops partial words."
    if not 0 <= start <= end <= len(document) or chars < 0:
        raise ValueError("bad offsets")
    return document[max(0, start - chars):start], document[start:end], document[end:end + chars]
