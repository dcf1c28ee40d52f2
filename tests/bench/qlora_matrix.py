"""Day 40's hunt, rerun: which setting makes QLoRA's loss stay flat? Each row loads SmolLM2 in 4-bit (NF4), adds
LoRA (r=16 on q_proj and v_proj), and takes 3 AdamW steps on one repeated batch, printing the loss at each step and
the summed gradient norm of the LoRA parameters. One setting changes per row: `prepare_model_for_kbit_training`,
gradient checkpointing, training in eval mode, bfloat16 adapters, a tiny learning rate, one evaluation under
`no_grad` before training (what a "loss before" measurement does), and that same evaluation with bitsandbytes' CPU
repack turned off (what `aicourse.finetune.qlora_model` does). Run by hand (about 2 minutes on a CPU):

    AICOURSE_DATA_DIR=../shared/data HF_HUB_OFFLINE=1 .venv/bin/python tests/bench/qlora_matrix.py

Prints a Markdown table and writes it to tests/bench/QLORA_MATRIX.md with the machine and versions it ran on.
The repack only exists on CPUs with AVX512-BF16; elsewhere the eval-first row learns like the others.
"""
from __future__ import annotations

import logging
import os
import platform
import warnings
from pathlib import Path
from typing import Any

import torch
from transformers.utils import logging as hf_logging

from aicourse.core import cpu_supports_bf16
from aicourse.data import dataset_path
from aicourse.finetune import collate_chat, format_chat, instruction_split, load_instructions

HERE = Path(__file__).parent
logging.getLogger("bitsandbytes").setLevel(logging.ERROR)  # an optional CPU kernel it cannot fetch offline
hf_logging.disable_progress_bar()
hf_logging.set_verbosity_error()
warnings.filterwarnings("ignore")  # the no-autograd-kernel warning of the repacked layers is the subject here

ROWS: list[tuple[str, dict[str, Any]]] = [
    ("no prepare, lr 1e-3", {}),
    ("prepare (checkpointing on, reentrant)", dict(prepare=True, checkpointing="reentrant")),
    ("prepare, trained with `model.eval()` on", dict(prepare=True, checkpointing="reentrant", eval_mode=True)),
    ("checkpointing (non-reentrant) without prepare", dict(checkpointing="non-reentrant")),
    ("bfloat16 compute and bfloat16 adapters, no prepare", dict(bf16=True)),
    ("prepare, lr 1e-5", dict(prepare=True, checkpointing="reentrant", lr=1e-5)),
    ("**one eval forward under `no_grad` first**", dict(eval_first=True)),
    ("the same, with the repack turned off (`qlora_model`)", dict(eval_first=True, repack=False)),
]


def four_bit(path: str | Path, compute_dtype: torch.dtype) -> Any:
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig
    config = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=compute_dtype)
    return AutoModelForCausalLM.from_pretrained(path, quantization_config=config, dtype=compute_dtype,
                                                device_map={"": "cpu"})


def run(path: str | Path, batch: dict[str, torch.Tensor], prepare: bool = False, checkpointing: str | None = None,
        eval_mode: bool = False, bf16: bool = False, lr: float = 1e-3, eval_first: bool = False,
        repack: bool = True, steps: int = 3) -> tuple[list[float], list[float]]:
    "Losses and LoRA gradient norms of `steps` AdamW steps on `batch` under one setting."
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
    torch.manual_seed(0)
    dtype = torch.bfloat16 if bf16 else torch.float32
    model = four_bit(path, dtype)
    if not repack:
        for m in model.modules():
            if hasattr(m, "support_avx512bf16_for_cpu"):
                m.support_avx512bf16_for_cpu = False
    kwargs = {"use_reentrant": checkpointing == "reentrant"}
    if prepare:
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=checkpointing is not None,
                                                gradient_checkpointing_kwargs=kwargs)
    elif checkpointing is not None:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs=kwargs)
    model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, target_modules=["q_proj", "v_proj"],
                                             task_type="CAUSAL_LM"))
    params = [p for p in model.parameters() if p.requires_grad]
    for p in params:
        p.data = p.data.to(dtype)
    if eval_first:
        model.eval()
        with torch.no_grad():
            model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
    model.train(not eval_mode)
    optimizer = torch.optim.AdamW(params, lr=lr)
    losses, norms = [], []
    for _ in range(steps):
        loss = model(**batch).loss
        loss.backward()
        losses.append(loss.item())
        norms.append(sum(float(p.grad.norm()) for p in params if p.grad is not None))
        optimizer.step()
        optimizer.zero_grad()
    return losses, norms


def main() -> None:
    import bitsandbytes
    import peft
    import transformers
    from transformers import AutoTokenizer

    from aicourse.course.assets import smollm2_path
    torch.set_num_threads(1)
    path = smollm2_path()
    tokenizer = AutoTokenizer.from_pretrained(path)
    records = load_instructions(dataset_path("code_alpaca") / "code_alpaca_2k.json")
    train, _, _ = instruction_split(records, tokenizer, max_tokens=64)
    batch = collate_chat([format_chat(r, tokenizer) for r in train[:2]], tokenizer.pad_token_id)
    rows = []
    for name, setting in ROWS:
        losses, norms = run(path, batch, **setting)
        rows.append(f"| {name} | {', '.join(f'{x:.3f}' for x in losses)} | {', '.join(f'{x:.1f}' for x in norms)} |")
        print(rows[-1], flush=True)
    machine = (f"{platform.processor() or platform.machine()}, AVX512-BF16: {cpu_supports_bf16()}, 1 torch thread, "
               f"load average {os.getloadavg()[0]:.1f}; torch {torch.__version__}, transformers "
               f"{transformers.__version__}, peft {peft.__version__}, bitsandbytes {bitsandbytes.__version__}")
    report = ("# QLoRA on a CPU: which setting keeps the loss flat?\n\n"
              f"Machine: {machine}\n\nSmolLM2-135M-Instruct in NF4, LoRA r=16 on q_proj and v_proj, AdamW, 3 steps "
              "on one repeated batch of 2 Code Alpaca chats; the loss at each step and the summed gradient norm of "
              "the LoRA parameters.\n\n| setup | losses | LoRA grad norm |\n|---|---|---|\n"
              + "\n".join(rows) + "\n")
    print(report)
    (HERE / "QLORA_MATRIX.md").write_text(report)


if __name__ == "__main__":
    main()
