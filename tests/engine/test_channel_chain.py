"""The whole channel through the real CLI: ProgramManagementAccount, ChannelRelationship,
handshakes and the receivers' ChannelHandshakeResponse, two receiving accounts in one program."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.engine.conftest import ACCOUNT
from tests.support.aws import calls as service_calls
from tests.support.aws import client as aws_client
from tests.support.engine import Engine, assert_no_changes, change_counts

PROGRAM = "tests/engine/programs/channel"


def api(emu: Emulator, account: str = ACCOUNT) -> Any:
    return aws_client(emu, "partnercentral-channel", account)


def calls(emu: Emulator) -> dict[str, int]:
    return service_calls(emu, "partnercentral-channel")


def state(stack: auto.Stack, name: str) -> dict[str, Any]:
    outputs: dict[str, Any] = next(
        r["outputs"]
        for r in stack.export_stack().deployment["resources"]
        if r["urn"].endswith(f"::{name}")
    )
    return outputs


def stack_of(engine: Engine, parts: list[str], **config: str) -> auto.Stack:
    return engine.stack(PROGRAM, config={"parts": json.dumps(parts), **config})


def test_channel_chain_two_accounts(engine: Engine, aws: Emulator) -> None:
    stack = stack_of(engine, ["pma", "relationship", "handshakes", "responses"])
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"create": 7}
    assert up.outputs["responses"].value == {"pma": "ACCEPTED", "start": "ACCEPTED"}
    stack.refresh()
    assert state(stack, "pma")["status"] == "ACTIVE"  # its PMA handshake was accepted
    assert state(stack, "start")["status"] == "ACCEPTED"
    assert state(stack, "pma-handshake")["status"] == "ACCEPTED"
    assert_no_changes(stack)
    destroy = stack.destroy()
    assert "cannot be undone" in destroy.stdout
    assert api(aws).list_program_management_accounts(catalog="AWS")["items"] == []


def test_pma_update_retries_a_stale_revision(engine: Engine, aws: Emulator) -> None:
    stack = stack_of(engine, ["pma"])
    pma_id = stack.up().outputs["pma"].value["id"]
    api(aws).update_program_management_account(
        catalog="AWS", identifier=pma_id, displayName="Changed elsewhere"
    )
    stack.set_config("pmaName", auto.ConfigValue("Declared name"))
    up = stack.up()  # state still says revision 1; AWS is at 2
    assert change_counts(up.summary.resource_changes or {}) == {"same": 1, "update": 1}
    (item,) = api(aws).list_program_management_accounts(catalog="AWS")["items"]
    assert (item["displayName"], item["revision"]) == ("Declared name", "3")
    stack.refresh()
    assert_no_changes(stack)


def test_pma_and_relationship_in_place_then_replace_then_disappear(
    engine: Engine, aws: Emulator
) -> None:
    """One stack through the PMA and relationship's changes in turn (one stack, not three:
    each step starts from where the last left it, as a user's stack does): an in-place change
    of both (one Update each, tags set, the PMA's revision moves); a create-only change
    replaces the relationship alone; both deleted out of band, refresh drops them and up
    makes them again."""
    stack = stack_of(engine, ["pma", "relationship"])
    first = stack.up()
    pma_id = first.outputs["pma"].value["id"]
    stack.set_config("pmaName", auto.ConfigValue("Renamed PMA"))
    stack.set_config("relName", auto.ConfigValue("Customer Renamed"))
    stack.set_config("pmaTags", auto.ConfigValue(json.dumps({"env": "prod"})))
    before = calls(aws)
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"same": 1, "update": 2}
    after = calls(aws)
    assert (
        after["UpdateProgramManagementAccount"] - before.get("UpdateProgramManagementAccount", 0)
        == 1
    )
    assert after["UpdateRelationship"] - before.get("UpdateRelationship", 0) == 1
    assert up.outputs["pma"].value["id"] == pma_id and up.outputs["pma"].value["revision"] == "2"
    assert state(stack, "pma")["tags"] == {"env": "prod"}
    stack.refresh()
    assert_no_changes(stack)

    # A create-only input of the relationship: it is replaced, the PMA stays.
    old = up.outputs["relationship"].value["id"]
    stack.set_config("sector", auto.ConfigValue("GOVERNMENT"))
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"same": 2, "replace": 1}
    new = up.outputs["relationship"].value["id"]
    assert new != old and up.outputs["pma"].value["id"] == pma_id
    assert [r["id"] for r in api(aws).list_relationships(catalog="AWS")["items"]] == [new]

    # Both deleted out of band: refresh drops them, up makes them again.
    api(aws).delete_relationship(
        catalog="AWS", identifier=new, programManagementAccountIdentifier=pma_id
    )
    api(aws).delete_program_management_account(catalog="AWS", identifier=pma_id)
    refresh = stack.refresh()
    assert change_counts(refresh.summary.resource_changes or {}).get("delete") == 2
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"same": 1, "create": 2}
    assert up.outputs["pma"].value["id"] != pma_id
    stack.refresh()
    assert_no_changes(stack)


def test_lost_response_on_create(engine: Engine, aws: Emulator) -> None:
    """Every answer of the PMA's create lost, then (on the re-run) every answer of the
    relationship's: each re-run replays the lost create's token and takes what AWS made, so
    there is one of each, never a duplicate or a conflict."""
    stack = stack_of(engine, ["pma", "relationship"], **{"partnerlink:maxAttempts": "2"})
    for operation in ("CreateProgramManagementAccount", "CreateRelationship"):
        aws.inject(operation, "drop-response", times=2)
        with pytest.raises(auto.errors.CommandError) as lost:
            stack.up()
        assert "the connection closed before AWS answered" in str(lost.value), operation
    up = stack.up()
    assert "Conflict" not in up.stdout
    assert change_counts(up.summary.resource_changes or {}) == {"same": 2, "create": 1}
    assert len(api(aws).list_program_management_accounts(catalog="AWS")["items"]) == 1
    assert len(api(aws).list_relationships(catalog="AWS")["items"]) == 1
    stack.refresh()
    assert_no_changes(stack)


@pytest.mark.parametrize(
    ("config", "reason"),
    [
        ({"pmaName": "x" * 31}, "display_name must have length less than or equal to 30"),
        (
            {"program": "RESELLER"},
            "program must be one of SOLUTION_PROVIDER, DISTRIBUTION, DISTRIBUTION_SELLER",
        ),
        (
            {"sector": "PUBLIC"},
            "sector must be one of COMMERCIAL, GOVERNMENT, GOVERNMENT_EXCEPTION",
        ),
    ],
    ids=["pma-name-too-long", "program-enum", "sector-enum"],
)
def test_invalid_input_fails_preview(
    engine: Engine, aws: Emulator, config: dict[str, str], reason: str
) -> None:
    stack = stack_of(engine, ["pma", "relationship"], **config)
    with pytest.raises(auto.errors.CommandError) as failed:
        stack.preview()
    assert reason in str(failed.value), str(failed.value)
    assert calls(aws) == {}


def test_response_reject_and_a_changed_decision(engine: Engine, aws: Emulator) -> None:
    stack = stack_of(
        engine, ["pma", "relationship", "handshakes", "responses"], pmaDecision="REJECT"
    )
    up = stack.up()
    assert up.outputs["responses"].value == {"pma": "REJECTED", "start": "ACCEPTED"}
    stack.refresh()
    assert state(stack, "pma")["status"] == "PENDING"  # a rejected PMA handshake leaves it pending
    assert_no_changes(stack)
    # Declaring the other decision replaces the response; AWS cannot change a decision: clear error.
    stack.set_config("pmaDecision", auto.ConfigValue("ACCEPT"))
    with pytest.raises(auto.errors.CommandError) as failed:
        stack.up()
    assert "is already REJECTED; a decision cannot be changed" in str(failed.value)
