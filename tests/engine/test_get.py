"""``Resource.get``: a second stack reads existing objects by id, exports their outputs, and
leaves them alone when it is destroyed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.support.aws import client, send_start_handshake
from tests.support.engine import Engine, assert_no_changes

PROGRAM = Path(__file__).parent / "programs" / "lookup"
KEY = "ab" * 32


def existing(aws: Emulator) -> dict[str, str]:
    pcc = client(aws, "partnercentral-channel")
    pma = pcc.create_program_management_account(
        catalog="AWS",
        program="DISTRIBUTION",
        displayName="Made elsewhere",
        accountId="333333333333",
        tags=[{"key": "owner", "value": "first-stack"}],
    )["programManagementAccountDetail"]["id"]
    rel = pcc.create_relationship(
        catalog="AWS",
        programManagementAccountIdentifier=pma,
        associationType="END_CUSTOMER",
        associatedAccountId="222222222222",
        displayName="Customer made elsewhere",
        sector="COMMERCIAL",
    )["relationshipDetail"]
    hs = send_start_handshake(pcc, rel["id"], pma)["id"]
    client(aws, "iotwireless").associate_aws_account_with_partner_account(
        Sidewalk={"AmazonId": "amzn1.account.GET", "AppServerPrivateKey": KEY}
    )
    return {
        "pma": pma,
        "rel": rel["id"],
        "rel_arn": rel["arn"],
        "hs": hs,
        "sidewalk": "amzn1.account.GET",
    }


def test_get_reads_existing_objects_and_destroy_leaves_them(engine: Engine, aws: Emulator) -> None:
    ids = existing(aws)
    stack = engine.stack(PROGRAM, stack_name="lookup", config={"ids": json.dumps(ids)})
    up = stack.up()
    out = {k: v.value for k, v in up.outputs.items()}
    assert out["pma_name"] == "Made elsewhere"
    assert out["pma_tags"] == {"owner": "first-stack"}
    assert out["rel_name"] == "Customer made elsewhere" and out["rel_arn"] == ids["rel_arn"]
    assert out["hs_status"] == "PENDING"
    assert len(out["sidewalk_fingerprint"]) == 64
    stack.refresh()
    assert_no_changes(stack)
    writes = [op for op in aws.calls() if not op.split(":")[1].startswith(("Get", "List"))]
    before = {op: aws.calls()[op] for op in writes}
    stack.destroy()
    after = aws.calls()
    assert {op: after[op] for op in writes} == before  # no write of any kind
    assert not [
        op for op in after if op.split(":")[1].startswith(("Delete", "Cancel", "Disassociate"))
    ]
    pcc = client(aws, "partnercentral-channel")
    assert len(pcc.list_program_management_accounts(catalog="AWS")["items"]) == 1
    assert len(pcc.list_relationships(catalog="AWS")["items"]) == 1


BAD_GETS = {
    # what the user wrote -> what preview must say
    "pl.ChannelRelationship.get('rel', ids['rel'])": (
        "ChannelRelationship.get needs program_management_account_identifier= beside the id"
    ),
    "pl.ChannelHandshake.get('hs', ids['hs'], handshake_type='START')": (
        "ChannelHandshake.get: handshake_type must be one of START_SERVICE_PERIOD, "
        "REVOKE_SERVICE_PERIOD, PROGRAM_MANAGEMENT_ACCOUNT, not 'START'"
    ),
    "pl.ProgramManagementAccount.get('pma', 'pma-nosuchthing1')": (
        "ProgramManagementAccount 'pma-nosuchthing1' does not exist (or these credentials "
        "cannot see it)"
    ),
    "pl.SidewalkPartnerAccount.get('sw', 'amzn1.account.NOSUCH')": (
        "SidewalkPartnerAccount 'amzn1.account.NOSUCH' does not exist"
    ),
}


def test_get_of_what_cannot_be_found_is_a_clear_error_at_preview(
    engine: Engine, aws: Emulator
) -> None:
    """As pulumi-aws: a get() that names nothing (a missing qualifier, a type that is not one,
    an id that does not exist) fails preview with what is wrong, never a traceback."""
    ids = existing(aws)
    program = engine.base / "lookup-bad"
    program.mkdir()
    (program / "Pulumi.yaml").write_text(
        "name: lookup-bad\nruntime:\n  name: python\n  options:\n    toolchain: pip\n"
        "    virtualenv: venv\n"
    )
    (program / "__main__.py").write_text(
        "import json\nimport pulumi\nimport pulumi_partnerlink as pl\n"
        "ids = json.loads(pulumi.Config().require('ids'))\n"
        "eval(pulumi.Config().require('line'))\n"
    )
    stack = engine.stack(program, stack_name="bad", config={"ids": json.dumps(ids)})
    for line, says in BAD_GETS.items():
        stack.set_config("line", auto.ConfigValue(line))
        with pytest.raises(auto.errors.CommandError) as err:
            stack.preview()
        text = str(err.value)
        assert says in text, (line, text)
        assert "Traceback" not in text
