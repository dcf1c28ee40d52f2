"""The course's docs site: every lesson and workbook with its stored outputs, and the API reference.

Hand-written glue (no notebook owns it); it needs the docs toolchain of `aicourse[dev]`
(Sphinx, myst-nb, sphinx-book-theme), imported inside the functions that use it.

Why Sphinx and not `nbdev_docs`: nbdev 2 renders docs with Quarto, which cannot be installed
offline. myst-nb renders notebooks as they are stored (nothing is executed), so the pages show
exactly the outputs that `make sync` recorded and nbval checks.

The build, `make docs` or `aicourse nb docs`:

1. copy each notebook into `_proc/src`, applying the nbdev directives a reader should not see
   (`#| hide` drops a cell, `#| echo: false` hides its input, every `#|` line goes);
2. write the home page's toctrees, the day-to-workbook links, the API pages and `conf.py` there;
3. run Sphinx with warnings as errors into `_proc/html` (myst-nb writes its scratch files beside
   the output folder, so that must not be the repository root), then check every internal link
   and copy the site to `_docs/`.
"""
from __future__ import annotations

import copy
import hashlib
import inspect
import json
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from aicourse.authoring import require_dev
from aicourse.authoring.notebooks import cell_directives, module_exports

__all__ = ["prepare_notebook", "build_site", "broken_links", "site_is_fresh"]

_DIRECTIVE = re.compile(r"^\s*#\|\s*(.+?)\s*$")
# nbval's per-cell markers say how a test compares outputs; they mean nothing to a reader.
_NBVAL_MARKER = re.compile(r"^\s*#\s*NBVAL_[A-Z_]+\s*$")
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_COURSE_MAP_ROW = re.compile(r"^\| (\d\d) \|(.*)\| written \|$", re.M)


def _reader_outputs(outputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    "Outputs worth showing on a static page."
    kept = []
    for out in outputs:
        # Progress bars are widgets; without the kernel their saved text is a stale "0%" line.
        if _WIDGET_VIEW in out.get("data", {}):
            continue
        kept.append(out)
    return kept


def prepare_notebook(nb: dict[str, Any]) -> dict[str, Any]:
    "A copy of notebook `nb` as a reader sees it: nbdev directives applied, then their lines removed."
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            cells.append(cell)
            continue
        lines = "".join(cell["source"]).splitlines()
        d = {key: value.lower() for key, value in cell_directives(cell["source"]).items()}
        if "hide" in d or d.get("include") == "false":
            continue
        body = "\n".join(line for line in lines if not (_DIRECTIVE.match(line) or _NBVAL_MARKER.match(line)))
        cell["source"] = body.strip("\n")
        cell["outputs"] = [] if d.get("output") == "false" else _reader_outputs(cell.get("outputs", []))
        if not cell["source"].strip() and not cell["outputs"]:
            continue  # e.g. a cell that held only `#| default_exp core`
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if d.get("echo") == "false" or not cell["source"].strip():
            tags.append("remove-input")  # myst-nb's cell tag for "show the outputs only"
        cells.append(cell)
    nb["cells"] = cells
    return nb


def _md_cell(text: str) -> dict[str, Any]:
    "A markdown cell to add to a page (nbformat 4.5 wants every cell to have a unique id)."
    cell_id = "docsite-" + hashlib.sha1(text.encode()).hexdigest()[:8]
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": text}


def _first_heading(nb: dict[str, Any]) -> int | None:
    "Index of the first markdown cell that starts with a level-1 heading (the page title)."
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown" and "".join(cell["source"]).lstrip().startswith("# "):
            return i
    return None


def _title(nb: dict[str, Any]) -> str:
    "The page title: the text of the notebook's first level-1 heading."
    index = _first_heading(nb)
    return "" if index is None else "".join(nb["cells"][index]["source"]).lstrip()[2:].splitlines()[0].strip()


def _insert_after_title(nb: dict[str, Any], text: str) -> None:
    title = _first_heading(nb)
    nb["cells"].insert(0 if title is None else title + 1, _md_cell(text))


def _write_notebook(nb: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")


def _read_notebook(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _rel(target: str, page: str) -> str:
    "Link from source page `page` to source page `target` (both relative to the site root)."
    up = "../" * page.count("/")
    return up + target


def _link_course_map(nb: dict[str, Any], root: Path, lessons: dict[int, str]) -> None:
    "Redraw the home page's course map from the checkout (so a new day needs no re-sync), linking written days."
    from aicourse.course.syllabus import course_map_markdown

    def link(m: re.Match[str]) -> str:
        page = lessons.get(int(m.group(1)))
        return m.group(0) if page is None else f"| {m.group(1)} |{m.group(2)}| [written]({page}) |"

    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "course_map_markdown(" in "".join(cell["source"]):
            fresh = _COURSE_MAP_ROW.sub(link, course_map_markdown(root=root))
            cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                "data": {"text/markdown": fresh, "text/plain": "<course map>"}}]


def _toctree(caption: str, pages: list[str]) -> str:
    # Hidden: the sidebar shows them, and their order gives each page its previous/next links.
    return "\n".join(["```{toctree}", ":hidden:", f":caption: {caption}", "", *pages, "```"])


def _api_page(module: str, names: list[str]) -> str:
    "reST for one module: its docstring, a summary table, then every public name."
    import importlib

    mod = importlib.import_module(f"aicourse.{module}")
    title = f"aicourse.{module}"
    lines = [title, "=" * len(title), "", f".. automodule:: aicourse.{module}", "   :no-members:", "",
             ".. autosummary::", "   :nosignatures:", "", *[f"   {n}" for n in names], ""]
    for name in names:
        obj = getattr(mod, name)
        if inspect.isclass(obj):
            lines += [f".. autoclass:: {name}", "   :members:", ""]
        elif inspect.isfunction(obj):
            lines += [f".. autofunction:: {name}", ""]
        else:
            lines += [f".. autodata:: {name}"]
            if len(repr(obj)) > 80:
                lines += ["   :no-value:"]  # e.g. the project template: pages of text
            lines += [""]
    return "\n".join(lines)


_CONF = '''\
# Generated by aicourse.authoring.docsite on every build; edit aicourse/docsite.py instead.
import sys
sys.path.insert(0, {root!r})  # autodoc documents the working copy

project = "aicourse"
author = {author!r}
copyright = {copyright!r}
version = release = {version!r}
extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.autosummary"]
exclude_patterns = ["**.ipynb_checkpoints"]

nb_execution_mode = "off"  # show the outputs stored in the notebooks, never re-run them
nb_render_markdown_format = "myst"  # Markdown outputs (the course map) have tables
myst_heading_anchors = 3
default_role = "literal"  # docstrings are written in Markdown: `x` means code

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autosummary_generate = False

html_theme = "sphinx_book_theme"
html_title = "aicourse"
html_theme_options = {{"home_page_in_toc": True, "show_toc_level": 2, "use_download_button": True}}


def _skip_type_docs(app, what, name, obj, options, lines):
    "A constant without a `#:` comment would show the docstring of its type (dict, tuple): drop it."
    if what == "data" and not isinstance(obj, type) and lines and obj.__doc__ == type(obj).__doc__:
        lines.clear()


def setup(app):
    app.connect("autodoc-process-docstring", _skip_type_docs)
'''


def _write_api(root: Path, folder: Path) -> None:
    "The API reference: an index page and one page per module with an `__all__`."
    api = module_exports(root / "aicourse")
    folder.mkdir(parents=True)
    for module, names in api.items():
        (folder / f"{module}.rst").write_text(_api_page(module, names), encoding="utf-8")
    (folder / "index.rst").write_text("\n".join([
        "API reference", "=============", "",
        "Every public name of the `aicourse` library (each module's `__all__`), from its docstring.", "",
        ".. toctree::", "   :maxdepth: 1", "", *[f"   {m}" for m in api], ""]), encoding="utf-8")


def _stage(root: Path, src: Path) -> None:
    "Write the Sphinx source tree for checkout `root` into `src` (replacing what was there)."
    import configparser

    from aicourse.course.syllabus import DAYS, PHASES, lesson_path, workbook_path

    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    lessons = {d.number: p for d in DAYS if (p := lesson_path(d.number, root)) is not None}
    workbooks = {d.number: p for d in DAYS if (p := workbook_path(d.number, root)) is not None}
    lesson_pages = {n: f"{p.parent.name}/{p.stem}" for n, p in lessons.items()}
    workbook_pages = {n: f"days/{p.stem}" for n, p in workbooks.items()}

    titles = {}
    for n, path in lessons.items():
        nb = prepare_notebook(_read_notebook(path))
        titles[n] = _title(nb) or f"Day {n:02d}"
        if n in workbook_pages:
            page = lesson_pages[n]
            _insert_after_title(nb, f"**Workbook:** today's exercises are in "
                                    f"[days/{workbooks[n].name}]({_rel(workbook_pages[n], page)}.ipynb).")
        _write_notebook(nb, src / f"{lesson_pages[n]}.ipynb")

    for n, path in workbooks.items():
        nb = prepare_notebook(_read_notebook(path))
        page = workbook_pages[n]
        if _first_heading(nb) is None:
            nb["cells"].insert(0, _md_cell(f"# Day {n:02d} workbook"))
        if n in lesson_pages:
            _insert_after_title(nb, f"**Lesson:** [{titles[n]}]({_rel(lesson_pages[n], page)}.ipynb).")
        _write_notebook(nb, src / f"{page}.ipynb")

    _write_api(root, src / "api")

    home = prepare_notebook(_read_notebook(root / "nbs" / "index.ipynb"))
    _link_course_map(home, root, {n: f"{page}.ipynb" for n, page in lesson_pages.items()})
    tocs = []
    for phase in PHASES:
        pages = [lesson_pages[n] for n in sorted(lesson_pages) if phase.first <= n <= phase.last]
        if pages:  # phases with no lesson yet get no section
            tocs.append(_toctree(f"Phase {phase.number}: {phase.title}", pages))
    if workbook_pages:
        tocs.append(_toctree("Workbooks", [workbook_pages[n] for n in sorted(workbook_pages)]))
    tocs.append(_toctree("Reference", ["api/index"]))
    home["cells"].append(_md_cell("\n\n".join(tocs)))
    _write_notebook(home, src / "index.ipynb")

    ini = configparser.ConfigParser()
    ini.read(root / "settings.ini")
    cfg = ini["DEFAULT"]
    (src / "conf.py").write_text(_CONF.format(root=str(root), author=cfg["author"], copyright=cfg["copyright"],
                                              version=cfg["version"]), encoding="utf-8")


class _Links(HTMLParser):
    "Collects a page's link targets (href, src) and its anchor ids."

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.targets.append(value)
            elif name == "id" or (name == "name" and tag == "a"):  # old-style <a name=...> anchors
                self.ids.add(value)


def broken_links(site: str | Path) -> list[str]:
    "Every relative href/src in the site's HTML pages whose file (or #anchor) does not exist."
    site = Path(site).resolve()
    # _static holds the themes' Jinja macro files (*.html too): assets, not pages
    pages = {p: _Links() for p in sorted(site.rglob("*.html")) if "_static" not in p.relative_to(site).parts}
    for page, parser in pages.items():
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    broken = []
    for page, parser in pages.items():
        for target in parser.targets:
            url = urlsplit(target)
            if url.scheme or url.netloc:
                continue  # external (not checked: there is no internet), mailto:, javascript:, data:
            if not url.path and not url.fragment:
                continue  # "#" or "?q=...": the page itself
            path = (page.parent / unquote(url.path)).resolve() if url.path else page
            if path.is_dir():
                path = path / "index.html"
            where = f"{page.relative_to(site)}: {target}"
            if not path.is_file():
                broken.append(f"{where} (no such file)")
            elif url.fragment and path in pages and unquote(url.fragment) not in pages[path].ids:
                broken.append(f"{where} (no such anchor)")
    return broken


def _newest_source(root: Path) -> float:
    sources = [*root.glob("nbs/**/*.ipynb"), *root.glob("days/*.ipynb"), *root.glob("aicourse/**/*.py")]
    return max(p.stat().st_mtime for p in sources)


def site_is_fresh(root: str | Path = ".", out: str | Path | None = None) -> bool:
    "True when the built site is newer than every notebook and library file it renders."
    root = Path(root)
    index = Path(out or root / "_docs") / "index.html"
    return index.is_file() and index.stat().st_mtime >= _newest_source(root)


def build_site(root: str | Path = ".", out: str | Path | None = None, quiet: bool = True) -> Path:
    "Build the static site of checkout `root` into `out` (default `_docs/`); return its index.html."
    require_dev("sphinx", "myst_nb", "sphinx_book_theme", purpose="the docs build")
    from sphinx.cmd.build import build_main

    root = Path(root).resolve()
    out = Path(out).resolve() if out else root / "_docs"
    proc = root / "_proc"
    src, html, doctrees = proc / "src", proc / "html", proc / "doctrees"
    start = time.perf_counter()
    _stage(root, src)
    for folder in (html, doctrees):
        shutil.rmtree(folder, ignore_errors=True)  # a full build, so every warning is seen every time
    args = ["-b", "html", "-W", "--keep-going", "-d", str(doctrees), str(src), str(html)]
    if build_main(args + (["-q"] if quiet else [])) != 0:
        raise RuntimeError("the docs build failed: Sphinx reported the warnings or errors above")
    broken = broken_links(html)
    if broken:
        raise RuntimeError(f"{len(broken)} broken internal links:\n" + "\n".join(broken))
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(html, out)
    print(f"docs built in {time.perf_counter() - start:.1f} s: {out / 'index.html'}")
    return out / "index.html"
