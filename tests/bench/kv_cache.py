"""Day 35's tables at full size: tokens/s of greedy decoding with and without the KV-cache at several prompt
lengths, the time of one decoding step against position, tokens/s against batch size with the cache, and the
cache's bytes per token (formula against the real tensors). Run by hand (it is not a timed unit test; without the
cache the long prompts take minutes on a CPU):

    AICOURSE_DATA_DIR=../shared/data HF_HUB_OFFLINE=1 .venv/bin/python tests/bench/kv_cache.py [--new-tokens 32]

Prints Markdown tables and writes them to tests/bench/KV_CACHE.md with the machine it ran on. With a CUDA GPU it
runs there (bf16); without one, on the CPU in float32. `--model` takes a hub name or a folder (default: the offline
SmolLM2-135M-Instruct).
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

import torch
from transformers.utils import logging as hf_logging

from aicourse.course.assets import smollm2_path
from aicourse.llm import DecoderShape, cache_nbytes, greedy_decode_timed, kv_cache_size, load_causal_lm
from aicourse.train import time_call

HERE = Path(__file__).parent


def md_table(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join(["| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
                     + ["| " + " | ".join(r) + " |" for r in rows])


def dtype_name(model) -> str:
    return str(model.dtype).removeprefix("torch.")


def random_text(model, length: int, batch: int = 1, seed: int = 0) -> torch.Tensor:
    vocab = model.config.vocab_size
    gen = torch.Generator().manual_seed(seed)
    return torch.randint(100, vocab - 100, (batch, length), generator=gen).to(next(model.parameters()).device)


def decode_table(model, prompts: list[int], new_tokens: int) -> str:
    rows = []
    for p in prompts:
        ids = random_text(model, p)
        greedy_decode_timed(model, ids, 2)  # warm-up
        cached, s_c = greedy_decode_timed(model, ids, new_tokens, use_cache=True)
        uncached, s_u = greedy_decode_timed(model, ids, new_tokens, use_cache=False)
        same = torch.equal(cached, uncached)
        tps_c, tps_u = new_tokens / sum(s_c), new_tokens / sum(s_u)
        rows.append([str(p), f"{tps_c:.1f}", f"{tps_u:.1f}", f"{tps_c / tps_u:.1f}x",
                     f"{1e3 * statistics.median(s_c[1:]):.1f}", f"{1e3 * statistics.median(s_u[1:]):.1f}",
                     "yes" if same else "NO"])
        print(rows[-1], flush=True)
    return (f"Greedy decoding of {new_tokens} new tokens after a prompt of random tokens; tokens/s counts new tokens "
            f"over the whole decode (prefill included); decode step = median of the steps after the first.\n\n"
            + md_table(["prompt tokens", "tokens/s with cache", "tokens/s without", "speedup",
                        "decode step ms (cache)", "decode step ms (no cache)", "same tokens"], rows))


def step_times(model, text: torch.Tensor, T: int, repeats: int) -> tuple[float, float]:
    "Median seconds of one decoding step at position T, with and without the cache."
    device = next(model.parameters()).device
    with torch.no_grad():
        without = time_call(lambda: model(input_ids=text[:, :T], use_cache=False), repeats=repeats, warmup=1,
                            device=device)
        cache = model(input_ids=text[:, :T - 1], use_cache=True).cache

        def one_step() -> None:
            model(input_ids=text[:, T - 1:T], cache=cache, use_cache=True)
            cache.crop(-1)  # drop the appended token: every repeat sees the same cache
        return time_call(one_step, repeats=max(repeats, 5), warmup=2, device=device), without


def position_table(model, positions: list[int], repeats: int) -> str:
    text = random_text(model, max(positions))
    rows = []
    for T in positions:
        with_cache, without = step_times(model, text, T, repeats)
        rows.append([str(T), f"{1e3 * with_cache:.1f}", f"{1e3 * without:.1f}", f"{without / with_cache:.1f}x"])
        print(rows[-1], flush=True)
    return (f"One decoding step at position T: without the cache a forward pass over T tokens, with it one token and "
            f"T - 1 cached positions; median of {repeats} (no cache) or {max(repeats, 5)} (cache) timed calls.\n\n"
            + md_table(["position", "with cache ms", "without cache ms", "ratio"], rows))


def batch_table(model, batches: list[int], prompt: int, new_tokens: int) -> str:
    rows = []
    for b in batches:
        ids = random_text(model, prompt, b)
        greedy_decode_timed(model, ids, 2)
        _, s = greedy_decode_timed(model, ids, new_tokens)
        step = statistics.median(s[1:])
        cache_mib = kv_cache_size(DecoderShape.from_config(model.config), prompt + new_tokens, b, dtype_name(model)) / 2**20
        rows.append([str(b), f"{1e3 * step:.1f}", f"{b / step:.1f}", f"{cache_mib:.1f}"])
        print(rows[-1], flush=True)
    return (f"Cached greedy decoding, prompt of {prompt} tokens, {new_tokens} new tokens per sequence; step = median "
            f"decode step (what each user waits per token); tokens/s = batch / step.\n\n"
            + md_table(["batch", "ms per step", "tokens/s", "cache MiB at the end"], rows))


def memory_line(model, tokens: int) -> str:
    with torch.no_grad():
        cache = model(input_ids=random_text(model, tokens), use_cache=True).cache
    formula = int(kv_cache_size(DecoderShape.from_config(model.config), tokens, 1, dtype_name(model)))
    real = cache_nbytes(cache)
    return (f"KV-cache for {tokens} tokens: {real:,} bytes in the real cache tensors, {formula:,} from the config "
            f"formula ({'equal' if real == formula else 'DIFFERENT'}); {real // tokens:,} bytes per token in "
            f"{model.dtype}.")


def main(model_name: str | None = None, prompts: tuple[int, ...] = (16, 256), new_tokens: int = 32,
         positions: tuple[int, ...] = (64, 256, 1024), batches: tuple[int, ...] = (1, 4, 8, 16),
         repeats: int = 3, threads: int = 1) -> str:
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    torch.set_num_threads(threads)
    model, _ = load_causal_lm(model_name or smollm2_path())
    device = next(model.parameters()).device
    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, {threads} torch thread(s), "
               f"{torch.cuda.get_device_name(0) if device.type == 'cuda' else 'no GPU'}, "
               f"Python {platform.python_version()}, torch {torch.__version__}")
    name = model_name or "SmolLM2-135M-Instruct (offline)"
    parts = [memory_line(model, 128), decode_table(model, list(prompts), new_tokens),
             position_table(model, list(positions), repeats), batch_table(model, list(batches), 16, new_tokens)]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    report = (f"# KV-cache and batching (day 35)\n\nModel: {name}, {model.dtype} on {device.type}. Machine: {machine}, "
              f"load average {load:.1f} at the end (a shared machine: read ratios, not absolute times); "
              f"run {time.strftime('%Y-%m-%d', time.gmtime())}\n\n{parts[0]}\n\n"
              f"## Tokens/s with and without the KV-cache\n\n{parts[1]}\n\n"
              f"## Time per step against position\n\n{parts[2]}\n\n"
              f"## Batching with the cache: throughput against latency\n\n{parts[3]}\n")
    (HERE / "KV_CACHE.md").write_text(report)
    print(report)
    return report


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="hub name or folder (default: the offline SmolLM2)")
    parser.add_argument("--prompts", type=int, nargs="+", default=[16, 256])
    parser.add_argument("--new-tokens", type=int, default=32)
    parser.add_argument("--positions", type=int, nargs="+", default=[64, 256, 1024])
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 4, 8, 16])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (the CPU timings are per thread count)")
    args = parser.parse_args()
    main(args.model, tuple(args.prompts), args.new_tokens, tuple(args.positions), tuple(args.batches), args.repeats,
         args.threads)
