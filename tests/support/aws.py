"""boto3 against a test's emulator: clients as a given account, and per-service call counts."""

from __future__ import annotations

from typing import Any

import boto3
from pulumi_partnerlink.emulator import Emulator

SENDER = "111111111111"


def client(emu: Emulator, service: str, account: str = SENDER) -> Any:
    """A boto3 client of ``service`` acting as ``account`` (the emulator's account = key id)."""
    return boto3.client(
        service,
        endpoint_url=emu.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id=account,
        aws_secret_access_key="x",
    )


def calls(emu: Emulator, service: str) -> dict[str, int]:
    """The emulator's call counts of one service, by operation name."""
    prefix = f"{service}:"
    return {k.removeprefix(prefix): v for k, v in emu.calls().items() if k.startswith(prefix)}
