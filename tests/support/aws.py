"""boto3 against a test's emulator: clients as a given account, and per-service call counts."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config
from pulumi_partnerlink.emulator import Emulator

SENDER = "111111111111"


def client(emu: Emulator, service: str, account: str = SENDER) -> Any:
    """A boto3 client of ``service`` acting as ``account`` (the emulator's account = key id)."""
    return boto3.client(
        service,
        endpoint_url=emu.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id=f"{account}-test",  # its own user: permission profiles restrict the
        # provider's keys (the account ids), not the test's own calls
        aws_secret_access_key="x",
        # The emulator plays AWS's request rates: a test's own setup calls, back to back, are
        # throttled as a script's would be, and retried (not paced: they are not the product's).
        config=Config(retries={"mode": "standard", "total_max_attempts": 10}),
    )


def calls(emu: Emulator, service: str) -> dict[str, int]:
    """The emulator's call counts of one service, by operation name."""
    prefix = f"{service}:"
    return {k.removeprefix(prefix): v for k, v in emu.calls().items() if k.startswith(prefix)}


def send_start_handshake(pcc: Any, relationship: str, pma: str, **payload: Any) -> dict[str, Any]:
    """A START_SERVICE_PERIOD handshake on ``relationship`` (30 days' notice unless ``payload``
    says otherwise), sent with the boto3 client ``pcc``; its channelHandshakeDetail."""
    body = {
        "programManagementAccountIdentifier": pma,
        "servicePeriodType": "MINIMUM_NOTICE_PERIOD",
        "minimumNoticeDays": "30",
        **payload,
    }
    detail: dict[str, Any] = pcc.create_channel_handshake(
        catalog="AWS",
        handshakeType="START_SERVICE_PERIOD",
        associatedResourceIdentifier=relationship,
        payload={"startServicePeriodPayload": body},
    )["channelHandshakeDetail"]
    return detail
