"""Test-suite glue at the repo root.

1. nbval does not read nbdev directives, so cells marked `#| eval: false`,
   `#| slow` or `#| gpu` would run under nbval. We turn them into skips here,
   with the same rule `aicourse nb sync` uses when it executes a notebook.
2. At the end we print the slowest notebooks. In the `ci` profile a notebook over
   its budget (60 s, kernel start included) fails the run, and so does a full run whose
   lessons take more than 30 s on average: 90 lessons and 90 workbooks must keep `.ci/run`
   within 45 minutes (tests/bench/suite.py measures and projects it), so a slow lesson is a
   bug, not a warning.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from aicourse.authoring.notebooks import NOTEBOOK_BUDGET_S, cell_skip_reason, profile_under_test

LESSON_MEAN_BUDGET_S = 30.0  # mean seconds per lesson in ci, over a run of every lesson
_LESSONS = {str(p.relative_to(Path(__file__).parent)) for p in Path(__file__).parent.glob("nbs/*/day*.ipynb")}

_notebook_seconds: dict[str, float] = defaultdict(float)
_notebook_cells: dict[str, int] = defaultdict(int)


# Shared by tests/test_llm_chat.py, test_hallucination.py and test_pairwise_eval.py. It lives here, not in
# tests/conftest.py, because that file would shadow this root module, which tests/test_devtools.py imports.
@pytest.fixture(scope="module")
def tiny_chat_model():
    "A tiny random Llama with SmolLM2's tokenizer and chat template (no weights to load)."
    transformers = pytest.importorskip("transformers")
    import torch

    from aicourse.course.assets import smollm2_path
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(smollm2_path())
    except Exception as e:  # the offline model is not prepared on this machine
        pytest.skip(f"SmolLM2 tokenizer not available: {e}")
    torch.manual_seed(0)
    config = transformers.LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                                      num_attention_heads=4, num_key_value_heads=2, eos_token_id=tokenizer.eos_token_id)
    return transformers.LlamaForCausalLM(config).eval(), tokenizer


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    profile = profile_under_test()
    for item in items:
        cell = getattr(item, "cell", None)  # set on nbval's notebook-cell items only
        if cell is None or cell.get("cell_type") != "code":
            continue
        reason = cell_skip_reason(cell.get("source", ""), profile)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Under xdist this runs in the controller too, with the workers' reports: the sums cover every notebook.
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _notebook_seconds[path] += report.duration
        if report.when == "call":
            _notebook_cells[path] += 1


def _over_budget() -> dict[str, float]:
    if profile_under_test() != "ci":
        return {}
    return {path: s for path, s in _notebook_seconds.items() if s > NOTEBOOK_BUDGET_S}


def _lesson_mean_over_budget() -> float | None:
    "The mean seconds per lesson when every lesson ran in ci and the mean is over budget, else None."
    timed = [s for path, s in _notebook_seconds.items() if path in _LESSONS]
    if profile_under_test() != "ci" or len(timed) != len(_LESSONS) or not timed:
        return None
    mean = sum(timed) / len(timed)
    return mean if mean > LESSON_MEAN_BUDGET_S else None


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if not _notebook_seconds:
        return
    rows = sorted(_notebook_seconds.items(), key=lambda kv: kv[1], reverse=True)
    tr = terminalreporter
    tr.section(f"slowest notebooks (profile {profile_under_test()}, budget {NOTEBOOK_BUDGET_S:.0f} s each in ci)")
    width = max(len(path) for path, _ in rows)
    tr.write_line(f"{'notebook':<{width}}  {'seconds':>8}  {'cells':>5}")
    over = _over_budget()
    for path, seconds in rows[:15]:
        flag = "  OVER BUDGET" if path in over else ""
        tr.write_line(f"{path:<{width}}  {seconds:>8.1f}  {_notebook_cells[path]:>5}{flag}")
    tr.write_line(f"{'all ' + str(len(rows)) + ' notebooks':<{width}}  {sum(_notebook_seconds.values()):>8.1f}")
    if not hasattr(config, "workerinput"):  # the controller (or a serial run) keeps every row, for authors
        table = Path(config.rootpath, "_proc", "notebook_seconds.tsv")
        table.parent.mkdir(exist_ok=True)
        table.write_text("".join(f"{path}\t{seconds:.1f}\t{_notebook_cells[path]}\n" for path, seconds in rows))
        tr.write_line(f"every notebook's seconds: {table.relative_to(config.rootpath)}")
    if over:
        tr.write_line(f"FAILED: {len(over)} notebook(s) over the {NOTEBOOK_BUDGET_S:.0f} s budget of the ci profile: "
                      "shrink their ci sizes", red=True, bold=True)
    mean = _lesson_mean_over_budget()
    if mean is not None:
        tr.write_line(f"FAILED: lessons take {mean:.1f} s on average in ci, over the {LESSON_MEAN_BUDGET_S:.0f} s that "
                      "keeps 90 days within CI's time: shrink the slowest lessons' ci sizes", red=True, bold=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if (_over_budget() or _lesson_mean_over_budget()) and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
