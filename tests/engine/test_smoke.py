"""The real engine runs our kind of program offline: a dynamic resource through its whole life.

preview -> up -> refresh -> preview (no changes) -> update -> destroy, on a file backend, with
the CLI from scripts/ensure-pulumi. Also pins the engine facts the rest of the project relies
on: the CLI version matches the SDK, and a provider from an importable module is pickled by
reference (a few dozen bytes in ``__provider``, not its code).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pulumi

from tests.support.engine import ROOT, Engine, assert_no_changes, change_counts, provider_blob

PROGRAM = "tests/engine/programs/smoke"


def test_cli_is_its_own_pin_and_not_older_than_the_sdk(pulumi_bin: Path) -> None:
    """The CLI is pinned on its own (# pulumi-cli== in constraints.txt), independent of the SDK:
    users run a CLI newer than their SDK, and so do we."""
    out = subprocess.run(
        [str(pulumi_bin / "pulumi"), "version"],
        capture_output=True,
        text=True,
        env={"PULUMI_SKIP_UPDATE_CHECK": "true", "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    pin = re.search(r"^# pulumi-cli==([\d.]+)$", (ROOT / "constraints.txt").read_text(), re.M)
    assert pin is not None
    assert out.stdout.strip() == f"v{pin.group(1)}"
    cli = tuple(int(p) for p in pin.group(1).split("."))
    assert cli >= tuple(int(p) for p in version("pulumi").split(".")[:3])


def test_echo_lifecycle(engine: Engine) -> None:
    stack = engine.stack(PROGRAM, config={"value": "hello"})

    preview = stack.preview()
    assert change_counts(preview.change_summary) == {"create": 2}  # the stack + the resource

    up = stack.up()
    assert up.summary.result == "succeeded"
    assert change_counts(up.summary.resource_changes or {}) == {"create": 2}
    assert up.outputs["length"].value == 5

    refresh = stack.refresh()
    assert refresh.summary.result == "succeeded"
    assert_no_changes(stack)

    # The provider is pickled by reference: module + class name, not a closure of code.
    state = stack.export_stack().deployment
    echo_type = "pulumi-python:dynamic/partnerlink-test:Echo"
    (echo,) = [r for r in state["resources"] if r["type"] == echo_type]
    blob = provider_blob(echo)
    assert len(blob) < 200, f"__provider is {len(blob)} chars: pickled by value?"

    stack.set_config("value", pulumi.automation.ConfigValue("hello, world"))
    up2 = stack.up()
    assert change_counts(up2.summary.resource_changes or {}) == {"same": 1, "update": 1}
    assert up2.outputs["length"].value == 12
    stack.refresh()
    assert_no_changes(stack)

    destroy = stack.destroy()
    assert change_counts(destroy.summary.resource_changes or {}) == {"delete": 2}
    remaining = stack.export_stack().deployment.get("resources") or []
    assert remaining == []


def test_engine_env_is_offline(engine: Engine) -> None:
    env = engine.env
    assert env["PULUMI_SKIP_UPDATE_CHECK"] == "true"
    assert env["PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION"] == "true"
    assert env["PULUMI_BACKEND_URL"].startswith("file://")
    # Nothing of the build leaks into the checkout.
    info = (
        json.loads((engine.bin_dir / "BUILD-INFO.json").read_text())
        if (engine.bin_dir / "BUILD-INFO.json").exists()
        else {}
    )
    assert not str(engine.bin_dir).startswith(str(Path(__file__).resolve().parents[2])), info


def test_a_program_runs_in_the_virtualenv_its_pulumi_yaml_names(engine: Engine, aws: Any) -> None:
    """A project as `pulumi new python` writes it (runtime.options: toolchain pip, virtualenv
    venv), with a PATH that has neither the venv nor any Python of ours on it, and no
    PULUMI_PYTHON_CMD: the CLI runs the program in that venv. Then the same with the venv's
    `bin` on PATH, as an activated venv has it (an editable install, as `make setup` makes):
    no `using pulumi-resource-partnerlink from $PATH` warning, since the program needs no
    plugin."""
    stack = engine.stack(
        "tests/engine/programs/sidewalk",
        config={
            "amazonId": "amzn1.account.VENV",
            "appServerPrivateKey": pulumi.automation.ConfigValue("ab" * 32, secret=True),
        },
    )
    settings = (Path(stack.workspace.work_dir) / "Pulumi.yaml").read_text()
    assert "virtualenv: venv" in settings and "toolchain: pip" in settings
    assert "PULUMI_PYTHON_CMD" not in engine.cli_env
    venv_bin = str(Path(sys.prefix) / "bin")
    bare = {**engine.cli_env, "PATH": f"{engine.bin_dir}{os.pathsep}/usr/bin:/bin"}
    out = subprocess.run(
        [str(engine.bin_dir / "pulumi"), "up", "--yes", "--stack", stack.name, "--non-interactive"],
        cwd=stack.workspace.work_dir,
        env=bare,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "2 created" in out.stdout, out.stdout
    activated = {**bare, "PATH": f"{venv_bin}{os.pathsep}{bare['PATH']}"}
    for command in (["preview"], ["refresh", "--yes"], ["destroy", "--yes"]):
        out = subprocess.run(
            [str(engine.bin_dir / "pulumi"), *command, "--stack", stack.name, "--non-interactive"],
            cwd=stack.workspace.work_dir,
            env=activated,
            capture_output=True,
            text=True,
            timeout=300,
        )
        text = out.stdout + out.stderr
        assert out.returncode == 0, text
        assert "from $PATH" not in text, text
