"""Engine fixtures: an emulator per test, and stacks whose provider talks only to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pulumi_partnerlink.emulator import Emulator

from tests.support.engine import Engine

ACCOUNT = "111111111111"


@pytest.fixture
def aws(engine: Engine, tmp_path: Path) -> Iterator[Emulator]:
    """A fresh emulator; the engine's programs and providers are pointed at it and nothing else.

    It logs every request (the ``werkzeug`` logger), so tests can search its log too.
    """
    with Emulator(verbose=True) as emu:
        engine.extra_env.update(
            {
                "AWS_ACCESS_KEY_ID": ACCOUNT,
                "AWS_SECRET_ACCESS_KEY": "emulator",
                "AWS_REGION": "us-east-1",
                "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_CONFIG_FILE": str(tmp_path / "no-aws-config"),
                "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-aws-credentials"),
            }
        )
        engine.emulator = emu
        yield emu
