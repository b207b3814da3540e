"""SidewalkPartnerAccount through the real Pulumi CLI against the emulator.

Every test ends with refresh, then a preview that shows no changes (or says why it cannot).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import boto3
import pytest
from pulumi import automation as auto

from pulumi_partnerlink.emulator import Emulator
from tests.engine.conftest import ACCOUNT
from tests.support.engine import Engine, assert_no_changes, change_counts

PROGRAM = "tests/engine/programs/sidewalk"
TYPE = "pulumi-python:dynamic/partnerlink:SidewalkPartnerAccount"
KEY = "5e" * 32
KEY2 = "c0ffee" * 10 + "abcd"
AMAZON_ID = "amzn1.account.AEXAMPLE"


def fingerprint(key: str) -> str:
    return hashlib.sha256(bytes.fromhex(key)).hexdigest()


def iot(emu: Emulator) -> Any:
    return boto3.client("iotwireless", endpoint_url=emu.endpoint_url, region_name="us-east-1",
                        aws_access_key_id=ACCOUNT, aws_secret_access_key="x")


def stack_of(engine: Engine, amazon_id: str = AMAZON_ID, key: str = KEY, **config: str) -> auto.Stack:
    return engine.stack(PROGRAM, config={
        "amazonId": amazon_id,
        "appServerPrivateKey": auto.ConfigValue(key, secret=True),
        **config,
    })


def iot_calls(emu: Emulator) -> dict[str, int]:
    return {k.split(":", 1)[1]: v for k, v in emu.calls().items() if k.startswith("iotwireless:")}


def test_sidewalk_partner_account_basic(engine: Engine, aws: Emulator) -> None:
    stack = stack_of(engine, tags=json.dumps({"team": "iot"}))
    preview = stack.preview()
    assert change_counts(preview.change_summary) == {"create": 2}
    assert iot_calls(aws) == {}  # a preview of a create makes no call

    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"create": 2}
    out = {k: v.value for k, v in up.outputs.items()}
    arn = f"arn:aws:iotwireless:us-east-1:{ACCOUNT}:SidewalkAccount/{AMAZON_ID}"
    assert out["arn"] == arn
    assert out["partner_account_id"] == AMAZON_ID and out["amazon_id"] == AMAZON_ID
    assert out["partner_type"] == "Sidewalk"
    assert out["fingerprint"] == out["applied_fingerprint"] == fingerprint(KEY)
    assert out["account_linked"] is False
    assert out["tags"] == {"team": "iot"}
    assert out["client_token"].startswith("pl-") and len(out["client_token"]) <= 64
    assert up.outputs["app_server_private_key"].secret
    assert iot_calls(aws)["AssociateAwsAccountWithPartnerAccount"] == 1

    stack.refresh()
    assert_no_changes(stack)

    stack.destroy()
    with pytest.raises(iot(aws).exceptions.ResourceNotFoundException):
        iot(aws).get_partner_account(PartnerAccountId=AMAZON_ID, PartnerType="Sidewalk")
    assert stack.export_stack().deployment.get("resources") in (None, [])
