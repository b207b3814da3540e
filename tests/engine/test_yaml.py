"""A Pulumi YAML program of the five native resources, through the real CLI and the YAML
language host (``pulumi-language-yaml``, built beside the CLI by scripts/ensure-pulumi), against
the emulator: preview, up, refresh, a preview with no changes, an in-place update, destroy.

The plugin is named under ``plugins: providers:`` in the program's ``Pulumi.yaml``, as the
README tells users (tests/support/native.py), so the engine prints no "from $PATH" warning.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.support.aws import calls as service_calls
from tests.support.aws import client as aws_client
from tests.support.engine import Engine, assert_no_changes, change_counts
from tests.support.native import native_stack

pytestmark = pytest.mark.engine

PROGRAM = "tests/engine/programs/yaml"
KEY = "7a" * 32
AMAZON_ID = "amzn1.account.AYAMLPROGRAM"
SENDER, CUSTOMER = "111111111111", "222222222222"
RESOURCES = 7  # of the program; plus the stack and the customer's provider (the default
# provider is not counted in change summaries)


def all_calls(emu: Emulator) -> dict[str, int]:
    return {**service_calls(emu, "iotwireless"), **service_calls(emu, "partnercentral-channel")}


def test_yaml_language_host_is_beside_the_cli(pulumi_bin: Path) -> None:
    assert os.access(pulumi_bin / "pulumi-language-yaml", os.X_OK)


def test_yaml_program_of_all_five_resources(engine: Engine, aws: Emulator) -> None:
    stack = native_stack(
        engine,
        PROGRAM,
        config={"amazonId": AMAZON_ID, "appServerPrivateKey": auto.ConfigValue(KEY, secret=True)},
    )

    preview = stack.preview()
    assert change_counts(preview.change_summary) == {"create": RESOURCES + 2}
    assert all_calls(aws) == {}, "a preview makes no AWS call"

    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"create": RESOURCES + 2}
    assert "from $PATH" not in up.stdout + up.stderr
    out = {k: v.value for k, v in up.outputs.items()}
    assert out["responses"] == {"pma": "ACCEPTED", "start": "ACCEPTED"}
    assert out["pmaId"].startswith("pma-")
    assert up.outputs["appServerPrivateKey"].secret
    assert out["fingerprint"] == hashlib.sha256(bytes.fromhex(KEY)).hexdigest()
    # The explicit provider's defaultTags reached the resource it manages.
    assert out["sidewalkTags"] == {"team": "iot", "owner": "customer"}

    # What AWS now holds: the sender's PMA and handshakes, accepted by the customer, and the
    # Sidewalk association in the customer's account (the explicit provider's), not the sender's.
    pcc = aws_client(aws, "partnercentral-channel", SENDER)
    pmas = pcc.list_program_management_accounts(catalog="AWS")["items"]
    assert [p["id"] for p in pmas] == [out["pmaId"]]
    received = aws_client(aws, "partnercentral-channel", CUSTOMER).list_channel_handshakes(
        catalog="AWS", handshakeType="START_SERVICE_PERIOD", participantType="RECEIVER"
    )["items"]
    assert [(h["id"], h["status"]) for h in received] == [(out["handshakes"]["start"], "ACCEPTED")]
    iot_customer = aws_client(aws, "iotwireless", CUSTOMER)
    found = iot_customer.get_partner_account(PartnerAccountId=AMAZON_ID, PartnerType="Sidewalk")
    assert found["Sidewalk"]["Fingerprint"] == out["fingerprint"]
    iot_sender = aws_client(aws, "iotwireless", SENDER)
    with pytest.raises(iot_sender.exceptions.ResourceNotFoundException):
        iot_sender.get_partner_account(PartnerAccountId=AMAZON_ID, PartnerType="Sidewalk")
    # The secret key is in no state a user exports.
    assert KEY not in engine.cli(stack, "stack", "export")

    refresh = stack.refresh()
    assert refresh.summary.result == "succeeded"
    assert_no_changes(stack)

    # An in-place change of a YAML config value: one update, nothing replaced.
    stack.set_config("pmaName", auto.ConfigValue("Renamed PMA"))
    up2 = stack.up()
    assert change_counts(up2.summary.resource_changes or {}) == {
        "same": RESOURCES + 1,
        "update": 1,
    }
    (renamed,) = pcc.list_program_management_accounts(catalog="AWS")["items"]
    assert renamed["displayName"] == "Renamed PMA"
    stack.refresh()
    assert_no_changes(stack)

    destroy = stack.destroy()
    assert change_counts(destroy.summary.resource_changes or {}) == {"delete": RESOURCES + 2}
    assert (stack.export_stack().deployment.get("resources") or []) == []
    with pytest.raises(iot_customer.exceptions.ResourceNotFoundException):
        iot_customer.get_partner_account(PartnerAccountId=AMAZON_ID, PartnerType="Sidewalk")
    left = pcc.list_program_management_accounts(catalog="AWS")["items"] or []
    assert all(p.get("status") == "INACTIVE" for p in left)
