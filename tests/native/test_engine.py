"""The native provider (``pulumi-resource-partnerlink``) through the real CLI against the emulator.

Every test ends with refresh, then a preview that shows no changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator
from pulumi_partnerlink.native.schema import package_version, schema

from tests.support.aws import calls as service_calls
from tests.support.aws import client as aws_client
from tests.support.aws import send_start_handshake
from tests.support.engine import Engine, assert_no_changes, change_counts
from tests.support.native import PLUGIN, native_stack, plugin_dir

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

    # The key is a secret end to end: never in clear in the state export or the CLI's output,
    # and the plugin is found through Pulumi.yaml, not $PATH (no warning per resource).
    assert KEY not in engine.cli(stack, "stack", "export")
    assert KEY not in preview.stdout + up.stdout + up.stderr
    assert "from $PATH" not in preview.stdout + preview.stderr + up.stdout + up.stderr

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


TYPE = "partnerlink:index:"


def made_outside_pulumi(emu: Emulator) -> dict[str, str]:
    """One object of each resource, made with boto3 as the sender (the import stack's account),
    and a handshake the sender received from the customer and accepted."""
    pcc = aws_client(emu, "partnercentral-channel", SENDER)
    pma = pcc.create_program_management_account(
        catalog="AWS",
        program="SOLUTION_PROVIDER",
        displayName="Imported PMA",
        accountId=CUSTOMER,
        tags=[{"key": "env", "value": "test"}],
    )["programManagementAccountDetail"]["id"]
    rs = pcc.create_relationship(
        catalog="AWS",
        programManagementAccountIdentifier=pma,
        associationType="END_CUSTOMER",
        associatedAccountId=CUSTOMER,
        displayName="Customer One",
        sector="COMMERCIAL",
    )["relationshipDetail"]["id"]
    pma_hs = pcc.create_channel_handshake(
        catalog="AWS", handshakeType="PROGRAM_MANAGEMENT_ACCOUNT", associatedResourceIdentifier=pma
    )["channelHandshakeDetail"]["id"]
    start = send_start_handshake(pcc, rs, pma)["id"]
    theirs = aws_client(emu, "partnercentral-channel", CUSTOMER)
    their_pma = theirs.create_program_management_account(
        catalog="AWS", program="DISTRIBUTION", displayName="Theirs", accountId=SENDER
    )["programManagementAccountDetail"]["id"]
    received = theirs.create_channel_handshake(
        catalog="AWS",
        handshakeType="PROGRAM_MANAGEMENT_ACCOUNT",
        associatedResourceIdentifier=their_pma,
    )["channelHandshakeDetail"]["id"]
    pcc.accept_channel_handshake(catalog="AWS", identifier=received)
    aws_client(emu, "iotwireless", SENDER).associate_aws_account_with_partner_account(
        Sidewalk={"AmazonId": AMAZON_ID, "AppServerPrivateKey": KEY},
        Tags=[{"Key": "team", "Value": "iot"}],
    )
    return {"pma": pma, "rs": rs, "pma_hs": pma_hs, "start": start, "received": received}


@pytest.mark.parametrize(
    ("config", "named", "reason"),
    [
        ({"program": "NOPE"}, "program", "must be one of SOLUTION_PROVIDER"),
        ({"noticeDays": "0"}, "start_service_period.minimum_notice_days", "at least 1 day"),
        ({"appServerPrivateKey": "not-hex"}, "app_server_private_key", "64 hexadecimal"),
        ({"bad": "provider"}, "maxAttempts", "whole number from 1 to 50"),
    ],
)
def test_bad_input_fails_at_preview_naming_it(
    engine: Engine, aws: Emulator, config: dict[str, str], named: str, reason: str
) -> None:
    """A clear error naming the property as the Python SDK does (snake_case; the provider's
    settings keep their config names), at preview, no traceback, no API call; a bad secret is
    never echoed."""
    values: dict[str, str | auto.ConfigValue] = dict(config)
    if "appServerPrivateKey" in config:
        values["appServerPrivateKey"] = auto.ConfigValue(config["appServerPrivateKey"], secret=True)
    stack = accounts_stack(
        engine, **{k: v for k, v in config.items() if k != "appServerPrivateKey"}
    )
    if "appServerPrivateKey" in config:
        stack.set_config("appServerPrivateKey", values["appServerPrivateKey"])  # type: ignore[arg-type]
    out = engine.run(stack, "preview", check=False)
    assert "error" in out, out
    assert named in out and reason in out, out
    # No stack of ours (a failing provider config makes the engine stop the program mid-call,
    # and the Python SDK prints its own interrupted stack then: not ours to hide).
    assert "pulumi_partnerlink/" not in out, out
    if named != "maxAttempts":
        assert "Traceback" not in out and 'File "' not in out, out
    assert "not-hex" not in out
    assert all_calls(aws) == {}


def test_the_cli_binds_the_schema(pulumi_bin: Path, tmp_path: Path) -> None:
    """``pulumi package get-schema`` / ``info`` on the plugin: the schema the SDKs and the YAML
    host are generated from binds in the CLI's own schema loader."""
    exe = plugin_dir(tmp_path) / PLUGIN
    env = {**os.environ, "PULUMI_HOME": str(tmp_path / "home"), "PULUMI_SKIP_UPDATE_CHECK": "true"}
    pulumi = str(pulumi_bin / "pulumi")
    got = subprocess.run(
        [pulumi, "package", "get-schema", str(exe)], env=env, capture_output=True, text=True
    )
    assert got.returncode == 0, got.stderr
    assert json.loads(got.stdout) == schema()
    info = subprocess.run(
        [pulumi, "package", "info", str(exe)], env=env, capture_output=True, text=True
    )
    assert info.returncode == 0, info.stderr
    assert "Resources: 5" in info.stdout and f"Version: {package_version()}" in info.stdout
