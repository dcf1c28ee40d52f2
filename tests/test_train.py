"""aicourse.train (days 11-13): the Trainer's promises, proven.

Resume after a real SIGKILL ends with the same weights as an uninterrupted run (bitwise on CPU); 4 accumulated
batches of 8 make the update of one batch of 32; AMP trains to a comparable loss; NaN and OOM end the run with
advice; checkpoints are written atomically and bad ones give clear errors.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from unittest import mock

import pytest

torch = pytest.importorskip("torch")
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

from aicourse.train import (  # noqa: E402
    Callback,
    CheckpointError,
    EarlyStopping,
    Trainer,
    TrainingDiverged,
    TrainingOutOfMemory,
    atomic_save,
    batch_accuracy,
    read_checkpoint,
)

ROOT = Path(__file__).resolve().parents[1]


def data(n: int = 256, seed: int = 0) -> TensorDataset:
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 16, generator=g)
    y = (X[:, :4].sum(1) > 0).long() + 2 * (X[:, 4] > 0).long()  # 4 classes a small MLP can learn
    return TensorDataset(X, y)


def mlp(dropout: float = 0.0) -> torch.nn.Module:
    return torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.ReLU(), torch.nn.Dropout(dropout), torch.nn.Linear(32, 4))


def trainer(seed: int = 0, batch_size: int = 32, lr: float = 1e-2, dropout: float = 0.0, opt: str = "adamw",
            **kwargs) -> Trainer:
    torch.manual_seed(seed)
    model = mlp(dropout)
    optimizer = (torch.optim.AdamW(model.parameters(), lr=lr) if opt == "adamw"
                 else torch.optim.SGD(model.parameters(), lr=lr))
    loader = kwargs.pop("loader", None) or DataLoader(data(), batch_size=batch_size, shuffle=True)
    return Trainer(model, optimizer, torch.nn.functional.cross_entropy, loader,
                   kwargs.pop("val_loader", DataLoader(data(128, seed=1), batch_size=64)),
                   device="cpu", progress=kwargs.pop("progress", False), **kwargs)


def same(a: torch.nn.Module, b: torch.nn.Module) -> bool:
    return all(torch.equal(v, b.state_dict()[k]) for k, v in a.state_dict().items())


# --- resume after SIGKILL ---------------------------------------------------------------------------------

RUN = textwrap.dedent('''
    import sys, time
    import torch
    torch.set_num_threads(1)
    from torch.utils.data import DataLoader, TensorDataset
    from aicourse.core import seed_everything
    from aicourse.train import Callback, EarlyStopping, Trainer

    ckpt_dir, out, kill_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
    g = torch.Generator().manual_seed(0)
    X = torch.randn(600, 16, generator=g)
    y = (X[:, :4].sum(1) > 0).long()
    seed_everything(0)
    model = torch.nn.Sequential(torch.nn.Linear(16, 64), torch.nn.ReLU(), torch.nn.Dropout(0.2), torch.nn.Linear(64, 2))
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    loader = DataLoader(TensorDataset(X[:500], y[:500]), batch_size=20, shuffle=True)  # 25 steps per epoch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=3 * len(loader))

    class Hang(Callback):  # stands for a long step: the parent kills us here
        def on_step_end(self, trainer, logs):
            if trainer.step == kill_at:
                print("STEP", trainer.step, flush=True)
                time.sleep(120)

    trainer = Trainer(model, opt, torch.nn.functional.cross_entropy, loader,
                      DataLoader(TensorDataset(X[500:], y[500:]), batch_size=50), scheduler=sched,
                      callbacks=[EarlyStopping(patience=5), Hang()], device="cpu", progress=False,
                      checkpoint_dir=ckpt_dir, checkpoint_every=4)
    trainer.fit(3)
    torch.save({"model": model.state_dict(), "history": trainer.history, "step": trainer.step}, out)
''')


def test_resume_after_sigkill_mid_epoch_is_bitwise(tmp_path):
    script = tmp_path / "run.py"
    script.write_text(RUN)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, str(script)]
    # the uninterrupted run, in its own folder
    subprocess.run([*cmd, str(tmp_path / "a"), str(tmp_path / "a.pt"), "-1"], env=env, check=True, timeout=120)
    # the run we kill with SIGKILL at step 38: mid-epoch 1, two steps after the checkpoint of step 36
    proc = subprocess.Popen([*cmd, str(tmp_path / "b"), str(tmp_path / "unused.pt"), "38"], env=env,
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "STEP 38", line
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        proc.kill()
        proc.stdout.close()
    saved = read_checkpoint(tmp_path / "b" / "last.pt")
    assert (saved["step"], saved["epoch"], saved["batch_in_epoch"]) == (36, 1, 11)  # mid-epoch
    # resume: the same command, without the kill
    subprocess.run([*cmd, str(tmp_path / "b"), str(tmp_path / "b.pt"), "-1"], env=env, check=True, timeout=120)
    a, b = torch.load(tmp_path / "a.pt"), torch.load(tmp_path / "b.pt")
    assert a["step"] == b["step"] == 75
    assert all(torch.equal(a["model"][k], b["model"][k]) for k in a["model"])
    assert a["history"] == b["history"]


def test_resume_in_process_restores_everything(tmp_path):
    "A crash (an exception) at step 13, mid-epoch; a fresh Trainer with another seed resumes to the same weights."
    reference = trainer(dropout=0.3, scheduler_interval="step")
    reference.fit(3)

    class Crash(Callback):
        def on_step_end(self, t, logs):
            if t.step == 13:
                raise KeyboardInterrupt  # even a Ctrl-C mid-run leaves the last checkpoint
    crashed = trainer(dropout=0.3, checkpoint_dir=tmp_path, checkpoint_every=5, callbacks=[Crash()])
    with pytest.raises(KeyboardInterrupt):
        crashed.fit(3)
    resumed = trainer(seed=7, dropout=0.3, checkpoint_dir=tmp_path, checkpoint_every=5, callbacks=[Callback()])
    torch.rand(10)
    resumed.fit(3)
    assert same(resumed.model, reference.model) and resumed.history == reference.history


# --- the loop ---------------------------------------------------------------------------------------------

def test_trainer_is_the_bare_loop():
    torch.manual_seed(0)
    model = mlp()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    loader = DataLoader(data(), batch_size=32, shuffle=True)
    for _ in range(2):
        for xb, yb in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
    t = trainer(val_loader=None)
    history = t.fit(2)
    assert same(t.model, model)
    assert [h["epoch"] for h in history] == [0.0, 1.0] and set(history[0]) == {"epoch", "train_loss"}


def test_callbacks_see_the_logs_and_can_stop():
    seen: dict[str, list] = {"step": [], "epoch": [], "begin": [], "end": []}

    class Spy(Callback):
        def on_train_begin(self, t):
            seen["begin"].append(t.step)

        def on_step_end(self, t, logs):
            seen["step"].append((t.step, sorted(logs)))
            if t.step == 12:
                t.stop_training = True

        def on_epoch_end(self, t, logs):
            seen["epoch"].append(sorted(logs))

        def on_train_end(self, t):
            seen["end"].append(t.step)
    t = trainer(metrics={"acc": batch_accuracy}, callbacks=[Spy()])
    history = t.fit(5)
    assert seen["begin"] == [0] and seen["end"] == [12] and len(history) == 2  # 8 steps per epoch: stops in epoch 2
    assert seen["step"][0] == (1, ["loss", "lr"]) and [s for s, _ in seen["step"]] == list(range(1, 13))
    assert seen["epoch"][0] == ["acc", "epoch", "train_loss", "val_loss"]


def test_early_stopping_stops_after_patience():
    class Flat(Callback):  # make val_loss stop improving after epoch 1
        def on_epoch_end(self, t, logs):
            logs["val_loss"] = [3.0, 2.0, 2.5, 2.0, 2.1, 1.0][int(logs["epoch"])]
    stopper = EarlyStopping(patience=3)
    history = trainer(callbacks=[Flat(), stopper]).fit(6)
    assert len(history) == 5 and stopper.best_epoch == 1 and stopper.wait == 3
    with pytest.raises(KeyError, match="pass a val_loader"):
        trainer(val_loader=None, callbacks=[EarlyStopping()]).fit(1)


def test_scheduler_steps_per_optimizer_step_and_clipping_bounds_the_norm():
    t = trainer(lr=1.0, opt="sgd", grad_clip=0.5, accumulation_steps=2)
    t.scheduler = torch.optim.lr_scheduler.LambdaLR(t.optimizer, lambda step: 1 / (1 + step))
    norms = []

    class Norm(Callback):
        def on_step_end(self, tr, logs):
            norms.append(logs["lr"])
    t.callbacks.append(Norm())
    t.fit(1)
    assert t.step == 4 and norms == pytest.approx([1, 1 / 2, 1 / 3, 1 / 4])  # 8 batches, 2 per step
    p = torch.nn.Parameter(torch.ones(3))
    p.grad = torch.full((3,), 10.0)
    torch.nn.utils.clip_grad_norm_([p], 0.5)
    assert p.grad.norm().item() == pytest.approx(0.5, rel=1e-5)


# --- accumulation and AMP ---------------------------------------------------------------------------------

def test_accumulating_4_batches_of_8_equals_one_batch_of_32():
    def run(batch_size: int, steps: int) -> torch.nn.Module:
        loader = DataLoader(data(), batch_size=batch_size, shuffle=True, generator=torch.Generator().manual_seed(1))
        t = trainer(opt="sgd", lr=0.5, loader=loader, accumulation_steps=steps, val_loader=None)
        t.fit(1)
        assert t.step == 8
        return t.model
    big, small = run(32, 1), run(8, 4)
    diff = max((a - b).abs().max().item() for a, b in zip(big.parameters(), small.parameters(), strict=True))
    assert diff < 1e-6
    # a last group of 3 batches (an epoch of 7 x 8 samples) is divided by 3, not 4
    short = TensorDataset(*data()[:56])
    a = trainer(opt="sgd", lr=0.5, loader=DataLoader(short, batch_size=8), accumulation_steps=4, val_loader=None)
    b = trainer(opt="sgd", lr=0.5, loader=DataLoader(short, batch_size=32), val_loader=None)
    a.fit(1)
    b.fit(1)
    assert a.step == b.step == 2
    assert max((p - q).abs().max().item() for p, q in zip(a.model.parameters(), b.model.parameters(), strict=True)) < 1e-6


@pytest.mark.parametrize("dtype", ["bfloat16", "float16"])
def test_amp_trains_to_a_comparable_loss(dtype):
    fp32 = trainer(lr=3e-2)
    fp32.fit(2)
    amp = trainer(lr=3e-2, amp=getattr(torch, dtype))
    amp.fit(2)
    assert amp.amp_dtype == getattr(torch, dtype)
    assert (amp.scaler is not None) == (dtype == "float16")  # fp16 needs the GradScaler, bf16 does not
    a, b = fp32.history[-1]["val_loss"], amp.history[-1]["val_loss"]
    assert abs(a - b) < 0.1 * a, (a, b)
    assert b < fp32.history[0]["val_loss"] * 1.5  # and it learned something


def test_amp_true_follows_the_course_rule():
    with mock.patch("aicourse.core.cpu_supports_bf16", return_value=False):
        assert trainer(amp=True).amp_dtype is None  # emulated bf16 on a CPU: stay in float32
    with mock.patch("aicourse.core.cpu_supports_bf16", return_value=True):
        assert trainer(amp=True).amp_dtype == torch.bfloat16
    assert trainer().amp_dtype is None and trainer(amp=False).scaler is None
    with pytest.raises(TypeError, match="amp is True, False, None or a torch.dtype"):
        trainer(amp="bf16")


# --- failures that say what to try ------------------------------------------------------------------------

def test_nan_loss_ends_the_run_with_advice():
    t = trainer(opt="sgd", lr=1e6)
    with pytest.raises(TrainingDiverged, match=r"the loss became (nan|inf).*lower the learning rate.*grad_clip"):
        t.fit(3)
    assert t.epoch == 0 and t.step < 8

    def nan_loss(y_hat, y):
        return torch.nn.functional.cross_entropy(y_hat, y) * float("nan")
    t = trainer()
    t.loss_fn = nan_loss
    with pytest.raises(TrainingDiverged, match="at step 0 .*batch 0"):
        t.fit(1)


def test_out_of_memory_ends_the_run_with_advice():
    class SmallGPU(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.net = mlp()

        def forward(self, x):
            if len(x) > 16:
                raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
            return self.net(x)
    ended = []

    class End(Callback):
        def on_train_end(self, t):
            ended.append(t.step)
    torch.manual_seed(0)
    model = SmallGPU()
    t = Trainer(model, torch.optim.AdamW(model.parameters()), torch.nn.functional.cross_entropy,
                DataLoader(data(), batch_size=32), callbacks=[End()], device="cpu", progress=False)
    with pytest.raises(TrainingOutOfMemory) as info:
        t.fit(1)
    message = str(info.value)
    assert "out of memory on cpu at step 0" in message and "Tried to allocate 2.00 GiB" in message
    assert "halve the batch size (32 -> 16) and double accumulation_steps (1 -> 2)" in message
    assert info.value.__cause__ is None and ended == [0]  # no chained traceback; callbacks still ended
    t.train_loader, t.accumulation_steps = DataLoader(data(), batch_size=16), 2  # follow the advice
    assert len(t.fit(1)) == 1 and t.step == 8


# --- checkpoints ------------------------------------------------------------------------------------------

def test_atomic_save_keeps_the_previous_file_through_a_crash(tmp_path):
    path = tmp_path / "last.pt"
    atomic_save({"step": 1}, path)
    atomic_save({"step": 2}, path)
    real_save = torch.save

    def dies_halfway(obj, f):
        import io
        buffer = io.BytesIO()
        real_save(obj, buffer)
        f.write(buffer.getvalue()[:100])
        raise OSError("No space left on device")
    with mock.patch("torch.save", dies_halfway), pytest.raises(OSError, match="No space"):
        atomic_save({"step": 3}, path)
    assert torch.load(path)["step"] == 2 and torch.load(tmp_path / "last.pt.prev")["step"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["last.pt", "last.pt.prev"]  # no temporary file left


def test_bad_checkpoints_give_clear_errors(tmp_path):
    good = trainer()
    good.fit(1)
    path = good.save_checkpoint(tmp_path / "good.pt")
    data_bytes = path.read_bytes()
    (tmp_path / "cut.pt").write_bytes(data_bytes[: len(data_bytes) // 2])
    (tmp_path / "junk.pt").write_bytes(b"\x00garbage" * 10)
    torch.save(good.model.state_dict(), tmp_path / "plain.pt")
    torch.save({**good.state_dict(), "format": "aicourse.train/0"}, tmp_path / "old.pt")
    for name, words in [("cut.pt", "not a readable checkpoint"), ("junk.pt", "not a readable checkpoint"),
                        ("plain.pt", "was not written by Trainer.save_checkpoint"), ("old.pt", "has format"),
                        ("missing.pt", "no such checkpoint")]:
        with pytest.raises(CheckpointError, match=words):
            read_checkpoint(tmp_path / name)
    other = trainer()
    other.model[0] = torch.nn.Linear(16, 8)
    other.model[3] = torch.nn.Linear(8, 4)
    before = {k: v.clone() for k, v in other.model.state_dict().items()}
    with pytest.raises(CheckpointError, match="holds another model.*other shapes"):
        other.load_checkpoint(path)
    assert all(torch.equal(v, other.model.state_dict()[k]) for k, v in before.items())  # untouched
    with pytest.raises(CheckpointError, match="same callbacks"):
        trainer(callbacks=[EarlyStopping()]).load_checkpoint(path)


def test_a_corrupt_last_checkpoint_is_not_skipped_silently(tmp_path):
    t = trainer(checkpoint_dir=tmp_path)
    t.fit(2)
    assert (tmp_path / "last.pt.prev").is_file()
    (tmp_path / "last.pt").write_bytes((tmp_path / "last.pt").read_bytes()[:500])
    with pytest.raises(CheckpointError, match=r"last.pt.prev is there: move it to last.pt"):
        trainer(checkpoint_dir=tmp_path).fit(3)
    os.replace(tmp_path / "last.pt.prev", tmp_path / "last.pt")  # follow the advice
    resumed = trainer(checkpoint_dir=tmp_path)
    resumed.fit(3)
    assert [h["epoch"] for h in resumed.history] == [0.0, 1.0, 2.0]


def test_importing_the_module_stays_light():
    code = "import sys, aicourse.train; print('torch' in sys.modules, 'tqdm' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_progress_bar_does_not_change_the_run(capsys):
    start = time.perf_counter()
    quiet = trainer()
    quiet.fit(1)
    loud = trainer(progress=True)
    loud.fit(1)
    assert same(quiet.model, loud.model) and time.perf_counter() - start < 30
