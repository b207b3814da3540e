"""The emulator's modules stay small and import each other without cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pulumi_partnerlink.emulator as emulator_package

ROOT = Path(emulator_package.__file__).parent
PACKAGE = "pulumi_partnerlink.emulator"
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join([PACKAGE, *parts])] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every emulator module ``name`` imports, at the top, lazily or under TYPE_CHECKING."""
    base = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    deps: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            parts = base.split(".")
            if node.level:
                parts = parts[: len(parts) - (node.level - 1)]
                target = ".".join(parts + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            subs = {f"{target}.{a.name}" for a in node.names} & modules.keys()
            deps |= subs or ({target} & modules.keys())
        elif isinstance(node, ast.Import):
            deps |= {a.name for a in node.names} & modules.keys()
    return deps - {name}


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    cycles = []
    for start in graph:
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for dep in graph[node]:
                if dep == start:
                    cycles.append(" -> ".join([*path, dep]))
                elif dep not in path and dep > start:
                    stack.append((dep, [*path, dep]))
    assert cycles == []
    assert f"{PACKAGE}.app" not in graph[f"{PACKAGE}.admin"]


def test_modules_are_small() -> None:
    sizes = {name: len(path.read_text().splitlines()) for name, path in _modules().items()}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
