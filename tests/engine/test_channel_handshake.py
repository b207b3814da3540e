"""ChannelHandshake through the real Pulumi CLI against the emulator.

The program and relationships it points at are made with boto3 as the sender (111111111111);
the receiving account (222222222222) answers with boto3 too. Every lifecycle test ends with
refresh, then a preview that shows no changes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.engine.conftest import ACCOUNT
from tests.support.aws import calls as service_calls
from tests.support.aws import client as aws_client
from tests.support.engine import Engine, assert_no_changes, change_counts

PROGRAM = "tests/engine/programs/handshakes"
RECEIVER = "222222222222"
PMA_ACCOUNT = "333333333333"


def api(emu: Emulator, account: str = ACCOUNT) -> Any:
    return aws_client(emu, "partnercentral-channel", account)


def calls(emu: Emulator) -> dict[str, int]:
    return service_calls(emu, "partnercentral-channel")


def make_pma(emu: Emulator) -> str:
    pma: str = api(emu).create_program_management_account(
        catalog="AWS", program="SOLUTION_PROVIDER", displayName="Reseller", accountId=PMA_ACCOUNT
    )["programManagementAccountDetail"]["id"]
    return pma


def make_relationship(emu: Emulator, pma: str, account: str = RECEIVER) -> str:
    rs: str = api(emu).create_relationship(
        catalog="AWS",
        associationType="END_CUSTOMER",
        programManagementAccountIdentifier=pma,
        associatedAccountId=account,
        displayName="Customer",
        sector="COMMERCIAL",
    )["relationshipDetail"]["id"]
    return rs


def start_spec(pma: str, rs: str, name: str = "start", **payload: Any) -> dict[str, Any]:
    body = {
        "program_management_account_identifier": pma,
        "service_period_type": "MINIMUM_NOTICE_PERIOD",
        "minimum_notice_days": "30",
        "note": "welcome aboard",
        **payload,
    }
    return {
        "name": name,
        "handshake_type": "START_SERVICE_PERIOD",
        "associated_resource_identifier": rs,
        "start_service_period": {k: v for k, v in body.items() if v is not None},
        "tags": {"team": "channel"},
    }


def state_of(stack: auto.Stack, name: str) -> dict[str, Any]:
    """A handshake's outputs in state (refresh updates state, not the program's exports)."""
    outputs: dict[str, Any] = next(
        r["outputs"]
        for r in stack.export_stack().deployment["resources"]
        if r["type"].endswith(":ChannelHandshake") and r["urn"].endswith(f"::{name}")
    )
    return outputs


def stack_of(engine: Engine, specs: list[dict[str, Any]], **config: str) -> auto.Stack:
    return engine.stack(PROGRAM, config={"handshakes": json.dumps(specs), **config})


def sent(emu: Emulator, htype: str = "START_SERVICE_PERIOD") -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = api(emu).list_channel_handshakes(
        handshakeType=htype, catalog="AWS", participantType="SENDER"
    )["items"]
    return items


@pytest.fixture
def chain(aws: Emulator) -> dict[str, str]:
    pma = make_pma(aws)
    return {"pma": pma, "rs": make_relationship(aws, pma)}


HTYPES = ("START_SERVICE_PERIOD", "REVOKE_SERVICE_PERIOD", "PROGRAM_MANAGEMENT_ACCOUNT")


def basic_spec(htype: str, chain: dict[str, str]) -> tuple[dict[str, Any], str]:
    """A handshake of ``htype`` named after it, and the account that receives it."""
    if htype == "START_SERVICE_PERIOD":
        return {**start_spec(chain["pma"], chain["rs"]), "name": htype}, RECEIVER
    if htype == "REVOKE_SERVICE_PERIOD":
        spec = {
            "name": htype,
            "handshake_type": htype,
            "associated_resource_identifier": chain["rs"],
            "revoke_service_period": {
                "program_management_account_identifier": chain["pma"],
                "note": "bye",
            },
        }
        return spec, RECEIVER
    spec = {"name": htype, "handshake_type": htype, "associated_resource_identifier": chain["pma"]}
    return spec, PMA_ACCOUNT


def test_channel_handshake_basic(engine: Engine, aws: Emulator, chain: dict[str, str]) -> None:
    """One handshake of each type in one stack: created once each with one live-check listing,
    outputs, a no-change preview with no call, refresh with no change, destroy cancels each."""
    specs = {htype: basic_spec(htype, chain) for htype in HTYPES}
    stack = stack_of(engine, [spec for spec, _ in specs.values()])
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"create": 4}
    # each create = 1 CreateChannelHandshake + 1 listing narrowed to its resource (live check)
    assert (calls(aws)["CreateChannelHandshake"], calls(aws)["ListChannelHandshakes"]) == (3, 3)
    before = sum(calls(aws).values())
    stack.preview()
    assert sum(calls(aws).values()) == before  # a no-change preview makes no call
    for htype, (spec, receiver) in specs.items():
        out = up.outputs[htype].value
        assert out["handshake_id"].startswith("ch-") and out["status"] == "PENDING"
        assert (out["sender_account_id"], out["receiver_account_id"]) == (ACCOUNT, receiver)
        assert out["associated_resource_id"] == spec["associated_resource_identifier"]
        assert out["arn"].endswith(f"/channel-handshake/{out['handshake_id']}")
        assert out["client_token"].startswith("pl-")
        if htype == "START_SERVICE_PERIOD":
            assert (out["service_period_type"], out["minimum_notice_days"]) == (
                "MINIMUM_NOTICE_PERIOD",
                "30",
            )
            assert out["tags"] == {"team": "channel"}
        if htype == "PROGRAM_MANAGEMENT_ACCOUNT":
            assert out["program"] == "SOLUTION_PROVIDER"
    stack.refresh()
    assert_no_changes(stack)
    stack.destroy()
    for htype in HTYPES:
        (item,) = sent(aws, htype)
        assert (item["id"], item["status"]) == (up.outputs[htype].value["handshake_id"], "CANCELED")


def test_channel_handshake_accepted_is_not_drift(
    engine: Engine, aws: Emulator, chain: dict[str, str]
) -> None:
    stack = stack_of(engine, [start_spec(chain["pma"], chain["rs"])])
    hs = stack.up().outputs["start"].value["handshake_id"]
    api(aws, RECEIVER).accept_channel_handshake(catalog="AWS", identifier=hs)
    stack.refresh()
    state = state_of(stack, "start")
    assert state["status"] == "ACCEPTED" and state["start_date"] is not None
    assert_no_changes(stack)
    before = calls(aws).get("CancelChannelHandshake", 0)
    destroy = stack.destroy()
    assert calls(aws).get("CancelChannelHandshake", 0) == before  # nothing to cancel
    assert f"handshake {hs} is ACCEPTED: nothing to cancel" in destroy.stdout  # and it says so
    assert sent(aws)[0]["status"] == "ACCEPTED"


def test_channel_handshake_rejected_stays(
    engine: Engine, aws: Emulator, chain: dict[str, str]
) -> None:
    stack = stack_of(engine, [start_spec(chain["pma"], chain["rs"])])
    hs = stack.up().outputs["start"].value["handshake_id"]
    api(aws, RECEIVER).reject_channel_handshake(catalog="AWS", identifier=hs)
    stack.refresh()
    assert state_of(stack, "start")["status"] == "REJECTED"
    assert_no_changes(stack)  # not re-sent unless an input changes
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"same": 2}
    assert calls(aws)["CreateChannelHandshake"] == 1


def test_channel_handshake_tags_update_in_place(
    engine: Engine, aws: Emulator, chain: dict[str, str]
) -> None:
    spec = start_spec(chain["pma"], chain["rs"])
    stack = stack_of(engine, [spec])
    arn = stack.up().outputs["start"].value["arn"]
    stack.set_config(
        "handshakes", auto.ConfigValue(json.dumps([{**spec, "tags": {"team": "sales", "x": "1"}}]))
    )
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"same": 1, "update": 1}
    tags = api(aws).list_tags_for_resource(resourceArn=arn)["tags"]
    assert {t["key"]: t["value"] for t in tags} == {"team": "sales", "x": "1"}
    stack.refresh()
    assert_no_changes(stack)


def test_channel_handshake_lost_response_on_create(
    engine: Engine, aws: Emulator, chain: dict[str, str]
) -> None:
    stack = stack_of(
        engine, [start_spec(chain["pma"], chain["rs"])], **{"partnerlink:maxAttempts": "2"}
    )
    aws.inject("CreateChannelHandshake", "drop-response", times=2)
    with pytest.raises(auto.errors.CommandError) as failed:
        stack.up()
    assert "creating ChannelHandshake (START_SERVICE_PERIOD for" in str(failed.value)
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"same": 1, "create": 1}
    assert [h["status"] for h in sent(aws)] == ["PENDING"]  # exactly one handshake
    stack.refresh()
    assert_no_changes(stack)


FUTURE = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=90)).strftime("%Y-%m-%d")
PAST = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)).strftime("%Y-%m-%d")


INVALID = [
    (
        {"handshake_type": "REVOKE_SERVICE_PERIOD"},
        "a REVOKE_SERVICE_PERIOD handshake needs revoke_service_period",
    ),
    (
        {
            "start_service_period": {
                "program_management_account_identifier": "PMA",
                "service_period_type": "MINIMUM_NOTICE_PERIOD",
            }
        },
        "start_service_period.minimum_notice_days is required for MINIMUM_NOTICE_PERIOD",
    ),
    (
        {
            "start_service_period": {
                "program_management_account_identifier": "PMA",
                "service_period_type": "FIXED_COMMITMENT_PERIOD",
                "end_date": PAST,
            }
        },
        "start_service_period.end_date must be in the future",
    ),
    (
        {"associated_resource_identifier": "rs-NOT_VALID!"},
        "associated_resource_identifier must satisfy regular expression pattern",
    ),
    (
        {"associated_resource_identifier": "PMA"},
        "associated_resource_identifier must name a relationship (rs-... id or ARN) for a START_SERVICE_PERIOD handshake",
    ),
    (
        {
            "start_service_period": {
                "program_management_account_identifier": "PMA",
                "service_period_type": "MINIMUM_NOTICE_PERIOD",
                "minimum_notice_days": "30",
                "note": "n" * 301,
            }
        },
        "start_service_period.note must have length less than or equal to 300",
    ),
]


def test_channel_handshake_invalid_input_fails_preview(
    engine: Engine, aws: Emulator, chain: dict[str, str]
) -> None:
    """Each invalid handshake, declared in turn in one stack: preview fails with the reason and
    makes no partnercentral call."""
    stack = stack_of(engine, [start_spec(chain["pma"], chain["rs"])])
    before = calls(aws)
    for change, reason in INVALID:
        spec = start_spec(chain["pma"], chain["rs"])
        for key, value in change.items():
            if isinstance(value, dict):
                value = {k: (chain["pma"] if v == "PMA" else v) for k, v in value.items()}
            spec[key] = chain["pma"] if value == "PMA" else value
        stack.set_config("handshakes", auto.ConfigValue(json.dumps([spec])))
        with pytest.raises(auto.errors.CommandError) as failed:
            stack.preview()
        assert reason in str(failed.value), str(failed.value)
    assert calls(aws) == before  # zero partnercentral calls


def test_channel_handshake_refresh_is_coalesced(engine: Engine, aws: Emulator) -> None:
    """150 handshakes: one listing (2 pages of 100) serves every read of the refresh.

    What is counted is listings, not rates: the 300 creates at AWS's 3 a second would add
    100 s, so the quotas are lifted and the stack does not pace (test_pacing.py and
    bench/quotas.py hold the rates)."""
    aws.set_behaviour("unlimited")
    pma = make_pma(aws)
    specs = []
    for i in range(150):
        rs = make_relationship(aws, pma, account=f"5{i:011d}")
        spec = start_spec(pma, rs, name=f"hs{i:03d}")
        spec["export"] = False
        specs.append(spec)
    stack = stack_of(engine, specs)
    stack.set_config("partnerlink:pacing", auto.ConfigValue("false"))
    up = stack.up(parallel=16)
    assert change_counts(up.summary.resource_changes or {}) == {"create": 151}
    assert calls(aws)["ListChannelHandshakes"] == 150  # one narrowed check per create: linear
    before = calls(aws).get("ListChannelHandshakes", 0)
    refresh = stack.refresh(parallel=16)
    assert change_counts(refresh.summary.resource_changes or {}) == {"same": 151}
    lists = calls(aws).get("ListChannelHandshakes", 0) - before
    assert lists <= 5, f"refresh of 150 handshakes made {lists} ListChannelHandshakes calls"
    # The refresh is correct: one handshake decided out of band shows up in state.
    some = api(aws).list_channel_handshakes(
        handshakeType="START_SERVICE_PERIOD", catalog="AWS", participantType="RECEIVER"
    )  # receiver 5... accounts differ
    assert some["items"] == []
    target = next(h for h in sent(aws) if h["status"] == "PENDING")
    api(aws, target["receiverAccountId"]).accept_channel_handshake(
        catalog="AWS", identifier=target["id"]
    )
    stack.refresh(parallel=16)
    statuses = [
        r["outputs"]["status"]
        for r in stack.export_stack().deployment["resources"]
        if r["type"].endswith(":ChannelHandshake")
    ]
    assert statuses.count("ACCEPTED") == 1 and statuses.count("PENDING") == 149
    assert_no_changes(stack)
