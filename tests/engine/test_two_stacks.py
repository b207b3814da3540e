"""Two stacks named alike (project, stack and resource names) on two backends, against one
account: each keeps its own objects, neither takes the other's (issue: token collision).

Their tokens differ: a token's seed carries the stack's own random material, the
``encryptionsalt`` that ``pulumi stack init`` writes into each ``Pulumi.<stack>.yaml``
(``tokens.stack_material``). So the second stack's create is a new request, and AWS's answer
(a ConflictException: the object exists) is a clear error pointing at ``adopt``, never the
first stack's object taken silently.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.engine.test_matrix import CASES, stack_for
from tests.support.aws import client as aws_client
from tests.support.engine import Engine, assert_no_changes, change_counts

PMA = next(c for c in CASES if c.resource == "ProgramManagementAccount")
PMA_INPUTS = json.dumps(PMA.inputs({}))


def pmas(aws: Emulator) -> dict[str, str]:
    items = aws_client(aws, "partnercentral-channel").list_program_management_accounts(
        catalog="AWS"
    )["items"]
    return {i["id"]: i["accountId"] for i in items}


def test_two_stacks_named_alike_on_two_backends_keep_their_own_objects(
    engine: Engine, aws: Emulator, pulumi_bin: Path, tmp_path: Path, shim_cache: Path
) -> None:
    other = Engine(
        bin_dir=pulumi_bin,
        base=tmp_path / "elsewhere",
        shim_cache=shim_cache,
        extra_env=dict(engine.extra_env),
        emulator=aws,
    )
    first = stack_for(engine, PMA, {})
    second = stack_for(other, PMA, {})
    assert first.name == second.name and first.workspace.work_dir != second.workspace.work_dir
    first.up()
    ids = pmas(aws)
    assert len(ids) == 1
    first_id = next(iter(ids))

    # The second stack, same names, same inputs: a clear error, not the first stack's PMA.
    with pytest.raises(auto.errors.CommandError) as refused:
        second.up()
    text = str(refused.value)
    assert "adopt" in text and "Traceback" not in text, text
    assert pmas(aws) == ids  # nothing made, nothing taken
    resources = second.export_stack().deployment.get("resources") or []
    assert not any(first_id in str(r.get("id")) for r in resources)

    # Another account in the second stack: its own PMA; each stack keeps its own.
    second.set_config(
        "inputs",
        auto.ConfigValue(
            re.sub(r'"account_id": "\d+"', '"account_id": "444444444444"', PMA_INPUTS)
        ),
    )
    second.up()
    ids = pmas(aws)
    assert sorted(ids.values()) == ["333333333333", "444444444444"]
    first.destroy()
    assert list(pmas(aws).values()) == ["444444444444"]
    second.refresh()
    assert_no_changes(second)
    assert change_counts(second.destroy().summary.resource_changes or {}) == {"delete": 2}
    assert pmas(aws) == {}
