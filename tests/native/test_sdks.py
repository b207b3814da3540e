"""The generated SDKs, read as committed: one version everywhere, and every enum member of the
schema named as its language names it (Python ``SOLUTION_PROVIDER``, TypeScript
``SolutionProvider``, Go ``ProgramSolutionProvider``), not guessed from the value. That they are
exactly what the generators write is ``scripts/gen-sdk/run check`` (CI); that they run is the
engine tests in each language."""

from __future__ import annotations

import json
import re

import tomllib
import yaml
from pulumi_partnerlink.native.schema import LANGUAGE, enum_member, schema

from tests.support.engine import ROOT

SDK = ROOT / "sdk"


def test_one_version_everywhere() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    nodejs = json.loads((SDK / "nodejs" / "package.json").read_text())
    found = {
        "schema": schema()["version"],
        "package.json": nodejs["version"],
        "package.json pulumi": nodejs["pulumi"]["version"],
        "sdk/python": tomllib.loads((SDK / "python" / "pyproject.toml").read_text())["project"][
            "version"
        ],
        "sdk/python plugin": json.loads(
            (SDK / "python" / "pulumi_partnerlink_native" / "pulumi-plugin.json").read_text()
        )["version"],
        "sdk/go plugin": json.loads(
            (SDK / "go" / "partnerlink" / "pulumi-plugin.json").read_text()
        )["version"],
        "policy/": yaml.safe_load((ROOT / "policy" / "PulumiPolicy.yaml").read_text())["version"],
        "policy pack": yaml.safe_load(
            (ROOT / "provider/pulumi_partnerlink/policy/pack/PulumiPolicy.yaml").read_text()
        )["version"],
    }
    assert found == dict.fromkeys(found, version)


def test_the_sdks_have_the_schemas_names() -> None:
    assert (
        json.loads((SDK / "nodejs" / "package.json").read_text())["name"]
        == (LANGUAGE["nodejs"]["packageName"])
    )
    assert (
        (SDK / "go" / "go.mod").read_text().startswith(f"module {LANGUAGE['go']['modulePath']}\n")
    )
    python = tomllib.loads((SDK / "python" / "pyproject.toml").read_text())["project"]["name"]
    assert python == LANGUAGE["python"]["packageName"]
    assert (ROOT / "LICENSE").read_text().lstrip().startswith("Apache License")


def enums() -> dict[str, list[str]]:
    return {
        token.rsplit(":", 1)[-1]: [m["value"] for m in t["enum"]]
        for token, t in schema()["types"].items()
        if "enum" in t
    }


def test_every_enum_member_is_named_in_every_sdk() -> None:
    python = (SDK / "python" / "pulumi_partnerlink_native" / "_enums.py").read_text()
    nodejs = (SDK / "nodejs" / "types" / "enums" / "index.ts").read_text()
    go = (SDK / "go" / "partnerlink" / "pulumiEnums.go").read_text()
    assert enums()
    for enum, values in enums().items():
        py_block = python.split(f"class {enum}(", 1)[1].split("\nclass ", 1)[0]
        ts_block = nodejs.split(f"export const {enum} = {{", 1)[1].split("}", 1)[0]
        for value in values:
            name = enum_member(value)
            py_name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()
            assert f'{py_name} = "{value}"' in py_block, (enum, value)
            assert f'{name}: "{value}",' in ts_block, (enum, value)
            assert re.search(rf"\b{enum}{name}\s+= {enum}\(\"{value}\"\)", go), (enum, value)
    # The values users know stay as AWS spells them; only the names are each language's.
    assert enum_member("SOLUTION_PROVIDER") == "SolutionProvider"
    assert enum_member("Sandbox") == "Sandbox"
