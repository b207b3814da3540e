"""The coalesced handshake listing: one listing per catalog+type serves concurrent reads."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from pulumi_partnerlink.config import ProviderSettings
from pulumi_partnerlink.emulator import Emulator
from pulumi_partnerlink.partnercentral_channel.common import (
    LISTING,
    NotFound,
    find_handshake,
    pcc,
    sent,
)

SENDER = "111111111111"


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Emulator, ProviderSettings]]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", SENDER)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    # 230 handshakes in one account: past AWS's 200 active ones and, sent at its 3 a second,
    # 77 s of setup; the listing's call counts are what this proves, so the quotas are lifted.
    with Emulator(behaviour="unlimited") as emu:
        yield emu, ProviderSettings(endpoint=emu.endpoint_url, pacing=False)


def _send(api: object, n: int) -> list[str]:
    pma = api.create_program_management_account(  # type: ignore[attr-defined]
        catalog="AWS", program="DISTRIBUTION", displayName="d", accountId="333333333333"
    )["programManagementAccountDetail"]["id"]
    ids = []
    for i in range(n):
        rs = api.create_relationship(  # type: ignore[attr-defined]
            catalog="AWS",
            associationType="END_CUSTOMER",
            programManagementAccountIdentifier=pma,
            associatedAccountId=f"4{i:011d}",
            displayName="c",
            sector="COMMERCIAL",
        )["relationshipDetail"]["id"]
        ids.append(
            api.create_channel_handshake(  # type: ignore[attr-defined]
                handshakeType="REVOKE_SERVICE_PERIOD",
                catalog="AWS",
                associatedResourceIdentifier=rs,
                payload={"revokeServicePeriodPayload": {"programManagementAccountIdentifier": pma}},
            )["channelHandshakeDetail"]["id"]
        )
    return ids


def test_concurrent_reads_share_one_listing(settings: tuple[Emulator, ProviderSettings]) -> None:
    emu, conf = settings
    ids = _send(pcc(conf), 230)
    before = emu.calls().get("partnercentral-channel:ListChannelHandshakes", 0)
    with ThreadPoolExecutor(max_workers=4) as pool:  # as the dynamic-provider host runs reads
        found = list(
            pool.map(lambda i: find_handshake(conf, "AWS", "REVOKE_SERVICE_PERIOD", i)["id"], ids)
        )
    assert found == ids
    assert (
        emu.calls()["partnercentral-channel:ListChannelHandshakes"] - before == 3
    )  # 230 / 100 pages
    with pytest.raises(NotFound):
        find_handshake(conf, "AWS", "REVOKE_SERVICE_PERIOD", "ch-0000000000000")
    assert emu.calls()["partnercentral-channel:ListChannelHandshakes"] - before == 3  # still cached
    LISTING.invalidate(conf, **sent("AWS", "REVOKE_SERVICE_PERIOD"))
    find_handshake(conf, "AWS", "REVOKE_SERVICE_PERIOD", ids[0])
    assert emu.calls()["partnercentral-channel:ListChannelHandshakes"] - before == 6
