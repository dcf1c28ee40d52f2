"""Benchmark: aicourse.train.Trainer against a bare hand-written loop, same model, data and seed, on the CPU.

Run with `python tests/bench/trainer.py` (under a minute). The two loops train the same MLP on scikit-learn's
digits, epoch after epoch, interleaved (and alternating which goes first) so that a machine busy with other work
slows both alike. The headline is the ratio of the fastest epochs (the least disturbed ones); the ratio of the
medians and the median of paired ratios are printed too. Target: at most 1.05.
Prints a Markdown table and writes it to tests/bench/TRAINER.md with the machine it ran on.
"""
from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path

import torch
from sklearn.datasets import load_digits
from torch.utils.data import DataLoader, TensorDataset

from aicourse.train import Trainer

HERE = Path(__file__).parent
HIDDEN, BATCH, REPEATS = 512, 32, 30


def setup(seed: int = 0) -> tuple[torch.nn.Module, torch.optim.Optimizer, DataLoader]:
    "The same model, optimizer and shuffled loader for both loops."
    torch.manual_seed(seed)
    X, y = load_digits(return_X_y=True)
    data = TensorDataset(torch.tensor(X / 16, dtype=torch.float32), torch.tensor(y))
    model = torch.nn.Sequential(torch.nn.Linear(64, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, HIDDEN),
                                torch.nn.ReLU(), torch.nn.Linear(HIDDEN, 10))
    return model, torch.optim.AdamW(model.parameters(), lr=1e-3), DataLoader(
        data, batch_size=BATCH, shuffle=True, generator=torch.Generator().manual_seed(seed))  # its own generator: same order


def bare_epoch(model: torch.nn.Module, optimizer: torch.optim.Optimizer, loader: DataLoader) -> float:
    "The hand-written loop: forward, loss, zero_grad, backward, step, and the loss summed for the log."
    model.train()
    total = 0.0
    for xb, yb in loader:
        loss = torch.nn.functional.cross_entropy(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(yb)
    return total / len(loader.dataset)


def fixed_cost_per_step(repeats: int = 20) -> float:
    "The Trainer's own cost per step, in microseconds: both loops on a model so small that the loop is all there is."
    global HIDDEN
    saved, HIDDEN = HIDDEN, 1
    try:
        model_a, opt_a, loader_a = setup()
        model_b, opt_b, loader_b = setup()
    finally:
        HIDDEN = saved
    trainer = Trainer(model_b, opt_b, torch.nn.functional.cross_entropy, loader_b, device="cpu", progress=False)
    bare, ours = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        bare_epoch(model_a, opt_a, loader_a)
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        trainer.fit(trainer.epoch + 1)
        ours.append(time.perf_counter() - start)
    return (statistics.median(ours) - statistics.median(bare)) / len(loader_a) * 1e6


def main() -> None:
    torch.set_num_threads(1)  # one thread: less noise from a busy machine, same for both loops
    model_a, opt_a, loader_a = setup()
    model_b, opt_b, loader_b = setup()
    trainer = Trainer(model_b, opt_b, torch.nn.functional.cross_entropy, loader_b, device="cpu", progress=False)
    bar_model, bar_opt, bar_loader = setup()
    with open(os.devnull, "w") as devnull:  # the progress bar is drawn, to nowhere
        stderr, sys.stderr = sys.stderr, devnull
        try:
            barred = Trainer(bar_model, bar_opt, torch.nn.functional.cross_entropy, bar_loader, device="cpu", progress=True)
            bare_epoch(model_a, opt_a, loader_a)  # warm-up epoch for each, not timed
            trainer.fit(1)
            barred.fit(1)
            bare, ours, with_bar = [], [], []
            for r in range(REPEATS):
                start = time.perf_counter()
                if r % 2:  # alternate which loop goes first: drift in the machine's load hits both alike
                    trainer.fit(trainer.epoch + 1)
                    ours.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    bare_epoch(model_a, opt_a, loader_a)
                    bare.append(time.perf_counter() - start)
                else:
                    bare_epoch(model_a, opt_a, loader_a)
                    bare.append(time.perf_counter() - start)
                    start = time.perf_counter()
                    trainer.fit(trainer.epoch + 1)
                    ours.append(time.perf_counter() - start)
                start = time.perf_counter()
                barred.fit(barred.epoch + 1)
                with_bar.append(time.perf_counter() - start)
        finally:
            sys.stderr = stderr
    fixed_us = fixed_cost_per_step()
    same = all(torch.equal(v, model_b.state_dict()[k]) for k, v in model_a.state_dict().items())
    b, t, p = (statistics.median(x) for x in (bare, ours, with_bar))
    paired = statistics.median(o / x for o, x in zip(ours, bare, strict=True))  # each Trainer epoch against the bare one beside it
    fastest = min(ours) / min(bare)  # the least disturbed epoch of each: the most robust on a busy machine
    steps = len(loader_a)
    rows = [("bare loop", b, 1.0), ("Trainer, progress=False", t, t / b), ("Trainer, progress=True (tqdm)", p, p / b)]
    machine = (f"{platform.processor() or platform.machine()}, 1 torch thread, Python {platform.python_version()}, "
               f"torch {torch.__version__}, load average {os.getloadavg()[0]:.1f} at the end")
    table = ["| loop | seconds per epoch (median) | fastest epoch | ms per step (median) | ratio to bare (median) | "
             "ratio to bare (fastest) |", "|---|---:|---:|---:|---:|---:|"]
    table += [f"| {name} | {sec:.4f} | {min(times):.4f} | {sec / steps * 1e3:.3f} | {ratio:.3f} | {min(times) / min(bare):.3f} |"
              for (name, sec, ratio), times in zip(rows, (bare, ours, with_bar), strict=True)]
    verdict = "within" if fastest <= 1.05 else "OVER"
    report = (f"# Trainer overhead\n\nMachine: {machine}\n\nWorkload: MLP 64-{HIDDEN}-{HIDDEN}-10, AdamW, scikit-learn "
              f"digits (1,797 images), batch {BATCH}, {steps} steps per epoch; {REPEATS} epochs of each loop, "
              f"interleaved, after one warm-up epoch each.\n\n" + "\n".join(table) +
              f"\n\nOverhead of the Trainer (progress=False): {100 * (fastest - 1):+.1f}% between the fastest epochs "
              f"({verdict} the 5% target); {100 * (t / b - 1):+.1f}% between the medians and {100 * (paired - 1):+.1f}% "
              "as the median of paired epochs (these two move with the machine's load). "
              f"The Trainer's fixed cost, measured on a model with one hidden unit where the loop is all there is: "
              f"{fixed_us:.0f} µs per step ({100 * fixed_us / (b / steps * 1e6):.1f}% of a step of this workload). "
              f"Same weights as the bare loop after {REPEATS + 1} epochs: {same}.\n")
    print(report)
    (HERE / "TRAINER.md").write_text(report)


if __name__ == "__main__":
    main()
