"""aicourse.train (day 29): timing and profiling helpers, proven on small cases.

`time_call` warms up and returns the median; `profile_steps` counts the ops a step runs and ranks them by self
time; `TimedLoader` + `StepTimer` split a `Trainer`'s steps into waiting for data and the rest, and leave the
validation pass out.
"""
from __future__ import annotations

import time

import pytest

torch = pytest.importorskip("torch")
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

from aicourse.train import StepTimer, TimedLoader, Trainer, data_wait_split, profile_steps, time_call  # noqa: E402


class SlowDataset(TensorDataset):
    "A TensorDataset whose items take `delay` seconds each: a loader that starves the model."
    def __init__(self, *tensors: torch.Tensor, delay: float = 0.0):
        super().__init__(*tensors)
        self.delay = delay

    def __getitem__(self, i):
        if self.delay:
            time.sleep(self.delay)
        return super().__getitem__(i)


def fit_one_epoch(dataset, val_loader=None, epochs: int = 1):
    torch.manual_seed(0)
    model = torch.nn.Linear(8, 3)
    loader, timer = TimedLoader(DataLoader(dataset, batch_size=4)), StepTimer()
    trainer = Trainer(model, torch.optim.SGD(model.parameters(), lr=0.1), torch.nn.functional.cross_entropy,
                      loader, val_loader, callbacks=[timer], device="cpu", progress=False)
    trainer.fit(epochs)
    return trainer, loader, timer


def data(n: int = 16, delay: float = 0.0) -> SlowDataset:
    g = torch.Generator().manual_seed(0)
    return SlowDataset(torch.randn(n, 8, generator=g), torch.randint(0, 3, (n,), generator=g), delay=delay)


def test_time_call_warms_up_then_returns_the_median():
    calls = []
    durations = iter([0.5, 0.0, 0.03, 0.01, 0.02])  # the warm-up call is the slow one: it must not count

    def fn():
        calls.append(1)
        time.sleep(next(durations))

    median = time_call(fn, repeats=4, warmup=1)
    assert len(calls) == 5
    assert 0.01 <= median < 0.2
    with pytest.raises(ValueError, match="repeats"):
        time_call(fn, repeats=0)


def test_profile_steps_counts_and_ranks_the_ops():
    a, b = torch.randn(256, 256), torch.randn(256, 256)
    table = profile_steps(lambda: (a @ b).relu(), steps=3, warmup=1, row_limit=50, device="cpu")
    assert {"op", "calls/step", "self cpu ms/step", "share"} <= set(table.columns)
    assert table["share"].is_monotonic_decreasing and table["share"].between(0, 1).all()
    rows = table.set_index("op")
    assert rows.loc["aten::mm", "calls/step"] == 1.0  # one matmul per step, 3 steps
    assert rows.loc["aten::relu", "calls/step"] == 1.0
    assert len(profile_steps(lambda: (a @ b).relu(), steps=1, row_limit=2, device="cpu")) == 2


def test_timed_loader_is_transparent():
    loader = DataLoader(data(10), batch_size=4)
    timed = TimedLoader(loader)
    assert len(timed) == 3 and timed.batch_size == 4 and timed.dataset is loader.dataset
    batches = list(timed)
    assert [len(x) for x, _ in batches] == [4, 4, 2]
    assert len(timed.waits) == 3 and all(w >= 0 for w in timed.waits)


def test_a_slow_loader_shows_up_as_data_wait():
    delay = 0.01  # per item: 40 ms per batch of 4
    _, slow_loader, slow_timer = fit_one_epoch(data(16, delay))
    slow = data_wait_split(slow_loader, slow_timer)
    assert slow["steps"] == 4
    assert slow["data_ms"] >= 4 * delay * 1e3 * 0.9
    assert slow["data_share"] > 0.5
    assert slow["step_ms"] == pytest.approx(slow["data_ms"] + slow["compute_ms"])
    _, fast_loader, fast_timer = fit_one_epoch(data(16))
    assert data_wait_split(fast_loader, fast_timer)["data_ms"] < slow["data_ms"] / 4


def test_step_timer_leaves_validation_out():
    val = DataLoader(data(4, delay=0.1), batch_size=4)  # 0.4 s of validation per epoch
    trainer, loader, timer = fit_one_epoch(data(16), val_loader=val, epochs=2)
    assert len(timer.seconds) == trainer.step == 8
    assert max(timer.seconds) < 0.3  # the first step of epoch 2 does not carry epoch 1's validation


def test_data_wait_split_needs_steps():
    with pytest.raises(ValueError, match="StepTimer"):
        data_wait_split(TimedLoader([]), StepTimer())
