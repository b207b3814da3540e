"""Fixtures: a started emulator on a free loopback port and boto3 clients pointed at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from pulumi_partnerlink.emulator import Emulator

SENDER = "111111111111"
RECEIVER = "222222222222"
PMA_ACCOUNT = "333333333333"

ClientFactory = Callable[..., Any]


@pytest.fixture(scope="session")
def shared_emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


@pytest.fixture
def emulator(shared_emulator: Emulator) -> Emulator:
    """The session's emulator, reset: empty state, no calls, no faults, clock at wall time."""
    shared_emulator.reset()
    return shared_emulator


def make_client(
    emu: Emulator,
    service: str,
    account: str = SENDER,
    region: str = "us-east-1",
    validate: bool = True,
    **retries: Any,
) -> Any:
    return boto3.client(
        service,
        endpoint_url=emu.endpoint_url,
        region_name=region,
        aws_access_key_id=account,
        aws_secret_access_key="emulator",
        config=Config(
            retries={"mode": "standard", "total_max_attempts": 3, **retries},
            parameter_validation=validate,
            connect_timeout=5,
            read_timeout=10,
        ),
    )


@pytest.fixture
def client(emulator: Emulator) -> ClientFactory:
    def factory(service: str, account: str = SENDER, **kw: Any) -> Any:
        return make_client(emulator, service, account, **kw)

    return factory
