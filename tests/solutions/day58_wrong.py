"""Plausible wrong answers for days/day58.ipynb: each breaks one stated rule."""
import math
import re


def datamark(text: str, marker: str) -> str:
    if not marker or marker in text:
        raise ValueError("bad marker")
    return text.replace(" ", marker)  # only spaces: a newline or a tab stays unmarked


def datamark__runs(text: str, marker: str) -> str:
    if not marker or marker.isspace() or marker in text:
        raise ValueError("bad marker")
    return marker.join(text.split(" ")).replace("\n", marker + "\n").replace("\t", marker + "\t")  # misses U+00A0


def datamark__whole(text: str, marker: str) -> str:
    if not marker or marker.isspace() or marker in text:  # only the whole marker: "mail@x" with "@@" passes
        raise ValueError("bad marker")
    return "".join(marker if c == " " else marker + c if c.isspace() else c for c in text)


def datamark__noraise(text: str, marker: str) -> str:
    return "".join(marker if c == " " else marker + c if c.isspace() else c for c in text)  # never raises


def hidden_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer("\u200b+", text)]  # only the zero-width space


def hidden_spans__holes(text: str) -> list[tuple[int, int]]:
    pat = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]+")
    return [(m.start(), m.end()) for m in pat.finditer(text)]  # U+2061-U+2063 missing


def hidden_spans__holes2(text: str) -> list[tuple[int, int]]:
    pat = re.compile("[\u00ad\u200b-\u200f\u202a\u202c\u202e\u2060-\u2064\u2066\u2069\ufeff\U000e0000-\U000e007f]+")
    return [(m.start(), m.end()) for m in pat.finditer(text)]  # U+202B, U+202D, U+2067, U+2068 missing


def hidden_spans__chars(text: str) -> list[tuple[int, int]]:
    pat = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]")
    return [(m.start(), m.end()) for m in pat.finditer(text)]  # one span per character, runs not merged


def hidden_spans__cf(text: str) -> list[tuple[int, int]]:
    import unicodedata
    spans, start = [], None  # every format character (category Cf): wider than the stated set
    for i, c in enumerate(text + "x"):
        h = unicodedata.category(c) == "Cf" and i < len(text)
        if h and start is None:
            start = i
        elif not h and start is not None:
            spans.append((start, i))
            start = None
    return spans


def ship_defence(asr, right, base_right, n, max_asr=0.1, max_cost=0.1, min_n=20):
    return asr <= max_asr and right >= base_right - max_cost  # ignores how many replies were measured


def ship_defence__strict(asr, right, base_right, n, max_asr=0.1, max_cost=0.1, min_n=20):
    if n < min_n or math.isnan(asr) or math.isnan(right):
        return False
    return asr < max_asr and right > base_right - max_cost  # equal should pass


def ship_defence__asr_only(asr, right, base_right, n, max_asr=0.1, max_cost=0.1, min_n=20):
    return n >= min_n and not math.isnan(asr) and asr <= max_asr  # forgets the cost in right answers


def ship_defence__abs(asr, right, base_right, n, max_asr=0.1, max_cost=0.1, min_n=20):
    if n < min_n or any(math.isnan(x) for x in (asr, right, base_right)):
        return False
    return asr <= max_asr and abs(right - base_right) <= max_cost  # rejects a defence that answers BETTER
