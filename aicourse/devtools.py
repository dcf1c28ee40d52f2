"""Notebook hygiene for the course's own notebooks: execute, clean, renumber, export, check.

Hand-written glue (nbdev does not own this file). It needs the notebook toolchain,
`pip install "aicourse[dev]"`; those imports stay inside the functions so that
`import aicourse` never pays for them.

Why renumbering: `nbdev_clean` blanks execution counts but keeps outputs, and nbval
rejects every such cell ("Unrun reference cell has outputs"), even with --nbval-lax.
So after cleaning we number the code cells 1..N again; `check` does the same in
memory and reports any notebook whose file differs.
"""
from __future__ import annotations

import ast
import hashlib
import os
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["NOTEBOOK_BUDGET_S", "cell_directives", "cell_skip_reason", "profile_under_test", "renumber",
           "temp_env", "module_exports",
           "clean_notebook_text", "find_notebooks", "execute_notebook", "sync_notebooks",
           "check_notebooks", "export_changes"]

NOTEBOOK_BUDGET_S = 60.0  # the `ci` profile's budget for one notebook, in seconds

_DIRECTIVE = re.compile(r"^\s*#\|\s*(.+?)\s*$")
# Which nbdev directives skip a cell, by profile: `slow` cells run on a laptop (cpu) and up,
# `gpu` cells only in the gpu profile, `eval: false` / `notest` cells never under test.
_SKIPPED_IN = {"ci": {"slow", "gpu"}, "cpu": {"gpu"}, "gpu": set()}


def cell_directives(source: str | list[str]) -> dict[str, str]:
    "The nbdev `#| key: value` directives of a cell, as a dict (flags map to '')."
    text = "".join(source) if isinstance(source, list) else source
    found: dict[str, str] = {}
    for line in text.splitlines():
        m = _DIRECTIVE.match(line)
        if not m:
            if line.strip():
                break  # directives sit at the top of a cell
            continue
        key, _, value = m.group(1).partition(":")
        found[key.strip()] = value.strip()
    return found


def cell_skip_reason(source: str | list[str], profile: str) -> str | None:
    "Why a code cell must not run under `profile`, or None when it runs."
    if profile not in _SKIPPED_IN:
        raise ValueError(f"unknown profile {profile!r}; expected one of {sorted(_SKIPPED_IN)}")
    d = cell_directives(source)
    if d.get("eval", "").lower() == "false":
        return "nbdev `#| eval: false` cell"
    if "notest" in d:
        return "nbdev `#| notest` cell"
    for flag in sorted(_SKIPPED_IN[profile]):
        if flag in d:
            return f"`#| {flag}` cell, skipped in the {profile} profile"
    return None


def profile_under_test() -> str:
    "The profile notebooks run under in tests: AICOURSE_PROFILE, else `ci`."
    return os.environ.get("AICOURSE_PROFILE", "ci")


@contextmanager
def temp_env(**values: str) -> Iterator[None]:
    "Set environment variables for the duration of a `with` block (a kernel started inside inherits them)."
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


def module_exports(lib: Path = Path("aicourse")) -> dict[str, list[str]]:
    "Each top-level module of `lib` that declares `__all__`, with its names (read, not imported)."
    found = {}
    for path in sorted(Path(lib).glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
                found[path.stem] = list(ast.literal_eval(node.value))
    return found


def renumber(nb: dict[str, Any]) -> dict[str, Any]:
    "Number code cells 1..N (and their execute_result outputs) so nbval accepts stored outputs."
    n = 0
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        n += 1
        cell["execution_count"] = n
        for out in cell.get("outputs", []):
            if out.get("output_type") == "execute_result":
                out["execution_count"] = n
    return nb


def _clean_and_renumber(nb: dict[str, Any]) -> dict[str, Any]:
    from nbdev.clean import clean_nb
    from nbdev.config import get_config

    cfg = get_config()
    clean_nb(nb, cfg.clear_all, cfg.get("allowed_metadata_keys", "").split(),
             cfg.get("allowed_cell_metadata_keys", "").split(), cfg.clean_ids)
    return renumber(nb)


def clean_notebook_text(path: Path) -> str:
    "The text `path` should have once cleaned (nbdev_clean) and renumbered."
    from json import loads

    from execnb.nbio import nb2str

    return nb2str(_clean_and_renumber(loads(Path(path).read_text(encoding="utf-8"))))


def find_notebooks(paths: Iterable[str | Path] = ()) -> list[Path]:
    "The course notebooks under `paths` (default: nbs/ and days/), skipping checkpoints and _folders."
    roots = [Path(p) for p in paths] or [Path("nbs"), Path("days")]
    found: list[Path] = []
    for root in roots:
        if root.is_file():
            found.append(root)
            continue
        for nb in sorted(root.rglob("*.ipynb")):
            if not any(part.startswith((".", "_")) for part in nb.relative_to(root).parts):
                found.append(nb)
    return found


def execute_notebook(path: Path, profile: str = "ci", timeout: int = 600) -> dict[str, Any]:
    "Run `path` top to bottom in a fresh kernel under `profile`; cells nbval would skip stay unrun."
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    with temp_env(AICOURSE_PROFILE=profile):  # the kernel inherits our environment
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                if cell_skip_reason(cell.source, profile):
                    cell.outputs, cell.execution_count = [], None
                    continue
                client.execute_cell(cell, index)
    return nb


def sync_notebooks(paths: Iterable[str | Path] = (), profile: str = "ci", export: bool = True) -> list[Path]:
    "Execute (in `profile`), clean, renumber and write each notebook; then export the library."
    from json import loads

    import nbformat
    from execnb.nbio import nb2str

    notebooks = find_notebooks(paths)
    for path in notebooks:
        start = time.perf_counter()
        nb = execute_notebook(path, profile)
        text = nb2str(_clean_and_renumber(loads(nbformat.writes(nb))))
        path.write_text(text, encoding="utf-8")
        print(f"synced {path} in {time.perf_counter() - start:.1f} s")
    if export:
        from nbdev.doclinks import nbdev_export

        nbdev_export.__wrapped__()
    return notebooks


def check_notebooks(paths: Iterable[str | Path] = ()) -> list[Path]:
    "The notebooks that cleaning and renumbering would change (empty when all are clean)."
    return [p for p in find_notebooks(paths)
            if clean_notebook_text(p) != p.read_text(encoding="utf-8")]


def _digest(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*.py"))}


def export_changes(lib: Path = Path("aicourse")) -> list[str]:
    "Run nbdev_export and list the library files it created, changed or removed."
    from nbdev.doclinks import nbdev_export

    before = _digest(lib)
    nbdev_export.__wrapped__()
    after = _digest(lib)
    return sorted(f for f in before.keys() | after.keys() if before.get(f) != after.get(f))
