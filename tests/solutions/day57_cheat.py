"""Cheats for days/day57.ipynb: answers that fit the visible examples and ignore the stated rules."""
import re


def cite_links(answer: str, numbers: set[int]) -> str:
    "Links the citations but never escapes: fine on the examples, a hole on hostile text."
    return re.sub(r"\[([0-9]+)\]", lambda m: f'<a href="#source-{m.group(1)}">{m.group(0)}</a>'
                  if int(m.group(1)) in numbers else f"<s>{m.group(0)}</s>", answer)


def preview_chars(lengths: list[int], pct: int = 80, step: int = 20, cap: int = 600) -> int:
    "The value the workbook's measurement gives, whatever the lengths."
    return 600


def preview_chars__lesson(lengths: list[int], pct: int = 80, step: int = 20, cap: int = 600) -> int:
    "The lesson's PREVIEW_CHARS, whatever the lengths."
    return 280


def answer_label(result: dict) -> str:
    "Reads only the flags, never the numbers."
    if result["gated"]:
        return "gated"
    if result["refused"]:
        return "refused"
    return "attributed" if result["attributed"] else "cited"


def source_window(document: str, start: int, end: int, chars: int) -> tuple[str, str, str]:
    "Fits the workbook's example only: the text with no context."
    return "", document[start:end], ""
