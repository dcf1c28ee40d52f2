"""Training speed of full fine-tuning, LoRA and QLoRA (days 38-41) next to this machine's compute bound.

For each method one optimizer step on a fixed batch of real instruction text is timed (median after warm-up).
Tokens per second are compared with the bound that compute alone sets: the FLOPs a training token needs
(`aicourse.llm.flops_per_token(..., training=True)`, about 6 x parameters, the rule of thumb for full training)
divided by the measured peak of one large matrix multiply on the same device and threads. LoRA skips the weight
gradients of the frozen layers, so its honest cost is closer to 2 x the forward pass (about 4 x parameters); the
table shows both. Run by hand:

    AICOURSE_DATA_DIR=../shared/data HF_HUB_OFFLINE=1 .venv/bin/python tests/bench/lora_training.py [--threads 1]

Prints a Markdown table and writes it to tests/bench/LORA_TRAINING.md with the machine it ran on. With a CUDA GPU
it runs there (bf16 matmul peak, bf16 compute); `--model` takes a hub name or folder (default: the offline
SmolLM2-135M-Instruct).
"""
from __future__ import annotations

import argparse
import logging
import os
import platform
import warnings
from pathlib import Path
from typing import Any

import torch
from transformers.utils import logging as hf_logging

from aicourse.core import get_device
from aicourse.data import dataset_path
from aicourse.finetune import load_instructions, lora_model, qlora_model
from aicourse.llm import DecoderShape, default_dtype, flops_per_token, load_causal_lm
from aicourse.train import time_call
from aicourse.vision import count_params

HERE = Path(__file__).parent
TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj")
logging.getLogger("bitsandbytes").setLevel(logging.ERROR)  # an optional CPU kernel it cannot fetch offline
hf_logging.disable_progress_bar()
hf_logging.set_verbosity_error()
warnings.filterwarnings("ignore", category=FutureWarning)  # a deprecation inside transformers that peft triggers


def matmul_peak(device: torch.device, dtype: torch.dtype, n: int = 2048) -> float:
    "FLOP/s of one n x n x n matrix multiply (2 n^3 FLOPs), the median of timed calls."
    a, b = (torch.randn(n, n, device=device, dtype=dtype) for _ in range(2))
    return 2 * n**3 / time_call(lambda: a @ b, repeats=5, warmup=2, device=device)


def token_batch(tokenizer: Any, batch: int, seq: int) -> torch.Tensor:
    "`batch` rows of `seq` tokens cut from the Code Alpaca answers joined together: real text, no padding."
    records = load_instructions(dataset_path("code_alpaca") / "code_alpaca_2k.json")
    ids = tokenizer("\n\n".join(r.prompt + "\n" + r.output for r in records[:400]))["input_ids"]
    if len(ids) < batch * seq:
        raise ValueError(f"only {len(ids)} tokens of text for a batch of {batch} x {seq}")
    return torch.tensor(ids[:batch * seq]).view(batch, seq)


def step_seconds(model: Any, ids: torch.Tensor, repeats: int, warmup: int) -> float:
    "Median seconds of one training step (forward, backward, AdamW) of `model` on `ids`."
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=1e-5)
    model.train()

    def step() -> None:
        model(input_ids=ids, labels=ids).loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
    return time_call(step, repeats=repeats, warmup=warmup, device=ids.device)


def build(method: str, name: str, device: torch.device) -> Any:
    if method == "qlora":
        return qlora_model(name, r=16, alpha=32, targets=TARGETS, device=device)
    model, _ = load_causal_lm(name, device=device)
    return lora_model(model, r=16, alpha=32, targets=TARGETS, dropout=0.0) if method == "lora" else model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=None, help="hub name or folder (default: the offline SmolLM2-135M)")
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--seq", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="torch threads on a CPU (1: repeatable when shared)")
    parser.add_argument("--methods", default="full,lora,qlora")
    args = parser.parse_args()
    device = get_device()
    if device.type == "cpu":
        torch.set_num_threads(args.threads)
    if args.model is None:
        from aicourse.course.assets import smollm2_path
        args.model = smollm2_path()
    dtype = default_dtype(device)
    peak = matmul_peak(device, dtype)
    model, tokenizer = load_causal_lm(args.model, device=device)
    shape = DecoderShape.from_config(model.config)
    n_params = count_params(model)["total"]
    full_flops = flops_per_token(shape, args.seq, training=True)  # about 6 N plus attention
    forward_flops = flops_per_token(shape, args.seq)
    del model
    ids = token_batch(tokenizer, args.batch, args.seq).to(device)
    tokens = ids.numel()
    bound = peak / full_flops
    rows = []
    for method in args.methods.split(","):
        torch.manual_seed(0)
        model = build(method, args.model, device)
        seconds = step_seconds(model, ids, args.repeats, args.warmup)
        speed = tokens / seconds
        trainable = count_params(model)["trainable"]
        honest = full_flops if method == "full" else 2 * forward_flops  # frozen weights: no weight gradients
        rows.append([method, f"{trainable:,}", f"{seconds:.2f}", f"{speed:,.0f}",
                     f"{100 * speed / bound:.0f}%", f"{honest / 1e6:,.0f}", f"{100 * speed * honest / peak:.0f}%"])
        print(method, rows[-1], flush=True)
        del model
    machine = (f"{torch.cuda.get_device_name(device) if device.type == 'cuda' else platform.processor() or platform.machine()}"
               f", {torch.get_num_threads()} torch threads, load average {os.getloadavg()[0]:.1f} "
               f"on {os.cpu_count()} cores, torch {torch.__version__}")
    header = ["method", "trainable params", "step s", "tokens/s", "of 6N bound",
              "FLOPs/token used (M)", "of matmul peak"]
    table = "\n".join(["| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
                      + ["| " + " | ".join(r) + " |" for r in rows])
    report = (f"# Training speed: full, LoRA and QLoRA against the compute bound\n\nMachine: {machine}\n\n"
              f"Model: {Path(str(args.model)).name}, {n_params:,} parameters, {dtype}; batch {args.batch} x "
              f"{args.seq} tokens = {tokens} tokens per step; AdamW; LoRA and QLoRA r=16 on {', '.join(TARGETS)}.\n\n"
              f"Measured matmul peak: {peak / 1e9:,.1f} GFLOP/s ({dtype}, 2048 x 2048). Training FLOPs per token "
              f"(6N-style, `flops_per_token(training=True)`): {full_flops / 1e6:,.0f} M, so compute alone allows at "
              f"most {bound:,.0f} tokens/s.\n\n{table}\n\n"
              "'of 6N bound': tokens/s over that bound. 'FLOPs/token used': 3 x forward for full training, 2 x "
              "forward for LoRA and QLoRA (no weight gradients for frozen weights), so 'of matmul peak' is the "
              "share of the peak the step really used. QLoRA also dequantizes every 4-bit weight on each pass, "
              "work that the FLOP count leaves out.\n")
    print(report)
    (HERE / "LORA_TRAINING.md").write_text(report)


if __name__ == "__main__":
    main()
