"""The registry is the one list: exports, providers and policy type tokens follow from it."""

from __future__ import annotations

import pulumi_partnerlink
from pulumi_partnerlink.dynamic import SpecProvider
from pulumi_partnerlink.policy import rules
from pulumi_partnerlink.registry import MODULES, PROVIDERS, SPECS


def public_names() -> set[str]:
    names = {"ConnectionArgs", "ConnectionArgsDict"}
    for module in MODULES:
        for name in module.__all__:
            if name == module.SPEC.name or name.endswith(("Args", "ArgsDict")):
                names.add(name)
    return names


def test_package_exports_every_resource_args_and_argsdict() -> None:
    assert set(pulumi_partnerlink.__all__) == public_names()
    for name in pulumi_partnerlink.__all__:
        assert getattr(pulumi_partnerlink, name) is not None


def test_every_resource_has_a_spec_provider_and_type_token() -> None:
    assert len(SPECS) == len(MODULES) == 5
    for name, spec in SPECS.items():
        assert issubclass(PROVIDERS[name], SpecProvider)
        assert PROVIDERS[name].spec is spec
        resource = getattr(pulumi_partnerlink, name)
        assert resource._resource_type_name == f"dynamic/partnerlink:{name}"
        assert spec.type_token == f"pulumi-python:dynamic/partnerlink:{name}"
    assert set(rules.TAGGABLE) == {s.name for s in SPECS.values() if s.tags}


def test_provider_holds_no_secret_and_is_not_stored_as_one() -> None:
    for provider in PROVIDERS.values():
        assert provider.serialize_as_secret_always is False
        assert vars(provider()) == {}  # nothing until configure() runs in the provider host
