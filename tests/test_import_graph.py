"""The package's import graph has no circle: no module imports (at its top or inside a
function) a module that, directly or not, imports it back. A circle makes the import
order matter and hides which module owns a concept (the widgets once had one, through
the verdict colours).

Imports under ``if TYPE_CHECKING:`` are left out: they never run, and they let a module
of handlers name the type of the object its caller passes in (the seminar engine's
clock, offers and views take the session) without importing that caller."""

from __future__ import annotations

import ast
from pathlib import Path

import korea_talks

PACKAGE = Path(korea_talks.__file__).parent


def module_name(path: Path) -> str:
    """``korea_talks.widgets.layout`` for ``korea_talks/widgets/layout.py``."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str], name: str = "") -> set[str]:
    """The package's modules that ``path`` (module ``name``) imports anywhere in its body
    (a name imported from a package counts as its module when it is one, else as the
    package)."""
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
    return {m for m in found if m in modules and m != name}


def graph() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports."""
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports_of(p, modules) for p in paths}


def find_circle(edges: dict[str, set[str]]) -> list[str]:
    """One import circle (the modules in order, the first repeated at the end), or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (circle := visit(nxt)):
                return circle
        path.pop()
        state[node] = 2
        return []

    for start in sorted(edges):
        if start not in state and (circle := visit(start)):
            return circle
    return []


def test_find_circle_finds_one_and_only_one() -> None:
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_imports_inside_functions_and_relative_ones_count(tmp_path: Path) -> None:
    source = tmp_path / "widgets" / "views.py"
    source.parent.mkdir()
    source.write_text(
        "from . import layout\n"
        "def colour():\n"
        "    from korea_talks.widgets.builder import COLOURS\n"
        "    import korea_talks.palette\n",
        encoding="utf8",
    )
    modules = {"korea_talks.widgets.layout", "korea_talks.widgets.builder", "korea_talks.palette"}
    found = imports_of(source, modules, name="korea_talks.widgets.views")
    assert found == modules


def test_imports_for_type_checking_only_do_not_count(tmp_path: Path) -> None:
    source = tmp_path / "clock.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "import korea_talks.palette\n"
        "if TYPE_CHECKING:\n"
        "    from korea_talks.widgets.builder import Builder\n",
        encoding="utf8",
    )
    modules = {"korea_talks.widgets.builder", "korea_talks.palette"}
    assert imports_of(source, modules, name="korea_talks.clock") == {"korea_talks.palette"}


def test_the_package_has_no_import_circle() -> None:
    circle = find_circle(graph())
    assert not circle, "import circle: " + " -> ".join(circle)
