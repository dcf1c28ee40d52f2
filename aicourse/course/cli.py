"""The `aicourse` command: the learner's loop (today, start, check, progress, lab), the doctor, and the authors' `nb` tools."""
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
    from aicourse.course.doctor import doctor_checks, format_report

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
    "The course checkout we run from (the folder holding settings.ini and nbs/): the authors' tools need one."
    from aicourse.course.content import find_checkout

    root = find_checkout()
    if root is None:
        raise typer.BadParameter("run this inside a checkout of the course (a folder with settings.ini and nbs/)")
    return root


def _content() -> Path:
    "The course content (a checkout's nbs/ and days/, or the wheel's copy); exits with the reason when there is none."
    from aicourse.course.content import content_root

    root = content_root()
    if root is None:
        typer.echo("error: this aicourse has no lessons or workbooks: reinstall it (pip install --force-reinstall "
                   "aicourse) or run inside a checkout of the course", err=True)
        raise typer.Exit(1)
    return root


def _load_progress():  # -> Progress, exiting with the reason when the file is unreadable
    from aicourse.course.progress import Progress, ProgressError

    try:
        return Progress.load()
    except ProgressError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from e


def _port_is_free(ip: str, port: int) -> OSError | None:
    "None when JupyterLab can listen on ip:port, else the error that says why not."
    import socket

    try:
        infos = socket.getaddrinfo(ip or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as tornado does: TIME_WAIT is no conflict
            sock.bind(infos[0][4])
    except OSError as e:
        return e
    return None


def lab_url(ip: str, port: int, notebook: str, token: str) -> str:
    "The URL that opens `notebook` (a path relative to the server's root) in JupyterLab at ip:port."
    from urllib.parse import quote

    host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(ip, ip)
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}/lab/tree/{quote(notebook)}?token={token}"


@app.command()
def lab(day: int = typer.Option(None, min=1, max=90, help="the day to open (default: your current day)"),
        port: int = typer.Option(8888, help="port for JupyterLab"),
        ip: str = typer.Option("127.0.0.1", help="address to listen on")) -> None:
    """Start JupyterLab (headless) on a day's lesson and print the URL that opens it.

    In a checkout it opens the lesson in nbs/; elsewhere it copies the lesson into your workspace
    (never over your copy) and serves the workspace."""
    import importlib.util
    import secrets
    import shutil
    from urllib.parse import urlsplit

    from aicourse.course.content import checkout_root
    from aicourse.course.progress import next_day, workspace_dir
    from aicourse.course.syllabus import lesson_path

    if importlib.util.find_spec("jupyterlab") is None:
        typer.echo('error: JupyterLab is not installed here. Install it with:  pip install "aicourse[lab]"', err=True)
        raise typer.Exit(1)
    content = _content()
    if day is None:
        current = next_day(_load_progress()) or 90
        written = [d for d in range(current, 0, -1) if lesson_path(d, content)]
        if not written:
            raise typer.BadParameter(f"no lesson up to day {current:02d} is written in this version of the course")
        if written[0] != current:
            typer.echo(f"Day {current:02d} is not written yet; opening day {written[0]:02d}, the latest before it.")
        day = written[0]
    lesson = lesson_path(day, content)
    if lesson is None:
        raise typer.BadParameter(f"day {day:02d} has no lesson notebook in this version of the course yet")
    checkout = checkout_root()
    if checkout is not None:  # the checkout's own lesson, served from the checkout (workspace/ is beside it)
        server_root, notebook = checkout, lesson
    else:  # a copy in the workspace, which also holds the workbooks
        server_root = workspace_dir(None)
        notebook = server_root / lesson.name
        if notebook.exists():
            typer.echo(f"Your copy of the lesson: {notebook} (kept as it is; delete it to get a fresh one)")
        else:
            server_root.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(lesson, notebook)
            typer.echo(f"Copied the lesson into your workspace: {notebook}")
    if (busy := _port_is_free(ip, port)) is not None:
        typer.echo(f"error: JupyterLab cannot listen on {ip}:{port} ({busy}); choose another with --port", err=True)
        raise typer.Exit(1)
    relative = notebook.relative_to(server_root).as_posix()
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(24)
    url = lab_url(ip, port, relative, token)
    typer.echo(f"Opening day {day:02d}: {relative}\nOpen this URL in your browser (Ctrl+C stops JupyterLab):\n    {url}")
    sys.stdout.flush()
    # The token goes through the environment (not the command line, which other users can read); the port must
    # not drift (port_retries=0), so the URL above stays right; JupyterLab's own banner names the notebook too.
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--ip={ip}", f"--port={port}",
           "--ServerApp.port_retries=0", f"--ServerApp.root_dir={server_root}",
           f"--LabApp.default_url={urlsplit(url).path}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and cloud notebooks often run as root
    os.execve(sys.executable, cmd, {**os.environ, "JUPYTER_TOKEN": token})


@app.command()
def start(day: int = typer.Argument(..., min=1, max=90, help="the day, e.g. 1 or 01"),
          force: bool = typer.Option(False, "--force", help="replace your existing copy (a backup is kept)")) -> None:
    "Copy a day's workbook into your workspace (never over your work without asking) and mark it started."
    from aicourse.course.content import checkout_root
    from aicourse.course.progress import start_day, workspace_dir, workspace_origin

    content = _content()
    progress = _load_progress()
    checkout = checkout_root()
    workspace = workspace_dir(checkout)
    dest = workspace / f"day{day:02d}.ipynb"
    if dest.exists() and not force:
        if not sys.stdin.isatty() or not typer.confirm(f"{dest} exists and holds your work. Replace it (a backup is kept)?"):
            typer.echo(f"kept your copy: {dest} (use --force to replace it; a backup is kept)", err=True)
            raise typer.Exit(1)
        force = True
    try:
        dest, backup = start_day(day, content, workspace, overwrite=force)
    except FileNotFoundError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from e
    progress.mark_started(day)
    progress.save()
    if backup:
        typer.echo(f"your previous copy is saved as {backup}")
    shown = dest.relative_to(checkout) if checkout and dest.is_relative_to(checkout) else dest
    opener = "make lab" if checkout else "aicourse lab"
    typer.echo(f"Day {day:02d} workbook: {shown}\nWorkspace: {workspace} ({workspace_origin(checkout)})\n"
               f"Open it with {opener} (file browser: {shown.parent}/) or jupyter lab {shown}\n"
               f"When done: aicourse check {day:02d}")


@app.command("check")
def check_day(day: int = typer.Argument(..., min=1, max=90, help="the day to grade"),
              path: Path = typer.Argument(None, help="the workbook to grade (default: your workspace copy)")) -> None:
    "Run a workbook in a fresh kernel, grade every exercise, and record the result."
    from aicourse.course.checks import exercises_for
    from aicourse.course.content import checkout_root
    from aicourse.course.progress import grade_workbook, workspace_dir

    progress = _load_progress()
    if path is None:
        path = workspace_dir(checkout_root()) / f"day{day:02d}.ipynb"
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
    from aicourse.course.progress import render_grid

    typer.echo(render_grid(_load_progress()))


@app.command()
def today() -> None:
    "Say which day is next, what it covers, how long it takes, and what to run."
    from aicourse.course.content import content_root
    from aicourse.course.progress import today_text

    typer.echo(today_text(_load_progress(), content_root()))


@assets_app.command("prepare")
def assets_prepare(rebuild: bool = typer.Option(False, help="convert the LLM again even if cached")) -> None:
    "Convert the offline LLM once into the cache, and check the embedder is there."
    from aicourse.course.assets import MissingAssetError, minilm_path, smollm2_path

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
    from aicourse.authoring.notebooks import sync_notebooks

    sync_notebooks(paths or [], profile=profile)


@nb_app.command("check")
def nb_check(paths: list[Path] = typer.Argument(None, help="notebooks or folders (default: nbs/ and days/)")) -> None:
    "Fail when cleaning, renumbering or exporting would change a tracked file."
    from aicourse.authoring.notebooks import check_notebooks, export_changes

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
    from aicourse.authoring import DevToolsMissing
    from aicourse.authoring.docsite import build_site

    try:
        build_site(_repo_root())
    except (RuntimeError, DevToolsMissing) as e:  # Sphinx has already printed the warnings themselves
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from e


def main() -> None:
    app()


if __name__ == "__main__":
    main()
