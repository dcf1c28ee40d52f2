"""Reference answers for days/day32.ipynb."""
from aicourse.metrics import wilson_interval

DEFAULT_SYSTEM = "You are a helpful AI assistant named SmolLM, trained by Hugging Face"


def to_chatml(messages: list[dict[str, str]], add_generation_prompt: bool) -> str:
    out = ""
    if messages[0]["role"] != "system":
        out += f"<|im_start|>system\n{DEFAULT_SYSTEM}<|im_end|>\n"
    for m in messages:
        out += f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n"
    if add_generation_prompt:
        out += "<|im_start|>assistant\n"
    return out


def to_chatml__join(messages: list[dict[str, str]], add_generation_prompt: bool) -> str:
    if messages[0]["role"] != "system":
        messages = [{"role": "system", "content": DEFAULT_SYSTEM}, *messages]
    turns = [f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages]
    return "".join(turns) + ("<|im_start|>assistant\n" if add_generation_prompt else "")


def calibrated_labels(scores: list[list[float]], prior: list[float], labels: list[str]) -> list[str]:
    out = []
    for row in scores:
        shifted = [s - p for s, p in zip(row, prior, strict=True)]
        out.append(labels[shifted.index(max(shifted))])
    return out


def calibrated_labels__torch(scores: list[list[float]], prior: list[float], labels: list[str]) -> list[str]:
    import torch

    shifted = torch.tensor(scores, dtype=torch.float64) - torch.tensor(prior, dtype=torch.float64)
    return [labels[int(j)] for j in shifted.argmax(1)]  # argmax returns the first best index


def choose_shots(rows: list[dict[str, int]]) -> int:
    best = min(rows, key=lambda r: (-r["correct"] / r["n"], r["tokens"], r["k"]))
    low = wilson_interval(best["correct"], best["n"])[0]
    ok = [r for r in rows if wilson_interval(r["correct"], r["n"])[1] >= low]
    return min(ok, key=lambda r: (r["tokens"], r["k"]))["k"]
