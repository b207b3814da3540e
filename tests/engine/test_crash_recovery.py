"""After a crash: ``pulumi up`` killed with SIGKILL between AWS's commit and the CLI's record,
then exactly the recovery docs/after-a-crash.md documents:

    pulumi cancel --yes
    pulumi refresh --clear-pending-creates --yes
    pulumi up --yes

For every resource: one live object (the create's client token replays, no duplicate), no
pending-operation warning left on any later command, and an empty preview.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pulumi_partnerlink.emulator import Emulator

from tests.engine.test_matrix import CASES, Case, stack_for
from tests.support.engine import Engine, assert_no_changes

CREATE_OPS = {c.resource: c.create_op for c in CASES}
CREATE_OPS["ChannelHandshakeResponse"] = "AcceptChannelHandshake"
PENDING = "pending operation"


@pytest.mark.parametrize("case", CASES, ids=[c.resource for c in CASES])
def test_after_sigkill_the_documented_recovery_converges_without_duplicate(
    engine: Engine, aws: Emulator, case: Case
) -> None:
    ctx = case.setup(aws)
    stack = stack_for(engine, case, ctx)
    killed = engine.up_killed_after_commit(
        stack, CREATE_OPS[case.resource], lambda: bool(case.live(aws, ctx))
    )
    assert killed and len(case.live(aws, ctx)) == 1

    # What users see first: the stack is locked by the dead update.
    locked = engine.run(stack, "up", "--yes", "--skip-preview", check=False)
    assert "pulumi cancel" in locked, locked

    engine.run(stack, "cancel", "--yes")
    pending = engine.export(stack).get("pending_operations") or []
    assert [p["type"] for p in pending] == ["creating"], pending  # what the next step clears
    engine.run(stack, "refresh", "--clear-pending-creates", "--yes")
    up = engine.run(stack, "up", "--yes", "--skip-preview")
    assert PENDING not in up, up
    assert "Traceback" not in up
    live = case.live(aws, ctx)
    assert len(live) == 1, f"{len(live)} live after recovery"

    state = engine.export(stack)
    assert not state.get("pending_operations")
    resources = [r for r in state["resources"] if r["type"].startswith("pulumi-python:dynamic")]
    assert len(resources) == 1
    ids = {str(v) for v in live[0].values()} | {str(v) for v in ctx.values()}
    assert any(v in resources[0]["id"] for v in ids), (resources[0]["id"], live[0])
    stack.refresh()
    preview = engine.run(stack, "preview", "--diff")
    assert PENDING not in preview, preview
    assert_no_changes(stack)


def test_the_docs_document_exactly_these_commands() -> None:
    section = (Path(__file__).resolve().parents[2] / "docs" / "after-a-crash.md").read_text()
    for command in (
        "pulumi cancel --yes",
        "pulumi refresh --clear-pending-creates --yes",
        "pulumi up",
    ):
        assert command in section, command
