"""Checks for days/day32.ipynb: a chat template by hand, contextual calibration, and choosing how many shots."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, show

DEFAULT_SYSTEM = "You are a helpful AI assistant named SmolLM, trained by Hugging Face"
_WORDS = ["spam", "ham", "hello", "Olá", "café ☕", "win £1000 now!", "call me at 6", "N/A", "line one\nline two",
          "  spaced  ", "<b>bold</b>", "100%", "ok", "😀", "Answer with one word."]


def _chatml_reference(messages: list[dict[str, str]], add_generation_prompt: bool) -> str:
    out = ""
    if messages and messages[0]["role"] != "system":
        out += f"<|im_start|>system\n{DEFAULT_SYSTEM}<|im_end|>\n"
    for m in messages:
        out += f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n"
    return out + ("<|im_start|>assistant\n" if add_generation_prompt else "")


def _random_conversation(rng: random.Random) -> list[dict[str, str]]:
    messages = [{"role": "system", "content": rng.choice(_WORDS)}] if rng.random() < 0.5 else []
    for i in range(rng.randint(1, 5)):
        role = "user" if i % 2 == 0 else "assistant"
        content = " ".join(rng.sample(_WORDS, rng.randint(1, 3)))
        messages.append({"role": role, "content": content})
    return messages


@exercise("day32.to_chatml",
          question="Do you add the default system message only when the FIRST message is not a system message, write "
                   "every message as <|im_start|>role, a newline, the content, <|im_end|> and a newline, and append "
                   "<|im_start|>assistant plus a newline only when add_generation_prompt is True?",
          recipe="out = '' ; if messages[0]['role'] != 'system': out += '<|im_start|>system\\n' + DEFAULT_SYSTEM + "
                 "'<|im_end|>\\n'; for m in messages: out += '<|im_start|>' + m['role'] + '\\n' + m['content'] + "
                 "'<|im_end|>\\n'; if add_generation_prompt: out += '<|im_start|>assistant\\n'; return out")
def check_to_chatml(to_chatml: Callable[[list[dict[str, str]], bool], Any], rng: random.Random) -> int:
    cases: list[tuple[list[dict[str, str]], bool]] = [
        ([{"role": "user", "content": "Hi"}], True),  # no system message: the template adds its own
        ([{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}], True),
        ([{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"},
          {"role": "assistant", "content": "Hello."}], False),  # no generation prompt
        ([{"role": "user", "content": "two\nlines"}, {"role": "assistant", "content": "ok"},
          {"role": "user", "content": "Olá 😀"}], False),
    ]
    cases += [(_random_conversation(rng), rng.random() < 0.5) for _ in range(20)]
    for messages, gen in cases:
        got = call("to_chatml", to_chatml, [dict(m) for m in messages], gen)
        want = _chatml_reference(messages, gen)
        if not equal(got, want):
            raise CheckFailed(f"to_chatml({show(messages)}, add_generation_prompt={gen}) returned\n{got!r}\nexpected\n"
                              f"{want!r}")
    return len(cases)


def _calibrated_reference(scores: list[list[float]], prior: list[float], labels: list[str]) -> list[str]:
    out = []
    for row in scores:
        shifted = [s - p for s, p in zip(row, prior, strict=True)]
        out.append(labels[max(range(len(labels)), key=lambda j: (shifted[j], -j))])
    return out


@exercise("day32.calibrated_labels",
          question="Do you SUBTRACT the content-free prior from each row (log p(label | message) - log p(label | N/A)), "
                   "take the best label per row (a tie goes to the label listed first), and return label names, one per row?",
          recipe="for each row: shifted = [s - p for s, p in zip(row, prior, strict=True)]; j = shifted.index(max(shifted)); "
                 "append labels[j]; return the list")
def check_calibrated_labels(calibrated_labels: Callable[[list[list[float]], list[float], list[str]], Any],
                            rng: random.Random) -> int:
    cases: list[tuple[list[list[float]], list[float], list[str]]] = [
        ([[-1.0, -3.0], [-2.0, -2.5]], [-0.5, -4.0], ["spam", "ham"]),  # the prior favours spam: the 2nd row flips
        ([[-2.0, -3.0]], [-1.0, -2.0], ["spam", "ham"]),  # an exact tie after calibration: the first label
        ([[-5.0, -1.0, -2.0], [-1.0, -1.2, -6.0]], [-3.0, -0.5, -4.0], ["a", "b", "c"]),
        ([[-1.0, -2.0]], [0.0, 0.0], ["yes", "no"]),  # a flat prior changes nothing
    ]
    for _ in range(20):
        m = rng.randint(2, 4)
        labels = rng.sample(["spam", "ham", "yes", "no", "positive", "negative", "neutral"], m)
        prior = [-rng.uniform(0.1, 8) for _ in range(m)]
        rows = [[-rng.uniform(0.1, 10) for _ in range(m)] for _ in range(rng.randint(1, 8))]
        cases.append((rows, prior, labels))
    for rows, prior, labels in cases:
        got = call("calibrated_labels", calibrated_labels, [list(r) for r in rows], list(prior), list(labels))
        want = _calibrated_reference(rows, prior, labels)
        if not equal(list(got) if isinstance(got, tuple) else got, want):
            raise CheckFailed(f"calibrated_labels({show(rows)}, prior={show(prior)}, labels={show(labels)}) returned "
                              f"{show(got)}, expected {show(want)}")
    return len(cases)


def _wilson(correct: int, n: int, z: float = 1.96) -> tuple[float, float]:
    p = correct / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def _choose_reference(rows: list[dict[str, int]]) -> int:
    best = min(rows, key=lambda r: (-r["correct"] / r["n"], r["tokens"], r["k"]))
    low = _wilson(best["correct"], best["n"])[0]
    ok = [r for r in rows if _wilson(r["correct"], r["n"])[1] >= low]
    return min(ok, key=lambda r: (r["tokens"], r["k"]))["k"]


def _row(k: int, correct: int, n: int, tokens: int) -> dict[str, int]:
    return {"k": k, "correct": correct, "n": n, "tokens": tokens}


@exercise("day32.choose_shots",
          question="Do you first find the best row (highest correct / n), then keep EVERY row whose Wilson upper bound "
                   "reaches the best row's Wilson lower bound, and among those return the k with the fewest tokens? "
                   "The rows are not sorted, and n can differ between rows. Ties: among rows of equal accuracy the best "
                   "is the one with fewer tokens, then the smaller k; in the final choice, equal tokens go to the smaller k.",
          recipe="from aicourse.metrics import wilson_interval; best = min(rows, key=lambda r: (-r['correct'] / r['n'], "
                 "r['tokens'], r['k'])); low = wilson_interval(best['correct'], best['n'])[0]; ok = [r for r in rows if "
                 "wilson_interval(r['correct'], r['n'])[1] >= low]; return min(ok, key=lambda r: (r['tokens'], r['k']))['k']")
def check_choose_shots(choose_shots: Callable[[list[dict[str, int]]], Any], rng: random.Random) -> int:
    cases: list[list[dict[str, int]]] = [
        [_row(0, 12, 24, 65), _row(2, 15, 24, 150), _row(4, 18, 24, 260)],  # overlapping intervals: the cheapest
        [_row(0, 20, 200, 65), _row(4, 170, 200, 260), _row(2, 160, 200, 150)],  # zero-shot is clearly worse
        [_row(8, 190, 200, 480), _row(0, 100, 200, 65), _row(4, 150, 200, 260)],  # only the best survives
        [_row(4, 9, 10, 260)],  # one row
        [_row(2, 30, 40, 150), _row(4, 36, 40, 260), _row(0, 5, 10, 65)],  # different n per row
        # the best row on a tie of accuracy: fewer tokens (k=2, wide interval), not the first or the largest n (k=4)
        [_row(4, 200, 400, 260), _row(2, 12, 24, 150), _row(0, 30, 100, 65)],
        # ... and on a tie of accuracy and tokens: the smaller k (k=1, narrow interval, which k=0 does not reach)
        [_row(3, 6, 12, 100), _row(1, 50, 100, 100), _row(0, 3, 20, 50)],
        [_row(2, 10, 20, 100), _row(4, 10, 20, 100)],  # the final choice on a tie of tokens: the smaller k
        [_row(4, 10, 20, 100), _row(2, 10, 20, 100)],  # ... whatever the order of the rows
    ]
    for _ in range(25):
        ks = sorted(rng.sample([0, 1, 2, 3, 4, 6, 8, 16], rng.randint(2, 5)))
        base = rng.randint(40, 90)
        rows = []
        for k in ks:
            n = rng.choice([12, 24, 50, 100, 400])
            rows.append(_row(k, rng.randint(0, n), n, base + k * rng.randint(30, 90)))
        rng.shuffle(rows)
        cases.append(rows)
    for rows in cases:
        got = call("choose_shots", choose_shots, [dict(r) for r in rows])
        want = _choose_reference(rows)
        if not equal(got, want):
            raise CheckFailed(f"choose_shots({show(rows)}) returned {show(got)}, expected {show(want)}")
    return len(cases)
