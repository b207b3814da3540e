"""The native provider (``pulumi-resource-partnerlink``) through the real CLI against the emulator.

Every test ends with refresh, then a preview that shows no changes.
"""

from __future__ import annotations

import hashlib

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.support.aws import calls as service_calls
from tests.support.aws import client as aws_client
from tests.support.engine import Engine, assert_no_changes, change_counts
from tests.support.native import native_stack

pytestmark = pytest.mark.engine

ACCOUNTS = "tests/native/programs/accounts"
KEY = "5e" * 32
AMAZON_ID = "amzn1.account.ANATIVE"
SENDER, CUSTOMER = "111111111111", "222222222222"


def accounts_stack(engine: Engine, **config: str) -> auto.Stack:
    return native_stack(
        engine,
        ACCOUNTS,
        config={
            "amazonId": AMAZON_ID,
            "appServerPrivateKey": auto.ConfigValue(KEY, secret=True),
            **config,
        },
    )


def all_calls(emu: Emulator) -> dict[str, int]:
    return {**service_calls(emu, "iotwireless"), **service_calls(emu, "partnercentral-channel")}


def test_two_explicit_providers_act_as_two_accounts(engine: Engine, aws: Emulator) -> None:
    stack = accounts_stack(engine)
    preview = stack.preview()
    # the stack, two providers, seven resources; a preview makes no call
    assert change_counts(preview.change_summary) == {"create": 10}
    assert all_calls(aws) == {}

    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"create": 10}
    out = {k: v.value for k, v in up.outputs.items()}
    assert out["responses"] == {"pma": "ACCEPTED", "start": "ACCEPTED"}
    assert out["pma"]["id"].startswith("pma-")
    assert up.outputs["appServerPrivateKey"].secret

    # The sender's provider acted as the sender, the customer's as the customer.
    pcc = aws_client(aws, "partnercentral-channel", SENDER)
    listed = pcc.list_program_management_accounts(catalog="AWS")["items"]
    assert [i["id"] for i in listed] == [out["pma"]["id"]]
    received = aws_client(aws, "partnercentral-channel", CUSTOMER).list_channel_handshakes(
        catalog="AWS", handshakeType="START_SERVICE_PERIOD", participantType="RECEIVER"
    )["items"]
    assert [h["status"] for h in received] == ["ACCEPTED"]
    iot_customer = aws_client(aws, "iotwireless", CUSTOMER)
    found = iot_customer.get_partner_account(PartnerAccountId=AMAZON_ID, PartnerType="Sidewalk")
    assert found["Sidewalk"]["Fingerprint"] == hashlib.sha256(bytes.fromhex(KEY)).hexdigest()
    with pytest.raises(aws_client(aws, "iotwireless", SENDER).exceptions.ResourceNotFoundException):
        aws_client(aws, "iotwireless", SENDER).get_partner_account(
            PartnerAccountId=AMAZON_ID, PartnerType="Sidewalk"
        )
    # The customer's provider's defaultTags reached its resources, not the sender's.
    assert out["sidewalk"]["tags"] == {"team": "iot", "owner": "customer"}

    stack.refresh()
    assert_no_changes(stack)

    # An in-place change through an explicit provider.
    stack.set_config("pmaName", auto.ConfigValue("Renamed PMA"))
    up2 = stack.up()
    assert change_counts(up2.summary.resource_changes or {}) == {"same": 9, "update": 1}
    stack.refresh()
    assert_no_changes(stack)

    stack.destroy()
    assert pcc.list_program_management_accounts(catalog="AWS")["items"] in ([], None) or all(
        i.get("status") == "INACTIVE"
        for i in pcc.list_program_management_accounts(catalog="AWS")["items"]
    )
