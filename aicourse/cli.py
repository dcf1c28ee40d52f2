"""The `aicourse` command. Hand-written glue: the work itself lives in the notebook-exported modules."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

app = typer.Typer(help="aicourse: the 90-day AI-engineering course and its library.", no_args_is_help=True,
                  add_completion=False)
assets_app = typer.Typer(help="Offline models and data.", no_args_is_help=True)
nb_app = typer.Typer(help="Notebook hygiene for course authors (needs aicourse\\[dev]).", no_args_is_help=True)
app.add_typer(assets_app, name="assets")
app.add_typer(nb_app, name="nb")


@app.command()
def doctor() -> None:
    "Check this machine for the course: Python, torch, devices, packages, models, data."
    from aicourse.core import doctor_checks, format_report

    checks = doctor_checks()
    typer.echo(format_report(checks))
    raise typer.Exit(1 if any(c.status == "fail" for c in checks) else 0)


@app.command()
def scaffold(name: str = typer.Argument(..., help="project name, e.g. my-classifier"),
             dest: Path = typer.Option(Path("."), help="folder to create the project in"),
             force: bool = typer.Option(False, help="overwrite files of an existing project")) -> None:
    "Write a new project (src/, tests/, configs/, scripts/, ruff, mypy, pre-commit) whose tests pass."
    from aicourse.scaffold import scaffold_project

    try:
        root = scaffold_project(name, dest, force=force)
    except (ValueError, FileExistsError) as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from e
    typer.echo(f"created {root}\nnext: cd {root} && python -m pytest")


def _repo_root() -> Path:
    "The course checkout we run from (the folder holding settings.ini and nbs/)."
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / "settings.ini").is_file() and (folder / "nbs").is_dir():
            return folder
    raise typer.BadParameter("run this inside a checkout of the course (a folder with settings.ini and nbs/)")


def lesson_notebook(day: int, root: Path) -> Path:
    "The lesson notebook of `day` in a checkout."
    from aicourse.syllabus import lesson_path

    found = lesson_path(day, root)
    if found is None:
        raise typer.BadParameter(f"day {day:02d} has no lesson notebook in {root / 'nbs'} yet")
    return found


def _checkout_or_none() -> Path | None:
    try:
        return _repo_root()
    except typer.BadParameter:
        return None


def _load_progress():  # -> Progress, exiting with the reason when the file is unreadable
    from aicourse.progress import Progress, ProgressError

    try:
        return Progress.load()
    except ProgressError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from e


@app.command()
def lab(day: int = typer.Option(None, min=1, max=90, help="the day to open (default: your current day)"),
        port: int = typer.Option(8888, help="port for JupyterLab"),
        ip: str = typer.Option("127.0.0.1", help="address to listen on")) -> None:
    "Start JupyterLab (headless) on your current day's lesson and print its URL."
    from aicourse.progress import next_day
    from aicourse.syllabus import lesson_path

    root = _repo_root()
    if day is None:
        current = next_day(_load_progress()) or 90
        written = [d for d in range(current, 0, -1) if lesson_path(d, root)]
        if not written:
            raise typer.BadParameter(f"no lesson up to day {current:02d} is written in {root / 'nbs'}")
        if written[0] != current:
            typer.echo(f"Day {current:02d} is not written yet; opening day {written[0]:02d}, the latest before it.")
        day = written[0]
    notebook = lesson_notebook(day, root).relative_to(root)
    typer.echo(f"Opening day {day:02d}: {notebook}\nJupyterLab prints the URL to open below (Ctrl+C stops it).")
    cmd = [sys.executable, "-m", "jupyter", "lab", str(notebook), "--no-browser", f"--ip={ip}", f"--port={port}",
           f"--ServerApp.root_dir={root}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and cloud notebooks often run as root
    os.execv(sys.executable, cmd)


@app.command()
def start(day: int = typer.Argument(..., min=1, max=90, help="the day, e.g. 1 or 01"),
          force: bool = typer.Option(False, "--force", help="replace your existing copy (a backup is kept)")) -> None:
    "Copy a day's workbook into your workspace (never over your work without asking) and mark it started."
    from aicourse.progress import start_day, workspace_dir

    root = _repo_root()
    progress = _load_progress()
    workspace = workspace_dir(root)
    dest = workspace / f"day{day:02d}.ipynb"
    if dest.exists() and not force:
        if not sys.stdin.isatty() or not typer.confirm(f"{dest} exists and holds your work. Replace it (a backup is kept)?"):
            typer.echo(f"kept your copy: {dest} (use --force to replace it; a backup is kept)", err=True)
            raise typer.Exit(1)
        force = True
    try:
        dest, backup = start_day(day, root, workspace, overwrite=force)
    except FileNotFoundError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from e
    progress.mark_started(day)
    progress.save()
    if backup:
        typer.echo(f"your previous copy is saved as {backup}")
    shown = dest.relative_to(root) if dest.is_relative_to(root) else dest
    typer.echo(f"Day {day:02d} workbook: {shown}\nOpen it with make lab (file browser: {shown.parent}/) or "
               f"jupyter lab {shown}\nWhen done: aicourse check {day:02d}")


@app.command("check")
def check_day(day: int = typer.Argument(..., min=1, max=90, help="the day to grade"),
              path: Path = typer.Argument(None, help="the workbook to grade (default: your workspace copy)")) -> None:
    "Run a workbook in a fresh kernel, grade every exercise, and record the result."
    from aicourse.checks import exercises_for
    from aicourse.progress import grade_workbook, workspace_dir

    progress = _load_progress()
    if path is None:
        path = workspace_dir(_checkout_or_none()) / f"day{day:02d}.ipynb"
        if not path.exists():
            typer.echo(f"error: {path} not found; run `aicourse start {day:02d}` first, or pass the workbook's path",
                       err=True)
            raise typer.Exit(1)
    if not path.is_file():
        typer.echo(f"error: {path} is not a file", err=True)
        raise typer.Exit(1)
    if not exercises_for(day):
        typer.echo(f"error: day {day:02d} has no checked exercises yet", err=True)
        raise typer.Exit(1)
    typer.echo(f"Running {path} in a fresh kernel...")
    graded = grade_workbook(day, path)
    for exercise_id, (status, message) in graded.items():
        mark = {"solved": "PASS", "not solved yet": "TODO"}.get(status, "FAIL")
        typer.echo(f"  {mark}  {exercise_id}: {status}" + (f"\n        {message}" if mark == "FAIL" else ""))
    verdicts = {exercise_id: status for exercise_id, (status, _) in graded.items()}
    status = progress.record_check(day, verdicts)
    progress.save()
    solved = sum(s == "solved" for s in verdicts.values())
    typer.echo(f"Day {day:02d}: {solved}/{len(verdicts)} solved; recorded as {status}.")
    raise typer.Exit(0 if solved == len(verdicts) else 1)


@app.command()
def progress() -> None:
    "Draw your 90-day grid: done, in progress, not started, with each phase's goal."
    from aicourse.progress import render_grid

    typer.echo(render_grid(_load_progress()))


@app.command()
def today() -> None:
    "Say which day is next, what it covers, how long it takes, and what to run."
    from aicourse.progress import today_text

    typer.echo(today_text(_load_progress(), _checkout_or_none()))


@assets_app.command("prepare")
def assets_prepare(rebuild: bool = typer.Option(False, help="convert the LLM again even if cached")) -> None:
    "Convert the offline LLM once into the cache, and check the embedder is there."
    from aicourse.core import MissingAssetError, minilm_path, smollm2_path

    try:
        typer.echo(f"LLM      {smollm2_path(rebuild=rebuild)}")
        typer.echo(f"embedder {minilm_path()}")
    except MissingAssetError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from e


@nb_app.command("sync")
def nb_sync(paths: list[Path] = typer.Argument(None, help="notebooks or folders (default: nbs/ and days/)"),
            profile: str = typer.Option("ci", help="profile to execute in")) -> None:
    "Execute notebooks in a profile, clean them, renumber their cells and export the library."
    from aicourse.devtools import sync_notebooks

    sync_notebooks(paths or [], profile=profile)


@nb_app.command("check")
def nb_check(paths: list[Path] = typer.Argument(None, help="notebooks or folders (default: nbs/ and days/)")) -> None:
    "Fail when cleaning, renumbering or exporting would change a tracked file."
    from aicourse.devtools import check_notebooks, export_changes

    dirty = check_notebooks(paths or [])
    changed = export_changes()
    for path in dirty:
        typer.echo(f"not clean: {path} (run: make sync NB={path})", err=True)
    for path in changed:
        typer.echo(f"export drift: {path} differs from what the notebooks export (run nbdev_export, commit)",
                   err=True)
    if dirty or changed:
        raise typer.Exit(1)
    typer.echo("notebooks clean, library in sync with the notebooks")


@nb_app.command("docs")
def nb_docs() -> None:
    "Build the docs site into _docs/: every lesson and workbook with its stored outputs, and the API."
    from aicourse.docsite import build_site

    try:
        build_site(_repo_root())
    except RuntimeError as e:  # Sphinx has already printed the warnings themselves
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from e


def main() -> None:
    app()


if __name__ == "__main__":
    main()
