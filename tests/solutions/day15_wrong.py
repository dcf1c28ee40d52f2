"""Plausible wrong answers for days/day15.ipynb: each check must reject each of them, on every seed."""
import math
import os
import statistics
from typing import Any

import torch
from torch import nn
from torch.utils.data import DataLoader


def _loop(model_fn, dataset, config, checkpoint_path, stop_after_epoch, *, seed_model=True, keep_sched=True,
          keep_gen=True) -> float:
    if seed_model:
        torch.manual_seed(config["seed"])
    model = model_fn()
    opt = torch.optim.AdamW(model.parameters(), lr=config["lr"])
    gen = torch.Generator().manual_seed(config["seed"])
    loader = DataLoader(dataset, batch_size=config["batch_size"], shuffle=True, generator=gen)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=config["epochs"] * len(loader))
    start = 0
    if checkpoint_path is not None and os.path.exists(checkpoint_path):
        state = torch.load(checkpoint_path)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        if keep_sched:
            sched.load_state_dict(state["sched"])
        if keep_gen:
            gen.set_state(state["gen"])
        start = state["epoch"]
    for epoch in range(start, config["epochs"]):
        model.train()
        for xb, yb in loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
            sched.step()
        if checkpoint_path is not None:
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                        "gen": gen.get_state(), "epoch": epoch + 1}, checkpoint_path)
        if stop_after_epoch is not None and epoch + 1 >= stop_after_epoch:
            break
    X, y = dataset.tensors
    model.eval()
    with torch.no_grad():
        return nn.functional.cross_entropy(model(X), y).item()


def train(model_fn, dataset, config, checkpoint_path=None, stop_after_epoch=None) -> float:
    # resumes the weights and the optimizer, but the schedule starts again from step 0
    return _loop(model_fn, dataset, config, checkpoint_path, stop_after_epoch, keep_sched=False)


def train__no_generator_state(model_fn, dataset, config, checkpoint_path=None, stop_after_epoch=None) -> float:
    # the loader's generator restarts from the seed: the resumed epochs replay the first epochs' order
    return _loop(model_fn, dataset, config, checkpoint_path, stop_after_epoch, keep_gen=False)


def train__model_not_seeded(model_fn, dataset, config, checkpoint_path=None, stop_after_epoch=None) -> float:
    # seeds the loader but builds the model from whatever the global generator holds
    return _loop(model_fn, dataset, config, checkpoint_path, stop_after_epoch, seed_model=False)


def pick_lr(results: dict[float, list[float]]) -> float:  # nan means nothing to min(); diverged runs can win
    means = {lr: statistics.mean(v) for lr, v in results.items() if v}
    finite = {lr: m for lr, m in means.items() if not math.isnan(m)}
    if not finite:
        raise ValueError("nothing to pick")
    best = min(finite.values())
    return min(lr for lr, m in finite.items() if m <= 1.05 * best)


def pick_lr__no_tolerance(results: dict[float, list[float]]) -> float:  # the best mean, ignoring the 5% rule
    eligible = {lr: statistics.mean(v) for lr, v in results.items() if v and all(math.isfinite(x) for x in v)}
    if not eligible:
        raise ValueError("nothing to pick")
    return min(eligible, key=eligible.get)


def _unused(_: Any) -> None:
    return None
