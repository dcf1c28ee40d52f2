"""Reference solutions for days/day15.ipynb (`name__variant`: another answer the statement allows)."""
import math
import os
import statistics
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.utils.data import DataLoader


def _warmup_cosine(warmup: int, total: int):
    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warmup) / max(1, total - warmup))))
    return factor


def _final_loss(model: nn.Module, dataset: Any) -> float:
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for xb, yb in DataLoader(dataset, batch_size=256):
            total += nn.functional.cross_entropy(model(xb), yb, reduction="sum").item()
            count += len(yb)
    return total / count


def train(model_fn, dataset, config: dict, checkpoint_path=None, stop_after_epoch=None) -> float:
    torch.manual_seed(config["seed"])
    model = model_fn()
    opt = torch.optim.AdamW(model.parameters(), lr=config["lr"])
    gen = torch.Generator().manual_seed(config["seed"])
    loader = DataLoader(dataset, batch_size=config["batch_size"], shuffle=True, generator=gen)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, _warmup_cosine(3, config["epochs"] * len(loader)))
    start = 0
    path = Path(checkpoint_path) if checkpoint_path is not None else None
    if path is not None and path.exists():
        state = torch.load(path)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        sched.load_state_dict(state["scheduler"])
        gen.set_state(state["generator"])
        start = state["epoch"]
    for epoch in range(start, config["epochs"]):
        model.train()
        for xb, yb in loader:
            loss = nn.functional.cross_entropy(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        if path is not None:
            tmp = path.with_name(path.name + ".tmp")
            torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "scheduler": sched.state_dict(),
                        "generator": gen.get_state(), "epoch": epoch + 1}, tmp)
            os.replace(tmp, path)
        if stop_after_epoch is not None and epoch + 1 >= stop_after_epoch:
            break
    return _final_loss(model, dataset)


def train__epoch_seeds(model_fn, dataset, config: dict, checkpoint_path=None, stop_after_epoch=None) -> float:
    "Another way to an exact resume: seed each epoch's shuffle from (seed, epoch); a cosine schedule per step."
    torch.manual_seed(config["seed"])
    model = model_fn()
    opt = torch.optim.AdamW(model.parameters(), lr=config["lr"], weight_decay=0.0)
    gen = torch.Generator()
    loader = DataLoader(dataset, batch_size=config["batch_size"], shuffle=True, generator=gen)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=config["epochs"] * len(loader))
    start = 0
    if checkpoint_path is not None and os.path.exists(checkpoint_path):
        state = torch.load(checkpoint_path)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        sched.load_state_dict(state["sched"])
        start = state["epoch"]
    for epoch in range(start, config["epochs"]):
        gen.manual_seed(config["seed"] * 1000 + epoch)  # each epoch's order depends only on (seed, epoch)
        model.train()
        for xb, yb in loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
            sched.step()
        if checkpoint_path is not None:
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                        "epoch": epoch + 1}, str(checkpoint_path) + ".tmp")
            os.replace(str(checkpoint_path) + ".tmp", checkpoint_path)
        if stop_after_epoch is not None and epoch + 1 >= stop_after_epoch:
            break
    X, y = dataset.tensors
    model.eval()
    with torch.no_grad():
        return nn.functional.cross_entropy(model(X), y).item()


def pick_lr(results: dict[float, list[float]]) -> float:
    eligible = {lr: statistics.mean(v) for lr, v in results.items() if v and all(math.isfinite(x) for x in v)}
    if not eligible:
        raise ValueError("no learning rate finished every run with a finite loss")
    best = min(eligible.values())
    return min(lr for lr, mean in eligible.items() if mean <= 1.05 * best)
