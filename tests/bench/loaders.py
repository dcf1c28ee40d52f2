"""Day 10's loader table, full grid: images/s on the offline CIFAR-10 JPEGs for DataLoader workers 0/1/2,
pin_memory off/on, and decoded-tensor cache off/on. Run by hand (it is not a timed unit test):

    AICOURSE_DATA_DIR=../shared/data .venv/bin/python tests/bench/loaders.py [--n 10000] [--repeats 3]

Prints a Markdown table and writes it to tests/bench/LOADERS.md with the machine it ran on. With a CUDA GPU,
every batch is moved to it (`non_blocking` when pinned), so pinning has something to do; on a CPU-only machine
pin_memory is a no-op and its rows only show the noise of the measurement.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import torch
from torchvision.transforms import v2

from aicourse.data import TensorCache, cached_images, cifar10_images, loader_throughput

HERE = Path(__file__).parent


def main(n: int = 10_000, repeats: int = 3, batch_size: int = 128, workers: tuple[int, ...] = (0, 1, 2)) -> str:
    warnings.filterwarnings("ignore", message=".*pin_memory.*")  # CPU only: PyTorch warns that pinning is a no-op
    device = "cuda" if torch.cuda.is_available() else None
    augment = v2.Compose([v2.RandomHorizontalFlip(), v2.ToDtype(torch.float32, scale=True),
                          v2.Normalize([0.49, 0.48, 0.45], [0.25, 0.24, 0.26])])
    files = cifar10_images("test", per_class=n // 10, transform=v2.Compose([v2.PILToTensor(), augment]))
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        cached = cached_images(files, transform=augment, cache=TensorCache(tmp))  # decode once, into the cache
        build_s = time.perf_counter() - start
        rows = []
        for cache_on, dataset in ((False, files), (True, cached)):
            for w in workers:
                for pin in (False, True):
                    speeds = [loader_throughput(dataset, batch_size=batch_size, num_workers=w, pin_memory=pin,
                                                device=device) for _ in range(repeats)]
                    rows.append((cache_on, w, pin, statistics.median(speeds), min(speeds), max(speeds)))
                    print(f"cache {'on ' if cache_on else 'off'}  workers {w}  pin {'on ' if pin else 'off'}  "
                          f"{statistics.median(speeds):9,.0f} images/s", flush=True)
    best = max(rows, key=lambda r: r[3])
    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
               f"{torch.cuda.get_device_name(0) if device else 'no GPU (pin_memory is a no-op)'}, "
               f"Python {platform.python_version()}, torch {torch.__version__}")
    table = ["| decoded-tensor cache | workers | pin_memory | images/s (median) | min | max |",
             "|---|---:|---|---:|---:|---:|"]
    table += [f"| {'on' if c else 'off'} | {w} | {'on' if p else 'off'} | {med:,.0f} | {lo:,.0f} | {hi:,.0f} |"
              for c, w, p, med, lo, hi in rows]
    report = (f"# Loader throughput (day 10)\n\nMachine: {machine}\n\n"
              f"{len(files)} CIFAR-10 test JPEGs (32x32), batch {batch_size}, one epoch per run (worker start-up "
              f"included), median of {repeats} runs; batches {'moved to ' + device if device else 'left on the CPU'}; "
              f"flip + normalize per item. Decoding all images once into the cache took {build_s:.2f} s.\n\n"
              + "\n".join(table)
              + f"\n\nFastest: cache {'on' if best[0] else 'off'}, {best[1]} workers, pin_memory "
              f"{'on' if best[2] else 'off'} ({best[3]:,.0f} images/s)."
              + ("" if device else " Without a GPU, pin_memory does nothing: its on/off rows differ by noise only.")
              + "\n")
    print(report)
    (HERE / "LOADERS.md").write_text(report)
    return report


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="how many images (class-balanced), up to 10,000")
    parser.add_argument("--repeats", type=int, default=3, help="runs per setting; the table shows the median")
    parser.add_argument("--batch-size", type=int, default=128)
    args = parser.parse_args()
    main(args.n, args.repeats, args.batch_size)
