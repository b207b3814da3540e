"""The schema, generated from the specs: every input and output with the right type, secret,
replaceOnChanges and required; enums and nested types; provider config = the stack config keys."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from botocore.model import StructureShape
from pulumi_partnerlink.config import CREDENTIAL_KEYS, KEYS
from pulumi_partnerlink.native.names import camel
from pulumi_partnerlink.native.schema import computed_outputs, package_version, schema
from pulumi_partnerlink.registry import MODULES, SPECS

SCHEMA = schema()
RESOURCES = SCHEMA["resources"]


def resolve(spec: dict[str, Any]) -> dict[str, Any]:
    ref = spec.get("$ref")
    if ref is None:
        return spec
    assert ref.startswith("#/types/"), ref
    return SCHEMA["types"][ref.removeprefix("#/types/")]


def test_package() -> None:
    assert SCHEMA["name"] == "partnerlink"
    assert SCHEMA["version"] == package_version() != "0.0.0"
    assert set(RESOURCES) == {f"partnerlink:index:{n}" for n in SPECS}


def test_every_ref_resolves() -> None:
    refs = re.findall(r'"\$ref": "([^"]+)"', str(SCHEMA).replace("'", '"'))
    assert refs
    for ref in refs:
        assert ref.removeprefix("#/types/") in SCHEMA["types"], ref


@pytest.mark.parametrize("name", list(SPECS))
def test_inputs_follow_the_spec(name: str) -> None:
    spec = SPECS[name]
    res = RESOURCES[f"partnerlink:index:{name}"]
    inputs = res["inputProperties"]
    assert set(inputs) == {camel(p.name) for p in spec.props}
    for prop in spec.props:
        got = inputs[camel(prop.name)]
        assert got["description"]
        assert bool(got.get("secret")) == prop.secret, prop.name
        assert bool(got.get("replaceOnChanges")) == (prop.name in spec.create_only), prop.name
        body = resolve(got)
        if prop.kind == "tags":
            assert body["type"] == "object"
            assert body["additionalProperties"] == {"type": "string"}
        elif prop.kind == "bool":
            assert body["type"] == "boolean"
        elif prop.kind == "connection":
            assert set(body["properties"]) >= {"profile", "region", "endpoint", "roleArn"}
        elif prop.enum:
            assert [e["value"] for e in body["enum"]] == list(prop.enum)
        else:
            shape = spec.shape_of(prop)
            assert shape is not None
            if isinstance(shape, StructureShape):
                assert body["type"] == "object"
                assert len(body["properties"]) == len(shape.members)
            elif getattr(shape, "enum", None):
                assert [e["value"] for e in body["enum"]] == list(shape.enum)
            else:
                assert body["type"] == "string", prop.name
    required = {camel(p.name) for p in spec.props if p.required and p.default is None}
    assert set(res["requiredInputs"]) == required


@pytest.mark.parametrize("name", list(SPECS))
def test_outputs_are_the_inputs_and_what_the_core_reports(name: str) -> None:
    spec = SPECS[name]
    res = RESOURCES[f"partnerlink:index:{name}"]
    outputs = res["properties"]
    expected = {camel(p.name) for p in spec.props} | {camel(k) for k in computed_outputs(spec)}
    assert set(outputs) == expected
    assert not any(k.startswith("__") for k in outputs)
    for prop in spec.props:
        assert bool(outputs[camel(prop.name)].get("secret")) == prop.secret
    assert all(v["description"] for v in outputs.values())


def test_required_outputs_are_the_required_inputs_and_the_id() -> None:
    ids = {
        "SidewalkPartnerAccount": "partnerAccountId",
        "ProgramManagementAccount": "programManagementAccountId",
        "ChannelRelationship": "relationshipId",
        "ChannelHandshake": "handshakeId",
        "ChannelHandshakeResponse": "handshakeId",
    }
    for name in SPECS:
        res = RESOURCES[f"partnerlink:index:{name}"]
        assert res["required"] == [*res["requiredInputs"], ids[name]]
        assert set(res["required"]) <= set(res["properties"])


def test_the_sidewalk_key_is_the_only_secret() -> None:
    secrets = [
        (t, k)
        for t, r in RESOURCES.items()
        for part in ("inputProperties", "properties")
        for k, v in r[part].items()
        if v.get("secret")
    ]
    assert sorted(set(secrets)) == [
        ("partnerlink:index:SidewalkPartnerAccount", "appServerPrivateKey")
    ]


def test_nested_types_and_enums() -> None:
    start = SCHEMA["types"]["partnerlink:index:StartServicePeriodPayload"]
    assert set(start["properties"]) == {
        "programManagementAccountIdentifier",
        "note",
        "servicePeriodType",
        "minimumNoticeDays",
        "endDate",
    }
    assert set(start["required"]) == {"programManagementAccountIdentifier", "servicePeriodType"}
    assert resolve(start["properties"]["servicePeriodType"])["enum"] == [
        {"name": "MinimumNoticePeriod", "value": "MINIMUM_NOTICE_PERIOD"},
        {"name": "FixedCommitmentPeriod", "value": "FIXED_COMMITMENT_PERIOD"},
    ]
    plan = SCHEMA["types"]["partnerlink:index:SupportPlan"]
    assert "exactly one" in plan["description"]
    # A model enum named like the SDKs' own Provider class is renamed.
    assert "partnerlink:index:Provider" not in SCHEMA["types"]
    led = SCHEMA["types"]["partnerlink:index:PartnerLedSupport"]
    assert resolve(led["properties"]["provider"])["type"] == "string"


def test_delete_before_replace_and_import_ids_are_described() -> None:
    for module in MODULES:
        text = RESOURCES[f"partnerlink:index:{module.SPEC.name}"]["description"]
        assert ("delete-before-replace" in text) == module.SPEC.delete_before_replace
        assert "## Import" in text
    assert "<pma-id>/<rs-id>" in RESOURCES["partnerlink:index:ChannelRelationship"]["description"]


def test_provider_config_is_the_stack_config_keys_without_credentials() -> None:
    settings = {k for k in KEYS if k not in CREDENTIAL_KEYS}
    assert set(SCHEMA["config"]["variables"]) == settings
    assert set(SCHEMA["provider"]["inputProperties"]) == settings
    inputs = SCHEMA["provider"]["inputProperties"]
    assert inputs["maxAttempts"]["type"] == "integer"
    assert inputs["consistencyBudget"]["type"] == "number"
    assert resolve(inputs["assumeRole"])["required"] == ["roleArn"]
    assert not any(v.get("secret") for v in inputs.values())


def test_output_types_follow_the_resource_annotations() -> None:
    sidewalk = RESOURCES["partnerlink:index:SidewalkPartnerAccount"]["properties"]
    assert sidewalk["accountLinked"]["type"] == "boolean"
    assert sidewalk["fingerprint"]["type"] == "string"
    assert "Fingerprint of the key AWS holds" in sidewalk["fingerprint"]["description"]


def test_descriptions_speak_the_schemas_names() -> None:
    """Every SDK's docs are written from the schema: no snake_case property or output name of
    ours in any description (camelCase, as the schema names them; package names aside)."""
    text = json.dumps(SCHEMA)
    names = set(re.findall(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", text))
    assert names <= {"pulumi_partnerlink_native"}, names


def test_every_input_says_what_replaces_and_what_is_secret() -> None:
    """The reference is the schema's descriptions: every input has one, a create-only input's
    says a change replaces the resource, a secret's says it is secret."""
    for token, resource in SCHEMA["resources"].items():
        for name, prop in resource["inputProperties"].items():
            text = prop.get("description", "")
            assert text, (token, name)
            if prop.get("replaceOnChanges"):
                assert "replace" in text.lower(), (token, name, text)
            if prop.get("secret"):
                assert "secret" in text.lower(), (token, name, text)
