"""Every code block of README.md and docs/*.md as a test, with Sybil (the root conftest.py).

A fenced block's info is its language and, optionally, ``no-run`` (a block that is deliberately
not runnable: a command for a real account, an excerpt). Each language runs as its users run it:

- ``python``: the block as a program under Pulumi's mocks, in its own interpreter (resource
  constructors run: a renamed or mistyped property fails), config ``sidewalkKey``/``amazonId``
  given; a block that talks to the emulator at ``127.0.0.1:4599`` gets the document's emulator;
- ``typescript``: ``tsc`` strict in a project as tests/engine/programs/accounts_ts has it;
- ``go``: ``go vet`` in a module as tests/engine/programs/accounts_go has it;
- ``yaml``: a Pulumi YAML program (``runtime: yaml``) goes through the real CLI against the
  document's emulator: ``pulumi preview`` (the plugin checks every property), its config given
  sample values; any other YAML must parse;
- ``sh``/``bash``: the document's steps, in order, in one shell in a scratch directory (what a
  block exports or where it ``cd``s, the next block has), as a user types them in a terminal.
  Three stand-ins, and only these:
  the docs' fixed port 4599 is a free port; ``pulumi login --local`` (the CLI's home, not
  $HOME) is a local backend in the scratch directory; and a virtualenv created and filled with
  ``pip install /path/to/pulumi-partnerlink`` is a link to the test environment (installing
  the package is tests/engine/test_packaging.py's).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from sybil import Document, Example, Region, Sybil
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer

from tests.support.engine import PASSPHRASE, ROOT
from tests.support.languages import GO_REPLACE, cli_bin, node_modules

INFO = re.compile(r"(?P<language>[\w-]+)(?P<options>[^\n]*)$\n", re.MULTILINE)
PROGRAMS = ROOT / "tests" / "engine" / "programs"
KEY = "ab" * 32
CONFIG = {"sidewalkKey": KEY, "amazonId": "amzn1.account.ADOCS", "appServerPrivateKey": KEY}


def parse(document: Document) -> list[Region]:
    regions = []
    for region in RawFencedCodeBlockLexer(info_pattern=INFO)(document):
        lexemes = region.lexemes
        region.parsed = (lexemes["language"], lexemes["options"].split(), str(lexemes["source"]))
        region.evaluator = evaluate
        regions.append(region)
    return regions


def evaluate(example: Example) -> None:
    language, options, source = example.parsed
    if "no-run" in options:
        return
    run = RUNNERS.get(language)
    assert run is not None, f"a ```{language} block: run it here, or mark it no-run"
    if language in SHELLS:
        run_session(example)
    else:
        run(example.namespace, source)


SHELLS = ("sh", "bash")


def run_session(example: Example) -> None:
    """A document's shell steps are one session: its first runnable shell block runs them all,
    in order (test workers may take the blocks of one document apart)."""
    steps = [
        r for r in parse(example.document) if r.parsed[0] in SHELLS and "no-run" not in r.parsed[1]
    ]
    if steps[0].start != example.region.start:
        return  # run by the session's first block, in its place
    # One shell, as a user's terminal: what a block exports or where it cds, the next has.
    run_shell(example.namespace, "\n".join(region.parsed[2] for region in steps))


# --------------------------------------------------------------------------- per document


def setup(namespace: dict[str, Any]) -> None:
    namespace["scratch"] = Path(tempfile.mkdtemp(prefix="docs."))
    namespace["cwd"] = namespace["scratch"]
    # The profiles the docs give the emulator's accounts (the sender's, the customer's).
    aws = namespace["scratch"] / ".aws"
    aws.mkdir()
    (aws / "credentials").write_text(
        "[default]\naws_access_key_id = 111111111111\naws_secret_access_key = x\n\n"
        "[sender]\naws_access_key_id = 111111111111\naws_secret_access_key = x\n\n"
        "[customer]\naws_access_key_id = 222222222222\naws_secret_access_key = x\n"
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        namespace["port"] = s.getsockname()[1]


def teardown(namespace: dict[str, Any]) -> None:
    pids = namespace["scratch"] / ".pids"
    for pid in pids.read_text().split() if pids.exists() else []:
        subprocess.run(["kill", pid], capture_output=True)
    emulator = namespace.get("emulator")
    if emulator is not None:
        emulator.__exit__(None, None, None)
    shutil.rmtree(namespace["scratch"], ignore_errors=True)


def endpoint(namespace: dict[str, Any]) -> str:
    """The document's emulator (started on first use, on the document's port)."""
    if "emulator" not in namespace:
        from pulumi_partnerlink.emulator import Emulator

        namespace["emulator"] = Emulator(port=namespace["port"]).__enter__()
    return f"http://127.0.0.1:{namespace['port']}"


def cli_env(namespace: dict[str, Any]) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{cli_bin()}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(namespace["scratch"]),
        "PULUMI_HOME": str(namespace["scratch"] / ".pulumi-home"),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "AWS_ACCESS_KEY_ID": "111111111111",
        "AWS_SECRET_ACCESS_KEY": "x",
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
    }


def check(done: subprocess.CompletedProcess[str], what: str) -> None:
    assert done.returncode == 0, f"{what}:\n{done.stdout}\n{done.stderr}"


# --------------------------------------------------------------------------- languages

MOCKED = """
import asyncio, json, os, sys
import pulumi
from pulumi.runtime.stack import wait_for_rpcs
from pulumi.runtime.settings import _get_rpc_manager

from pulumi_partnerlink.registry import CORES

DYNAMIC = "pulumi-python:dynamic/partnerlink:"
SECRET = "4dabf18193072939515e22adb298388d"  # the wire's signature of a secret value


def plain(value):
    if isinstance(value, dict):
        if SECRET in value:
            return plain(value.get("value"))
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        # The engine's Check of a dynamic resource, as the CLI would ask it: a renamed or bad
        # input fails here (the native SDK's classes refuse unknown keywords themselves).
        if args.typ.startswith(DYNAMIC):
            inputs = {k: plain(v) for k, v in args.inputs.items() if not k.startswith("__")}
            failures = CORES[args.typ[len(DYNAMIC):]]().check({}, inputs).failures
            if failures:
                raise ValueError("; ".join(f.reason for f in failures))
        return f"{args.name}-id", dict(args.inputs)
    def call(self, args):
        return {}

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
pulumi.runtime.set_mocks(Mocks(), project="docs", stack="dev", preview=True)  # as `pulumi preview`: what AWS reports is unknown
exec(compile(sys.stdin.read(), "<doc block>", "exec"), {"__name__": "__main__"})
loop.run_until_complete(wait_for_rpcs())
if _get_rpc_manager().unhandled_exception is not None:
    raise _get_rpc_manager().unhandled_exception
"""


def run_python(namespace: dict[str, Any], source: str) -> None:
    if "127.0.0.1:4599" in source:
        source = source.replace("http://127.0.0.1:4599", endpoint(namespace))
    config = {f"docs:{k}": v for k, v in CONFIG.items()}
    env = {
        **cli_env(namespace),
        "PULUMI_CONFIG": json.dumps(config),
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", MOCKED], input=source, env=env, capture_output=True, text=True
    )
    check(done, "the Python block")


def run_typescript(namespace: dict[str, Any], source: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="ts.", dir=namespace["scratch"]))
    for name in ("package.json", "tsconfig.json"):
        shutil.copy(PROGRAMS / "accounts_ts" / name, work / name)
    (work / "node_modules").symlink_to(node_modules(work / "package.json"))
    (work / "index.ts").write_text(source)
    tsc = str(work / "node_modules" / ".bin" / "tsc")
    check(
        subprocess.run([tsc, "--noEmit", "-p", "."], cwd=work, capture_output=True, text=True),
        "tsc",
    )


def run_go(namespace: dict[str, Any], source: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="go.", dir=namespace["scratch"]))
    shutil.copy(PROGRAMS / "accounts_go" / "go.sum", work / "go.sum")
    mod = (PROGRAMS / "accounts_go" / "go.mod").read_text()
    (work / "go.mod").write_text(GO_REPLACE.sub(rf"\g<1>{ROOT / 'sdk' / 'go'}", mod))
    (work / "main.go").write_text(source)
    check(subprocess.run(["go", "vet", "."], cwd=work, capture_output=True, text=True), "go vet")


def run_yaml(namespace: dict[str, Any], source: str) -> None:
    program = yaml.safe_load(source)
    if not (isinstance(program, dict) and program.get("runtime") == "yaml"):
        return  # a fragment: it parsed
    from tests.support.native import plugin_dir

    work = Path(tempfile.mkdtemp(prefix="yaml.", dir=namespace["scratch"]))
    program["plugins"] = {"providers": [{"name": "partnerlink", "path": str(plugin_dir(work))}]}
    (work / "Pulumi.yaml").write_text(yaml.safe_dump(program))
    env = {**cli_env(namespace), "PULUMI_BACKEND_URL": (work / "state").as_uri()}
    (work / "state").mkdir()

    def pulumi(*args: str) -> None:
        what = "pulumi " + " ".join(args)
        check(
            subprocess.run(["pulumi", *args], cwd=work, env=env, capture_output=True, text=True),
            what,
        )

    pulumi("stack", "init", "docs")
    pulumi("config", "set", "partnerlink:endpoint", endpoint(namespace))
    for key, spec in (program.get("config") or {}).items():
        spec = spec if isinstance(spec, dict) else {}
        value = "30" if spec.get("type") == "integer" else CONFIG.get(key, "docs")
        pulumi("config", "set", key, value, *(["--secret"] if spec.get("secret") else []))
    pulumi("preview")


def run_shell(namespace: dict[str, Any], source: str) -> None:
    scratch, port = namespace["scratch"], namespace["port"]
    source = source.replace("4599", str(port))
    source = re.sub(
        r"^(partnerlink-emulator [^\n&]*)&\s*$",
        rf"\1> {scratch}/emulator.log 2>&1 & echo $! >> {scratch}/.pids",
        source,
        flags=re.M,
    )
    source = re.sub(r"^python3 -m venv (\S+)$", rf"ln -s {sys.prefix} \1", source, flags=re.M)
    state = scratch / "state"
    state.mkdir(exist_ok=True)
    source = source.replace("pulumi login --local", f"pulumi login {state.as_uri()}")
    source = re.sub(
        r"^\S+/bin/pip install /path/to/pulumi-partnerlink$", "true", source, flags=re.M
    )
    script = f"set -euo pipefail\n{source}\npwd > {scratch}/.cwd\n"
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=namespace["cwd"],
        env=cli_env(namespace),
        capture_output=True,
        text=True,
        timeout=300,
    )
    check(done, "the shell steps")
    namespace["cwd"] = Path((scratch / ".cwd").read_text().strip())


RUNNERS = {
    "python": run_python,
    "typescript": run_typescript,
    "go": run_go,
    "yaml": run_yaml,
    "sh": run_shell,
    "bash": run_shell,
}

sybil = Sybil(
    parsers=[parse],
    path=str(ROOT),
    patterns=["README.md", "docs/*.md"],
    setup=setup,
    teardown=teardown,
)
