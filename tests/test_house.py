"""The house: stages as folders whose imports only point down, small modules and functions, and tests
that say which tool they need."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "pipeline"
# The stages in the order a plan passes them; a module may import its own stage and the ones before.
STAGES = ("core", "content", "life", "documents", "outputs", "commands")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 45
MAX_PARAMETERS = 5


def modules() -> dict[str, Path]:
    """Return every module of the package by dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Return the package's modules a module imports, at its top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in known else target)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
            found.add(node.module)
    return {f for f in found if f in known and f != name}


def stage(name: str) -> int | None:
    parts = name.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else None


def test_every_module_lives_in_a_stage():
    loose = [n for n, p in modules().items() if stage(n) is None and n not in ("pipeline", "pipeline.__main__")]
    assert loose == []


def test_no_import_points_to_a_later_stage():
    known = set(modules())
    upward = [f"{name} → {target}" for name, path in modules().items() for target in imports_of(name, path, known)
              if stage(name) is not None and stage(target) is not None and stage(target) > stage(name)]
    assert upward == []


def test_the_import_graph_has_no_circle():
    known = set(modules())
    graph = {name: imports_of(name, path, known) - {"pipeline"} for name, path in modules().items()}
    seen, on_path, circles = set(), [], []

    def visit(node: str) -> None:
        if node in on_path:
            circles.append(on_path[on_path.index(node):] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        on_path.append(node)
        for target in sorted(graph[node]):
            if not target.endswith("__init__") and target in graph and target != node.rpartition(".")[0]:
                visit(target)
        on_path.pop()

    for name in sorted(graph):
        visit(name)
    assert circles == []


def test_modules_and_functions_stay_small():
    long_modules, long_functions, many_parameters = [], [], []
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            long_modules.append(f"{name}: {len(text.splitlines())}")
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                long_functions.append(f"{name}.{node.name}: {node.end_lineno - node.lineno + 1}")
            args = node.args
            names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs if a.arg not in ("self", "cls")]
            if len(names) > MAX_PARAMETERS:
                many_parameters.append(f"{name}.{node.name}: {len(names)}")
    assert (long_modules, long_functions, many_parameters) == ([], [], [])


def test_a_machine_with_writer_but_not_calc_skips_calc_tests_with_the_reason(tmp_path, monkeypatch):
    from . import conftest

    program = tmp_path / "program"
    program.mkdir()
    (program / "soffice").write_text("#!/bin/sh\n")
    (program / "libswlo.so").write_bytes(b"")
    monkeypatch.setattr(conftest.shutil, "which", lambda name: str(program / name) if name == "soffice" else None)
    assert conftest.missing_tools("writer") == []
    assert conftest.missing_tools("calc", "pdftotext") == ["LibreOffice Calc (libreoffice-calc-nogui)", "pdftotext"]
    monkeypatch.setenv("CI", "false")
    mark = conftest.needs("calc")
    assert mark.args == (True,) and "LibreOffice Calc" in mark.kwargs["reason"]
    monkeypatch.setenv("CI", "true")  # where CI installs the tools, a missing one fails the test instead
    assert conftest.needs("calc").args == (False,)
