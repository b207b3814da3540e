"""Engine fixtures: an emulator per test, and stacks whose provider talks only to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pulumi_partnerlink.emulator import Emulator

from tests.support.engine import Engine

ACCOUNT = "111111111111"
# Named profiles for programs that act as several accounts (the emulator's account is the key id).
PROFILES = {"sender": ACCOUNT, "customer": "222222222222", "pma-owner": "333333333333"}


@pytest.fixture
def aws(engine: Engine, tmp_path: Path) -> Iterator[Emulator]:
    """A fresh emulator; the engine's programs and providers are pointed at it and nothing else.

    It logs every request (the ``werkzeug`` logger), so tests can search its log too.
    """
    credentials = tmp_path / "aws-credentials"
    credentials.write_text(
        "".join(
            f"[{name}]\naws_access_key_id = {key}\naws_secret_access_key = emulator\n\n"
            for name, key in PROFILES.items()
        )
    )
    with Emulator(verbose=True) as emu:
        engine.extra_env.update(
            {
                "AWS_ACCESS_KEY_ID": ACCOUNT,
                "AWS_SECRET_ACCESS_KEY": "emulator",
                "AWS_REGION": "us-east-1",
                "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_CONFIG_FILE": str(tmp_path / "no-aws-config"),
                "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
            }
        )
        engine.emulator = emu
        yield emu
