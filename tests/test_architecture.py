"""The package's layers: dependencies point one way, and no module imports in a cycle.

Every import is counted, those inside functions too (a lazy import is still a
dependency). See docs/architecture.md.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import PROJECT

SRC = PROJECT / "src"
PACKAGE = "edition_tools"

#: Each layer, and the layers it may import from (besides itself and the top modules).
LAYERS: dict[str, set[str]] = {
    "model": set(),
    "store": {"model"},
    "features": {"model", "store"},
    "checks": {"model", "store", "features"},
    "outputs": {"model", "store"},
    "patches": {"model", "store"},
    "cli": {"model", "store", "features", "checks", "outputs", "patches"},
}
#: The modules at the top that any layer may use; the others (extension) only wire.
SHARED_TOP = {PACKAGE, f"{PACKAGE}.warnings_", f"{PACKAGE}.config"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> Iterator[str]:
    """The package's modules that ``path`` imports, wherever in the file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PACKAGE):
            for alias in node.names:
                if f"{node.module}.{alias.name}" in MODULES:
                    yield f"{node.module}.{alias.name}"
            if node.module in MODULES:
                yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in MODULES)


GRAPH = {name: set(_imports(path)) - {name} for name, path in MODULES.items()}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else "top"


def test_the_tree_lists_the_layers():
    packages = {path.name for path in (SRC / PACKAGE).iterdir() if path.is_dir()}
    assert packages - {"__pycache__"} == set(LAYERS)
    top = {path.stem for path in (SRC / PACKAGE).glob("*.py")}
    assert top == {"__init__", "extension", "config", "warnings_"}


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _layer(m) != "top"))
def test_imports_point_down_the_layers(module):
    layer = _layer(module)
    allowed = LAYERS[layer] | {layer}
    wrong = sorted(
        target
        for target in GRAPH[module]
        if (_layer(target) == "top" and target not in SHARED_TOP)
        or (_layer(target) != "top" and _layer(target) not in allowed)
    )
    assert wrong == []


def test_no_import_cycle():
    visiting: list[str] = []
    done: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        if module in visiting:
            cycles.append([*visiting[visiting.index(module) :], module])
            return
        if module in done:
            return
        visiting.append(module)
        for target in sorted(GRAPH[module]):
            visit(target)
        visiting.pop()
        done.add(module)

    for module in sorted(GRAPH):
        visit(module)
    assert cycles == []


def test_no_month_name_from_the_locale():
    """calendar's month names follow the locale that sphinx-build sets (model/dates.py)."""
    found = []
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            month_names = isinstance(node, ast.Attribute) and node.attr in {
                "month_name",
                "month_abbr",
            }
            strftime_month = isinstance(node, ast.Call) and any(
                isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
                and "%b" in arg.value.lower()
                for arg in node.args
            )
            if month_names or strftime_month:
                found.append(f"{name}:{node.lineno}")
    assert found == []
