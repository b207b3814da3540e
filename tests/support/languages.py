"""Programs in TypeScript and Go through the real CLI: what a user's project needs, made once.

- TypeScript: the program's own ``package.json`` (``@pulumi/pulumi`` and the SDK as
  ``file:<checkout>/sdk/nodejs/bin``, as ``npm install --install-links`` writes it) installed
  once per run into a cache keyed by the SDK's sources and the package.json (the SDK compiled
  by ``scripts/gen-sdk/run``'s ``build_nodejs``, then ``npm install --install-links``); each
  stack's copy of the program gets a ``node_modules`` link to it. The Node.js language host
  runs ``index.ts`` with ts-node, as for any user.
- Go: the program's ``go.mod`` (``sdk/v3`` and the SDK, its ``replace`` line pointing at the
  checkout's ``sdk/go``) with the path made absolute in each copy. The Go language host builds
  the program at every operation, as for any user (Go's build cache keeps that to seconds
  after the first).

Both name the plugin under ``plugins: providers:`` (tests/support/native.py), as the YAML and
native Python tests do.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import importlib.machinery
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from pulumi import automation as auto

from tests.support.engine import ROOT, Engine
from tests.support.native import plugin_dir, use_plugin

SDK_FILE_DEP = re.compile(r'"file:[^"]*sdk/nodejs/bin"')
GO_REPLACE = re.compile(r"^(replace github.com/partnerlink/pulumi-partnerlink/sdk/go => ).*$", re.M)


@functools.cache
def cli_bin() -> Path:
    """The bin directory of the CLI scripts/ensure-pulumi builds (with its language hosts)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "ensure-pulumi")],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(done.stdout.strip().splitlines()[-1])


def gen_sdk() -> ModuleType:
    """scripts/gen-sdk/run as a module (its node_modules cache and SDK build)."""
    path = ROOT / "scripts" / "gen-sdk" / "run"
    loader = importlib.machinery.SourceFileLoader("gen_sdk_run", str(path))
    spec = importlib.util.spec_from_loader("gen_sdk_run", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def _digest(paths: list[Path], extra: str) -> str:
    h = hashlib.sha256(extra.encode())
    for p in sorted(paths):
        h.update(str(p.relative_to(ROOT)).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def node_modules(package_json: Path) -> Path:
    """``node_modules`` of a program with this package.json, the SDK built from sdk/nodejs."""
    gen = gen_sdk()
    sources = [p for p in (ROOT / "sdk" / "nodejs").rglob("*") if p.is_file()]
    sources = [p for p in sources if not {"bin", "node_modules"} & set(p.parts)]
    wanted = SDK_FILE_DEP.sub('"file:SDK"', package_json.read_text())
    root = gen.cache_base() / f"ts-program-{_digest(sources, wanted)}"
    if (root / "app" / "node_modules" / "@partnerlink").is_dir():
        return root / "app" / "node_modules"
    root.parent.mkdir(parents=True, exist_ok=True)
    with open(root.parent / f".{root.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one install per key; other workers wait, then reuse
        if (root / "app" / "node_modules" / "@partnerlink").is_dir():
            return root / "app" / "node_modules"
        staging = Path(tempfile.mkdtemp(prefix="ts-program.", dir=root.parent))
        try:
            shutil.copytree(ROOT / "sdk" / "nodejs", staging / "sdk", ignore=_built)
            gen.build_nodejs(staging / "sdk")
            app = staging / "app"
            app.mkdir()
            (app / "package.json").write_text(
                SDK_FILE_DEP.sub(f'"file:{staging / "sdk" / "bin"}"', package_json.read_text())
            )
            subprocess.run(
                [
                    "npm",
                    "install",
                    "--install-links",
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                ],
                cwd=app,
                check=True,
                capture_output=True,
            )
            shutil.rmtree(root, ignore_errors=True)
            staging.rename(root)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return root / "app" / "node_modules"


def _built(_dir: str, names: list[str]) -> list[str]:
    return [n for n in names if n in ("bin", "node_modules")]


def typescript_stack(
    engine: Engine,
    program: str | Path,
    stack_name: str = "test",
    plugin: bool = True,
    **kw: Any,
) -> auto.Stack:
    """A stack of a TypeScript program whose ``partnerlink`` plugin is the native provider
    (named under ``plugins:``; ``plugin=False``: found as the CLI finds installed plugins)."""
    stack = engine.stack(program, stack_name, **kw)
    work = Path(stack.workspace.work_dir)
    (work / "node_modules").symlink_to(node_modules(work / "package.json"))
    if plugin:
        use_plugin(stack, plugin_dir(engine.base))
    return stack


def go_stack(
    engine: Engine, program: str | Path, stack_name: str = "test", **kw: Any
) -> auto.Stack:
    """A stack of a Go program whose ``partnerlink`` plugin is the native provider."""
    stack = engine.stack(program, stack_name, **kw)
    mod = Path(stack.workspace.work_dir) / "go.mod"
    text, found = GO_REPLACE.subn(rf"\g<1>{ROOT / 'sdk' / 'go'}", mod.read_text())
    assert found == 1, "the program's go.mod must replace the SDK with the checkout's sdk/go"
    mod.write_text(text)
    use_plugin(stack, plugin_dir(engine.base))
    return stack


def state_text(engine: Engine, stack: auto.Stack) -> str:
    """The stack's state as ``pulumi stack export`` prints it (secrets encrypted)."""
    return engine.cli(stack, "stack", "export")


def exported(result: Any) -> dict[str, Any]:
    return {k: v.value for k, v in result.outputs.items()}
