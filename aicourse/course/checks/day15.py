"""Checks for days/day15.ipynb (fluency check 1): a full training loop run on hidden data (it must learn,
repeat itself for a seed, and resume exactly from its own checkpoint), and a learning-rate decision."""
from __future__ import annotations

import math
import random
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aicourse.course.checks import CheckFailed, equal, exercise, raised, show

TARGET = 0.4  # mean cross-entropy the hidden task reaches easily (chance is ln 3 = 1.10)


def _task(rng: random.Random) -> tuple[Any, Callable[[], Any], dict[str, Any], list[int]]:
    "Hidden data (three Gaussian blobs), a model_fn whose backward passes are counted, and a config."
    import torch
    from torch import nn

    g = torch.Generator().manual_seed(rng.randrange(10**6))
    d, n = rng.randint(2, 6), rng.choice([96, 128, 160])
    centers = torch.randn(3, d, generator=g) * 3
    while torch.pdist(centers).min() < 4:  # well apart: a working loop separates them in a few epochs
        centers = torch.randn(3, d, generator=g) * 3
    y = torch.arange(n) % 3
    X = centers[y] + torch.randn(n, d, generator=g)
    dataset = torch.utils.data.TensorDataset(X, y)
    steps = [0]  # backward passes through the model, over every model this model_fn built

    def model_fn() -> nn.Module:
        model = nn.Sequential(nn.Linear(d, 16), nn.ReLU(), nn.Linear(16, 3))

        def count(grad: Any) -> None:
            steps[0] += 1

        model[0].weight.register_hook(count)  # fires once per backward pass
        return model

    config = {"seed": rng.randrange(10**6), "epochs": rng.randint(5, 7), "batch_size": 32, "lr": 0.05}
    return dataset, model_fn, config, steps


def _run(train: Callable[..., Any], rng: random.Random, what: str, *args: Any) -> float:
    import torch

    torch.manual_seed(rng.randrange(10**6))  # whatever the program drew before: the answer must not depend on it
    try:
        loss = train(*args)
    except NotImplementedError:
        raise
    except Exception as e:
        raise CheckFailed(f"{what} raised {type(e).__name__}: {e}") from None
    if isinstance(loss, torch.Tensor) and loss.numel() == 1:
        loss = loss.item()
    if not isinstance(loss, (int, float)) or isinstance(loss, bool) or not math.isfinite(loss):
        raise CheckFailed(f"{what} returned {show(loss)}; the final loss is a finite float")
    return float(loss)


def _close(a: float, b: float) -> bool:
    "Equal up to float rounding: an exact resume repeats the same operations, so it matches to the last bits."
    return abs(a - b) <= 1e-7 * abs(b) + 1e-12


@exercise("day15.train",
          question="Which part of the spec does this case test: learning, the same result for the same seed, or "
                   "ending where an uninterrupted run ends after a resume?",
          recipe="torch.manual_seed(seed); model = model_fn(); gen = torch.Generator().manual_seed(seed); "
                 "DataLoader(dataset, batch_size, shuffle=True, generator=gen); AdamW + LambdaLR; if the checkpoint "
                 "exists load model, optimizer, scheduler, gen.set_state(...) and the epoch; after each epoch save all "
                 "of them (tmp file + os.replace); stop after stop_after_epoch; return the loss on all the data under no_grad")
def check_train(train: Callable[..., float], rng: random.Random) -> int:
    dataset, model_fn, config, steps = _task(rng)
    n_batches = math.ceil(len(dataset) / config["batch_size"])
    shown = f"config={config}"
    full = _run(train, rng, f"train(model_fn, dataset, {shown})", model_fn, dataset, dict(config))
    if steps[0] != config["epochs"] * n_batches:
        raise CheckFailed(f"train(model_fn, dataset, {shown}) made {steps[0]} backward passes; {config['epochs']} epochs "
                          f"of {n_batches} batches make {config['epochs'] * n_batches}",
                          "One optimizer step per batch, every batch of every epoch (keep the last, smaller batch)?")
    if full > TARGET:
        raise CheckFailed(f"train(model_fn, dataset, {shown}) ended at loss {full:.4f}; it must reach {TARGET} on this "
                          "easy task (chance is 1.10)",
                          "Does it learn: AdamW with config['lr'], zero_grad, backward, step on every batch? Is the "
                          "returned loss measured on all the data, after training?")
    again = _run(train, rng, "the same call again", model_fn, dataset, dict(config))
    if not _close(again, full):
        raise CheckFailed(f"the same call twice returned {full!r} and {again!r}; the same seed must give the same result",
                          "Do you seed before building the model, and give the loader its own generator seeded from "
                          "config['seed']?")
    other = _run(train, rng, "another seed", model_fn, dataset, {**config, "seed": config["seed"] + 1})
    if _close(other, full):
        raise CheckFailed(f"seeds {config['seed']} and {config['seed'] + 1} both returned {full!r}; the seed must matter",
                          "Do you use config['seed'], or a fixed one?")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "checkpoint.pt"
        stop = rng.randint(1, config["epochs"] - 2)  # at least two epochs left: a wrong resume shows
        steps[0] = 0
        _run(train, rng, f"train(..., checkpoint_path, stop_after_epoch={stop})", model_fn, dataset, dict(config), path, stop)
        if steps[0] != stop * n_batches:
            raise CheckFailed(f"with stop_after_epoch={stop}, train made {steps[0]} backward passes; it must stop after "
                              f"{stop} epochs ({stop * n_batches} batches)")
        if not path.is_file():
            raise CheckFailed(f"after train(..., checkpoint_path, stop_after_epoch={stop}) there is no file at checkpoint_path",
                              "Do you save a checkpoint after every epoch, at exactly the path you were given?")
        steps[0] = 0
        resumed = _run(train, rng, "the resumed call", model_fn, dataset, dict(config), path)
        left = (config["epochs"] - stop) * n_batches
        if steps[0] != left:
            raise CheckFailed(f"stopped after epoch {stop} of {config['epochs']}, the resumed call made {steps[0]} backward "
                              f"passes; continuing where it stopped makes {left}",
                              "Do you load the checkpoint and start the loop at the saved epoch, instead of training again "
                              "from the start?")
        if not _close(resumed, full):
            raise CheckFailed(f"stopped after epoch {stop} and resumed, train returned {resumed!r}; the uninterrupted run "
                              f"returned {full!r}. A resumed run must end where an uninterrupted one ends",
                              "What else changes during an epoch besides the weights: the optimizer's moments, the "
                              "scheduler's step, the loader generator's state?")
    return 5


def _reference_pick(results: dict[float, list[float]]) -> float:
    eligible = {lr: statistics.fmean(v) for lr, v in results.items() if v and all(math.isfinite(x) for x in v)}
    if not eligible:
        raise ValueError("no learning rate finished every run")
    best = min(eligible.values())
    return min(lr for lr, m in eligible.items() if m <= 1.05 * best)


@exercise("day15.pick_lr",
          question="Which learning rates may be picked at all (look for nan and inf), and which one wins when two "
                   "are within 5% of the best?",
          recipe="eligible = {lr: mean(v) for lr, v in results.items() if v and all(math.isfinite(x) for x in v)}; "
                 "raise ValueError if empty; best = min(eligible.values()); return min(lr for lr, m in eligible.items() "
                 "if m <= 1.05 * best)")
def check_pick_lr(pick_lr: Callable[[dict[float, list[float]]], float], rng: random.Random) -> int:
    nan, inf = math.nan, math.inf
    cases: list[dict[float, list[float]]] = [
        {0.001: [0.5, 0.6], 0.01: [0.2, 0.3], 0.1: [0.9, 1.0]},
        {0.01: [0.30, 0.30], 0.03: [0.29, 0.29]},  # within 5%: the smaller lr
        {0.01: [0.40, 0.40], 0.03: [0.30, 0.30]},  # not within 5%: the better one
        {0.1: [0.1, nan], 0.01: [0.5, 0.5]},  # one run diverged: not eligible, however good the others
        {1.0: [inf, 0.1], 0.3: [0.2, 0.2], 0.001: [0.8, 0.9]},
        {0.03: [0.25, 0.25], 0.01: [0.26, 0.26], 0.003: [0.2624, 0.2624]},  # unsorted keys; 0.003 within 5%
        {0.01: [0.0, 0.0], 0.001: [0.001, 0.001]},  # 5% of 0 is 0
        {0.5: [0.2]},
    ]
    for _ in range(12):
        lrs = sorted(rng.sample([1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0], rng.randint(2, 6)))
        rng.shuffle(lrs)
        case = {}
        for lr in lrs:
            runs = [round(rng.uniform(0.05, 1.5), 3) for _ in range(rng.randint(1, 4))]
            if rng.random() < 0.25:
                runs[rng.randrange(len(runs))] = rng.choice([nan, inf, -inf])
            case[lr] = runs
        if any(all(math.isfinite(x) for x in v) for v in case.values()):
            cases.append(case)
    for case in cases:
        want = _reference_pick(case)
        got = pick_lr({lr: list(v) for lr, v in case.items()})
        if not equal(got, want):
            raise CheckFailed(f"pick_lr({show(case)}) returned {show(got)}, expected {want!r}")
    for case in [{0.1: [nan, 0.2], 1.0: [inf]}, {}]:
        error = raised(pick_lr, case)
        if not isinstance(error, ValueError):
            got = "returned" if error is None else f"raised {type(error).__name__}"
            raise CheckFailed(f"pick_lr({show(case)}) {got}; a ValueError is expected: no learning rate finished every run",
                              "What does the statement say when no learning rate is eligible?")
    return len(cases) + 2
