"""Each guardrail: happy-path props, then one change per negative case; exact messages, levels."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pulumi_partnerlink.policy import RESOURCE_RULES, all_policies, rules
from pulumi_partnerlink.policy.rules import HANDSHAKE, PMA, SIDEWALK
from pulumi_partnerlink.registry import TYPE_TOKENS
from pulumi_policy import EnforcementLevel
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError, unknown_checking_proxy

from tests.support.frontends import schema_text, to_native

NOW = dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)
START: dict[str, Any] = {
    "handshake_type": "START_SERVICE_PERIOD",
    "catalog": "AWS",
    "associated_resource_identifier": "rs-a",
    "start_service_period": {
        "program_management_account_identifier": "pma-a",
        "service_period_type": "MINIMUM_NOTICE_PERIOD",
        "minimum_notice_days": "30",
        "note": "welcome",
    },
    "tags": {"team": "channel"},
}
REVOKE: dict[str, Any] = {
    "handshake_type": "REVOKE_SERVICE_PERIOD",
    "catalog": "AWS",
    "associated_resource_identifier": "rs-a",
    "revoke_service_period": {"program_management_account_identifier": "pma-a", "note": "bye"},
    "tags": {"approved-by": "cfo"},
}


def run(name: str, resource_type: str, props: dict[str, Any], **config: Any) -> list[str]:
    rule = RESOURCE_RULES[name][0]
    merged = {**rules.DEFAULTS[name], **config}
    if name == "fixed-commitment-window":
        return rule(resource_type, props, merged, now=NOW)
    return rule(resource_type, props, merged)


def with_start(**payload: Any) -> dict[str, Any]:
    return {**START, "start_service_period": {**START["start_service_period"], **payload}}


def test_levels_and_names() -> None:
    levels = {p.name: p.enforcement_level for p in all_policies()}
    assert levels == {
        "required-tags": EnforcementLevel.ADVISORY,
        "allowed-catalogs": EnforcementLevel.MANDATORY,
        "minimum-notice-days": EnforcementLevel.MANDATORY,
        "fixed-commitment-window": EnforcementLevel.MANDATORY,
        "service-period-note": EnforcementLevel.ADVISORY,
        "revoke-requires-approval": EnforcementLevel.MANDATORY,
        "adoption-review": EnforcementLevel.ADVISORY,
        "one-handshake-per-target": EnforcementLevel.MANDATORY,
    }


@pytest.mark.parametrize("name", sorted(RESOURCE_RULES))
def test_happy_paths_pass(name: str) -> None:
    assert run(name, HANDSHAKE, START) == []
    assert run(name, HANDSHAKE, REVOKE) == []
    assert run(name, SIDEWALK, {"amazon_id": "a", "tags": {}}) == []


@pytest.mark.parametrize("name", sorted(RESOURCE_RULES))
def test_other_types_are_ignored(name: str) -> None:
    assert (
        run(name, "aws:s3/bucket:Bucket", {**REVOKE, "tags": {}, "catalog": "Nope", "adopt": True})
        == []
    )


def test_required_tags() -> None:
    assert run("required-tags", PMA, {"tags": {"team": "x"}}, tags=["team", "cost-center"]) == [
        "ProgramManagementAccount is missing required tags: cost-center. "
        "Add them to `tags` (required by the required-tags policy)."
    ]


def test_allowed_catalogs() -> None:
    assert run("allowed-catalogs", HANDSHAKE, {**START, "catalog": "Other"}) == [
        "catalog 'Other' is not allowed (allowed: AWS, Sandbox). "
        "Use an allowed catalog or change the allowed-catalogs policy config."
    ]
    assert (
        run("allowed-catalogs", HANDSHAKE, {**START, "catalog": "Sandbox"}, catalogs=["AWS"]) != []
    )


def test_minimum_notice_days() -> None:
    assert run("minimum-notice-days", HANDSHAKE, with_start(minimum_notice_days="45")) == [
        "minimum_notice_days 45 is not an allowed notice period (14, 30, 60 days). Use one of those values."
    ]
    assert (
        run("minimum-notice-days", HANDSHAKE, with_start(minimum_notice_days="45"), allowed=[45])
        == []
    )


def test_fixed_commitment_window() -> None:
    fixed = {"service_period_type": "FIXED_COMMITMENT_PERIOD", "minimum_notice_days": None}
    inside = with_start(**fixed, end_date="2027-03-23T00:00:00Z")
    assert run("fixed-commitment-window", HANDSHAKE, inside) == []
    too_soon = with_start(**fixed, end_date="2026-12-23T00:00:00Z")
    assert run("fixed-commitment-window", HANDSHAKE, too_soon) == [
        "end_date 2026-12-23T00:00:00Z is 30 days ahead; a fixed commitment must end 60-365 days ahead. "
        "Move the end date into that window."
    ]
    assert run("fixed-commitment-window", HANDSHAKE, too_soon, min_days_ahead=20) == []


def test_service_period_note() -> None:
    assert run("service-period-note", HANDSHAKE, with_start(note="  ")) == [
        "START_SERVICE_PERIOD handshakes should carry a note for the receiver. Set `note` in the payload."
    ]
    pma_type = {
        "handshake_type": "PROGRAM_MANAGEMENT_ACCOUNT",
        "associated_resource_identifier": "pma-a",
    }
    assert run("service-period-note", HANDSHAKE, pma_type) == []


def test_revoke_requires_approval() -> None:
    assert run("revoke-requires-approval", HANDSHAKE, {**REVOKE, "tags": {}}) == [
        "a REVOKE_SERVICE_PERIOD handshake needs the approval tag 'approved-by' (who approved ending the "
        "service period). Add it to `tags`."
    ]
    assert (
        run(
            "revoke-requires-approval",
            HANDSHAKE,
            {**REVOKE, "tags": {"ok": "me"}},
            approval_tag="ok",
        )
        == []
    )


def test_adoption_review() -> None:
    assert run("adoption-review", SIDEWALK, {"adopt": True}) == [
        "SidewalkPartnerAccount sets adopt=True: it takes over a resource created outside this stack (and "
        "destroys it with the stack). Confirm that is intended, then remove adopt once adopted."
    ]


def test_one_handshake_per_target() -> None:
    arn_form = {
        **START,
        "associated_resource_identifier": "arn:aws:partnercentral:us-east-1:1:catalog/AWS/x/rs-a",
    }
    resources = [
        (HANDSHAKE, "a", START),
        (HANDSHAKE, "b", arn_form),
        (HANDSHAKE, "c", REVOKE),
        (PMA, "p", {}),
    ]
    assert rules.one_handshake_per_target(resources) == [
        "handshakes 'a' and 'b' are both START_SERVICE_PERIOD for rs-a; AWS allows one pending handshake "
        "per type and resource. Keep one of them."
    ]


# ----------------------------------------------------------------------------- native resources
# The same rules on partnerlink:index:<Name>, whose inputs arrive camelCase (and, as the policy
# SDK hands them over, behind its unknown-checking proxy).

NATIVE = rules.NATIVE_TYPE_TOKENS


def native(props: dict[str, Any]) -> Any:
    return unknown_checking_proxy(to_native(props))


NEGATIVE = [
    ("required-tags", "ProgramManagementAccount", {"tags": {"team": "x"}}, {"tags": ["cost"]}),
    ("allowed-catalogs", "ChannelHandshake", {**START, "catalog": "Other"}, {}),
    ("minimum-notice-days", "ChannelHandshake", with_start(minimum_notice_days=45), {}),
    (
        "fixed-commitment-window",
        "ChannelHandshake",
        with_start(
            service_period_type="FIXED_COMMITMENT_PERIOD",
            minimum_notice_days=None,
            end_date="2026-12-23T00:00:00Z",
        ),
        {},
    ),
    ("service-period-note", "ChannelHandshake", with_start(note=""), {}),
    ("revoke-requires-approval", "ChannelHandshake", {**REVOKE, "tags": {}}, {}),
    ("adoption-review", "SidewalkPartnerAccount", {"adopt": True}, {}),
]


@pytest.mark.parametrize("name", sorted(RESOURCE_RULES))
def test_every_rule_has_a_native_case(name: str) -> None:
    assert name in {n for n, *_ in NEGATIVE}


@pytest.mark.parametrize(
    ("name", "resource", "props", "config"), NEGATIVE, ids=[n for n, *_ in NEGATIVE]
)
def test_native_resources_get_the_same_verdicts(
    name: str, resource: str, props: dict[str, Any], config: dict[str, Any]
) -> None:
    dynamic = run(name, TYPE_TOKENS[resource], props, **config)
    assert dynamic != []
    got = run(name, NATIVE[resource], native(props), **config)
    # The same verdict, the property names as the native schema spells them.
    assert got == [schema_text(m) for m in dynamic]
    # ... and the happy paths pass under the native tokens too (default config).
    assert run(name, NATIVE["ChannelHandshake"], native(START)) == []
    assert run(name, NATIVE["ChannelHandshake"], native(REVOKE)) == []


def test_native_messages_name_camel_case_properties_only() -> None:
    assert run(
        "minimum-notice-days",
        NATIVE["ChannelHandshake"],
        native(with_start(minimum_notice_days=45)),
    ) == [
        "minimumNoticeDays 45 is not an allowed notice period (14, 30, 60 days). Use one of those values."
    ]
    # A tag key is the user's: neither renamed in the props nor in the message.
    assert run(
        "required-tags",
        NATIVE["SidewalkPartnerAccount"],
        native({"tags": {"costCenter": "1"}}),
        tags=["cost_center", "costCenter"],
    ) == [
        "SidewalkPartnerAccount is missing required tags: cost_center. "
        "Add them to `tags` (required by the required-tags policy)."
    ]
    approved = {**REVOKE, "tags": {"approved_by": "cfo"}}
    assert (
        run(
            "revoke-requires-approval",
            NATIVE["ChannelHandshake"],
            native(approved),
            approval_tag="approved_by",
        )
        == []
    )


def test_native_unknowns_are_read_only_when_a_rule_reads_them() -> None:
    pending = with_start(program_management_account_identifier=UNKNOWN_STRING_VALUE)
    assert run("minimum-notice-days", NATIVE["ChannelHandshake"], native(pending)) == []
    unknown_days = with_start(minimum_notice_days=UNKNOWN_STRING_VALUE)
    with pytest.raises(UnknownValueError) as raised:
        run("minimum-notice-days", NATIVE["ChannelHandshake"], native(unknown_days))
    assert raised.value.props == ["startServicePeriod", "minimumNoticeDays"]


@pytest.mark.parametrize(
    "token", ["partnerlink:index:Nope", "partnerlink:index:", "partnerlink:other:ChannelHandshake"]
)
def test_other_native_looking_types_are_ignored(token: str) -> None:
    for name in RESOURCE_RULES:
        assert (
            run(name, token, native({**REVOKE, "tags": {}, "catalog": "Nope", "adopt": True})) == []
        )


def test_one_handshake_per_target_across_front_ends() -> None:
    resources = [
        (NATIVE["ChannelHandshake"], "a", native(START)),
        (HANDSHAKE, "b", START),
        (NATIVE["ChannelHandshake"], "c", native(REVOKE)),
        (NATIVE["ProgramManagementAccount"], "p", native({})),
    ]
    assert rules.one_handshake_per_target(resources) == [
        "handshakes 'a' and 'b' are both START_SERVICE_PERIOD for rs-a; AWS allows one pending handshake "
        "per type and resource. Keep one of them."
    ]
