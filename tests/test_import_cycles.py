"""No import circle inside the core: the graph of `handlers.*` modules, read from their source with `ast`,
has no cycle. Every import counts: module-level, function-level (a circle deferred into a function is still
one) and under ``if TYPE_CHECKING:`` (a circle of types is one too). An edge goes to the module named; the
package ``__init__`` Python runs on the way to a submodule is not an edge of its own (else every package
whose ``__init__`` gathers its submodules' names would be a circle with them)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.processes import REPO

HANDLERS = REPO / "handlers"
KNOWN: frozenset[tuple[str, ...]] = frozenset()
"""Cycles left on purpose, each with why (none today)."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(HANDLERS.rglob("*.py"))}


def _imported(node: ast.AST, here: str, is_package: bool, modules: dict[str, Path]) -> set[str]:
    """The `handlers.*` modules ``node`` (and all it holds: functions, ``if TYPE_CHECKING:`` blocks)
    imports by name: ``from a import b`` names ``a.b`` when that is a module, else ``a``."""
    found: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Import):
            found |= {alias.name for alias in child.names}
        elif isinstance(child, ast.ImportFrom):
            base = child.module or ""
            if child.level:
                package = here.split(".") if is_package else here.split(".")[:-1]
                package = package[: len(package) - (child.level - 1)]
                base = ".".join([*package, *([base] if base else [])])
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in child.names}
    return {name for name in found if name in modules and name != here}


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(), str(path))
        imported = _imported(tree, name, path.name == "__init__.py", modules)
        graph[name] = imported
    return graph


def cycles(graph: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted, the list sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[tuple[str, ...]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(tuple(sorted(group)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_the_graph_sees_every_kind_of_import() -> None:
    """The reader is not blind: a module-level import, a function-level one, one under TYPE_CHECKING and
    `from package import module` are edges, and a made-up circle is found."""
    graph = import_graph()
    assert "handlers.context" in graph["handlers.meetings.commands"]  # module level
    assert "handlers.rosters" in graph["handlers.participants"]  # inside a function
    assert "handlers.context" in graph["handlers.registry"]  # under TYPE_CHECKING
    assert "handlers.meetings.forms" in graph["handlers.meetings.commands"]  # `from package import module`
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [("a", "b", "c")]


def test_no_import_cycle_inside_handlers() -> None:
    found = set(cycles(import_graph()))
    new = sorted(found - KNOWN)
    assert not new, "import cycles in handlers/: " + "; ".join(" <-> ".join(c) for c in new)
    assert KNOWN - found == set(), "a known cycle is gone: take it out of KNOWN"
