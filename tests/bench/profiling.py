"""Day 29's tables at full size: where a CNN training step spends its time (torch.profiler), the data-loader
bottleneck before and after its fixes, and torch.compile against eager. Run by hand (it is not a timed unit test;
it compiles on an empty inductor cache, which takes tens of seconds; set
TORCHINDUCTOR_CACHE_DIR to time a warm cache instead):

    AICOURSE_DATA_DIR=../shared/data .venv/bin/python tests/bench/profiling.py [--per-class 1000] [--repeats 3]

Prints Markdown tables and writes them to tests/bench/PROFILING.md with the machine it ran on. With a CUDA GPU
everything runs there (the profiler table is then sorted by GPU time); without one, on the CPU.
"""
from __future__ import annotations

import argparse
import copy
import logging
import math
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("KINETO_LOG_LEVEL", "6")  # the profiler's start/stop lines on stderr
_EMPTY_CACHE = tempfile.TemporaryDirectory(prefix="inductor-")  # time a cold compile, not a cache hit
COLD = "TORCHINDUCTOR_CACHE_DIR" not in os.environ
os.environ.setdefault("TORCHINDUCTOR_CACHE_DIR", _EMPTY_CACHE.name)
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402
from torchvision.transforms import v2  # noqa: E402

from aicourse.core import get_device, seed_everything  # noqa: E402
from aicourse.data import cifar10_images  # noqa: E402
from aicourse.train import StepTimer, TimedLoader, Trainer, data_wait_split, profile_steps, time_call  # noqa: E402
from aicourse.vision import channel_stats, cifar10_tensors  # noqa: E402

HERE = Path(__file__).parent
logging.getLogger("torch.utils.cpp_extension").setLevel(logging.ERROR)


def make_model(width: int) -> torch.nn.Module:
    "The lesson's small CNN."
    return torch.nn.Sequential(
        torch.nn.Conv2d(3, width, 3, padding=1), torch.nn.BatchNorm2d(width), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(width, 2 * width, 3, padding=1), torch.nn.BatchNorm2d(2 * width), torch.nn.ReLU(),
        torch.nn.MaxPool2d(2), torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(2 * width, 10))


def md_table(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join(["| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
                     + ["| " + " | ".join(r) + " |" for r in rows])


def profiler_table(width: int, batch: int, device: torch.device, X: torch.Tensor, y: torch.Tensor, mean, std) -> str:
    seed_everything(0)
    model = make_model(width).to(device)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    xb = v2.Normalize(mean, std)(X[:batch].float() / 255).to(device)
    yb = y[:batch].to(device)

    def step() -> None:
        F.cross_entropy(model(xb), yb).backward()
        opt.step()
        opt.zero_grad(set_to_none=True)

    step_ms = 1e3 * time_call(step, repeats=20, warmup=3)
    table = profile_steps(step, steps=10, warmup=2, row_limit=12)
    cols = [c for c in table.columns if c.endswith("ms/step")]
    rows = [[f"`{r.op}`", f"{r['calls/step']:.0f}", *[f"{r[c]:.3f}" for c in cols], f"{r.share:.1%}"]
            for _, r in table.iterrows()]
    return (f"One training step of the CNN (width {width}), batch {batch}: {step_ms:.2f} ms (median of 20). "
            f"Top ops by self time, 10 profiled steps:\n\n" + md_table(["op", "calls/step", *cols, "share"], rows))


def loader_table(per_class: int, width: int, batch: int, workers: int, repeats: int, device: torch.device,
                 X: torch.Tensor, y: torch.Tensor, mean, std) -> str:
    per_item = v2.Compose([v2.PILToTensor(), v2.RandomCrop(32, padding=4), v2.RandomHorizontalFlip(),
                           v2.ToDtype(torch.float32, scale=True), v2.Normalize(mean, std)])
    jpegs = cifar10_images("train", per_class=per_class, transform=per_item)
    m4, s4 = torch.tensor(mean).view(1, 3, 1, 1), torch.tensor(std).view(1, 3, 1, 1)

    def batch_transform(items):
        images, labels = torch.stack([x for x, _ in items]), torch.stack([t for _, t in items])
        flip = torch.rand(len(images), 1, 1, 1) < 0.5
        return (torch.where(flip, images.flip(-1), images).float() / 255 - m4) / s4, labels

    loaders = {"JPEG + per-item transforms": lambda: DataLoader(jpegs, batch_size=batch, shuffle=True),
               f"JPEG + per-item, {workers} workers": lambda: DataLoader(jpegs, batch_size=batch, shuffle=True,
                                                                          num_workers=workers),
               "cached tensors + batch transform": lambda: DataLoader(TensorDataset(X, y), batch_size=batch,
                                                                      shuffle=True, collate_fn=batch_transform)}
    results = {}
    for name, make in loaders.items():
        runs = []
        for _ in range(repeats):
            seed_everything(0)
            model = make_model(width)
            timed, timer = TimedLoader(make()), StepTimer()
            Trainer(model, torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9), F.cross_entropy, timed,
                    callbacks=[timer], device=device, progress=False).fit(1)
            runs.append(data_wait_split(timed, timer))
        results[name] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(name, {k: round(v, 2) for k, v in results[name].items()}, flush=True)
    base = results["JPEG + per-item transforms"]["step_ms"]
    rows = [[name, f"{r['data_ms']:.2f}", f"{r['compute_ms']:.2f}", f"{r['step_ms']:.2f}", f"{r['data_share']:.0%}",
             f"{batch / r['step_ms'] * 1e3:,.0f}", f"{base / r['step_ms']:.2f}x"] for name, r in results.items()]
    slow, work = results["JPEG + per-item transforms"], results[f"JPEG + per-item, {workers} workers"]
    fast = results["cached tensors + batch transform"]
    p = slow["data_share"]
    notes = (f"\n\nThe cache and the batch transform cut the data wait from {slow['data_ms']:.2f} to "
             f"{fast['data_ms']:.2f} ms per step ({slow['data_ms'] / fast['data_ms']:.0f}x). With {workers} workers the "
             f"data wait went from {slow['data_ms']:.2f} to {work['data_ms']:.2f} ms per step and the compute from "
             f"{slow['compute_ms']:.2f} to {work['compute_ms']:.2f} ms: "
             + ("the workers decode on the cores the training needs, so the time moved rather than vanished."
                if work["step_ms"] >= slow["step_ms"] else "the workers paid off on this machine."))
    return (f"{len(X)} CIFAR-10 images, one epoch through the `Trainer` per run, CNN width {width}, batch {batch}, "
            f"median of {repeats} runs; images/s counts training images. Amdahl's bound for a perfect loader: "
            f"{1 / (1 - p):.2f}x.\n\n"
            + md_table(["loader", "data ms/step", "compute ms/step", "step ms", "data share", "images/s",
                        "step speedup"], rows) + notes)


def compile_table(width: int, batch: int, n_elem: int, device: torch.device, X: torch.Tensor, y: torch.Tensor,
                  mean, std) -> str:
    def pointwise(x: torch.Tensor) -> torch.Tensor:
        return F.gelu(x) * torch.sigmoid(x) + torch.sin(x) - 0.5 * x

    v = torch.randn(n_elem, device=device)
    fused = torch.compile(pointwise)
    start = time.perf_counter()
    fused(v)
    pw_compile = time.perf_counter() - start
    pw_eager, pw_fused = time_call(lambda: pointwise(v), repeats=20), time_call(lambda: fused(v), repeats=20)

    xb = v2.Normalize(mean, std)(X[:batch].float() / 255).to(device)
    yb = y[:batch].to(device)
    seed_everything(0)
    eager = make_model(width).to(device)
    compiled = torch.compile(copy.deepcopy(eager))
    opts = {id(m): torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9) for m in (eager, compiled)}

    def step(m: torch.nn.Module) -> float:
        loss = F.cross_entropy(m(xb), yb)
        loss.backward()
        opts[id(m)].step()
        opts[id(m)].zero_grad(set_to_none=True)
        return loss.item()

    start = time.perf_counter()
    loss_c = step(compiled)
    cnn_compile = time.perf_counter() - start
    loss_e = step(eager)
    cnn_c, cnn_e = time_call(lambda: step(compiled), repeats=30), time_call(lambda: step(eager), repeats=30)

    def row(name: str, compile_s: float, e: float, c: float) -> list[str]:
        gain = e - c
        even = f"{math.ceil(compile_s / gain):,}" if gain > 0 else "never"
        return [name, f"{compile_s:.2f}", f"{e * 1e3:.3f}", f"{c * 1e3:.3f}", f"{e / c:.2f}x", even]

    cache = ("an empty inductor cache (a fresh TORCHINDUCTOR_CACHE_DIR: every kernel is generated and compiled)"
             if COLD else "the inductor cache in TORCHINDUCTOR_CACHE_DIR as it was")
    return (f"First call = trace + compile, on {cache}. Steady state: median "
            f"of 20-30 calls after warm-up. Compiled and eager CNN losses on the first step: {loss_c:.6f} vs "
            f"{loss_e:.6f}.\n\n"
            + md_table(["workload", "first call (s)", "eager ms", "compiled ms", "speedup", "break-even steps"],
                       [row(f"pointwise chain, {n_elem:,} floats", pw_compile, pw_eager, pw_fused),
                        row(f"CNN training step, width {width}, batch {batch}", cnn_compile, cnn_e, cnn_c)])
            + "\n\nThe pointwise chain is what inductor's fusion is for (one generated loop instead of five); the "
              "CNN's convolutions run in the same library kernels (oneDNN on a CPU, cuDNN on a GPU) compiled or not, "
              "so only the ops around them can gain.")


def main(per_class: int = 1000, repeats: int = 3, width: int = 32, batch: int = 64, workers: int = 2,
         n_elem: int = 4_000_000, threads: int = 1) -> str:
    torch.set_num_threads(threads)
    device = get_device()
    X, y = cifar10_tensors("train", per_class=per_class)
    mean, std = channel_stats(X)
    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, {threads} torch thread(s), "
               f"{torch.cuda.get_device_name(0) if device.type == 'cuda' else 'no GPU'}, "
               f"Python {platform.python_version()}, torch {torch.__version__}")
    parts = [profiler_table(width, batch, device, X, y, mean, std)]
    print(parts[-1], flush=True)
    parts.append(loader_table(per_class, width, batch, workers, repeats, device, X, y, mean, std))
    print(parts[-1], flush=True)
    parts.append(compile_table(width, batch, n_elem, device, X, y, mean, std))
    print(parts[-1], flush=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    report = (f"# Profiling and speed (day 29)\n\nMachine: {machine}, load average {load:.1f} at the end; "
              f"run {time.strftime('%Y-%m-%d', time.gmtime())}\n\n"
              f"## Where a training step spends its time\n\n{parts[0]}\n\n"
              f"## The data-loader bottleneck and its fixes\n\n{parts[1]}\n\n"
              f"## torch.compile against eager\n\n{parts[2]}\n")
    (HERE / "PROFILING.md").write_text(report)
    return report


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-class", type=int, default=1000, help="images per class (the train split is 80%%)")
    parser.add_argument("--repeats", type=int, default=3, help="epochs per loader; the table shows the median")
    parser.add_argument("--width", type=int, default=32)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (the CPU timings are per thread count)")
    args = parser.parse_args()
    main(args.per_class, args.repeats, args.width, args.batch_size, args.workers, threads=args.threads)
