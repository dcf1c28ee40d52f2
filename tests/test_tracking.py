"""aicourse.tracking against a real MLflow sqlite store in a temporary folder: a run logged and read back,
the comparison table, the offline promise (no sockets), and the Trainer callback on a tiny run."""
from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys

import pytest

from aicourse import tracking

HAS_TRAIN = importlib.util.find_spec("aicourse.train") is not None


@pytest.fixture(scope="module")
def uri(tmp_path_factory):
    "One store for the module: creating a sqlite store runs MLflow's schema migrations (seconds)."
    return tracking.tracking_uri(tmp_path_factory.mktemp("mlflow") / "mlflow.db")


@pytest.fixture
def no_network(monkeypatch):
    "Any attempt to open a network connection fails the test."
    def refuse(*args, **kwargs):
        raise AssertionError(f"a network connection was attempted: {args}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_tracking_uri_default_env_and_argument(monkeypatch, tmp_path):
    monkeypatch.setenv("AICOURSE_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    assert tracking.tracking_uri() == f"sqlite:///{(tmp_path / 'home' / 'mlflow.db').resolve()}"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://tracker:5000")
    assert tracking.tracking_uri() == "http://tracker:5000"
    assert tracking.tracking_uri(tmp_path / "x.db") == f"sqlite:///{(tmp_path / 'x.db').resolve()}"
    assert tracking.ui_command("http://tracker:5000") == "mlflow ui --backend-store-uri http://tracker:5000"


def test_flatten_params_and_environment():
    from pydantic import BaseModel

    class Optim(BaseModel):
        lr: float = 0.1

    class Config(BaseModel):
        optim: Optim = Optim()
        tags: list[str] = ["a"]

    assert tracking.flatten_params(Config()) == {"optim.lr": 0.1, "tags": ["a"]}
    assert tracking.flatten_params({"a": {}, "b": {"c": None}}) == {"b.c": None}
    with pytest.raises(TypeError, match="not str"):
        tracking.flatten_params("lr=0.1")
    info = tracking.environment_info(seed=3)
    assert info["seed"] == "3" and info["mlflow"] != "not installed" and "python" in info
    assert "mlflow==" in tracking.requirements_text()


def test_a_run_is_logged_and_read_back(uri, tmp_path, no_network):
    import mlflow

    checkpoint = tmp_path / "checkpoint.pt"
    checkpoint.write_bytes(b"weights")
    config = {"optim": {"lr": 0.01, "betas": [0.9, 0.99]}, "epochs": 2}
    run_id = tracking.log_run("t-read", config, {"loss": [1.0, 0.5, 0.25], "acc": 0.75}, seed=7, run_name="r",
                              artifacts=[checkpoint], uri=uri)
    client = mlflow.MlflowClient(uri)
    run = client.get_run(run_id)
    assert run.data.params == {"optim.lr": "0.01", "optim.betas": "[0.9, 0.99]", "epochs": "2", "seed": "7"}
    assert run.data.tags["env.seed"] == "7" and run.info.status == "FINISHED"
    assert [(m.step, m.value) for m in client.get_metric_history(run_id, "loss")] == [(0, 1.0), (1, 0.5), (2, 0.25)]
    files = {f.path for f in client.list_artifacts(run_id)} | {f.path for f in client.list_artifacts(run_id, "environment")}
    assert {"checkpoint.pt", "environment/requirements.txt", "environment/environment.json"} <= files
    folder = client.download_artifacts(run_id, "environment", str(tmp_path / "down"))
    assert json.loads((tmp_path / "down" / "environment" / "environment.json").read_text())["seed"] == "7", folder
    # artifacts sit beside the sqlite file, not in the current folder's ./mlruns
    assert run.info.artifact_uri.startswith(tracking._artifact_location(uri, "t-read"))


def test_start_run_logs_inside_the_context(uri, no_network):
    import mlflow

    with tracking.start_run("t-start", {"lr": 0.1}, seed=1, run_name="ctx", uri=uri) as run:
        mlflow.log_metric("loss", 0.5, step=3)
    stored = mlflow.MlflowClient(uri).get_run(run.info.run_id)
    assert stored.data.params == {"lr": "0.1", "seed": "1"} and stored.data.metrics == {"loss": 0.5}


def test_compare_runs_table_and_plot(uri, no_network):
    import matplotlib

    matplotlib.use("Agg")
    for lr in (0.1, 0.2):
        for seed in (0, 1):
            tracking.log_run("t-compare", {"lr": lr, "epochs": 3, "name": "x"}, {"loss": [1.0, lr * 10 + seed]},
                             seed=seed, run_name=f"lr{lr}-s{seed}", uri=uri)
    table = tracking.compare_runs("t-compare", uri=uri)
    assert list(table.index) == ["lr0.1-s0", "lr0.1-s1", "lr0.2-s0", "lr0.2-s1"]
    assert list(table.columns) == ["lr", "seed", "loss"]  # epochs and name are the same everywhere
    assert table["lr"].tolist() == [0.1, 0.1, 0.2, 0.2] and table["loss"].tolist() == [1.0, 2.0, 2.0, 3.0]
    full = tracking.compare_runs("t-compare", uri=uri, all_params=True)
    assert list(full.columns) == ["epochs", "lr", "name", "seed", "loss"] and full["name"].tolist() == ["x"] * 4
    ax = tracking.plot_runs("t-compare", "loss", uri=uri, color_by="lr")
    assert len(ax.lines) == 4 and sorted(t.get_text() for t in ax.get_legend().get_texts()) == ["lr=0.1", "lr=0.2"]
    with pytest.raises(ValueError, match="no experiment 'nope'"):
        tracking.compare_runs("nope", uri=uri)


def test_compare_runs_keeps_a_param_and_a_metric_of_the_same_name_apart(uri, no_network):
    # MLflowCallback logs the schedule's `lr` as a metric while the config holds `lr` as a param
    for lr in (0.1, 0.2):
        tracking.log_run("t-clash", {"lr": lr}, {"lr": [lr, lr / 10], "loss": [1.0]}, uri=uri)
    table = tracking.compare_runs("t-clash", uri=uri)
    assert list(table.columns) == ["lr", "loss", "metric.lr"]
    assert table["lr"].tolist() == [0.1, 0.2] and table["metric.lr"].tolist() == [0.01, 0.02]


def test_import_is_light_and_sets_no_mlflow_state():
    code = "import sys, aicourse.tracking; print(sorted(m for m in ('mlflow', 'torch', 'pandas') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


@pytest.mark.skipif(not HAS_TRAIN, reason="aicourse.train (day 11) is not there yet")
def test_the_trainer_logs_through_the_callback(uri, no_network):
    import mlflow
    import torch
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset

    from aicourse.train import Trainer

    torch.manual_seed(0)
    X, y = torch.randn(64, 4), torch.randn(64, 1)
    model = nn.Linear(4, 1)
    callback = tracking.MLflowCallback("t-trainer", {"lr": 0.05}, seed=0, uri=uri, log_every=2)
    trainer = Trainer(model, torch.optim.SGD(model.parameters(), lr=0.05), nn.functional.mse_loss,
                      DataLoader(TensorDataset(X, y), batch_size=16), DataLoader(TensorDataset(X, y), batch_size=32),
                      callbacks=[callback], progress=False)
    history = trainer.fit(2)
    client = mlflow.MlflowClient(uri)
    run = client.get_run(callback.run_id)
    assert run.info.status == "FINISHED" and run.data.params == {"lr": "0.05", "seed": "0"}
    assert [m.step for m in client.get_metric_history(callback.run_id, "loss")] == [2, 4, 6, 8]
    assert run.data.metrics["val_loss"] == pytest.approx(history[-1]["val_loss"])
    assert [f.path for f in client.list_artifacts(callback.run_id) if not f.is_dir] == ["checkpoint.pt"]


@pytest.mark.skipif(not HAS_TRAIN, reason="aicourse.train (day 11) is not there yet")
def test_a_run_that_crashes_is_marked_failed(uri, no_network):
    import mlflow
    import torch
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset

    from aicourse.train import Trainer

    def broken_loss(y_hat, y):
        raise RuntimeError("boom")

    model = nn.Linear(2, 1)
    callback = tracking.MLflowCallback("t-crash", uri=uri)
    trainer = Trainer(model, torch.optim.SGD(model.parameters(), lr=0.1), broken_loss,
                      DataLoader(TensorDataset(torch.randn(8, 2), torch.randn(8, 1)), batch_size=4),
                      callbacks=[callback], progress=False)
    with pytest.raises(RuntimeError, match="boom"):
        trainer.fit(1)
    run = mlflow.MlflowClient(uri).get_run(callback.run_id)
    assert run.info.status == "FAILED" and not mlflow.MlflowClient(uri).list_artifacts(callback.run_id, "checkpoint.pt")


def test_mlflow_telemetry_is_off_once_tracking_is_imported():
    "MLflow turns its telemetry off by itself under pytest and CI: check in a process without their variables."
    import os

    env = {k: v for k, v in os.environ.items()
           if k not in ("CI", "PYTEST_CURRENT_TEST", "GITHUB_ACTIONS", "MLFLOW_DISABLE_TELEMETRY", "DO_NOT_TRACK")}
    code = ("import aicourse.tracking, mlflow; from mlflow.telemetry.utils import is_telemetry_disabled; "
            "print(is_telemetry_disabled())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert out.strip() == "True"


def test_temporary_stores_are_removed_once_their_process_is_gone():
    "A killed kernel leaves its store behind; the next temporary store sweeps it away."
    code = "import os, aicourse.tracking as t; print(t.temporary_tracking_uri()); os._exit(0)"  # _exit: no atexit hooks
    uri = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    from pathlib import Path

    left = Path(uri[len("sqlite:///"):]).parent
    assert left.is_dir() and left.name.startswith("aicourse-mlflow-")
    fresh = tracking.temporary_tracking_uri()
    assert not left.exists() and Path(fresh[len("sqlite:///"):]).parent.is_dir()
