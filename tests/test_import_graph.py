"""The package's import graph has no circle.

Every module of ``korea_talks`` is parsed with :mod:`ast` (nothing is imported): every
``import`` and ``from ... import`` statement counts, at module level or inside a function,
and relative imports are resolved against the importing module. ``from package import
name`` counts as an import of ``package.name`` when that is a module, else of ``package``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "korea_talks"

# Circles known today and being removed elsewhere; this list shrinks to empty. A circle
# listed here must still exist (so that a removal is noticed and the entry deleted).
KNOWN_CYCLES: set[tuple[str, ...]] = {
    ("korea_talks.widgets.lens_views", "korea_talks.widgets.sequence_builder"),
}


def module_names(package: Path) -> dict[str, Path]:
    """Map every module's dotted name to its file (a package is named by its folder).

    >>> names = module_names(PACKAGE)
    >>> names["korea_talks"].name, names["korea_talks.cli"].name
    ('__init__.py', 'cli.py')
    """
    modules = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _is_package(name: str, modules: dict[str, Path]) -> bool:
    return modules[name].name == "__init__.py"


def imports_of(name: str, modules: dict[str, Path]) -> set[str]:
    """The package modules that module ``name`` imports, anywhere in its body.

    >>> modules = {"p": Path("p/__init__.py"), "p.a": Path("p/a.py"), "p.b": Path("p/b.py")}
    >>> tree = "from . import b\\nfrom .b import x\\nimport os\\ndef f():\\n    import p.a\\n"
    >>> sorted(_imports_in(ast.parse(tree), "p.a", modules))
    ['p.b']
    """
    tree = ast.parse(modules[name].read_text(encoding="utf-8"), filename=str(modules[name]))
    return _imports_in(tree, name, modules)


def _imports_in(tree: ast.AST, name: str, modules: dict[str, Path]) -> set[str]:
    own_package = name if _is_package(name, modules) else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = own_package.split(".")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join([*base_parts, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            # `import a.b.c` imports the deepest package module named in the chain
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target:
                found.add(target)
    found.discard(name)
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    """Every package module mapped to the package modules it imports."""
    modules = module_names(package)
    return {name: imports_of(name, modules) for name in modules}


def cycles(graph: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """The elementary circles of the graph (Johnson-style search on small graphs), each as a
    tuple rotated to start at its smallest name.

    >>> sorted(cycles({"a": {"b"}, "b": {"a", "c"}, "c": {"c"}, "d": {"a"}}))
    [('a', 'b'), ('c',)]
    """
    found: set[tuple[str, ...]] = set()
    order = sorted(graph)
    for start_index, start in enumerate(order):
        allowed = set(order[start_index:])  # circles through smaller names are found already
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for successor in sorted(graph.get(node, ())):
                if successor == start:
                    found.add(tuple(path))
                elif successor in allowed and successor not in path:
                    stack.append((successor, [*path, successor]))
    return found


def _describe(cycle: tuple[str, ...]) -> str:
    return " -> ".join([*cycle, cycle[0]])


GRAPH = import_graph(PACKAGE)
FOUND = cycles(GRAPH)


def test_the_graph_is_read_from_every_module():
    """A parser that found no edges would pass the circle test: it must see known imports."""
    assert len(GRAPH) > 50
    assert "korea_talks.datafiles" in GRAPH["korea_talks.actors"]
    assert sum(len(targets) for targets in GRAPH.values()) > len(GRAPH)


def test_the_package_has_no_import_circle():
    unexpected = FOUND - KNOWN_CYCLES
    assert not unexpected, "import circles: " + "; ".join(map(_describe, sorted(unexpected)))


@pytest.mark.parametrize("known", sorted(KNOWN_CYCLES), ids=_describe)
def test_every_known_circle_still_exists(known):
    """Delete an entry of KNOWN_CYCLES once its circle is gone."""
    assert known in FOUND, f"{_describe(known)} is gone: delete it from KNOWN_CYCLES"
