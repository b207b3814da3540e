"""The native front end's adapter, without the engine: name translation, provider settings,
import ids, check/diff through ``PartnerlinkProvider``, clean errors, the console script."""

from __future__ import annotations

import asyncio
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import tomllib
from google.protobuf import struct_pb2
from pulumi.provider.experimental import provider as p
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi_partnerlink.core import Read
from pulumi_partnerlink.errors import ProviderError
from pulumi_partnerlink.native import importing, names, server, settings
from pulumi_partnerlink.native.names import (
    camel,
    failure_text,
    known_names,
    snake,
    to_core,
    to_wire,
)
from pulumi_partnerlink.native.provider import PartnerlinkProvider, seed_from_urn
from pulumi_partnerlink.registry import SPECS
from pulumi_partnerlink.unknown import UNKNOWN

from tests.support.engine import ROOT

HANDSHAKE = SPECS["ChannelHandshake"]
URN = "urn:pulumi:dev::proj::partnerlink:index:ChannelHandshake::start"
KEY = "5e" * 32


def pv(value: Any) -> PropertyValue:
    return to_wire(HANDSHAKE, {"x": value})["x"]


@pytest.mark.parametrize("spec", list(SPECS.values()), ids=list(SPECS))
def test_every_name_round_trips(spec: Any) -> None:
    for name in known_names(spec):
        assert snake(camel(name)) == name
    assert camel("__token_seed") == "__token_seed" == snake("__token_seed")


def test_nested_keys_translate_and_tag_keys_do_not() -> None:
    wire = {
        "startServicePeriod": PropertyValue(
            {
                "programManagementAccountIdentifier": PropertyValue("pma-1"),
                "minimumNoticeDays": PropertyValue(30.0),
            }
        ),
        "tags": PropertyValue({"cost_center": PropertyValue("a"), "teamName": PropertyValue("b")}),
        "connection": PropertyValue({"roleArn": PropertyValue("arn:aws:iam::1:role/x")}),
        "catalog": PropertyValue("AWS").with_secret(True),
    }
    core, secret = to_core(HANDSHAKE, wire)
    assert core["start_service_period"] == {
        "program_management_account_identifier": "pma-1",
        "minimum_notice_days": 30.0,
    }
    assert core["tags"] == {"cost_center": "a", "teamName": "b"}
    assert core["connection"] == {"role_arn": "arn:aws:iam::1:role/x"}
    assert secret == {"catalog"}
    back = to_wire(HANDSHAKE, core, secret)
    assert back["catalog"].is_secret
    assert set(back["startServicePeriod"].value) == {  # type: ignore[arg-type]
        "programManagementAccountIdentifier",
        "minimumNoticeDays",
    }
    assert set(back["tags"].value) == {"cost_center", "teamName"}  # type: ignore[arg-type]


def test_secret_props_are_secret_on_the_wire() -> None:
    spec = SPECS["SidewalkPartnerAccount"]
    out = to_wire(spec, {"app_server_private_key": KEY, "amazon_id": "a", "nothing": None})
    assert out["appServerPrivateKey"].is_secret and not out["amazonId"].is_secret
    assert "nothing" not in out


def test_failure_text_speaks_camel_case() -> None:
    text = "start_service_period.minimum_notice_days is required; not_a_name stays"
    assert failure_text(HANDSHAKE, text) == (
        "startServicePeriod.minimumNoticeDays is required; not_a_name stays"
    )


# --------------------------------------------------------------------------- settings


@pytest.mark.parametrize(
    ("args", "key", "text"),
    [
        ({"region": "Mars"}, "region", "must be an AWS region"),
        ({"maxAttempts": 99.0}, "maxAttempts", "whole number from 1 to 50"),
        ({"consistencyBudget": 0.0}, "consistencyBudget", "from 1 to"),
        ({"endpoint": "ftp://x"}, "endpoint", "http(s) URL"),
        ({"regoin": "us-east-1"}, "regoin", "did you mean partnerlink:region?"),
        ({"accessKey": "AKIA"}, "accessKey", "not provider inputs"),
        ({"assumeRole": {"roleArn": "nope"}}, "assumeRole", "IAM role ARN"),
        ({"defaultTags": {"aws:x": "y"}}, "defaultTags", "reserves"),
    ],
)
def test_bad_settings_name_their_key(args: dict[str, Any], key: str, text: str) -> None:
    found, problems = settings.validate(args)
    assert found is None
    assert [k for k, _ in problems] == [key]
    assert text in problems[0][1]


def test_good_settings() -> None:
    found, problems = settings.validate(
        {
            "region": "eu-west-1",
            "maxAttempts": 7.0,
            "defaultTags": {"team": "a"},
            "assumeRole": {"roleArn": "arn:aws:iam::123456789012:role/deploy"},
            "version": "0.2.0",  # the engine's own input
        }
    )
    assert problems == [] and found is not None
    assert (found.region, found.max_attempts, found.default_tags) == (
        "eu-west-1",
        7,
        (("team", "a"),),
    )
    assert dict(found.assume_role)["RoleArn"].endswith("role/deploy")
    assert settings.validate({"region": UNKNOWN}) == (None, [])


# --------------------------------------------------------------------------- import ids


def test_import_ids() -> None:
    assert importing.parse_id("ChannelRelationship", "pma-1/rs-2") == (
        "rs-2",
        {"program_management_account_identifier": "pma-1"},
    )
    assert importing.parse_id("ProgramManagementAccount", "Sandbox/pma-1") == (
        "pma-1",
        {"catalog": "Sandbox"},
    )
    assert importing.parse_id("ChannelHandshake", "ch-1") == ("ch-1", {})
    assert importing.parse_id("ChannelHandshake", "pma-1/ch-1") == ("ch-1", {"pma": "pma-1"})
    with pytest.raises(ProviderError, match=r"<pma-id>/<rs-id>"):
        importing.parse_id("ChannelRelationship", "rs-2")
    with pytest.raises(ProviderError, match="not an import id"):
        importing.parse_id("SidewalkPartnerAccount", "a/b")


# --------------------------------------------------------------------------- the provider


def check(provider: PartnerlinkProvider, inputs: dict[str, PropertyValue]) -> p.CheckResponse:
    return asyncio.run(provider.check(p.CheckRequest(URN, {}, inputs, b"")))


READ_RUNTIME = names.program_runtime.__wrapped__  # before any test replaces it


@pytest.fixture(autouse=True)
def yaml_program(monkeypatch: pytest.MonkeyPatch) -> None:
    """These checks speak the schema's spelling, as to a YAML or TypeScript program (the plugin
    reads the program's runtime from its Pulumi.yaml; the repository's own is Python)."""
    monkeypatch.setattr(names, "program_runtime", lambda start=".": "yaml")


@pytest.mark.parametrize(
    ("runtime", "expected"),
    [
        ("python", "start_service_period.minimum_notice_days must be at least 1 day"),
        ("nodejs", "startServicePeriod.minimumNoticeDays must be at least 1 day"),
        ("yaml", "startServicePeriod.minimumNoticeDays must be at least 1 day"),
        ("go", "StartServicePeriod.MinimumNoticeDays must be at least 1 day"),
        ("dotnet", "StartServicePeriod.MinimumNoticeDays must be at least 1 day"),
        ("java", "startServicePeriod.minimumNoticeDays must be at least 1 day"),
    ],
)
def test_a_failure_names_the_property_as_the_programs_sdk_does(
    monkeypatch: pytest.MonkeyPatch, runtime: str, expected: str
) -> None:
    monkeypatch.setattr(names, "program_runtime", lambda start=".": runtime)
    res = check(
        PartnerlinkProvider(),
        {
            "handshakeType": pv("START_SERVICE_PERIOD"),
            "associatedResourceIdentifier": pv("rs-1"),
            "startServicePeriod": pv(
                {
                    "programManagementAccountIdentifier": "pma-1",
                    "servicePeriodType": "MINIMUM_NOTICE_PERIOD",
                    "minimumNoticeDays": "0",
                }
            ),
        },
    )
    assert [(f.property, f.reason) for f in res.failures or []] == [("", expected)]


def test_the_program_runtime_is_read_from_its_pulumi_yaml(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: x\nruntime:\n  name: go\n")
    (tmp_path / "cmd").mkdir()
    assert READ_RUNTIME(str(tmp_path / "cmd")) == "go"
    (tmp_path / "Pulumi.yaml").write_text("name: x\nruntime: nodejs\n")
    assert READ_RUNTIME(str(tmp_path)) == "nodejs"


def test_check_names_camel_case_properties_and_unknown_inputs() -> None:
    provider = PartnerlinkProvider()
    res = check(
        provider,
        {
            "handshakeType": pv("START_SERVICE_PERIOD"),
            "associatedResourceIdentifier": pv("rs-1"),
            "startServicePeriod": pv(
                {"programManagementAccountIdentifier": "pma-1", "servicePeriodType": "NOPE"}
            ),
            "handshakeTyp": pv("x"),
        },
    )
    reasons = [(f.property, f.reason) for f in res.failures or []]
    assert (
        "",
        "handshakeTyp is not an input of ChannelHandshake; did you mean handshakeType?",
    ) in (reasons)
    assert any(
        prop == "" and reason.startswith("startServicePeriod.servicePeriodType")
        for prop, reason in reasons
    ), reasons
    # a field the user misspelt is named as the user spelt it, never in a snake_case of ours
    res = check(
        provider,
        {
            "handshakeType": pv("START_SERVICE_PERIOD"),
            "associatedResourceIdentifier": pv("rs-1"),
            "startServicePeriod": pv(
                {"programManagementAccountIdentifier": "p", "minimumNoticeDayz": 3}
            ),
        },
    )
    reasons = [(f.property, f.reason) for f in res.failures or []]
    assert any(
        "startServicePeriod.minimumNoticeDayz is not a known field; "
        "did you mean minimumNoticeDays?" in reason
        for _, reason in reasons
    ), reasons


def test_check_keeps_unknowns_and_adds_the_token_seed() -> None:
    res = check(
        PartnerlinkProvider(),
        {
            "handshakeType": pv("PROGRAM_MANAGEMENT_ACCOUNT"),
            "associatedResourceIdentifier": pv(UNKNOWN),
        },
    )
    assert res.failures == []
    assert res.inputs is not None
    assert res.inputs["associatedResourceIdentifier"].value == UNKNOWN
    assert res.inputs["catalog"].value == "AWS"
    assert res.inputs["__token_seed"].value == seed_from_urn(URN) == "proj/dev/start"


def test_diff_reports_replaces_in_camel_case_with_details() -> None:
    olds = to_wire(
        HANDSHAKE,
        {
            "handshake_type": "PROGRAM_MANAGEMENT_ACCOUNT",
            "associated_resource_identifier": "pma-1",
            "catalog": "AWS",
            "tags": {"a": "1"},
        },
    )
    news = dict(olds, associatedResourceIdentifier=pv("pma-2"), tags=pv({"a": "2"}))
    res = asyncio.run(PartnerlinkProvider().diff(p.DiffRequest(URN, "ch-1", olds, news, [])))
    assert res.changes and res.delete_before_replace
    assert res.replaces == ["associatedResourceIdentifier"]
    assert (
        res.detailed_diff["associatedResourceIdentifier"].kind == p.PropertyDiffKind.UPDATE_REPLACE
    )
    assert res.detailed_diff["tags"].kind == p.PropertyDiffKind.UPDATE
    same = asyncio.run(PartnerlinkProvider().diff(p.DiffRequest(URN, "ch-1", olds, olds, [])))
    assert not same.changes and same.detailed_diff == {}


def test_preview_create_makes_no_call_and_leaves_outputs_unknown() -> None:
    props = to_wire(
        HANDSHAKE,
        {
            "handshake_type": "PROGRAM_MANAGEMENT_ACCOUNT",
            "associated_resource_identifier": "pma-1",
            "catalog": "AWS",
        },
    )
    res = asyncio.run(PartnerlinkProvider().create(p.CreateRequest(URN, props, 60, True)))
    assert res.properties["handshakeId"].value == UNKNOWN
    assert res.properties["associatedResourceIdentifier"].value == "pma-1"


def test_bad_provider_config_fails_check_config_and_every_call() -> None:
    provider = PartnerlinkProvider()
    res = asyncio.run(
        provider.check_config(p.CheckRequest("urn", {}, {"region": PropertyValue("Mars")}, b""))
    )
    assert [f.property for f in res.failures or []] == ["region"]
    asyncio.run(
        provider.configure(p.ConfigureRequest({}, {"region": PropertyValue("Mars")}, True, True))
    )
    failed = check(provider, {})
    assert failed.failures and "partnerlink:region" in failed.failures[0].reason


# --------------------------------------------------------------------------- errors, script


class Context:
    def __init__(self) -> None:
        self.aborted: tuple[Any, str] | None = None

    async def abort(self, code: Any, details: str) -> None:
        self.aborted = (code, details)
        raise RuntimeError("aborted")


def test_our_errors_reach_the_engine_without_a_stack() -> None:
    async def ours(self: Any, request: Any, context: Any) -> Any:
        raise ProviderError("creating X (y): AWS said no. Do this")

    context = Context()
    with pytest.raises(RuntimeError):
        asyncio.run(server._clean(ours)(None, None, context))
    assert (
        context.aborted is not None and context.aborted[1] == "creating X (y): AWS said no. Do this"
    )

    async def bug(self: Any, request: Any, context: Any) -> Any:
        raise KeyError("a bug")

    other = Context()
    with pytest.raises(KeyError):
        asyncio.run(server._clean(bug)(None, None, other))
    assert other.aborted is None


def test_the_sdk_wrapper_keeps_our_error_as_its_context() -> None:
    """The SDK's servicer re-raises our error as a new one with a stack: ours is its context."""
    context = Context()

    class Provider(p.Provider):
        async def delete(self, request: p.DeleteRequest) -> None:
            raise ProviderError("deleting X (y): no")

    servicer = server.Servicer([], "0", Provider(), engine_address="")
    request = SimpleNamespace(urn="u", id="i", properties=struct_pb2.Struct(), timeout=1)
    with pytest.raises(RuntimeError):
        asyncio.run(servicer.Delete(request, context))
    assert context.aborted is not None and context.aborted[1] == "deleting X (y): no"


def test_console_script() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    module, func = scripts["pulumi-resource-partnerlink"].split(":")
    assert callable(getattr(import_module(module), func))


def test_blocking_calls_are_not_capped_at_four() -> None:
    """16 reads whose AWS calls block 0.3 s each finish together, not 4 at a time (1.2 s)."""
    import time

    from pulumi_partnerlink.core import reading as core_reading
    from pulumi_partnerlink.native.provider import WORKERS

    provider = PartnerlinkProvider()
    core = provider._cores["ChannelHandshake"]
    running: list[int] = []

    def slow_read(id_: str, props: dict[str, Any]) -> Any:
        running.append(1)
        time.sleep(0.3)
        return Read(id_, props)

    core.read = slow_read  # type: ignore[method-assign]
    state = to_wire(HANDSHAKE, {"handshake_type": "PROGRAM_MANAGEMENT_ACCOUNT"})

    async def all_reads() -> None:
        await asyncio.gather(
            *(provider.read(p.ReadRequest(URN, f"ch-{i}", state, state)) for i in range(16))
        )

    started = time.monotonic()
    asyncio.run(all_reads())
    assert len(running) == 16
    assert time.monotonic() - started < 0.9
    assert WORKERS >= 16 and core_reading._READS._max_workers >= WORKERS
