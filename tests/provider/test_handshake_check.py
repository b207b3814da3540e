"""ChannelHandshake.check: the type's rules and the model's, snake_case properties, no API call."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown
from pulumi_partnerlink.partnercentral_channel.channel_handshake import ChannelHandshakeProvider
from pulumi_partnerlink.unknown import UNKNOWN

PMA = "pma-abcdefghijklm"
RS = "rs-abcdefghijklm"


def check(**news: Any) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    base = {
        "handshake_type": "START_SERVICE_PERIOD",
        "associated_resource_identifier": RS,
        "start_service_period": {
            "program_management_account_identifier": PMA,
            "service_period_type": "MINIMUM_NOTICE_PERIOD",
            "minimum_notice_days": 30,
        },
    }
    result = ChannelHandshakeProvider().check({}, {**base, **news})
    return result.inputs, [(f.property, f.reason) for f in result.failures]


def test_valid_and_normalised() -> None:
    inputs, failures = check()
    assert failures == []
    assert inputs["catalog"] == "AWS"
    assert inputs["start_service_period"]["minimum_notice_days"] == "30"


def test_notice_days_arrive_as_float() -> None:
    inputs, failures = check(
        start_service_period={
            "program_management_account_identifier": PMA,
            "service_period_type": "MINIMUM_NOTICE_PERIOD",
            "minimum_notice_days": 30.0,
        }
    )
    assert failures == []
    assert inputs["start_service_period"]["minimum_notice_days"] == "30"


def test_end_date_normalised() -> None:
    inputs, failures = check(
        start_service_period={
            "program_management_account_identifier": PMA,
            "service_period_type": "FIXED_COMMITMENT_PERIOD",
            "end_date": "2099-01-31",
        }
    )
    assert failures == []
    assert inputs["start_service_period"]["end_date"] == "2099-01-31T00:00:00Z"


def test_pma_type_takes_no_payload() -> None:
    _, failures = check(
        handshake_type="PROGRAM_MANAGEMENT_ACCOUNT", associated_resource_identifier=PMA
    )
    assert failures == [
        (
            "start_service_period",
            "start_service_period must not be set: a PROGRAM_MANAGEMENT_ACCOUNT handshake "
            "takes no start_service_period",
        )
    ]


def test_unknowns_are_not_checked() -> None:
    _, failures = check(associated_resource_identifier=UNKNOWN, start_service_period=UNKNOWN)
    assert failures == []
    _, failures = check(
        start_service_period={
            "program_management_account_identifier": UNKNOWN,
            "service_period_type": "FIXED_COMMITMENT_PERIOD",
            "end_date": UNKNOWN,
            "note": UNKNOWN,
        }
    )
    assert failures == []


def test_unknown_objects_are_not_checked() -> None:
    # Outputs passed straight into inputs arrive as pulumi.output.Unknown objects at preview.
    _, failures = check(
        associated_resource_identifier=Unknown(),
        start_service_period={
            "program_management_account_identifier": Unknown(),
            "service_period_type": "MINIMUM_NOTICE_PERIOD",
            "minimum_notice_days": "30",
        },
    )
    assert failures == []
    _, failures = check(
        handshake_type="PROGRAM_MANAGEMENT_ACCOUNT",
        associated_resource_identifier=Unknown(),
        start_service_period=None,
    )
    assert failures == []


def test_unknown_payload_field() -> None:
    _, failures = check(
        start_service_period={
            "program_management_account_identifier": PMA,
            "service_period_type": "MINIMUM_NOTICE_PERIOD",
            "minimum_notice_days": "30",
            "notice": "typo",
        }
    )
    assert failures == [
        (
            "start_service_period",
            "start_service_period.notice is not a known field; did you mean note?",
        )
    ]


@pytest.mark.parametrize(
    ("news", "expected"),
    [
        (
            {"handshake_type": "SOMETHING"},
            (
                "handshake_type",
                "handshake_type must be one of START_SERVICE_PERIOD, REVOKE_SERVICE_PERIOD, "
                "PROGRAM_MANAGEMENT_ACCOUNT",
            ),
        ),
        (
            {"catalog": "AWS 1"},
            ("catalog", "catalog must be one of AWS, Sandbox"),
        ),
        (
            {"tags": {"k": "v\x00"}},
            (
                "tags",
                "tags value of key 'k' must satisfy regular expression pattern: "
                "([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)",
            ),
        ),
        (
            {"client_token": "x" * 65},
            ("client_token", "client_token must have length less than or equal to 64"),
        ),
    ],
    ids=["type", "catalog", "tag-value", "token"],
)
def test_model_rules(news: dict[str, Any], expected: tuple[str, str]) -> None:
    _, failures = check(**news)
    assert failures == [expected]
