"""After a crash: ``pulumi up`` killed with SIGKILL between AWS's commit and the CLI's record,
then exactly the recovery the README's "After a crash or Ctrl-C" section documents:

    pulumi cancel --yes
    pulumi refresh --clear-pending-creates --yes
    pulumi up --yes

For every resource: one live object (the create's client token replays, no duplicate), no
pending-operation warning left on any later command, and an empty preview.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.engine.test_matrix import CASES, Case, stack_for
from tests.support.engine import Engine, assert_no_changes

CREATE_OPS = {c.resource: c.create_op for c in CASES}
CREATE_OPS["ChannelHandshakeResponse"] = "AcceptChannelHandshake"
PENDING = "pending operation"


def run(engine: Engine, stack: auto.Stack, *args: str, check: bool = True) -> str:
    proc = subprocess.run(
        [str(engine.bin_dir / "pulumi"), *args, "--stack", stack.name, "--non-interactive"],
        cwd=stack.workspace.work_dir,
        env=cli_env(engine),
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = proc.stdout + proc.stderr
    if check:
        assert proc.returncode == 0, out
    return out


def cli_env(engine: Engine) -> dict[str, str]:
    return {
        **os.environ,
        **engine.env,
        "PATH": f"{engine.bin_dir}{os.pathsep}{os.environ['PATH']}",
    }


def up_killed_after_commit(
    engine: Engine, aws: Emulator, stack: auto.Stack, case: Case, ctx: dict[str, Any]
) -> None:
    """``pulumi up`` whose create AWS committed, killed (the whole process group, as a crash
    of the machine or a second Ctrl-C would) while the answer is still on its way."""
    aws.inject(CREATE_OPS[case.resource], "delay-response", delay_ms=120_000, times=1)
    proc = subprocess.Popen(
        [str(engine.bin_dir / "pulumi"), "up", "--yes", "--skip-preview", "--stack", stack.name],
        cwd=stack.workspace.work_dir,
        env=cli_env(engine),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not case.live(aws, ctx):
            assert proc.poll() is None, "up ended before AWS committed the create"
            assert time.monotonic() < deadline, "AWS never saw the create"
            time.sleep(0.2)
        time.sleep(0.5)  # the answer is held by the emulator: the CLI has not recorded it
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    aws.admin("DELETE", "faults")


@pytest.mark.parametrize("case", CASES, ids=[c.resource for c in CASES])
def test_after_sigkill_the_documented_recovery_converges_without_duplicate(
    engine: Engine, aws: Emulator, case: Case
) -> None:
    ctx = case.setup(aws)
    stack = stack_for(engine, case, ctx)
    up_killed_after_commit(engine, aws, stack, case, ctx)
    assert len(case.live(aws, ctx)) == 1

    # What users see first: the stack is locked by the dead update.
    locked = run(engine, stack, "up", "--yes", "--skip-preview", check=False)
    assert "pulumi cancel" in locked, locked

    run(engine, stack, "cancel", "--yes")
    pending = engine.export(stack).get("pending_operations") or []
    assert [p["type"] for p in pending] == ["creating"], pending  # what the next step clears
    run(engine, stack, "refresh", "--clear-pending-creates", "--yes")
    up = run(engine, stack, "up", "--yes", "--skip-preview")
    assert PENDING not in up, up
    assert "Traceback" not in up
    live = case.live(aws, ctx)
    assert len(live) == 1, f"{len(live)} live after recovery"

    resources = [
        r
        for r in engine.export(stack)["resources"]
        if r["type"].startswith("pulumi-python:dynamic")
    ]
    assert len(resources) == 1
    assert not engine.export(stack).get("pending_operations")
    ids = {str(v) for v in live[0].values()} | {str(v) for v in ctx.values()}
    assert any(str(v) in resources[0]["id"] for v in ids), (resources[0]["id"], live[0])
    stack.refresh()
    preview = run(engine, stack, "preview", "--diff")
    assert PENDING not in preview, preview
    assert_no_changes(stack)


def test_readme_documents_exactly_these_commands() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("### After a crash or Ctrl-C", 1)[1].split("\n## ", 1)[0]
    for command in (
        "pulumi cancel --yes",
        "pulumi refresh --clear-pending-creates --yes",
        "pulumi up",
    ):
        assert command in section, command
