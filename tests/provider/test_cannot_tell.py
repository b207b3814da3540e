"""Proof comes from reads: an AccessDenied on the read that decides life or death is "cannot
tell". The create fails naming the IAM action to grant, and no second create is sent (a new
client token on such grounds could make a second object). Against the emulator's
``access-denied`` fault, through the provider core as the host calls it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pulumi_partnerlink.config import ProviderSettings
from pulumi_partnerlink.emulator import Emulator
from pulumi_partnerlink.errors import ProviderError
from pulumi_partnerlink.partnercentral_channel import common
from pulumi_partnerlink.registry import PROVIDERS

from tests.support.aws import client


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Emulator]:
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "111111111111")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    for listing in (common.LISTING, common.PMA_LISTING, common.REL_LISTING):
        listing._pages.clear()
    with Emulator() as e:
        yield e


def checked(emu: Emulator, kind: str, inputs: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    p = PROVIDERS[kind]()
    p.core._settings = ProviderSettings(endpoint=emu.endpoint_url, region="us-east-1")
    result = p.check({}, {**inputs, "__token_seed": "proj/stack/it"})
    assert not result.failures, result.failures
    return p, result.inputs


PMA = {"program": "SOLUTION_PROVIDER", "display_name": "PMA", "account_id": "333333333333"}


@pytest.mark.parametrize(
    ("kind", "inputs", "read", "action"),
    [
        (
            "ProgramManagementAccount",
            PMA,
            "ListProgramManagementAccounts",
            "partnercentral:ListProgramManagementAccounts",
        ),
        (
            "SidewalkPartnerAccount",
            {"amazon_id": "amzn1.account.DENIED", "app_server_private_key": "0f" * 32},
            "GetPartnerAccount",
            "iotwireless:GetPartnerAccount",
        ),
    ],
)
def test_a_denied_read_after_create_names_the_action_and_sends_no_second_create(
    emu: Emulator, kind: str, inputs: dict[str, Any], read: str, action: str
) -> None:
    p, props = checked(emu, kind, inputs)
    create_op = p.spec.create
    emu.inject(read, "access-denied")
    with pytest.raises(ProviderError) as err:
        p.create(props)
    message = str(err.value)
    assert "AccessDeniedException" in message and action in message, message
    assert "0f" * 32 not in message
    assert sum(n for op, n in emu.calls().items() if op.endswith(f":{create_op}")) == 1


def test_a_denied_read_after_a_replay_steps_no_token(emu: Emulator) -> None:
    """destroy -> up: the replayed PMA cannot be read (denied). No new token: the error names
    the action, one create call."""
    p, props = checked(emu, "ProgramManagementAccount", PMA)
    made = p.create(props)
    client(emu, "partnercentral-channel").delete_program_management_account(
        catalog="AWS", identifier=made.id
    )
    for listing in (common.LISTING, common.PMA_LISTING, common.REL_LISTING):
        listing._pages.clear()
    before = emu.calls().get("partnercentral-channel:CreateProgramManagementAccount", 0)
    emu.inject("ListProgramManagementAccounts", "access-denied")
    with pytest.raises(ProviderError) as err:
        p.create(props)
    assert "partnercentral:ListProgramManagementAccounts" in str(err.value)
    after = emu.calls().get("partnercentral-channel:CreateProgramManagementAccount", 0)
    assert after - before == 1
