"""The engine's modules import one another in one direction only, and never Django."""

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "workshift" / "engine"


def engine_imports(source: str) -> set[str]:
    """Names of the engine modules a module imports (at any depth of its code)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "workshift.engine":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("workshift.engine."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("workshift.engine."):
                    found.add(alias.name.split(".")[2])
    return found


def import_graph(folder: Path) -> dict[str, set[str]]:
    return {p.stem: engine_imports(p.read_text()) for p in folder.glob("*.py")}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_engine_module_imports_back_into_a_module_that_imports_it():
    assert find_cycle(import_graph(ENGINE)) is None


def test_the_cycle_check_finds_a_loop_through_a_lazy_import(tmp_path):
    (tmp_path / "a.py").write_text("from workshift.engine import b\n")
    (tmp_path / "b.py").write_text("def f():\n    from workshift.engine.a import g\n")
    assert find_cycle(import_graph(tmp_path)) == ["a", "b", "a"]


def test_the_engine_does_not_import_django():
    for path in ENGINE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n.split(".")[0] == "django" for n in names), path.name
