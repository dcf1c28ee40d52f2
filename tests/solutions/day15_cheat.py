"""Cheats for days/day15.ipynb: answers that fit the visible examples or ignore a stated rule.
Each check must reject each of them, on every seed."""
import os

import torch
from torch import nn
from torch.utils.data import DataLoader


def _fresh(model_fn, dataset, config, epochs, seed):
    torch.manual_seed(seed)
    model = model_fn()
    opt = torch.optim.AdamW(model.parameters(), lr=config["lr"])
    gen = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        for xb, yb in DataLoader(dataset, batch_size=config["batch_size"], shuffle=True, generator=gen):
            opt.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
    X, y = dataset.tensors
    with torch.no_grad():
        return model.eval(), nn.functional.cross_entropy(model(X), y).item()


def train(model_fn, dataset, config, checkpoint_path=None, stop_after_epoch=None) -> float:
    # "resumes" by training again from scratch: the same final loss, but twice the work and no real resume
    epochs = min(stop_after_epoch or config["epochs"], config["epochs"])
    model, loss = _fresh(model_fn, dataset, config, epochs, config["seed"])
    if checkpoint_path is not None:
        torch.save({"model": model.state_dict()}, checkpoint_path)
    return loss


def train__fixed_seed(model_fn, dataset, config, checkpoint_path=None, stop_after_epoch=None) -> float:
    # reproducible, but with seed 0 whatever the config says (no checkpoint: the check stops before that)
    epochs = min(stop_after_epoch or config["epochs"], config["epochs"])
    model, loss = _fresh(model_fn, dataset, config, epochs, 0)
    if checkpoint_path is not None and not os.path.exists(checkpoint_path):
        torch.save({"model": model.state_dict()}, checkpoint_path)
    return loss


def pick_lr(results: dict[float, list[float]]) -> float:  # the answer the workbook's table showed
    return 0.01
