"""The `aicourse` command. Hand-written glue: the work itself lives in the notebook-exported modules."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

app = typer.Typer(help="aicourse: the 90-day AI-engineering course and its library.", no_args_is_help=True,
                  add_completion=False)
assets_app = typer.Typer(help="Offline models and data.", no_args_is_help=True)
nb_app = typer.Typer(help="Notebook hygiene for course authors (needs aicourse[dev]).", no_args_is_help=True)
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
    found = sorted((root / "nbs").glob(f"*/day{day:02d}_*.ipynb"))
    if not found:
        raise typer.BadParameter(f"day {day:02d} has no lesson notebook in {root / 'nbs'} yet")
    return found[0]


@app.command()
def lab(day: int = typer.Option(1, min=1, max=90, help="the day to open"),
        port: int = typer.Option(8888, help="port for JupyterLab"),
        ip: str = typer.Option("127.0.0.1", help="address to listen on")) -> None:
    "Start JupyterLab (headless) on a day's lesson and print its URL."
    root = _repo_root()
    notebook = lesson_notebook(day, root).relative_to(root)
    typer.echo(f"Opening day {day:02d}: {notebook}\nJupyterLab prints the URL to open below (Ctrl+C stops it).")
    cmd = [sys.executable, "-m", "jupyter", "lab", str(notebook), "--no-browser", f"--ip={ip}", f"--port={port}",
           f"--ServerApp.root_dir={root}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and cloud notebooks often run as root
    os.execv(sys.executable, cmd)


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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
