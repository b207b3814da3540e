"""Client tokens: same token + same parameters -> the original answer; different -> conflict."""

from __future__ import annotations

from pulumi_partnerlink.emulator import Emulator, Settings

from tests.emulator.conftest import ClientFactory, make_client
from tests.emulator.helpers import error_of
from tests.emulator.test_partnercentral_channel import make_pma

KEY = "0f" * 32


def test_same_token_same_params_replays(client: ClientFactory) -> None:
    pc = client("partnercentral-channel")
    first = make_pma(pc, clientToken="tok-1")
    again = make_pma(pc, clientToken="tok-1")
    assert again == first
    assert len(pc.list_program_management_accounts(catalog="AWS")["items"]) == 1


def test_same_token_other_params_conflicts(client: ClientFactory) -> None:
    pc = client("partnercentral-channel")
    make_pma(pc, clientToken="tok-1")
    code, message, status, resp = error_of(make_pma, pc, clientToken="tok-1", displayName="Other")
    assert (code, message, status) == (
        "ConflictException",
        "Client token tok-1 was already used with different parameters",
        400,
    )
    assert resp["resourceId"] == "tok-1"


def test_token_remembered_after_delete(client: ClientFactory) -> None:
    pc = client("partnercentral-channel")
    first = make_pma(pc, clientToken="tok-1")
    pc.delete_program_management_account(catalog="AWS", identifier=first["id"])
    # AWS keeps tokens after deletion: a replay returns the original (now dead) resource.
    assert make_pma(pc, clientToken="tok-1") == first
    assert pc.list_program_management_accounts(catalog="AWS")["items"] == []


def test_token_window_ends(client: ClientFactory, emulator: Emulator) -> None:
    pc = client("partnercentral-channel")
    first = make_pma(pc, clientToken="tok-1")
    pc.delete_program_management_account(catalog="AWS", identifier=first["id"])
    emulator.advance_clock(24 * 3600 + 1)
    second = make_pma(pc, clientToken="tok-1")
    assert second["id"] != first["id"]


def test_tokens_are_per_account(client: ClientFactory) -> None:
    a = make_pma(client("partnercentral-channel"), clientToken="tok-1")
    b = make_pma(client("partnercentral-channel", "444444444444"), clientToken="tok-1")
    assert a["id"] != b["id"]


def test_replay_restores_sensitive_members_without_storing_them(
    client: ClientFactory, emulator: Emulator
) -> None:
    iot = client("iotwireless")
    kw = {
        "Sidewalk": {"AmazonId": "amzn-1", "AppServerPrivateKey": KEY},
        "ClientRequestToken": "tok-9",
    }
    first = iot.associate_aws_account_with_partner_account(**kw)
    again = iot.associate_aws_account_with_partner_account(**kw)
    assert again["Arn"] == first["Arn"]
    assert again["Sidewalk"] == {"AmazonId": "amzn-1", "AppServerPrivateKey": KEY}
    stored = [r for r in emulator.app.store.scan("emulator.idempotency")]
    assert stored and KEY not in str(stored)
    code, _, status, _ = error_of(
        iot.associate_aws_account_with_partner_account,
        Sidewalk={"AmazonId": "amzn-1", "AppServerPrivateKey": "ab" * 32},
        ClientRequestToken="tok-9",
    )
    assert (code, status) == ("ConflictException", 409)


def test_configurable_window() -> None:
    with Emulator(settings=Settings(token_window_seconds=60)) as emu:
        pc = make_client(emu, "partnercentral-channel")
        first = make_pma(pc, clientToken="t")
        pc.delete_program_management_account(catalog="AWS", identifier=first["id"])
        emu.advance_clock(61)
        assert make_pma(pc, clientToken="t")["id"] != first["id"]
