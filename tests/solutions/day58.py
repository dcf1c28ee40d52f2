"""Reference answers for days/day58.ipynb."""
import math
import re


def datamark(text: str, marker: str) -> str:
    if not marker or any(c.isspace() for c in marker) or any(c in text for c in marker):
        raise ValueError(f"the marker {marker!r} is empty, holds whitespace, or shares a character with the text")
    return "".join(marker if c == " " else marker + c if c.isspace() else c for c in text)


def datamark__library(text: str, marker: str) -> str:
    from aicourse.safety import spotlight
    return spotlight(text, "datamark", marker=marker)


_HIDDEN = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]+")


def hidden_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _HIDDEN.finditer(text)]


def hidden_spans__loop(text: str) -> list[list[int]]:
    def hidden(c: str) -> bool:
        o = ord(c)
        return (o == 0xAD or 0x200B <= o <= 0x200F or 0x202A <= o <= 0x202E or 0x2060 <= o <= 0x2064
                or 0x2066 <= o <= 0x2069 or o == 0xFEFF or 0xE0000 <= o <= 0xE007F)
    spans, start = [], None
    for i, c in enumerate(text + "x"):
        if hidden(c) and start is None:
            start = i
        elif not hidden(c) and start is not None:
            spans.append([start, i])  # lists of two are fine too
            start = None
    return spans


def ship_defence(asr: float, right: float, base_right: float, n: int, max_asr: float = 0.1, max_cost: float = 0.1,
                 min_n: int = 20) -> bool:
    if n < min_n or any(math.isnan(x) for x in (asr, right, base_right)):
        return False
    return asr <= max_asr and right >= base_right - max_cost


def ship_defence__cost(asr, right, base_right, n, max_asr=0.1, max_cost=0.1, min_n=20):
    ok = n >= min_n and asr <= max_asr and base_right - right <= max_cost  # NaN compares False: no ship
    return bool(ok)
