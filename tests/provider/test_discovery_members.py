"""``partnerlink discover`` reads an account whose answers leave out optional members."""

from __future__ import annotations

from pulumi_partnerlink import discovery
from pulumi_partnerlink.config import ProviderSettings
from pulumi_partnerlink.emulator import Emulator

from tests.support.aws import client, send_start_handshake

SENDER = "111111111111"


def test_discover_leaves_out_what_it_cannot_declare_and_never_crashes() -> None:
    with Emulator() as emu:
        pcc = client(emu, "partnercentral-channel")
        pma = pcc.create_program_management_account(
            catalog="AWS", program="SOLUTION_PROVIDER", displayName="P", accountId="333333333333"
        )["programManagementAccountDetail"]["id"]
        rs = pcc.create_relationship(
            catalog="AWS",
            programManagementAccountIdentifier=pma,
            associationType="END_CUSTOMER",
            associatedAccountId="222222222222",
            displayName="R",
            sector="COMMERCIAL",
        )["relationshipDetail"]["id"]
        send_start_handshake(pcc, rs, pma)
        client(emu, "iotwireless").associate_aws_account_with_partner_account(
            Sidewalk={"AmazonId": "amzn1.account.D", "AppServerPrivateKey": "ab" * 32}
        )
        settings = ProviderSettings(
            endpoint=emu.endpoint_url, access_key=SENDER, secret_key="x", session_token=None
        )
        full = discovery.discover(settings, "AWS")
        assert discovery.SKIPPED == []
        assert [len(full[k]) for k in ("sidewalk", "program_management_accounts")] == [1, 1]
        assert [len(full[k]) for k in ("relationships", "handshakes")] == [1, 1]

        emu.set_behaviour("sparse")  # every optional member but ids left out
        sparse = discovery.discover(settings, "AWS")
        assert sparse["sidewalk"] == [
            {"name": "sidewalk-amzn1-account-D", "amazon_id": "amzn1.account.D", "tags": {}}
        ]
        assert sparse["program_management_accounts"] == []
        assert sparse["relationships"] == [] and sparse["handshakes"] == []
        assert len(discovery.SKIPPED) == 3, discovery.SKIPPED  # PMA, relationship, handshake
        assert any("no program" in s for s in discovery.SKIPPED)
