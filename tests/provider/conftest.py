"""Provider tests run without AWS, but check asks whether a named AWS profile exists on this
machine (a missing one fails at preview). The profiles the tests' inputs name are given here,
in a credentials file of the session, so the tests do not depend on the machine's ~/.aws."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pulumi_partnerlink import config

PROFILES = ("default", "customer", "pma-owner", "receiver", "sender")


@pytest.fixture(scope="session", autouse=True)
def aws_profiles(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    base = tmp_path_factory.mktemp("aws")
    creds = base / "credentials"
    creds.write_text(
        "".join(f"[{p}]\naws_access_key_id = x\naws_secret_access_key = y\n\n" for p in PROFILES)
    )
    saved = {k: os.environ.get(k) for k in ("AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE")}
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = str(creds)
    os.environ["AWS_CONFIG_FILE"] = str(base / "no-config")
    config._profiles_in.cache_clear()
    yield creds
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    config._profiles_in.cache_clear()


@pytest.fixture
def channel_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """What a fresh provider process against an emulator starts with: the account's key in the
    environment (no AWS files), its own pacing schedules, no shared listing."""
    from pulumi_partnerlink.partnercentral_channel import common

    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "111111111111")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for listing in (common.LISTING, common.PMA_LISTING, common.REL_LISTING):
        listing._pages.clear()
