"""Day 36's table at a larger size: the same model in float32, bf16, bitsandbytes INT8 and 4-bit (NF4, FP4), and
(on a CPU) torch's dynamic INT8, measured on the same held-out text: weight bytes, perplexity, greedy tokens per
second and greedy agreement with float32. Run by hand (it loads the model once per variant):

    AICOURSE_DATA_DIR=../shared/data HF_HUB_OFFLINE=1 .venv/bin/python tests/bench/quantization.py [--chars 3000]

Prints a Markdown table and writes it to tests/bench/QUANTIZATION.md with the machine it ran on. With a CUDA GPU
the model runs there (bitsandbytes' CUDA kernels); without one, on the CPU. `--model` takes a hub name or folder.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import statistics
import time
from pathlib import Path
from typing import Any

import torch
from transformers.utils import logging as hf_logging

from aicourse.core import cpu_supports_bf16, get_device
from aicourse.data import dataset_path
from aicourse.llm import generate_tokens, load_quantized_lm, model_bytes
from aicourse.metrics import perplexity

HERE = Path(__file__).parent
logging.getLogger("bitsandbytes").setLevel(logging.ERROR)  # an optional CPU kernel it cannot fetch offline
hf_logging.disable_progress_bar()
hf_logging.set_verbosity_error()


def md_table(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join(["| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
                     + ["| " + " | ".join(r) + " |" for r in rows])


def torch_dynamic_int8(model: Any) -> Any:
    "torch's own CPU INT8: Linear weights quantized per row, activations quantized on the fly (dynamic)."
    from torch.ao.quantization import quantize_dynamic
    return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def serialized_bytes(model: Any) -> int:
    "Bytes of the state dict once saved: counts packed INT8 weights that `parameters()` does not show."
    import io
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    return buffer.tell()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=None, help="hub name or folder (default: the offline SmolLM2-135M)")
    parser.add_argument("--chars", type=int, default=3000)
    parser.add_argument("--window", type=int, default=256)
    parser.add_argument("--stride", type=int, default=128)
    parser.add_argument("--new-tokens", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.model is None:
        from aicourse.course.assets import smollm2_path  # the by-hand bench may use the course runtime
        args.model = smollm2_path()
    device = get_device()
    dialogues = [json.loads(line)["dialogue"] for line in open(dataset_path("dialogsum") / "dialogsum.test.jsonl")]
    text = "\n".join(d.strip() for d in dialogues[:400])[:args.chars]
    variants = ["fp32"] + (["bf16"] if device.type == "cuda" or cpu_supports_bf16() else []) + ["int8", "nf4", "fp4"]
    if device.type == "cpu":
        variants.append("torch int8 dynamic")
    rows: list[dict[str, Any]] = []
    for variant in variants:
        start = time.perf_counter()
        if variant == "torch int8 dynamic":
            model, tokenizer = load_quantized_lm(args.model, "fp32", device)
            try:
                model = torch_dynamic_int8(model)
            except Exception as e:  # noqa: BLE001 - report, do not stop the table
                print(f"{variant}: {type(e).__name__}: {e}")
                continue
            n_bytes = serialized_bytes(model)
        else:
            model, tokenizer = load_quantized_lm(args.model, variant, device)
            n_bytes = model_bytes(model)
        load_s = time.perf_counter() - start
        start_id = tokenizer.convert_tokens_to_ids("<|endoftext|>")
        result = perplexity(model, [text], tokenizer, window=args.window, stride=args.stride, start_token_id=start_id)
        ids = tokenizer("The capital of Portugal is", return_tensors="pt").input_ids.to(device)
        generate_tokens(model, ids, 2)  # warm-up
        times = []
        for _ in range(args.repeats):
            if device.type == "cuda":
                torch.cuda.synchronize()
            t0 = time.perf_counter()
            out = generate_tokens(model, ids, args.new_tokens)
            if device.type == "cuda":
                torch.cuda.synchronize()
            times.append(time.perf_counter() - t0)
        rows.append(dict(variant=variant, bytes=n_bytes, load_s=load_s, ppl=result.perplexity, tokens=result.tokens,
                         tok_s=args.new_tokens / statistics.median(times), greedy=out[0, ids.shape[1]:].tolist()))
        print({k: v for k, v in rows[-1].items() if k != "greedy"}, flush=True)
        del model
    base = rows[0]
    table = md_table(["variant", "weight MB", "x fp32", "perplexity", "x fp32", "greedy tokens/s", "greedy = fp32",
                      "load + quantize s"],
                     [[r["variant"], f"{r['bytes'] / 1e6:.1f}", f"{r['bytes'] / base['bytes']:.2f}", f"{r['ppl']:.2f}",
                       f"{r['ppl'] / base['ppl']:.3f}", f"{r['tok_s']:.1f}",
                       f"{sum(a == b for a, b in zip(r['greedy'], base['greedy'], strict=True)) / len(base['greedy']):.0%}",
                       f"{r['load_s']:.1f}"] for r in rows])
    gpu = torch.cuda.get_device_name() if device.type == "cuda" else "no GPU"
    import bitsandbytes
    import transformers
    machine = (f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, {torch.get_num_threads()} torch thread(s), {gpu}, "
               f"native CPU bf16: {cpu_supports_bf16()}, Python {platform.python_version()}, torch {torch.__version__}, "
               f"transformers {transformers.__version__}, bitsandbytes {bitsandbytes.__version__}, load average "
               f"{os.getloadavg()[0]:.1f} at the end; run {time.strftime('%Y-%m-%d')}")
    name = Path(str(args.model)).name
    report = (f"# Quantization: memory against perplexity (day 36)\n\n{machine}\n\n"
              f"Model {name}; perplexity on {len(text)} characters of DialogSum test dialogues ({base['tokens']} scored "
              f"tokens, window {args.window}, stride {args.stride}); greedy decoding of {args.new_tokens} tokens with "
              f"`aicourse.llm.generate_tokens`, median of {args.repeats}; 'greedy = fp32' is the share of those tokens "
              f"equal to float32's at the same position. Weight MB is `aicourse.llm.model_bytes` (parameters, buffers "
              f"and bitsandbytes' scales); for torch's dynamic INT8, the bytes of the saved state dict.\n\n{table}\n"
              "\nbitsandbytes leaves the output layer (tied to the embedding) in float32 and scales INT8 weights per "
              "row and 4-bit ones per block of 64. torch's `quantize_dynamic` quantizes every `Linear`, the output "
              "layer included, with one scale per tensor by default: the lesson's per-tensor failure, at 8 bits. On "
              "a CPU with native bf16, bitsandbytes' 4-bit decoding uses a fused kernel that computes in bf16, which "
              "is a likely reason why its greedy tokens part from float32's early, as bf16's do.\n")
    print(report)
    (HERE / "QUANTIZATION.md").write_text(report)


if __name__ == "__main__":
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    main()
