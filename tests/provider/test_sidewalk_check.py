"""SidewalkPartnerAccount.check: model-driven, snake_case properties, no API call."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown
from pulumi_partnerlink.errors import mask
from pulumi_partnerlink.iotwireless.sidewalk_partner_account import SidewalkPartnerAccountProvider
from pulumi_partnerlink.unknown import UNKNOWN

KEY = "9f" * 32


def check(**news: Any) -> list[tuple[str, str]]:
    provider = SidewalkPartnerAccountProvider()  # never configured: any API call would fail loudly
    inputs = {"amazon_id": "amzn1.a", "app_server_private_key": KEY, "tags": {}, **news}
    result = provider.check({}, inputs)
    return [(f.property, f.reason) for f in result.failures]


def test_valid_inputs_pass() -> None:
    assert check(tags={"a": "b"}, client_token="tok-1") == []


def test_unknown_values_are_not_checked() -> None:
    assert check(amazon_id=UNKNOWN, app_server_private_key=UNKNOWN, tags={"a": UNKNOWN}) == []
    assert check(amazon_id=Unknown(), app_server_private_key=Unknown(), tags={"a": Unknown()}) == []


@pytest.mark.parametrize(
    ("news", "expected"),
    [
        ({"amazon_id": None}, [("amazon_id", "amazon_id is required and must not be empty")]),
        (
            {"app_server_private_key": ""},
            [("", "app_server_private_key is required and must not be empty")],
        ),
        (
            {"app_server_private_key": "g" * 64},
            [
                (
                    "",  # a secret: the engine would print the value of a named property
                    "app_server_private_key must be exactly 64 hexadecimal characters (0-9, a-f)",
                )
            ],
        ),
        ({"tags": ["a"]}, [("tags", "tags must be a map of strings to strings, not a list")]),
        (
            {"tags": {"": "v"}},
            [("tags", "tags key '' must have length greater than or equal to 1")],
        ),
        ({"adopt": "yes"}, [("adopt", "adopt must be true or false, not a string")]),
    ],
    ids=[
        "amazon-id-missing",
        "key-empty",
        "key-not-hex",
        "tags-not-map",
        "tag-key-empty",
        "adopt-not-bool",
    ],
)
def test_invalid_inputs(news: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert check(**news) == expected


def test_mask_hides_every_casing() -> None:
    assert mask(f"key {KEY} and {KEY.upper()}", [KEY]) == "key *** and ***"
