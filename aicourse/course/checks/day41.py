"""Checks for days/day41.ipynb: the loss of an accumulated optimizer step, how many optimizer steps a run takes, and
which checkpoint to keep from a Trainer's log history."""
from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

from aicourse.course.checks import CheckFailed, call, exercise, raised, show


def _step_loss(losses: list[float], counts: list[int]) -> float:
    pairs = [(loss, n) for loss, n in zip(losses, counts, strict=True) if n > 0]
    return sum(loss * n for loss, n in pairs) / sum(n for _, n in pairs)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@exercise("day41.step_loss",
          question="A micro-batch's loss is the MEAN over its own answer tokens. The step's loss weighs every token the "
                   "same: do you multiply each mean by its token count before dividing by the total? A micro-batch with "
                   "0 tokens has a NaN mean: skip it. Different lengths or no tokens at all: ValueError.",
          recipe="if len(losses) != len(counts) or sum(counts) == 0: raise ValueError(...); "
                 "return sum(l * n for l, n in zip(losses, counts) if n > 0) / sum(counts)")
def check_step_loss(step_loss: Callable[..., Any], rng: random.Random) -> int:
    cases: list[tuple[list[float], list[int]]] = [
        ([2.0, 1.0], [10, 90]),              # the naive mean would say 1.5
        ([0.7], [5]),                        # one micro-batch: its own mean
        ([1.0, 3.0, 2.0], [1, 1, 1]),         # equal counts: the plain mean is right
        ([1.5, float("nan"), 0.5], [4, 0, 4]),  # an empty micro-batch (every label -100)
        ([float("nan"), 2.5], [0, 3]),
    ]
    for _ in range(30):
        k = rng.randint(1, 8)
        counts = [rng.choice([0, rng.randint(1, 5), rng.randint(1, 400)]) for _ in range(k)]
        if sum(counts) == 0:
            counts[rng.randrange(k)] = rng.randint(1, 50)
        cases.append(([round(rng.uniform(0.05, 4.0), 4) if n else float("nan") for n in counts], counts))
    for losses, counts in cases:
        got = call("step_loss", step_loss, list(losses), list(counts))
        want = _step_loss(losses, counts)
        if not (_is_number(got) and math.isclose(float(got), want, rel_tol=1e-9, abs_tol=1e-12)):
            raise CheckFailed(f"step_loss({show(losses)}, {show(counts)}) returned {show(got)}, expected {want:.6g}")
    for losses, counts in [([1.0, 2.0], [3]), ([float("nan")], [0]), ([], [])]:
        err = raised(step_loss, losses, counts)
        if not isinstance(err, ValueError):
            what = "returned" if err is None else f"raised {type(err).__name__}"
            raise CheckFailed(f"step_loss({losses}, {counts}) {what}: raise ValueError when the lists differ in length "
                              "or there is no answer token at all")
    return len(cases) + 3


def _steps(n_chats: int, batch: int, accumulate: int, devices: int, epochs: int) -> int:
    rounds = -(-n_chats // (batch * devices))
    return -(-rounds // accumulate) * epochs


@exercise("day41.optimizer_steps",
          question="Round up twice, per epoch: first the micro-batch rounds (a short last round still runs), then the "
                   "optimizer steps (a short last accumulation still steps). Do you multiply by epochs only at the end? "
                   "And any argument below 1: ValueError.",
          recipe="rounds = ceil(n_chats / (batch * devices)); return ceil(rounds / accumulate) * epochs "
                 "(use -(-a // b) for an exact integer ceil)")
def check_optimizer_steps(optimizer_steps: Callable[..., Any], rng: random.Random) -> int:
    cases = [(100, 8, 4, 1, 3), (16, 2, 2, 1, 1), (8, 1, 2, 1, 1), (5, 2, 2, 1, 1), (1, 8, 8, 1, 1),
             (800, 8, 4, 1, 2), (1000, 4, 4, 8, 1), (33, 4, 2, 2, 5)]
    for _ in range(40):
        cases.append((rng.randint(1, 5000), rng.randint(1, 32), rng.randint(1, 16), rng.choice([1, 1, 2, 4, 8]),
                      rng.randint(1, 5)))
    for args in cases:
        got = call("optimizer_steps", optimizer_steps, *args)
        want = _steps(*args)
        if not (_is_number(got) and got == want):
            n, b, a, d, e = args
            raise CheckFailed(f"optimizer_steps(n_chats={n}, batch={b}, accumulate={a}, devices={d}, epochs={e}) "
                              f"returned {show(got)}, expected {want}")
    for bad in [(0, 4, 1, 1, 1), (10, 0, 1, 1, 1), (10, 4, 0, 1, 1), (10, 4, 1, 0, 1), (10, 4, 1, 1, 0)]:
        err = raised(optimizer_steps, *bad)
        if not isinstance(err, ValueError):
            what = "returned" if err is None else f"raised {type(err).__name__}"
            raise CheckFailed(f"optimizer_steps{bad} {what}: raise ValueError when any argument is below 1")
    return len(cases) + 5


def _best(log_history: list[dict], saved_steps: list[int]) -> int | None:
    evals = {h["step"]: h["eval_loss"] for h in log_history if "eval_loss" in h}
    ok = [(evals[s], s) for s in saved_steps if s in evals and math.isfinite(evals[s])]
    return min(ok)[1] if ok else None


def _history(rng: random.Random) -> tuple[list[dict], list[int]]:
    "A Trainer-like log: a train loss every step, evals every k steps (a few NaN), checkpoints every s steps."
    n_steps, k, s = rng.randint(2, 40), rng.randint(1, 6), rng.randint(1, 6)
    log: list[dict] = []
    level = rng.uniform(1.0, 3.0)
    losses = [round(rng.uniform(0.2, 2.0), 2) for _ in range(4)]  # few distinct values: ties happen
    for step in range(1, n_steps + 1):
        level *= rng.uniform(0.8, 1.05)
        log.append({"loss": round(level * rng.uniform(0.3, 1.0), 4), "grad_norm": rng.uniform(0.1, 3),
                    "learning_rate": 1e-3, "epoch": step / n_steps, "step": step})
        if step % k == 0:
            value = float("nan") if rng.random() < 0.1 else rng.choice(losses)
            log.append({"eval_loss": value, "eval_runtime": rng.uniform(0.1, 2), "epoch": step / n_steps, "step": step})
    log.append({"train_runtime": 9.9, "train_loss": round(level, 4), "epoch": 1.0, "step": n_steps})
    saved = list(range(s, n_steps + 1, s))
    saved = sorted(rng.sample(saved, min(len(saved), rng.choice([1, 2, 3, len(saved)])))) if saved else []
    return log, saved


@exercise("day41.best_checkpoint",
          question="Only a step that was saved AND has an eval_loss at that same step is a candidate; the train `loss` "
                   "never counts, a NaN eval_loss is not a candidate, ties go to the EARLIEST step, and no candidate "
                   "means None. Which of these does your answer skip?",
          recipe="evals = {h['step']: h['eval_loss'] for h in log_history if 'eval_loss' in h}; "
                 "ok = [(evals[s], s) for s in saved_steps if s in evals and math.isfinite(evals[s])]; "
                 "return min(ok)[1] if ok else None")
def check_best_checkpoint(best_checkpoint: Callable[..., Any], rng: random.Random) -> int:
    def ev(step: int, value: float) -> dict:
        return {"eval_loss": value, "epoch": step / 10, "step": step}

    def tr(step: int, value: float) -> dict:
        return {"loss": value, "grad_norm": 1.0, "learning_rate": 1e-3, "epoch": step / 10, "step": step}

    cases: list[tuple[list[dict], list[int]]] = [
        ([tr(1, 2.0), tr(2, 1.5), ev(2, 1.4), tr(3, 1.2), tr(4, 0.9), ev(4, 1.1), tr(5, 0.5), tr(6, 0.2), ev(6, 1.3)],
         [4, 6]),                                            # eval rises at the end: keep step 4, not the last
        ([tr(1, 2.0), ev(1, 1.0), tr(2, 0.1), ev(2, 1.0)], [1, 2]),           # a tie: the earlier step
        ([tr(1, 2.0), ev(1, 0.5), tr(2, 1.0), ev(2, 0.9)], [2]),              # the best eval has no checkpoint
        ([tr(1, 2.0), tr(2, 1.0), ev(2, 0.9)], [1]),                          # no eval at the saved step: None
        ([tr(1, 0.01), ev(1, float("nan")), tr(2, 1.0), ev(2, 0.8)], [1, 2]),  # NaN is not a best
        ([tr(1, 0.01), tr(2, 0.005)], [1, 2]),                                # no eval at all: None
        ([tr(3, 1.0), ev(3, 0.7)], []),                                       # nothing saved
    ]
    for _ in range(40):
        cases.append(_history(rng))
    for log, saved in cases:
        got = call("best_checkpoint", best_checkpoint, [dict(h) for h in log], list(saved))
        want = _best(log, saved)
        if got != want or isinstance(got, bool):
            evals = [(h["step"], h["eval_loss"]) for h in log if "eval_loss" in h]
            raise CheckFailed(f"best_checkpoint(...) returned {show(got)}, expected {want!r}; the evals (step, eval_loss) "
                              f"were {show(evals)} and the saved steps {saved}")
    return len(cases)
