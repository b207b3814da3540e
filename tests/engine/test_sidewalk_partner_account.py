"""SidewalkPartnerAccount through the real Pulumi CLI against the emulator.

Every test ends with refresh, then a preview that shows no changes (or says why it cannot).
"""

from __future__ import annotations

import base64
import hashlib
import json
import pickletools
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.engine.conftest import ACCOUNT
from tests.support.aws import calls as service_calls
from tests.support.aws import client as aws_client
from tests.support.engine import Engine, assert_no_changes, change_counts, provider_blob
from tests.support.frontends import FRONT_ENDS, FrontEnd

PROGRAM = "tests/engine/programs/sidewalk"
TYPE = "pulumi-python:dynamic/partnerlink:SidewalkPartnerAccount"
KEY = "5e" * 32
KEY2 = "c0ffee" * 10 + "abcd"
AMAZON_ID = "amzn1.account.AEXAMPLE"


def fingerprint(key: str) -> str:
    return hashlib.sha256(bytes.fromhex(key)).hexdigest()


def iot(emu: Emulator) -> Any:
    return aws_client(emu, "iotwireless")


def stack_of(
    engine: Engine, amazon_id: str = AMAZON_ID, key: str = KEY, **config: str
) -> auto.Stack:
    return engine.stack(
        PROGRAM,
        config={
            "amazonId": amazon_id,
            "appServerPrivateKey": auto.ConfigValue(key, secret=True),
            **config,
        },
    )


def iot_calls(emu: Emulator) -> dict[str, int]:
    return service_calls(emu, "iotwireless")


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
    assert iot_calls(aws) == {"AssociateAwsAccountWithPartnerAccount": 1, "GetPartnerAccount": 1}
    before = sum(iot_calls(aws).values())
    stack.preview()
    assert sum(iot_calls(aws).values()) == before  # a no-change preview makes no call

    stack.refresh()
    assert sum(iot_calls(aws).values()) - before <= 2  # Get + ListTags
    assert_no_changes(stack)

    stack.destroy()
    with pytest.raises(iot(aws).exceptions.ResourceNotFoundException):
        iot(aws).get_partner_account(PartnerAccountId=AMAZON_ID, PartnerType="Sidewalk")
    assert stack.export_stack().deployment.get("resources") in (None, [])


def test_sidewalk_partner_account_tags_send_only_the_difference(
    engine: Engine, aws: Emulator
) -> None:
    stack = stack_of(engine, tags=json.dumps({"keep": "1", "change": "old", "drop": "x"}))
    stack.up()
    stack.set_config(
        "tags", auto.ConfigValue(json.dumps({"keep": "1", "change": "new", "add": "y"}))
    )
    before = iot_calls(aws)
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"same": 1, "update": 1}
    after = iot_calls(aws)
    delta = {
        k: after.get(k, 0) - before.get(k, 0) for k in after if after.get(k, 0) != before.get(k, 0)
    }
    # One TagResource (change, add), one UntagResource (drop), no key update, then one read.
    assert delta == {"TagResource": 1, "UntagResource": 1, "GetPartnerAccount": 1}
    arn = up.outputs["arn"].value
    tags = iot(aws).list_tags_for_resource(ResourceArn=arn)["Tags"]
    assert {t["Key"]: t["Value"] for t in tags} == {"keep": "1", "change": "new", "add": "y"}
    stack.refresh()
    assert_no_changes(stack)


def test_sidewalk_partner_account_drift_is_repaired(engine: Engine, aws: Emulator) -> None:
    stack = stack_of(engine, tags=json.dumps({"owner": "platform"}))
    arn = stack.up().outputs["arn"].value
    client = iot(aws)
    client.update_partner_account(
        PartnerAccountId=AMAZON_ID, PartnerType="Sidewalk", Sidewalk={"AppServerPrivateKey": KEY2}
    )
    client.tag_resource(
        ResourceArn=arn,
        Tags=[{"Key": "owner", "Value": "someone-else"}, {"Key": "extra", "Value": "1"}],
    )
    stack.refresh()
    state = next(r for r in stack.export_stack().deployment["resources"] if r["type"] == TYPE)
    assert state["outputs"]["fingerprint"] == fingerprint(KEY2)  # drift is visible after refresh
    assert state["outputs"]["applied_fingerprint"] == fingerprint(KEY)
    preview = stack.preview()
    assert change_counts(preview.change_summary) == {"same": 1, "update": 1}
    stack.up()
    live = client.get_partner_account(PartnerAccountId=AMAZON_ID, PartnerType="Sidewalk")
    assert live["Sidewalk"]["Fingerprint"] == fingerprint(KEY)
    assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "owner", "Value": "platform"}
    ]
    stack.refresh()
    assert_no_changes(stack)


def test_sidewalk_partner_account_lost_response_on_create(engine: Engine, aws: Emulator) -> None:
    stack = stack_of(engine)
    stack.set_config("partnerlink:maxAttempts", auto.ConfigValue("2"))
    aws.inject(
        "AssociateAwsAccountWithPartnerAccount", "drop-response", times=2
    )  # > boto3's attempts
    with pytest.raises(auto.errors.CommandError) as failed:
        stack.up()
    text = str(failed.value)
    assert (
        f"creating SidewalkPartnerAccount ({AMAZON_ID}): the connection closed before AWS answered"
        in text
    )
    assert KEY not in text
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"same": 1, "create": 1}
    assert "Conflict" not in up.stdout
    assert [s["AmazonId"] for s in iot(aws).list_partner_accounts()["Sidewalk"]] == [AMAZON_ID]
    assert up.outputs["client_token"].value.endswith("-g0")  # the replayed, original token
    stack.refresh()
    assert_no_changes(stack)


@pytest.mark.parametrize(
    ("config", "prop", "reason"),
    [
        ({"amazonId": ""}, "amazon_id", "amazon_id is required and must not be empty"),
        (
            {"amazonId": "a" * 2049},
            "amazon_id",
            "amazon_id must have length less than or equal to 2048",
        ),
        (
            {"key": "not-hex-SECRETVALUE"},
            "app_server_private_key",
            "app_server_private_key must be exactly 64 hexadecimal characters (0-9, a-f)",
        ),
        (
            {"key": "ab" * 33},
            "app_server_private_key",
            "app_server_private_key must be exactly 64 hexadecimal characters (0-9, a-f)",
        ),
        (
            {"clientToken": "has space"},
            "client_token",
            "client_token may contain only letters, digits, '-' and '_'",
        ),
        (
            {"tags": json.dumps({"k": "v" * 257})},
            "tags",
            "tags value of key 'k' must have length less than or equal to 256",
        ),
    ],
    ids=[
        "amazon-id-empty",
        "amazon-id-too-long",
        "key-not-hex",
        "key-too-long",
        "token-pattern",
        "tag-value",
    ],
)
def test_sidewalk_partner_account_invalid_input_fails_preview(
    engine: Engine, aws: Emulator, config: dict[str, str], prop: str, reason: str
) -> None:
    key = config.pop("key", KEY)
    stack = stack_of(engine, amazon_id=config.pop("amazonId", AMAZON_ID), key=key, **config)
    with pytest.raises(auto.errors.CommandError) as failed:
        stack.preview()
    text = str(failed.value)
    assert reason in text, text
    assert key not in text
    assert iot_calls(aws) == {}


@pytest.mark.parametrize("front", FRONT_ENDS, ids=str)
def test_sidewalk_partner_account_secret_never_in_plain_text(
    engine: Engine, aws: Emulator, caplog: Any, front: FrontEnd
) -> None:
    """Both front ends, through the matrix programs: the key (and its rotation) never in clear
    in the CLI's --debug output, the export, the backend's files or the emulator's log; under
    the dynamic front end not in the pickled ``__provider`` either (the native one has none)."""
    caplog.set_level("DEBUG")
    stack = front.stack(
        engine,
        front.matrix_program,
        config={
            "resource": "SidewalkPartnerAccount",
            "inputs": json.dumps({"amazon_id": AMAZON_ID, "tags": {"a": "b"}}),
            "key": auto.ConfigValue(KEY, secret=True),
        },
    )
    seen: list[str] = []
    seen.append(stack.up(debug=True, on_output=seen.append).stdout)
    stack.set_config("key", auto.ConfigValue(KEY2, secret=True))
    seen.append(stack.up(debug=True).stdout)
    seen.append(stack.refresh(debug=True).stdout)
    preview = stack.preview(debug=True, diff=True)
    assert set(change_counts(preview.change_summary)) <= {"same"}, preview.stdout
    seen.append(preview.stdout)
    exported = json.dumps(engine.export(stack))  # as users run it: no --show-secrets
    token = front.type_token("SidewalkPartnerAccount")
    (res,) = [r for r in stack.export_stack().deployment["resources"] if r["type"] == token]
    places = {}
    if not front.native:
        # Where the engine says the resource was declared: the program's line, not our library
        # (Pulumi Cloud's resource view and the engine's diagnostics show it).
        assert res.get("sourcePosition", "").split("#")[0].endswith("/__main__.py"), res
        blob = provider_blob(res)
        assert len(blob) < 200  # pickled by reference: module + class name
        places["__provider"] = "".join(
            str(arg) for _, arg, _ in pickletools.genops(base64.b64decode(blob))
        )
    state_files = "".join(
        p.read_text(errors="replace") for p in engine.backend_dir.rglob("*") if p.is_file()
    )
    seen.append(stack.destroy(debug=True).stdout)
    places |= {
        "CLI output (--debug)": "\n".join(seen),
        "pulumi stack export": exported,
        "the file backend": state_files,
        "the emulator's request log": caplog.text,
    }
    for key in (KEY, KEY2):
        for where, text in places.items():
            assert key not in text and key.upper() not in text, (
                f"the private key appears in {where}"
            )
    assert "ciphertext" in exported  # the key is there, encrypted
    assert "POST /partner-accounts" in caplog.text  # the log searched above is the real one
    assert "UpdatePartnerAccount" in str(aws.calls())  # the rotation reached AWS


def test_sidewalk_partner_account_throttling_is_retried_then_explained(
    engine: Engine, aws: Emulator
) -> None:
    stack = stack_of(engine)
    stack.set_config("partnerlink:maxAttempts", auto.ConfigValue("3"))
    aws.inject("AssociateAwsAccountWithPartnerAccount", "throttle", times=2)  # within the retries
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"create": 2}
    assert iot_calls(aws)["AssociateAwsAccountWithPartnerAccount"] == 3
    stack.refresh()
    assert_no_changes(stack)
    aws.inject("UpdatePartnerAccount", "throttle")  # every attempt: botocore gives up
    stack.set_config("appServerPrivateKey", auto.ConfigValue(KEY2, secret=True))
    with pytest.raises(auto.errors.CommandError) as failed:
        stack.up()
    text = str(failed.value)
    assert f"updating SidewalkPartnerAccount ({AMAZON_ID}): ThrottlingException" in text
    assert "run again later, or raise partnerlink:maxAttempts" in text
    assert KEY not in text and KEY2 not in text
