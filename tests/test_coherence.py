"""The library and the book must not drift apart: ownership, imports, the two wings, names and the public API.

The library wing is the top-level modules of `aicourse/` that nbdev exports from the lessons.
The course runtime (`aicourse/course/`) and the authoring tools (`aicourse/authoring/`) are
hand-written; the library never imports either of them.
"""
from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aicourse.authoring.notebooks import library_modules, module_exports

ROOT = Path(__file__).resolve().parents[1]
LIB = ROOT / "aicourse"
NBS = ROOT / "nbs"
SNAPSHOT = Path(__file__).with_name("api_snapshot.txt")
PACKAGE_FILES = {"__init__", "__main__", "_modidx"}  # the package itself, not library modules
WINGS = ("course", "authoring")  # the hand-written subpackages
PHASES = {"01_fundamentals": range(1, 31), "02_llms": range(31, 61), "03_production": range(61, 91)}
DIRECTIVE = re.compile(r"^[ \t]*#\|[ \t]*(default_exp|export|exports|exporti)\b[ \t]*(\S*)", re.M)


def lesson_notebooks() -> list[tuple[int, Path]]:
    found = []
    for nb in sorted(NBS.glob("*/day*.ipynb")):
        m = re.fullmatch(r"day(\d\d)_[a-z0-9_]+\.ipynb", nb.name)
        assert m, f"{nb}: lesson notebooks are named dayNN_<slug>.ipynb"
        found.append((int(m.group(1)), nb))
    return found


def code_cells(nb: Path) -> list[str]:
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def ownership() -> tuple[dict[str, int], dict[str, set[int]]]:
    "owner day of each module (default_exp), and the days exporting into each module."
    owners: dict[str, int] = {}
    writers: dict[str, set[int]] = {}
    for day, nb in lesson_notebooks():
        default = None
        for src in code_cells(nb):
            for kind, target in DIRECTIVE.findall(src):
                if kind == "default_exp":
                    assert target not in owners, f"module {target} is owned by day {owners.get(target)} and day {day}"
                    owners[target], default = day, target
                elif target or default:
                    writers.setdefault(target or default, set()).add(day)
    return owners, writers


def generated_modules() -> list[str]:
    return library_modules(LIB)


def test_lessons_sit_in_their_phase_and_start_with_a_title():
    lessons = lesson_notebooks()
    assert lessons, "no lesson notebooks found"
    days = [day for day, _ in lessons]
    assert len(days) == len(set(days)), "two notebooks claim the same day"
    for day, nb in lessons:
        assert day in PHASES[nb.parent.name], f"{nb}: day {day} does not belong in {nb.parent.name}"
        md = [c for c in json.loads(nb.read_text())["cells"] if c["cell_type"] == "markdown"]
        first = "".join(md[0]["source"])
        assert first.startswith(f"# Day {day:02d}: "), f"{nb}: first markdown cell must start '# Day {day:02d}: '"
        assert "\n> " in first, f"{nb}: the title needs a '> one-line summary'"


def test_written_lessons_match_the_syllabus():
    from aicourse.course.syllabus import get_day, phase_of

    owners, writers = ownership()
    for day, nb in lesson_notebooks():
        planned = get_day(day)
        assert nb.parent.name == phase_of(day).folder
        owned = {m for m, d in owners.items() if d == day}
        if planned.owner:
            assert planned.module in owned, f"day {day} should own `{planned.module}` (#| default_exp)"
        else:
            assert not owned, f"day {day} owns {owned}, but the syllabus gives it no new module"
        appended = {m for m, days in writers.items() if day in days} - owned
        if planned.module != "-" and not planned.owner:
            assert appended <= set(planned.module.replace(" ", "").split(",")), \
                f"day {day} exports to {appended}; the syllabus says {planned.module}"


def test_every_generated_module_has_exactly_one_owner_notebook():
    owners, writers = ownership()
    for module in generated_modules():
        assert module in owners, f"aicourse/{module}.py is generated but no notebook has `#| default_exp {module}`"
    for path in LIB.glob("*.py"):
        assert path.stem in PACKAGE_FILES or path.stem in generated_modules(), (
            f"aicourse/{path.name} is hand-written: the library holds only modules exported from lessons; "
            "course machinery goes in aicourse/course/, author tools in aicourse/authoring/")
    for module in [*owners, *writers]:
        assert module not in WINGS and "." not in module, f"notebooks export only to library modules, not {module}"


def test_modules_are_appended_only_by_later_days():
    owners, writers = ownership()
    for module, days in writers.items():
        assert module in owners, f"days {sorted(days)} export to {module}, which no day owns (`#| default_exp`)"
        early = sorted(d for d in days if d < owners[module])
        assert not early, f"days {early} export to {module} before its owner day {owners[module]}"


def _module_name(dotted: str) -> str | None:
    "'aicourse.course.assets' -> 'course.assets' when that module or package exists, else None."
    parts = dotted.split(".")[1:]
    candidate = LIB.joinpath(*parts) if parts else LIB
    if parts and (candidate.with_suffix(".py").is_file() or (candidate / "__init__.py").is_file()):
        return ".".join(parts)
    return None


def imports_of(path: Path, package: tuple[str, ...] | None = None) -> set[str]:
    "The aicourse modules `path` imports, as dotted names below `aicourse` (e.g. 'core', 'course.assets')."
    package = package or path.relative_to(ROOT).with_suffix("").parts[:-1]  # ('aicourse', 'course') for course/x.py
    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = ".".join([*package[: len(package) - node.level + 1], *([node.module] if node.module else [])]) \
                if node.level else (node.module or "")
            if base.split(".")[0] != "aicourse":
                continue
            for alias in node.names:  # `from aicourse.course import assets` imports the module course.assets
                found.add(_module_name(f"{base}.{alias.name}") or _module_name(base))
        elif isinstance(node, ast.Import):
            found.update(_module_name(a.name) for a in node.names if a.name.startswith("aicourse."))
    return {m for m in found if m}


def all_modules() -> dict[str, Path]:
    "Every module of the package by dotted name below `aicourse` ('core', 'course.cli', 'course.checks', ...)."
    found = {}
    for path in LIB.rglob("*.py"):
        parts = list(path.relative_to(LIB).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            found[".".join(parts)] = path
    return found


def test_no_import_cycles_and_only_earlier_modules():
    modules = all_modules()
    graph = {name: imports_of(path) - {name} for name, path in modules.items()}
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == "open":
                pytest.fail("import cycle: " + " -> ".join(trail[trail.index(dep):] + [dep]))
            if dep not in state:
                visit(dep, trail + [dep])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    owners, _ = ownership()
    for module in generated_modules():
        later = sorted(d for d in graph[module] if d in owners and owners[d] > owners[module])
        assert not later, f"{module} (day {owners[module]}) imports {later}, owned by later days"


def test_the_library_never_imports_the_course_runtime_or_the_authoring_tools():
    modules = all_modules()
    for module in generated_modules():
        wings = sorted(d for d in imports_of(modules[module]) if d.split(".")[0] in WINGS)
        assert not wings, f"aicourse.{module} (library) imports {wings}: the library must stand alone"
    for name, path in modules.items():
        if name.startswith("course") and name != "course.cli":  # the CLI's `nb` commands call the author tools
            authoring = sorted(d for d in imports_of(path) if d.startswith("authoring"))
            assert not authoring, f"aicourse.{name} (course runtime) imports {authoring}, which need the dev extra"


def test_import_checker_sees_every_form_of_import(tmp_path):
    sample = tmp_path / "probe.py"
    sample.write_text("import aicourse.core\nfrom aicourse.course import assets\nfrom . import profiles\n"
                      "from ..authoring.notebooks import renumber\nfrom aicourse import scaffold\n")
    try:
        assert imports_of(sample, ("aicourse", "course")) == {
            "core", "course.assets", "course.profiles", "authoring.notebooks", "scaffold"}
    finally:
        sample.unlink()


def public_names() -> dict[str, list[str]]:
    return module_exports(LIB)


def test_no_public_name_defined_twice():
    seen: dict[str, str] = {}
    for module, names in public_names().items():
        assert len(names) == len(set(names)), f"{module}.__all__ lists a name twice"
        for name in names:
            assert name not in seen, f"{name} is public in both aicourse.{seen[name]} and aicourse.{module}"
            seen[name] = module


def signature(obj) -> str:
    "`(a: int, b: str = 'x') -> bool`, with string annotations (from `from __future__ import annotations`) unquoted."
    import inspect

    sig = inspect.signature(obj)

    def annotation(a) -> str:
        return a if isinstance(a, str) else inspect.formatannotation(a)

    params = []
    for p in sig.parameters.values():
        text = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "") + p.name
        if p.annotation is not p.empty:
            text += f": {annotation(p.annotation)}"
        if p.default is not p.empty:
            text += f" = {p.default!r}"
        params.append(text)
    result = "" if sig.return_annotation is sig.empty else f" -> {annotation(sig.return_annotation)}"
    return f"({', '.join(params)}){result}"


def api_lines() -> list[str]:
    "One line per public name of the library: functions and classes with their signatures, constants with their type."
    import importlib
    import inspect

    lines = []
    for module, names in public_names().items():
        mod = importlib.import_module(f"aicourse.{module}")
        for name in names:
            obj = getattr(mod, name)
            prefix = f"aicourse.{module}.{name}"
            if inspect.isclass(obj):
                bases = ", ".join(b.__name__ for b in obj.__bases__)
                try:
                    sig = signature(obj)
                except (TypeError, ValueError):
                    sig = "(...)"
                lines.append(f"{prefix}: class({bases}){sig}")
                for attr, member in sorted(vars(obj).items()):
                    if not attr.startswith("_") and inspect.isfunction(member):
                        lines.append(f"{prefix}.{attr}{signature(member)}")
            elif callable(obj):
                lines.append(f"{prefix}{signature(obj)}")
            else:
                lines.append(f"{prefix}: {type(obj).__name__}")
    return sorted(lines)


def test_public_api_matches_snapshot():
    current = api_lines()
    if os.environ.get("AICOURSE_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text("\n".join(current) + "\n")
    recorded = SNAPSHOT.read_text().splitlines()
    added, removed = sorted(set(current) - set(recorded)), sorted(set(recorded) - set(current))
    assert not added and not removed, (
        f"public API changed:\n  now:  {added}\n  was:  {removed}\nIf deliberate, run "
        "AICOURSE_UPDATE_SNAPSHOT=1 pytest tests/test_coherence.py and commit tests/api_snapshot.txt")


def test_snapshot_sees_a_changed_signature():
    lines = api_lines()
    line = next(x for x in lines if x.startswith("aicourse.core.get_device("))
    assert "prefer: str | None = None" in line, line


@pytest.mark.parametrize("wing", ["library", "course runtime"])
def test_import_stays_light(wing):
    if wing == "library":
        modules = ["aicourse", *(f"aicourse.{m}" for m in generated_modules())]
    else:
        modules = [f"aicourse.{m}" for m in all_modules() if m.startswith("course")]
    heavy = ("torch", "transformers", "sentence_transformers", "peft", "nbdev", "nbclient", "sphinx", "sklearn")
    code = (f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]", f"importing the {wing} ({len(modules)} modules) pulled in heavy packages: {out}"


def _type_checking_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    "Names a module imports only under `if TYPE_CHECKING:`, and names it imports at run time."
    typing_only, runtime = set(), set()

    def module_level(nodes: list[ast.stmt], is_tc: bool) -> None:  # not inside functions or classes
        for node in nodes:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                (typing_only if is_tc else runtime).update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, ast.If):
                module_level(node.body, is_tc or "TYPE_CHECKING" in ast.unparse(node.test))
                module_level(node.orelse, is_tc)
            elif isinstance(node, ast.Try):
                module_level(node.body + node.orelse + node.finalbody, is_tc)

    module_level(tree.body, False)
    return typing_only - runtime, runtime


def _runtime_names(fn: ast.AST) -> set[str]:
    "Names a function body loads at run time (annotations are strings under `from __future__ import annotations`)."
    skip = set()
    for node in ast.walk(fn):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            skip.update(id(n) for a in [*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs,
                                        node.args.vararg, node.args.kwarg] if a is not None and a.annotation
                        for n in ast.walk(a.annotation))
            if node.returns is not None:
                skip.update(id(n) for n in ast.walk(node.returns))
        elif isinstance(node, ast.AnnAssign):
            skip.update(id(n) for n in ast.walk(node.annotation))
    return {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and id(n) not in skip}


def _local_imports(fn: ast.AST) -> set[str]:
    return {(a.asname or a.name).split(".")[0] for n in ast.walk(fn) if isinstance(n, (ast.Import, ast.ImportFrom))
            for a in n.names}


@pytest.mark.parametrize("module", generated_modules())
def test_names_imported_for_annotations_only_are_imported_where_code_runs(module):
    "`torch` imported under TYPE_CHECKING is a string in annotations; code that calls it must import it itself."
    tree = ast.parse((LIB / f"{module}.py").read_text())
    typing_only, _ = _type_checking_names(tree)
    problems = []

    def visit(node: ast.AST, imported: set[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                scope = imported | _local_imports(child)
                missing = (_runtime_names(child) & typing_only) - scope
                if missing:
                    problems.append(f"{child.name} (line {child.lineno}) uses {sorted(missing)}")
                visit(child, scope)
            else:
                visit(child, imported)

    visit(tree, set())
    assert not problems, (f"aicourse/{module}.py imports {sorted(typing_only)} for annotations only, but these "
                          f"functions use them at run time without importing them: {problems}")
