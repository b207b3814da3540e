"""Deleting a ChannelHandshake cancels it; state is dropped only when AWS shows it no longer
PENDING. A refused cancel (any error) is followed by a fresh read, never taken for "already
decided" on its code alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pulumi_partnerlink.config import ProviderSettings
from pulumi_partnerlink.emulator import Emulator
from pulumi_partnerlink.errors import ProviderError
from pulumi_partnerlink.partnercentral_channel import common
from pulumi_partnerlink.registry import PROVIDERS

from tests.support.aws import client, send_start_handshake

RECEIVER = "222222222222"


@pytest.fixture
def emu(channel_env: None) -> Iterator[Emulator]:
    with Emulator() as e:
        yield e


def sent(emu: Emulator) -> tuple[Any, str, dict[str, Any]]:
    pc = client(emu, "partnercentral-channel")
    pma = pc.create_program_management_account(
        catalog="AWS", program="SOLUTION_PROVIDER", displayName="P", accountId="333333333333"
    )["programManagementAccountDetail"]["id"]
    rs = pc.create_relationship(
        catalog="AWS",
        programManagementAccountIdentifier=pma,
        associationType="END_CUSTOMER",
        associatedAccountId=RECEIVER,
        displayName="c",
        sector="COMMERCIAL",
    )["relationshipDetail"]["id"]
    ch = send_start_handshake(pc, rs, pma)["id"]
    p = PROVIDERS["ChannelHandshake"]()
    p.core._settings = ProviderSettings(
        endpoint=emu.endpoint_url, region="us-east-1", max_attempts=1
    )
    props = {
        "catalog": "AWS",
        "handshake_type": "START_SERVICE_PERIOD",
        "associated_resource_identifier": rs,
    }
    return p, ch, props


def status(emu: Emulator, ch: str) -> str:
    items = client(emu, "partnercentral-channel").list_channel_handshakes(
        catalog="AWS", handshakeType="START_SERVICE_PERIOD", participantType="SENDER"
    )["items"]
    return str(next(i["status"] for i in items if i["id"] == ch))


@pytest.mark.parametrize(
    ("fault", "code"),
    [("validation-error", "ValidationException"), ("internal-error", "InternalServerException")],
)
def test_a_failed_cancel_of_a_pending_handshake_keeps_it_in_state(
    emu: Emulator, fault: str, code: str
) -> None:
    """A ValidationException is not "already decided": the handshake is still PENDING."""
    p, ch, props = sent(emu)
    emu.inject("CancelChannelHandshake", fault, times=1)
    with pytest.raises(ProviderError, match=code):
        p.delete(ch, props)
    assert status(emu, ch) == "PENDING"  # still there: the next destroy cancels it
    p.delete(ch, props)
    assert status(emu, ch) == "CANCELED"


def test_a_cancel_refused_because_the_receiver_decided_drops_it(emu: Emulator) -> None:
    p, ch, props = sent(emu)
    common.LISTING.get(p.core._settings, **common.sent("AWS", "START_SERVICE_PERIOD"))  # PENDING
    client(emu, "partnercentral-channel", RECEIVER).accept_channel_handshake(
        catalog="AWS", identifier=ch
    )
    p.delete(ch, props)  # the cached listing said PENDING; AWS refuses; a fresh read decides
    assert status(emu, ch) == "ACCEPTED"
