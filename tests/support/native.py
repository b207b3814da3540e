"""The native provider in engine tests: a plugin directory holding ``pulumi-resource-partnerlink``
(a wrapper running this interpreter's ``python -m pulumi_partnerlink.native``, as the console
script of an installed package does), named in the stack's ``Pulumi.yaml`` under
``plugins: providers:`` as the README tells users (no "from $PATH" warnings)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from tests.support.engine import Engine

PLUGIN = "pulumi-resource-partnerlink"


def plugin_dir(base: Path) -> Path:
    """A directory with an executable ``pulumi-resource-partnerlink`` (created once)."""
    where = base / "partnerlink-plugin"
    exe = where / PLUGIN
    if not exe.exists():
        where.mkdir(parents=True, exist_ok=True)
        exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m pulumi_partnerlink.native "$@"\n')
        exe.chmod(0o755)
    return where


def use_plugin(stack: auto.Stack, directory: Path) -> None:
    """Name the plugin directory in the stack's Pulumi.yaml (``plugins: providers:``)."""
    project = Path(stack.workspace.work_dir) / "Pulumi.yaml"
    text = project.read_text().rstrip("\n")
    project.write_text(
        f"{text}\nplugins:\n  providers:\n    - name: partnerlink\n      path: {directory}\n"
    )


def native_stack(
    engine: Engine, program: str | Path, stack_name: str = "test", **kw: Any
) -> auto.Stack:
    """A stack of ``program`` whose ``partnerlink`` plugin is the native provider."""
    stack = engine.stack(program, stack_name, **kw)
    use_plugin(stack, plugin_dir(engine.base))
    return stack
