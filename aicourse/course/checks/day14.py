"""Checks for days/day14.ipynb: a data loader that repeats its order, the params that vary between runs,
and whether a gap between two settings is larger than the seed's spread."""
from __future__ import annotations

import random
import statistics
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, equal, exercise, raised, show


def _epoch(loader: Any, n: int, batch_size: int, what: str) -> list[int]:
    "The indices one pass over `loader` yields, in order; checks batch sizes and that each item comes once."
    import torch

    order: list[int] = []
    sizes = []
    try:
        for batch in loader:
            if isinstance(batch, (tuple, list)):
                batch = batch[0]
            if not isinstance(batch, torch.Tensor):
                raise CheckFailed(f"{what}: a batch is {show(batch)}, not a tensor (or a tuple/list whose first item is one)")
            sizes.append(len(batch))
            order += [int(i) for i in batch.reshape(-1).tolist()]
    except NotImplementedError:
        raise
    except CheckFailed:
        raise
    except Exception as e:
        raise CheckFailed(f"{what}: iterating over the loader raised {type(e).__name__}: {e}") from None
    want_sizes = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
    if sorted(order) != list(range(n)):
        raise CheckFailed(f"{what}: one pass gave items {show(order)}; each of the {n} items must come exactly once",
                          "Does one pass over your loader cover the whole dataset, each item once?")
    if sizes != want_sizes:
        raise CheckFailed(f"{what}: batches of sizes {show(sizes)}, expected {show(want_sizes)}",
                          "Do you pass batch_size on, and keep the last, smaller batch?")
    return order


@exercise("day14.make_loader",
          question="Which random generator does your loader draw its order from, and when? What happens to it if other "
                   "code draws random numbers between making the loader and using it?",
          recipe="g = torch.Generator().manual_seed(seed); return DataLoader(dataset, batch_size=batch_size, "
                 "shuffle=True, generator=g)")
def check_make_loader(make_loader: Callable[..., Any], rng: random.Random) -> int:
    import torch
    from torch.utils.data import TensorDataset

    cases = 0
    for n, batch_size in [(10, 3), (16, 4), (7, 7), (rng.randint(20, 60), rng.randint(2, 9))]:
        dataset = TensorDataset(torch.arange(n))
        seed = rng.randrange(10**6)
        runs = []
        for _ in range(2):
            torch.manual_seed(rng.randrange(10**6))  # whatever the notebook drew before
            loader = call("make_loader", make_loader, dataset, batch_size, seed)
            torch.manual_seed(rng.randrange(10**6))  # other code draws between making the loader and using it
            torch.rand(3)
            what = f"make_loader(dataset of {n}, {batch_size}, seed={seed})"
            runs.append([_epoch(loader, n, batch_size, f"{what}, epoch {e + 1}") for e in range(3)])
        if runs[0] != runs[1]:
            raise CheckFailed(f"{what} made twice gave different orders: {show(runs[0][0])} then {show(runs[1][0])}",
                              "Does your loader's order depend on PyTorch's global generator, which other code moves?")
        epochs = runs[0]
        if epochs[0] == epochs[1] == epochs[2]:
            raise CheckFailed(f"{what}: three passes gave the same order {show(epochs[0])}; each epoch must be reshuffled",
                              "Do you re-seed on every pass, or not shuffle at all?")
        if all(o == sorted(o) for o in epochs):
            raise CheckFailed(f"{what}: the order is not shuffled: {show(epochs[0])}")
        torch.manual_seed(rng.randrange(10**6))
        other = _epoch(call("make_loader", make_loader, dataset, batch_size, seed + 1), n, batch_size,
                       f"make_loader(dataset of {n}, {batch_size}, seed={seed + 1})")
        if other == epochs[0] and n > 5:
            raise CheckFailed(f"seeds {seed} and {seed + 1} gave the same order {show(other)}; the seed must matter",
                              "Do you use the seed you were given, or a fixed one?")
        cases += 1
    return cases


def _reference_varying(runs: list[dict[str, str]]) -> list[str]:
    keys = sorted(set().union(*runs)) if runs else []
    return [k for k in keys if len({r.get(k, None) for r in runs}) > 1 or any(k not in r for r in runs)]


@exercise("day14.varying_params",
          question="Which keys do you look at: only the first run's? And is a key that one run lacks the same in every run?",
          recipe="keys = set().union(*runs); a key varies when some run lacks it or the runs hold more than one value "
                 "for it; return sorted(those keys)")
def check_varying_params(varying_params: Callable[[list[dict[str, str]]], list[str]], rng: random.Random) -> int:
    cases: list[list[dict[str, str]]] = [
        [], [{"lr": "0.1"}], [{"lr": "0.1"}, {"lr": "0.1"}],
        [{"lr": "0.1", "seed": "0"}, {"lr": "0.1", "seed": "1"}],
        [{"lr": "0.1"}, {"lr": "0.10"}],  # the same number written differently: the text differs
        [{"lr": "0.1"}, {"lr": "0.1", "warmup": "100"}],  # a key only a later run has
        [{"lr": "0.1", "wd": "0"}, {"lr": "0.1"}],  # a key the later run lacks
        [{"a": "1", "b": "2"}, {"a": "1", "b": "2"}, {"a": "1", "b": "3"}],  # differs only in the third run
        [{"x": ""}, {"x": ""}, {}],
    ]
    names = ["lr", "seed", "batch_size", "optim.lr", "optim.wd", "model.width", "epochs", "data.path"]
    for _ in range(12):
        base = {k: rng.choice(["1", "0.1", "adamw", "", "None"]) for k in rng.sample(names, rng.randint(1, 6))}
        runs = []
        for _ in range(rng.randint(2, 6)):
            run = dict(base)
            if rng.random() < 0.4:
                run[rng.choice(names)] = rng.choice(["2", "0.01", "sgd"])
            if rng.random() < 0.2 and run:
                del run[rng.choice(sorted(run))]
            runs.append(run)
        cases.append(runs)
    for runs in cases:
        snapshot = [dict(r) for r in runs]
        got = call("varying_params", varying_params, runs)
        want = _reference_varying(snapshot)
        if runs != snapshot:
            raise CheckFailed(f"varying_params changed the runs it was given: {show(snapshot)} became {show(runs)}")
        if not equal(got, want):
            raise CheckFailed(f"varying_params({show(snapshot)}) returned {show(got)}, expected {show(want)}")
    return len(cases)


def _reference_improvement(baseline: list[float], candidate: list[float]) -> bool:
    gap = statistics.fmean(baseline) - statistics.fmean(candidate)
    return gap > 2 * max(statistics.stdev(baseline), statistics.stdev(candidate))


@exercise("day14.real_improvement",
          question="Which standard deviation does the rule ask for (divide by n or by n - 1)? Which direction is "
                   "better for a loss? Do you use every seed?",
          recipe="raise ValueError if len(baseline) < 2 or len(candidate) < 2; gap = mean(baseline) - mean(candidate); "
                 "return gap > 2 * max(statistics.stdev(baseline), statistics.stdev(candidate))")
def check_real_improvement(real_improvement: Callable[[list[float], list[float]], bool], rng: random.Random) -> int:
    edge: list[tuple[list[float], list[float]]] = [
        ([0.5, 0.5], [0.4, 0.4]),  # no spread, lower: True
        ([0.5, 0.5], [0.5, 0.5]),  # equal: no gap
        ([0.4, 0.4], [0.5, 0.5]),  # worse by as much: False (lower is better)
        ([2.0, 1.0], [0.3, 0.3]),  # gap 1.2; 2*sample std 1.41 (2*population std 1.0): False
        ([0.3, 0.5], [0.0, 0.2]),  # gap 0.3; 2*sample std 0.283: True
        ([0.6, 0.6, 0.2], [0.05, 0.05, 0.05]),  # gap 0.417; 2*sample std 0.462 (population 0.377): False
        ([0.9, 0.1, 0.1], [0.1, 0.1, 0.1]),  # the first seeds alone look like a huge gain: False
        ([0.1, 0.9, 0.9], [0.1, 0.1, 0.1]),  # gap 0.533, 2*sample std 0.924: False
        ([2.0, 2.1, 1.9, 2.0], [1.0, 1.1, 0.9, 1.0]),  # clearly better: True
    ]
    cases = list(edge)
    while len(cases) < len(edge) + 25:
        n_b, n_c = rng.randint(2, 8), rng.randint(2, 8)
        center, spread = rng.uniform(0.1, 2.0), rng.uniform(0.001, 0.3)
        shift = rng.choice([-1, 1]) * rng.uniform(0, 4) * spread
        baseline = [round(rng.gauss(center, spread), 4) for _ in range(n_b)]
        candidate = [round(rng.gauss(center - shift, spread), 4) for _ in range(n_c)]
        gap = statistics.fmean(baseline) - statistics.fmean(candidate)
        bound = 2 * max(statistics.stdev(baseline), statistics.stdev(candidate))
        if abs(gap - bound) < 1e-6 or abs(gap - 2 * max(statistics.pstdev(baseline), statistics.pstdev(candidate))) < 1e-6:
            continue  # too close to call in floating point
        cases.append((baseline, candidate))
    for baseline, candidate in cases:
        got = call("real_improvement", real_improvement, list(baseline), list(candidate))
        want = _reference_improvement(baseline, candidate)
        if not equal(got, want):
            gap = statistics.fmean(baseline) - statistics.fmean(candidate)
            raise CheckFailed(f"real_improvement({show(baseline)}, {show(candidate)}) returned {show(got)}, expected {want} "
                              f"(the means differ by {gap:.4g})")
    for baseline, candidate in [([0.5], [0.1, 0.2]), ([0.5, 0.4], [0.1]), ([], [])]:
        error = raised(real_improvement, baseline, candidate)
        if not isinstance(error, ValueError):
            got = "returned" if error is None else f"raised {type(error).__name__}"
            raise CheckFailed(f"real_improvement({baseline}, {candidate}) {got}; a ValueError is expected: one seed has no spread",
                              "What does the statement say when a side has fewer than two seeds?")
    return len(cases) + 3
