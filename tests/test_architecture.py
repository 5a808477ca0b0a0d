"""The house's shape: imports run one way, no two modules import each other, no module sprawls.

The import contracts live in pyproject.toml under [tool.importlinter] (see docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workshift"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
MAX_LINES = 600


def _lint_imports(*, root: Path) -> subprocess.CompletedProcess[str]:
    """Run the contracts on the `workshift` package found under `root`."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copytree(
        PACKAGE,
        tmp_path / "workshift",
        ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "*.pyc"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _loops(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_the_import_contracts_hold() -> None:
    result = _lint_imports(root=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_fail_on_an_import_against_the_phase_order(tmp_path: Path) -> None:
    # given a copy of the code where people (phase 0) reads insights (the top floor)
    root = _copy_of_the_package(tmp_path)
    (root / "workshift" / "people" / "wrong_way.py").write_text(
        "from workshift.insights.models import Story\n"
    )
    # when the contracts run on the copy
    result = _lint_imports(root=root)
    # then the layers contract is broken, naming the import
    assert result.returncode != 0
    assert "Phases and shared layers import downwards only BROKEN" in result.stdout
    assert "workshift.people.wrong_way -> workshift.insights.models" in result.stdout


def test_the_contracts_fail_when_the_engine_imports_django(tmp_path: Path) -> None:
    # given a copy of the code where an engine module imports Django
    root = _copy_of_the_package(tmp_path)
    (root / "workshift" / "engine" / "wrong_way.py").write_text("from django.db import models\n")
    # when the contracts run on the copy
    result = _lint_imports(root=root)
    # then the engine contract is broken, naming the import
    assert result.returncode != 0
    assert "The engine is pure computation: no Django, nothing else of ours BROKEN" in result.stdout
    assert "workshift.engine.wrong_way -> django (l.1)" in result.stdout


def test_the_loop_finder_finds_a_loop_between_two_modules() -> None:
    graph = grimp.ImportGraph()
    for name in ("a.services", "a.tasks", "a.views"):
        graph.add_module(name)
    graph.add_import(importer="a.services", imported="a.tasks")
    graph.add_import(importer="a.tasks", imported="a.services")
    graph.add_import(importer="a.views", imported="a.services")
    assert _loops(graph) == [["a.services", "a.tasks"]]


def test_no_two_modules_of_workshift_import_each_other_in_a_loop() -> None:
    graph = grimp.build_graph("workshift", cache_dir=None)
    assert _loops(graph) == []


def test_no_module_outside_migrations_is_over_600_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
