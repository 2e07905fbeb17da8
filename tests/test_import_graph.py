"""fraudctl's modules import each other without a circle: each layer can be read knowing only the ones below it.

Every import counts: lazy ones inside functions and those under `if TYPE_CHECKING:` too, since a circle hidden
there is still two modules that cannot be understood apart. Importing `a.b.c` runs `a/b/__init__.py` too, but that
edge is Python's packaging, not a dependency the code chose, so a package counts only where it is named.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _module_name(path: Path, source_root: Path) -> str:
    parts = path.relative_to(source_root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.Module, known: set[str]) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:  # `from pkg import module` depends on the module, not on pkg/__init__.py
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found & known


def import_graph(package: str, source_root: Path = ROOT) -> dict[str, set[str]]:
    files = {_module_name(path, source_root): path for path in (ROOT / package).rglob("*.py")}
    known = set(files)
    return {name: _imports(ast.parse(path.read_text()), known) - {name} for name, path in files.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_the_detector_finds_a_circle_and_a_longer_one():
    assert circles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


# policies/, infra/ and functions/ are source roots of their own: the pack, the program and the Lambda zip import
# from inside them.
@pytest.mark.parametrize(
    ("package", "source_root"),
    [("fraudctl", ROOT), ("policies", ROOT / "policies"), ("infra", ROOT / "infra"), ("functions", ROOT / "functions")],
)
def test_no_import_circle(package, source_root):
    graph = import_graph(package, source_root)
    assert sum(len(targets) for targets in graph.values()) > 10, "the graph has edges: imports were recognised"
    assert circles(graph) == []


def test_local_mode_is_laid_out_by_the_aws_service_each_part_stands_in_for():
    local = ROOT / "fraudctl" / "local"
    services = sorted(path.name for path in local.iterdir() if (path / "__init__.py").exists())
    assert services == ["apigateway", "emulator", "lambda_", "streams"]
    for service in services:
        docstring = ast.get_docstring(ast.parse((local / service / "__init__.py").read_text())) or ""
        assert docstring.startswith("Stands in for "), service
