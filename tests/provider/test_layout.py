"""The package stays in small pieces: no module over 400 lines, no function over 60 (the
acceptance of issue 24), and the core imports no Pulumi front end."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "provider" / "pulumi_partnerlink"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
FRONT_ENDS = ("pulumi.dynamic", "pulumi.provider")


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            lines = (node.end_lineno or node.lineno) - first + 1
            if lines > MAX_FUNCTION_LINES:
                out.append(f"{path.relative_to(PACKAGE)} {node.name}")
    return out


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_there_is_something_to_check() -> None:
    assert len(modules()) > 50


def test_no_module_over_400_lines() -> None:
    sizes = {p: len(p.read_text().splitlines()) for p in modules()}
    assert [
        f"{p.relative_to(PACKAGE)} ({n})" for p, n in sizes.items() if n > MAX_MODULE_LINES
    ] == []


def test_no_function_over_60_lines() -> None:
    assert {f for p in modules() for f in long_functions(p)} == set()


def test_the_core_imports_no_front_end() -> None:
    found = {
        f"{p.relative_to(PACKAGE)}: {name}"
        for p in (PACKAGE / "core").rglob("*.py")
        for name in imported(p)
        if name.startswith(FRONT_ENDS)
    }
    assert found == set()


def test_each_front_end_imports_only_its_own() -> None:
    dynamic = {n for p in (PACKAGE / "dynamic").rglob("*.py") for n in imported(p)}
    native = {
        n
        for p in (PACKAGE / "native").glob("*.py")  # the plugin, not the program-side SDK
        for n in imported(p)
    }
    assert not any(n.startswith("pulumi.provider") for n in dynamic)
    assert not any(n.startswith("pulumi.dynamic") for n in native)


def relative_imports(path: Path) -> set[str]:
    """The package's own modules ``path`` imports relatively (``from ..registry import X``)."""
    return {
        (node.module or "").split(".")[-1]
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and node.level > 0
    }


def test_the_registry_only_lists() -> None:
    """A resource class knows its provider (``class XProvider(SpecProvider, resource=X)``);
    nothing the resource modules import goes back to the registry, which imports them all."""
    for folder in ("dynamic", "_generated", "core"):
        for path in (PACKAGE / folder).rglob("*.py"):
            assert "registry" not in relative_imports(path), path
