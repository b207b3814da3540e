"""Injected faults, each kind, with botocore's own retries visible in the call counts."""

from __future__ import annotations

import time

import pytest
from botocore.exceptions import ClientError, ConnectionClosedError
from pulumi_partnerlink.emulator import Emulator

from tests.emulator.conftest import ClientFactory
from tests.emulator.helpers import error_of
from tests.emulator.test_partnercentral_channel import make_pma

KEY = "0f" * 32


@pytest.mark.parametrize(
    ("service", "fault", "code", "status"),
    [
        ("iotwireless", "throttle", "ThrottlingException", 429),
        ("iotwireless", "internal-error", "InternalServerException", 500),
        ("partnercentral-channel", "throttle", "ThrottlingException", 400),
        ("partnercentral-channel", "internal-error", "InternalServerException", 500),
    ],
)
def test_transient_fault_is_retried(
    client: ClientFactory, emulator: Emulator, service: str, fault: str, code: str, status: int
) -> None:
    # Six calls of one read here: the documented 5 a second would throttle the last.
    emulator.set_behaviour("read_rate=0")
    api = client(service)
    op = "ListPartnerAccounts" if service == "iotwireless" else "ListProgramManagementAccounts"
    call = (
        api.list_partner_accounts
        if service == "iotwireless"
        else (lambda: api.list_program_management_accounts(catalog="AWS"))
    )
    emulator.inject(op, fault, times=2)
    resp = call()
    assert resp["ResponseMetadata"]["RetryAttempts"] == 2
    assert emulator.calls()[f"{service}:{op}"] == 3
    emulator.inject(op, fault)  # every time: botocore gives up after total_max_attempts (3)
    got_code, _, got_status, _ = error_of(call)
    assert (got_code, got_status) == (code, status)
    assert emulator.calls()[f"{service}:{op}"] == 6


def test_rate_zero_never_fires(client: ClientFactory, emulator: Emulator) -> None:
    emulator.inject("ListPartnerAccounts", "throttle", rate=0.0)
    for _ in range(5):
        client("iotwireless").list_partner_accounts()
    assert emulator.calls()["iotwireless:ListPartnerAccounts"] == 5


def test_delay(client: ClientFactory, emulator: Emulator) -> None:
    emulator.inject("iotwireless:ListPartnerAccounts", "delay", delay_ms=300, times=1)
    started = time.monotonic()
    client("iotwireless").list_partner_accounts()
    assert (
        time.monotonic() - started >= 0.3
    )  # a lower bound the fault guarantees, not a timing target


def test_delay_response_is_held_only_by_a_call_that_committed(
    client: ClientFactory, emulator: Emulator
) -> None:
    """delay-response plays "AWS committed, the answer is lost": a replayed token or an error
    commits nothing, so they pass through and the next call that commits is held."""
    pc = client("partnercentral-channel")
    make_pma(pc, clientToken="first")
    emulator.inject("CreateProgramManagementAccount", "delay-response", delay_ms=3000, times=1)
    started = time.monotonic()
    make_pma(pc, clientToken="first")  # a replay: answered at once, the fault stays armed
    replayed_in = time.monotonic() - started
    started = time.monotonic()
    make_pma(pc, "999999999999", clientToken="second")  # commits: held
    held_for = time.monotonic() - started
    assert held_for >= 3.0  # the lower bound the fault guarantees
    assert replayed_in < 3.0
    assert len(pc.list_program_management_accounts(catalog="AWS")["items"]) == 2
    started = time.monotonic()
    make_pma(pc, "888888888888", clientToken="third")  # times=1: spent
    assert time.monotonic() - started < 3.0


def test_drop_response_on_create_with_fixed_token_leaves_one(
    client: ClientFactory, emulator: Emulator
) -> None:
    iot = client("iotwireless")
    emulator.inject("AssociateAwsAccountWithPartnerAccount", "drop-response", times=1)
    resp = iot.associate_aws_account_with_partner_account(
        Sidewalk={"AmazonId": "amzn-1", "AppServerPrivateKey": KEY},
        ClientRequestToken="fixed-token",
    )
    assert resp["ResponseMetadata"]["RetryAttempts"] == 1
    assert emulator.calls()["iotwireless:AssociateAwsAccountWithPartnerAccount"] == 2
    assert [s["AmazonId"] for s in iot.list_partner_accounts()["Sidewalk"]] == ["amzn-1"]


def test_drop_response_without_token_duplicates_for_partnercentral(
    client: ClientFactory, emulator: Emulator
) -> None:
    """Why tokens matter: botocore invents a token per call only when the model says so; a
    fixed token from the caller makes the retry after a lost response a replay."""
    pc = client("partnercentral-channel")
    emulator.inject("CreateProgramManagementAccount", "drop-response", times=1)
    make_pma(pc, clientToken="fixed")
    assert len(pc.list_program_management_accounts(catalog="AWS")["items"]) == 1


def test_drop_response_without_retries_surfaces(client: ClientFactory, emulator: Emulator) -> None:
    iot = client("iotwireless", total_max_attempts=1)
    emulator.inject("AssociateAwsAccountWithPartnerAccount", "drop-response", times=1)
    with pytest.raises((ConnectionClosedError, ClientError)):
        iot.associate_aws_account_with_partner_account(
            Sidewalk={"AmazonId": "amzn-1", "AppServerPrivateKey": KEY}
        )
    # The operation committed before the connection was dropped.
    assert [s["AmazonId"] for s in iot.list_partner_accounts()["Sidewalk"]] == ["amzn-1"]


def test_faults_cleared(client: ClientFactory, emulator: Emulator) -> None:
    emulator.inject("*", "throttle")
    emulator.admin("DELETE", "faults")
    client("iotwireless").list_partner_accounts()
    assert emulator.admin("GET", "faults") == {"faults": []}
