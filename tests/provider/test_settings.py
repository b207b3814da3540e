"""Provider settings from stack config, and the checks that need no API call (issue: config
parity): default tags as `pulumi config set --path` stores them, reserved keys, the merged
count, and AWS profiles that do not exist on this machine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pulumi_partnerlink import config
from pulumi_partnerlink.partnercentral_channel.program_management_account import (
    ProgramManagementAccountProvider,
)

PMA = {"program": "SOLUTION_PROVIDER", "display_name": "Team", "account_id": "333333333333"}


@pytest.fixture(autouse=True)
def aws_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This machine's AWS files: one credentials file with the profiles `default`, `customer`."""
    creds = tmp_path / "credentials"
    creds.write_text(
        "[default]\naws_access_key_id = a\naws_secret_access_key = b\n\n"
        "[customer]\naws_access_key_id = c\naws_secret_access_key = d\n"
    )
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(creds))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    config._profiles_in.cache_clear()


def settings(**values: Any) -> config.ProviderSettings:
    raw = {f"partnerlink:{k}": v for k, v in values.items()}
    return config.ProviderSettings.from_config(raw.get)


def test_default_tags_as_config_set_path_stores_them() -> None:
    # `pulumi config set --path 'partnerlink:defaultTags.costCenter' 1234` stores a number
    tags = {"team": "platform", "costCenter": 1234, "billable": True, "ratio": 1.5, "empty": ""}
    got = dict(settings(defaultTags=json.dumps(tags)).default_tags)
    assert got == {
        "team": "platform",
        "costCenter": "1234",
        "billable": "true",
        "ratio": "1.5",
        "empty": "",
    }


@pytest.mark.parametrize(
    ("tags", "says"),
    [
        ({"aws:owner": "x"}, "partnerlink:defaultTags key 'aws:owner' uses the prefix 'aws:'"),
        ({"team": {"nested": "x"}}, "partnerlink:defaultTags must be a map of strings"),
        ({"team": None}, "partnerlink:defaultTags must be a map of strings"),
        (["team"], "partnerlink:defaultTags must be a map of strings"),
    ],
)
def test_default_tags_that_aws_would_refuse(tags: Any, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        settings(defaultTags=json.dumps(tags))


def test_a_profile_that_does_not_exist_names_the_setting_and_the_close_one() -> None:
    assert settings(profile="customer").profile == "customer"
    with pytest.raises(ValueError) as err:
        settings(profile="custmer")
    assert str(err.value) == (
        "partnerlink:profile: 'custmer' is not a profile in this machine's AWS config or "
        "credentials files; did you mean customer?"
    )
    with pytest.raises(ValueError, match=r"\(profiles: default, customer\)"):
        settings(profile="zzz")


def check(provider: Any, **inputs: Any) -> list[tuple[str, str]]:
    result = provider.check({}, {**PMA, **inputs})
    return [(f.property, f.reason) for f in result.failures]


def configured(**values: Any) -> ProgramManagementAccountProvider:
    provider = ProgramManagementAccountProvider()
    provider.core._settings = settings(**values)
    return provider


def test_a_resource_connection_profile_that_does_not_exist_fails_check() -> None:
    provider = configured()
    assert check(provider, connection={"profile": "customer"}) == []
    assert check(provider, connection={"profile": "nobody"}) == [
        (
            "connection",
            "connection.profile: 'nobody' is not a profile in this machine's AWS config or "
            "credentials files (profiles: default, customer)",
        )
    ]


def test_default_and_resource_tags_together_stay_within_the_aws_limit() -> None:
    provider = configured(defaultTags=json.dumps({f"d{i}": "v" for i in range(30)}))
    assert check(provider, tags={f"r{i}": "v" for i in range(20)}) == []
    assert check(provider, tags={f"r{i}": "v" for i in range(21)}) == [
        (
            "tags",
            "tags has 51 entries with partnerlink:defaultTags merged in; AWS allows at most 50 "
            "tags",
        )
    ]


@pytest.mark.parametrize("raw", [7, 7.0, "7"])
def test_max_attempts_as_each_front_end_sends_it(raw: Any) -> None:
    """Stack config sends "7"; YAML and every language's provider inputs send JSON numbers
    (7.0): each is the 7 the user wrote."""
    assert settings(maxAttempts=raw).max_attempts == 7


@pytest.mark.parametrize("raw", [7.5, "7.0", 0, 51.0, "seven"])
def test_max_attempts_that_is_not_a_whole_number_in_range_names_the_setting(raw: Any) -> None:
    with pytest.raises(ValueError, match="partnerlink:maxAttempts must be a whole number"):
        settings(maxAttempts=raw)


def test_the_region_is_the_setting_then_the_aws_chain_then_us_east_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pulumi_partnerlink.clients import region_of

    profile_config = tmp_path / "config"
    profile_config.write_text("[profile eu]\nregion = eu-central-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(profile_config))
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    assert region_of(config.ProviderSettings()) == "us-east-1"
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    assert region_of(config.ProviderSettings(max_attempts=2)) == "eu-west-1"
    assert region_of(config.ProviderSettings(region="ap-south-1")) == "ap-south-1"
    monkeypatch.delenv("AWS_REGION")
    assert region_of(config.ProviderSettings(profile="eu")) == "eu-central-1"
