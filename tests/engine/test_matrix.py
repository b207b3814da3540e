"""One engine test matrix for every resource, through the real CLI against the emulator.

Each resource has a ``Case``: how to make its parents (with boto3, as another team would), its
inputs, an in-place change, how to delete it out of band, and how to count what is live in AWS
(the emulator, not our state). The lifecycle test drives the sequence users live through:

    preview (no API call) -> up -> change in place -> destroy -> up (re-create after an in-place
    change) -> delete out of band -> refresh -> up -> refresh -> empty preview -> replace
    (create-only change) -> refresh -> empty preview -> delete out of band -> destroy

and asserts exactly one live object after every ``up``, none after every ``destroy``. Each case
declares its inputs in a different style (keyword arguments with nested dicts, an Args object
with nested Args, one dict as ``args``, Outputs everywhere), so every style goes through the CLI.

The lifecycle and adopt run for both front ends (the ``front`` parameter, tests/support/
frontends.py): the dynamic resources (programs/matrix) and the native plugin's
``partnerlink:index:<Name>`` (programs/matrix_native, the same config, camelCase inputs). The
other tests here prove core behaviour the two front ends share (token generations after a lost
response, expiry at refresh: the same ``SpecCore`` code under both) and run once, dynamic.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto
from pulumi_partnerlink.emulator import Emulator

from tests.engine.conftest import PROFILES
from tests.support.aws import client as aws_client
from tests.support.aws import send_start_handshake
from tests.support.engine import Engine, assert_no_changes, change_counts
from tests.support.frontends import DYNAMIC, FRONT_ENDS, LANGUAGES, FrontEnd

PROGRAM = "tests/engine/programs/matrix"
# What the provider says when a wait starts that may last longer than ~2 s.
WAITED = "looking again for up to"
SERVICE_OF = {
    "AssociateAwsAccountWithPartnerAccount": "iotwireless",
    "CreateProgramManagementAccount": "partnercentral-channel",
    "CreateRelationship": "partnercentral-channel",
    "CreateChannelHandshake": "partnercentral-channel",
}
KEY = "5e" * 32
KEY2 = "c0ffee" * 10 + "abcd"
AMAZON_ID = "amzn1.account.MATRIX"
PMA_OWNER = "333333333333"
PARENT_OWNER = "444444444444"
CUSTOMER = "222222222222"


# The least-privilege policy the README documents: the provider's keys (each account's own)
# may call nothing else in every matrix test; the tests' own calls use another user of each
# account (tests.support.aws).
POLICY = json.loads((Path(__file__).parents[2] / "docs" / "iam-policy.json").read_text())


@pytest.fixture(autouse=True)
def least_privilege(aws: Emulator) -> None:
    aws.set_permissions({key: POLICY for key in PROFILES.values()})


def pcc(emu: Emulator, account: str = "111111111111") -> Any:
    return aws_client(emu, "partnercentral-channel", account)


def iot(emu: Emulator) -> Any:
    return aws_client(emu, "iotwireless")


def all_calls(emu: Emulator) -> int:
    return sum(emu.calls().values())


def make_pma(emu: Emulator) -> str:
    """A parent PMA, each of an account of its own (AWS allows one per account and program),
    none of them ``PMA_OWNER``, whose PMAs the ProgramManagementAccount case counts: the
    lifecycle declares every case in one stack."""
    made = emu.calls().get("partnercentral-channel:CreateProgramManagementAccount", 0)
    owner = str(int(PARENT_OWNER) + made)
    detail = pcc(emu).create_program_management_account(
        catalog="AWS", program="SOLUTION_PROVIDER", displayName="Parent", accountId=owner
    )["programManagementAccountDetail"]
    return str(detail["id"])


def make_relationship(emu: Emulator, pma: str) -> str:
    detail = pcc(emu).create_relationship(
        catalog="AWS",
        programManagementAccountIdentifier=pma,
        associationType="END_CUSTOMER",
        associatedAccountId=CUSTOMER,
        displayName="Parent relationship",
        sector="COMMERCIAL",
    )["relationshipDetail"]
    return str(detail["id"])


def start_payload(pma: str) -> dict[str, Any]:
    return {
        "program_management_account_identifier": pma,
        "service_period_type": "MINIMUM_NOTICE_PERIOD",
        "minimum_notice_days": "30",
    }


def pending_handshakes(emu: Emulator, rs: str) -> list[dict[str, Any]]:
    items = pcc(emu).list_channel_handshakes(
        catalog="AWS",
        handshakeType="START_SERVICE_PERIOD",
        participantType="SENDER",
        associatedResourceIdentifiers=[rs],
    )["items"]
    return [i for i in items if i["status"] == "PENDING"]


@dataclass
class Case:
    resource: str
    style: str
    setup: Callable[[Emulator], dict[str, Any]]  # parents -> context
    inputs: Callable[[dict[str, Any]], dict[str, Any]]
    live: Callable[[Emulator, dict[str, Any]], list[dict[str, Any]]]
    in_place: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    delete_out_of_band: Callable[[Emulator, dict[str, Any], dict[str, Any]], None] | None = None
    key: bool = False
    check_updated: Callable[[Emulator, dict[str, Any], dict[str, Any]], None] | None = None
    create_op: str = ""
    # Make the object outside the stack, with other in-place values (for adopt=True).
    make_existing: Callable[[Emulator, dict[str, Any]], None] | None = None
    # A change that replaces the object (create-only input).
    replace: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # A dead status stays in state at refresh (a warning), re-created only when asked (--replace).
    dead_kept: bool = False


def _sidewalk_live(emu: Emulator, ctx: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = iot(emu).list_partner_accounts()["Sidewalk"]
    return [s for s in items if s["AmazonId"] == AMAZON_ID]


def _sidewalk_updated(emu: Emulator, ctx: dict[str, Any], outs: dict[str, Any]) -> None:
    live = iot(emu).get_partner_account(PartnerAccountId=AMAZON_ID, PartnerType="Sidewalk")
    new = hashlib.sha256(bytes.fromhex(KEY2)).hexdigest()
    assert live["Sidewalk"]["Fingerprint"] == new
    assert outs["fingerprint"] == outs["applied_fingerprint"] == new
    tags = iot(emu).list_tags_for_resource(ResourceArn=outs["arn"])["Tags"]
    assert {t["Key"]: t["Value"] for t in tags} == {"team": "iot", "env": "prod"}


def _pma_live(emu: Emulator, ctx: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = pcc(emu).list_program_management_accounts(
        catalog="AWS", accountIds=[PMA_OWNER]
    )["items"]
    return items


def _relationship_live(emu: Emulator, ctx: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = pcc(emu).list_relationships(
        catalog="AWS",
        programManagementAccountIdentifiers=[ctx["pma"]],
        associatedAccountIds=[CUSTOMER],
    )["items"]
    return items


def _response_setup(emu: Emulator) -> dict[str, Any]:
    pma = make_pma(emu)
    rs = make_relationship(emu, pma)
    detail = send_start_handshake(pcc(emu), rs, pma)
    return {"pma": pma, "rs": rs, "ch": detail["id"]}


def _response_live(emu: Emulator, ctx: dict[str, Any]) -> list[dict[str, Any]]:
    items = pcc(emu, CUSTOMER).list_channel_handshakes(
        catalog="AWS", handshakeType="START_SERVICE_PERIOD", participantType="RECEIVER"
    )["items"]
    return [i for i in items if i["id"] == ctx["ch"] and i["status"] == "ACCEPTED"]


CASES = [
    Case(
        resource="SidewalkPartnerAccount",
        style="outputs",
        setup=lambda emu: {},
        inputs=lambda ctx: {"amazon_id": AMAZON_ID, "tags": {"team": "iot"}},
        key=True,
        in_place=lambda ctx: {"tags": {"team": "iot", "env": "prod"}, "__key": KEY2},
        check_updated=_sidewalk_updated,
        live=_sidewalk_live,
        create_op="AssociateAwsAccountWithPartnerAccount",
        make_existing=lambda emu, ctx: iot(emu).associate_aws_account_with_partner_account(
            Sidewalk={"AmazonId": AMAZON_ID, "AppServerPrivateKey": KEY2},
            Tags=[{"Key": "old", "Value": "1"}],
        ),
        replace=lambda ctx: {"amazon_id": AMAZON_ID + "2"},
        delete_out_of_band=lambda emu, ctx, outs: iot(
            emu
        ).disassociate_aws_account_from_partner_account(
            PartnerAccountId=AMAZON_ID, PartnerType="Sidewalk"
        ),
    ),
    Case(
        resource="ProgramManagementAccount",
        style="dict",
        setup=lambda emu: {},
        inputs=lambda ctx: {
            "program": "SOLUTION_PROVIDER",
            "display_name": "Reseller PMA",
            "account_id": PMA_OWNER,
            "tags": {"env": "test"},
        },
        in_place=lambda ctx: {"display_name": "Renamed PMA", "tags": {"env": "prod"}},
        live=_pma_live,
        create_op="CreateProgramManagementAccount",
        make_existing=lambda emu, ctx: pcc(emu).create_program_management_account(
            catalog="AWS", program="SOLUTION_PROVIDER", displayName="Old name", accountId=PMA_OWNER
        ),
        replace=lambda ctx: {"program": "DISTRIBUTION"},
        delete_out_of_band=lambda emu, ctx, outs: pcc(emu).delete_program_management_account(
            catalog="AWS", identifier=outs["program_management_account_id"]
        ),
    ),
    Case(
        resource="ChannelRelationship",
        style="args",
        setup=lambda emu: {"pma": make_pma(emu)},
        inputs=lambda ctx: {
            "program_management_account_identifier": ctx["pma"],
            "association_type": "END_CUSTOMER",
            "associated_account_id": CUSTOMER,
            "display_name": "Customer One",
            "sector": "COMMERCIAL",
            "requested_support_plan": {
                "partner_led_support": {"coverage": "ENTIRE_ORGANIZATION", "tam_location": "us"}
            },
            "tags": {"tier": "gold"},
        },
        in_place=lambda ctx: {
            "display_name": "Customer Renamed",
            "requested_support_plan": {
                "resold_enterprise": {
                    "coverage": "MANAGEMENT_ACCOUNT_ONLY",
                    "tam_location": "eu",
                    "charge_account_id": CUSTOMER,
                }
            },
            "tags": {"tier": "platinum"},
        },
        live=_relationship_live,
        create_op="CreateRelationship",
        make_existing=lambda emu, ctx: make_relationship(emu, ctx["pma"]),
        replace=lambda ctx: {"sector": "GOVERNMENT"},
        delete_out_of_band=lambda emu, ctx, outs: pcc(emu).delete_relationship(
            catalog="AWS",
            identifier=outs["relationship_id"],
            programManagementAccountIdentifier=ctx["pma"],
        ),
    ),
    Case(
        resource="ChannelHandshake",
        style="outputs",
        setup=lambda emu: (lambda pma: {"pma": pma, "rs": make_relationship(emu, pma)})(
            make_pma(emu)
        ),
        inputs=lambda ctx: {
            "handshake_type": "START_SERVICE_PERIOD",
            "associated_resource_identifier": ctx["rs"],
            "start_service_period": start_payload(ctx["pma"]),
            "tags": {"team": "channel"},
        },
        in_place=lambda ctx: {"tags": {"team": "channel", "ticket": "42"}},
        live=lambda emu, ctx: pending_handshakes(emu, ctx["rs"]),
        create_op="CreateChannelHandshake",
        make_existing=lambda emu, ctx: pcc(emu).create_channel_handshake(
            catalog="AWS",
            handshakeType="START_SERVICE_PERIOD",
            associatedResourceIdentifier=ctx["rs"],
            payload={
                "startServicePeriodPayload": {
                    "programManagementAccountIdentifier": ctx["pma"],
                    "servicePeriodType": "MINIMUM_NOTICE_PERIOD",
                    "minimumNoticeDays": "30",
                }
            },
        ),
        replace=lambda ctx: {
            "start_service_period": {**start_payload(ctx["pma"]), "note": "Second thoughts"}
        },
        delete_out_of_band=lambda emu, ctx, outs: pcc(emu).cancel_channel_handshake(
            catalog="AWS", identifier=outs["handshake_id"]
        ),
        dead_kept=True,
    ),
    Case(
        resource="ChannelHandshakeResponse",
        style="dict",
        setup=_response_setup,
        inputs=lambda ctx: {
            "handshake_identifier": ctx["ch"],
            "decision": "ACCEPT",
            "connection": {"profile": "customer"},
        },
        live=_response_live,
    ),
]


def stack_for(
    engine: Engine, case: Case, ctx: dict[str, Any], front: FrontEnd = DYNAMIC
) -> auto.Stack:
    config: dict[str, Any] = {
        "resource": case.resource,
        "style": case.style,
        "inputs": json.dumps(case.inputs(ctx)),
    }
    if case.key:
        config["key"] = auto.ConfigValue(KEY, secret=True)
    return front.stack(engine, front.matrix_program, case.resource.lower(), config=config)


def change_in_place(stack: auto.Stack, case: Case, ctx: dict[str, Any]) -> dict[str, Any]:
    """Declare the case's in-place change (a new Sidewalk key goes in as a secret config);
    the changed inputs, the key left out."""
    assert case.in_place is not None
    change = case.in_place(ctx)
    if "__key" in change:
        stack.set_config("key", auto.ConfigValue(change.pop("__key"), secret=True))
    stack.set_config("inputs", auto.ConfigValue(json.dumps({**case.inputs(ctx), **change})))
    return change


def outputs_of(result: Any) -> dict[str, Any]:
    return {k: v.value for k, v in result.outputs.items()}


def stack_of_cases(
    engine: Engine,
    cases: list[Case],
    ctxs: dict[str, dict[str, Any]],
    front: FrontEnd,
    style: str | None = None,
) -> auto.Stack:
    """One stack declaring each case's resource (in its style, or ``style``); its outputs are
    exported as ``<Name>.<output>`` (see ``outputs_by_case``)."""
    declared = [
        {"resource": c.resource, "style": style or c.style, "inputs": c.inputs(ctxs[c.resource])}
        for c in cases
    ]
    config: dict[str, Any] = {"cases": json.dumps(declared)}
    if any(c.key for c in cases):
        config["key"] = auto.ConfigValue(KEY, secret=True)
    return front.stack(engine, front.matrix_program, "cases", config=config)


def declare_cases(stack: auto.Stack, inputs: dict[str, dict[str, Any]]) -> None:
    """Declare new inputs for some of the stack's cases (by resource name); others unchanged."""
    declared = json.loads(stack.get_config("cases").value)
    for entry in declared:
        entry["inputs"] = inputs.get(entry["resource"], entry["inputs"])
    stack.set_config("cases", auto.ConfigValue(json.dumps(declared)))


def declare_in_place(
    stack: auto.Stack, cases: list[Case], ctxs: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Declare each case's in-place change in a stack of cases (a new Sidewalk key goes in as
    a secret config); the changed inputs by resource, the key left out."""
    changes: dict[str, dict[str, Any]] = {}
    for case in cases:
        assert case.in_place is not None, case.resource
        change = case.in_place(ctxs[case.resource])
        if "__key" in change:
            stack.set_config("key", auto.ConfigValue(change.pop("__key"), secret=True))
        changes[case.resource] = {**case.inputs(ctxs[case.resource]), **change}
    declare_cases(stack, changes)
    return changes


def outputs_by_case(result: Any) -> dict[str, dict[str, Any]]:
    """``{"<Name>": {output: value}}`` from a stack of cases."""
    by: dict[str, dict[str, Any]] = {}
    for name, value in result.outputs.items():
        resource, _, output = name.partition(".")
        by.setdefault(resource, {})[output] = value.value
    return by


def counts(**kw: int) -> dict[str, int]:
    return {k: v for k, v in kw.items() if v}


def assert_live(
    aws: Emulator, cases: list[Case], ctxs: dict[str, Any], after_destroy: bool = False
) -> None:
    for case in cases:
        # An accepted handshake stays accepted: destroying the response leaves it as it is.
        want = 0 if after_destroy and case.resource != "ChannelHandshakeResponse" else 1
        assert len(case.live(aws, ctxs[case.resource])) == want, case.resource


@pytest.mark.parametrize("front", FRONT_ENDS + LANGUAGES, ids=str)
def test_matrix_lifecycle(engine: Engine, aws: Emulator, front: FrontEnd) -> None:
    """Every resource's lifecycle, all five in one stack (as users declare them: a change to one
    leaves the others as they are), so the sequence runs once a front end:

        preview (no API call) -> up -> change in place -> destroy -> up (re-create after an
        in-place change) -> delete out of band -> refresh -> up -> refresh -> empty preview ->
        replace (create-only change) -> refresh -> empty preview -> delete out of band -> destroy
    """
    cases = list(CASES)
    ctxs = {c.resource: c.setup(aws) for c in cases}
    stack = stack_of_cases(engine, cases, ctxs, front)
    n = len(cases)
    in_place = [c for c in cases if c.in_place is not None]
    out_of_band = [c for c in cases if c.delete_out_of_band is not None]
    replaced = [c for c in cases if c.replace is not None]

    before = all_calls(aws)
    preview = stack.preview(diff=True)
    assert change_counts(preview.change_summary) == {"create": n + 1}
    assert all_calls(aws) == before  # a preview of a create makes no call
    assert "token_seed" not in preview.stdout  # internal plumbing stays out of the diff
    stack.up()
    assert_live(aws, cases, ctxs)

    declare_in_place(stack, in_place, ctxs)
    up = stack.up()
    summary = change_counts(up.summary.resource_changes or {})
    assert summary == counts(same=1 + n - len(in_place), update=len(in_place))
    outs = outputs_by_case(up)
    assert_live(aws, cases, ctxs)
    for case in in_place:
        if case.check_updated:
            case.check_updated(aws, ctxs[case.resource], outs[case.resource])
    # The key is rotated in place: one UpdatePartnerAccount, no second Associate.
    assert aws.calls()["iotwireless:UpdatePartnerAccount"] == 1
    assert aws.calls()["iotwireless:AssociateAwsAccountWithPartnerAccount"] == 1

    # Re-create after an in-place change: the derived token of the first create was used with
    # other parameters; the provider must step to the next generation, not fail.
    stack.destroy()
    assert_live(aws, cases, ctxs, after_destroy=True)
    before = aws.calls()
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"create": n + 1}
    outs = outputs_by_case(up)
    assert_live(aws, cases, ctxs)
    # At the defaults, destroy -> up costs no wait: a replayed token's dead object is settled at
    # once (AWS's uniqueness, or a status), at most one more create each, nothing announced.
    assert WAITED not in up.stdout, up.stdout
    for case in cases:
        if case.create_op:
            sent = aws.calls().get(f"{SERVICE_OF[case.create_op]}:{case.create_op}", 0)
            assert sent - before.get(f"{SERVICE_OF[case.create_op]}:{case.create_op}", 0) <= 2

    # Deleted outside Pulumi right after the up: refresh looks again for what it wrote within
    # the budget (announced), then reports it gone; the next up makes each again.
    for case in out_of_band:
        case.delete_out_of_band(aws, ctxs[case.resource], outs[case.resource])  # type: ignore[misc]
        assert case.live(aws, ctxs[case.resource]) == [], case.resource
    gone_ones = [c for c in out_of_band if not c.dead_kept]
    kept = [c for c in out_of_band if c.dead_kept]
    refresh = stack.refresh()
    assert change_counts(refresh.summary.resource_changes or {}).get("delete") == len(gone_ones)
    gone = re.findall(
        r"refreshing (\w+) \([^)]*\): it .{0,40} in AWS .{0,60}removed from state", refresh.stdout
    )
    assert set(gone) == {c.resource for c in gone_ones}, refresh.stdout
    assert WAITED in refresh.stdout, refresh.stdout  # the wait was announced
    # A canceled handshake stays in state, said so; nothing reaches the partner unasked.
    for case in kept:
        assert re.search(
            rf"refreshing {case.resource} \([^)]*\): it is CANCELED in AWS; kept in state",
            refresh.stdout,
        ), refresh.stdout
    sent_before = aws.calls()
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == counts(
        same=1 + n - len(gone_ones), create=len(gone_ones)
    )
    for case in kept:
        op = f"{SERVICE_OF[case.create_op]}:{case.create_op}"
        assert aws.calls().get(op, 0) == sent_before.get(op, 0), case.resource
        assert case.live(aws, ctxs[case.resource]) == [], case.resource
    if kept:  # sending again is the user's choice: `pulumi up --replace <urn>`
        urns = [
            r["urn"]
            for r in stack.export_stack().deployment["resources"]
            if any(r["urn"].endswith(f"::{c.resource.lower()}") for c in kept)
            or any(r.get("type", "").endswith(f":{c.resource}") for c in kept)
        ]
        assert len(urns) == len(kept), urns
        up = stack.up(replace=urns)
        assert change_counts(up.summary.resource_changes or {}) == counts(
            same=1 + n - len(kept), replace=len(kept)
        )
    outs = outputs_by_case(up)
    assert_live(aws, cases, ctxs)
    stack.refresh()
    assert_no_changes(stack)

    replace_then_delete_is_idempotent(aws, stack, cases, replaced, ctxs, outs)


def replace_then_delete_is_idempotent(
    aws: Emulator,
    stack: auto.Stack,
    cases: list[Case],
    replaced: list[Case],
    ctxs: dict[str, dict[str, Any]],
    first: dict[str, dict[str, Any]],
) -> None:
    """The lifecycle's last steps: a create-only change replaces (one live object of the new
    identity, the old one gone), refresh then shows no changes; then the objects are deleted
    out of band and ``destroy`` (no refresh) still succeeds."""
    declared = {e["resource"]: e["inputs"] for e in json.loads(stack.get_config("cases").value)}
    declare_cases(
        stack,
        {c.resource: {**declared[c.resource], **c.replace(ctxs[c.resource])} for c in replaced},  # type: ignore[misc]
    )
    expected = counts(same=1 + len(cases) - len(replaced), replace=len(replaced))
    assert change_counts(stack.preview().change_summary) == expected
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == expected
    outs = outputs_by_case(up)
    for case in replaced:
        was, now = first[case.resource], outs[case.resource]
        assert now.get("arn") != was.get("arn") or case.resource == "ChannelRelationship"
    ids = [s["AmazonId"] for s in iot(aws).list_partner_accounts()["Sidewalk"]]
    assert ids == [AMAZON_ID + "2"]
    # Deleted first (delete-before-replace): that is what lets the new PENDING one exist.
    statuses = {
        h["id"]: h["status"]
        for h in pcc(aws).list_channel_handshakes(
            catalog="AWS", handshakeType="START_SERVICE_PERIOD", participantType="SENDER"
        )["items"]
    }
    assert statuses[first["ChannelHandshake"]["handshake_id"]] == "CANCELED"
    rs = ctxs["ChannelHandshake"]["rs"]
    assert [h["id"] for h in pending_handshakes(aws, rs)] == [
        outs["ChannelHandshake"]["handshake_id"]
    ]
    for case in replaced:
        if case.resource not in ("SidewalkPartnerAccount", "ChannelHandshake"):
            assert len(case.live(aws, ctxs[case.resource])) == 1, case.resource
    stack.refresh()
    assert_no_changes(stack)

    iot(aws).disassociate_aws_account_from_partner_account(
        PartnerAccountId=AMAZON_ID + "2", PartnerType="Sidewalk"
    )
    for case in replaced:
        if case.resource != "SidewalkPartnerAccount":
            case.delete_out_of_band(aws, ctxs[case.resource], outs[case.resource])  # type: ignore[misc]
    stack.destroy()  # already gone: success
    assert stack.export_stack().deployment.get("resources") in (None, [])
    assert_live(aws, cases, ctxs, after_destroy=True)


# Dynamic only: expiry at refresh and the lost-response token rules are the core's (SpecCore's
# read/create), the same code under the native front end, whose own read path (by id, import
# ids) tests/native/test_engine.py proves.
def test_matrix_handshake_expired_is_kept_and_sent_again_only_when_asked(
    engine: Engine, aws: Emulator
) -> None:
    case = next(c for c in CASES if c.resource == "ChannelHandshake")
    ctx = case.setup(aws)
    stack = stack_for(engine, case, ctx)
    stack.up()
    stack.set_config(
        "inputs",
        auto.ConfigValue(json.dumps({**case.inputs(ctx), **case.in_place(ctx)})),  # type: ignore[misc]
    )
    stack.up()
    aws.advance_clock(16 * 86400)  # past the handshake's expiry
    assert pending_handshakes(aws, ctx["rs"]) == []
    refresh = stack.refresh()
    assert change_counts(refresh.summary.resource_changes or {}).get("delete") is None
    assert "it is EXPIRED in AWS; kept in state as EXPIRED" in refresh.stdout, refresh.stdout
    assert "resend_when_expired" in refresh.stdout
    # `up --refresh` sends nothing to the partner: the EXPIRED handshake is what the stack holds.
    sent = aws.calls()["partnercentral-channel:CreateChannelHandshake"]
    up = stack.up(refresh=True)
    assert change_counts(up.summary.resource_changes or {}) == {"same": 2}
    assert aws.calls()["partnercentral-channel:CreateChannelHandshake"] == sent
    assert pending_handshakes(aws, ctx["rs"]) == []
    assert_no_changes(stack)
    # Asked for: the next `up` replaces it with a new one.
    stack.set_config(
        "inputs",
        auto.ConfigValue(
            json.dumps({**case.inputs(ctx), **case.in_place(ctx), "resend_when_expired": True})  # type: ignore[misc]
        ),
    )
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {"same": 1, "replace": 1}
    assert len(pending_handshakes(aws, ctx["rs"])) == 1
    stack.refresh()
    assert_no_changes(stack)


LOST_CREATES = {
    "SidewalkPartnerAccount": "AssociateAwsAccountWithPartnerAccount",
    "ProgramManagementAccount": "CreateProgramManagementAccount",
    "ChannelHandshake": "CreateChannelHandshake",
}


def test_matrix_lost_response_then_in_place_change_is_a_clear_error_never_a_duplicate(
    engine: Engine, aws: Emulator
) -> None:
    """A create whose answer was lost, then an in-place change before the re-run: AWS refuses
    the replayed token (other parameters) while the first create's object is live (not for a
    handshake, whose create carries no in-place input: its token replays, see below). We cannot
    prove that object is ours, so the re-run fails clearly (adopt=True takes it over); it never
    makes a second one. With adopt=True the next up converges on exactly one. Three resources
    in one stack; `up --continue-on-error` tries each, so each is asserted on its own."""
    cases = [c for c in CASES if c.resource in LOST_CREATES]
    ctxs = {c.resource: c.setup(aws) for c in cases}
    stack = stack_of_cases(engine, cases, ctxs, DYNAMIC)
    stack.set_config("partnerlink:maxAttempts", auto.ConfigValue("1"))
    for operation in LOST_CREATES.values():
        aws.inject(operation, "drop-response", times=1)
    with pytest.raises(auto.errors.CommandError) as lost:
        stack.up(continue_on_error=True)
    for case in cases:
        said = [
            line for line in str(lost.value).splitlines() if f"creating {case.resource} (" in line
        ]
        assert any("the connection closed before AWS answered" in line for line in said), (
            case.resource,
            str(lost.value),
        )
        assert len(case.live(aws, ctxs[case.resource])) == 1, case.resource  # AWS committed it

    changes = declare_in_place(stack, cases, ctxs)
    with pytest.raises(auto.errors.CommandError) as conflict:
        stack.up(continue_on_error=True)
    text = str(conflict.value)
    assert "Traceback" not in text and KEY not in text and KEY2 not in text
    for case in cases:
        said = [line for line in text.splitlines() if f"creating {case.resource} (" in line]
        if case.resource == "ChannelHandshake":
            # Its tags go after the create (TagResource): the request is the same, the token
            # replays the lost create's handshake, and it is taken, tagged: nothing to adopt.
            assert said == [], text
        else:
            assert any("adopt=True" in line for line in said), (case.resource, text)
        assert len(case.live(aws, ctxs[case.resource])) == 1, case.resource  # never a duplicate

    declare_cases(stack, {r: {**inputs, "adopt": True} for r, inputs in changes.items()})
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {
        "same": 2,
        "create": len(cases) - 1,
    }
    outs = outputs_by_case(up)
    for case in cases:
        assert len(case.live(aws, ctxs[case.resource])) == 1, case.resource
        if case.check_updated:
            case.check_updated(aws, ctxs[case.resource], outs[case.resource])
    stack.refresh()
    assert_no_changes(stack)


ADOPTABLE = [c for c in CASES if c.make_existing is not None]


@pytest.mark.parametrize("front", FRONT_ENDS, ids=str)
def test_matrix_adopt(engine: Engine, aws: Emulator, front: FrontEnd) -> None:
    """Objects made outside the stack (one of each adoptable resource, all in one stack):
    without adopt a clear error and no second one; with adopt=True the stack takes them over (no
    create call) and applies the declared values."""
    ctxs = {c.resource: c.setup(aws) for c in ADOPTABLE}
    for case in ADOPTABLE:
        case.make_existing(aws, ctxs[case.resource])  # type: ignore[misc]
    stack = stack_of_cases(engine, ADOPTABLE, ctxs, front, style="kwargs")
    with pytest.raises(auto.errors.CommandError) as refused:
        stack.up(continue_on_error=True)  # every create is tried, each refused on its own
    text = str(refused.value)
    for case in ADOPTABLE:
        assert re.search(rf"{case.resource}.*\n?.*adopt=True", text), (case.resource, text)
    assert KEY not in text and KEY2 not in text
    assert_live(aws, ADOPTABLE, ctxs)

    declare_cases(
        stack, {c.resource: {**c.inputs(ctxs[c.resource]), "adopt": True} for c in ADOPTABLE}
    )
    creates = {
        c.resource: aws.calls().get(f"{case_service(c)}:{c.create_op}", 0) for c in ADOPTABLE
    }
    up = stack.up()
    assert change_counts(up.summary.resource_changes or {}) == {
        "same": 1,
        "create": len(ADOPTABLE),
    }
    outs = outputs_by_case(up)
    for case in ADOPTABLE:  # taken over, not made
        calls = aws.calls().get(f"{case_service(case)}:{case.create_op}", 0)
        assert calls == creates[case.resource], case.resource
        declared = case.inputs(ctxs[case.resource])
        for name in ("tags", "display_name"):
            if name in declared:
                assert outs[case.resource][name] == declared[name], (case.resource, name)
    assert_live(aws, ADOPTABLE, ctxs)
    # The declared key now rules (the existing one was KEY2).
    want = hashlib.sha256(bytes.fromhex(KEY)).hexdigest()
    assert outs["SidewalkPartnerAccount"]["fingerprint"] == want
    stack.refresh()
    assert_no_changes(stack)
    stack.destroy()  # adopted means managed: destroy removes it
    assert_live(aws, ADOPTABLE, ctxs, after_destroy=True)


def case_service(case: Case) -> str:
    return "iotwireless" if case.resource == "SidewalkPartnerAccount" else "partnercentral-channel"
