"""Plausible wrong answers for days/day32.ipynb."""
from aicourse.metrics import wilson_interval


def to_chatml(messages: list[dict[str, str]], add_generation_prompt: bool) -> str:
    # forgets the system message the template adds when the conversation has none
    out = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
    return out + ("<|im_start|>assistant\n" if add_generation_prompt else "")


def to_chatml__always_generation(messages: list[dict[str, str]], add_generation_prompt: bool) -> str:
    # ignores add_generation_prompt
    out = ""
    if messages[0]["role"] != "system":
        out += "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n"
    out += "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
    return out + "<|im_start|>assistant\n"


def calibrated_labels(scores: list[list[float]], prior: list[float], labels: list[str]) -> list[str]:
    # adds the prior instead of dividing it out: the bias gets stronger
    out = []
    for row in scores:
        shifted = [s + p for s, p in zip(row, prior, strict=True)]
        out.append(labels[shifted.index(max(shifted))])
    return out


def calibrated_labels__uncalibrated(scores: list[list[float]], prior: list[float], labels: list[str]) -> list[str]:
    # ignores the prior
    return [labels[row.index(max(row))] for row in scores]


def choose_shots(rows: list[dict[str, int]]) -> int:
    # the most accurate row, whatever it costs and however wide the intervals
    return max(rows, key=lambda r: (r["correct"] / r["n"], -r["tokens"]))["k"]


def choose_shots__point(rows: list[dict[str, int]]) -> int:
    # compares point accuracies with the best row's lower bound instead of the intervals' overlap
    best = max(rows, key=lambda r: (r["correct"] / r["n"], -r["tokens"]))
    low = wilson_interval(best["correct"], best["n"])[0]
    return min((r for r in rows if r["correct"] / r["n"] >= low), key=lambda r: (r["tokens"], r["k"]))["k"]


def choose_shots__first_best(rows: list[dict[str, int]]) -> int:
    # the best row is the first with the top accuracy: the tie rule (fewer tokens, then the smaller k) is skipped
    best = max(rows, key=lambda r: r["correct"] / r["n"])
    low = wilson_interval(best["correct"], best["n"])[0]
    ok = [r for r in rows if wilson_interval(r["correct"], r["n"])[1] >= low]
    return min(ok, key=lambda r: (r["tokens"], r["k"]))["k"]


def choose_shots__best_tie_tokens_only(rows: list[dict[str, int]]) -> int:
    # the best row breaks ties by tokens but not then by k: the first of two equal rows wins
    best = min(rows, key=lambda r: (-r["correct"] / r["n"], r["tokens"]))
    low = wilson_interval(best["correct"], best["n"])[0]
    ok = [r for r in rows if wilson_interval(r["correct"], r["n"])[1] >= low]
    return min(ok, key=lambda r: (r["tokens"], r["k"]))["k"]


def choose_shots__final_tie_first(rows: list[dict[str, int]]) -> int:
    # the final choice is the first row with the fewest tokens, not the smaller k on a tie
    best = min(rows, key=lambda r: (-r["correct"] / r["n"], r["tokens"], r["k"]))
    low = wilson_interval(best["correct"], best["n"])[0]
    return min((r for r in rows if wilson_interval(r["correct"], r["n"])[1] >= low), key=lambda r: r["tokens"])["k"]
