"""The shape of scripts/portal: a pipeline without import circles, one problem record, one
error family, one YAML reader, and engine code that returns results instead of printing."""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "portal"


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = ast.parse(path.read_text("utf-8"))
    return found


MODULES = _modules()


def _imports(tree: ast.Module) -> set[str]:
    """The portal modules a module imports (a package's __init__ for `from portal.x import y`
    when y is not itself a module)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.add(name if name in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("portal")}


def _circles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    graph = {name: _imports(tree) & MODULES.keys() for name, tree in MODULES.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        for other in graph[name]:
            if other not in index:
                visit(other)
                low[name] = min(low[name], low[other])
            elif other in stack:
                low[name] = min(low[name], index[other])
        if low[name] == index[name]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == name:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for name in graph:
        if name not in index:
            visit(name)
    return circles


def test_no_import_circle():
    assert _circles() == []


def test_nothing_imports_the_cli_and_only_the_adapter_imports_mkdocs():
    for name, tree in MODULES.items():
        imported = _imports(tree)
        if not name.startswith("portal.cli"):
            assert not any(i == "portal.cli" or i.startswith("portal.cli.") for i in imported), name
        uses_mkdocs = any(
            isinstance(node, ast.ImportFrom | ast.Import)
            and any(
                (getattr(node, "module", None) or alias.name).split(".")[0] == "mkdocs"
                for alias in node.names
            )
            for node in ast.walk(tree)
        )
        assert uses_mkdocs == (name == "portal.mkdocs_plugin"), name


def test_engine_code_never_prints():
    for name, tree in MODULES.items():
        if name.startswith(("portal.cli", "portal.bench")):
            continue
        prints = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print"
        ]
        assert prints == [], f"{name} prints at lines {prints}: return or log instead"


def test_one_problem_record_and_one_error_family():
    problem_classes = []
    errors_outside = []
    for name, tree in MODULES.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            if node.name == "Problem":
                problem_classes.append(name)
            bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
            if bases & {"Exception", "ValueError", "RuntimeError"} and node.name != "PortalError":
                errors_outside.append(f"{name}.{node.name}")
    assert problem_classes == ["portal.problems"]
    # Only PortalError derives from Exception directly; private control-flow exceptions that
    # never leave their module are listed here on purpose.
    assert errors_outside == ["portal.content.facts.FormulaError", "portal.content.yamltree._Stop"]


def test_every_yaml_file_is_read_through_the_one_engine():
    readers = []
    for name, tree in MODULES.items():
        if name in ("portal.content.yamltree",) or name.startswith("portal.bench"):
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and getattr(node.value, "id", None) == "yaml"
                and node.attr in ("load", "safe_load", "compose", "full_load", "unsafe_load")
            ):
                readers.append(f"{name}:{node.lineno}")
    assert readers == [], "read YAML with portal.content.datafile, not yaml.* directly"
