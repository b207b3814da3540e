"""The matrix program's native twin: one ``partnerlink:index:<Name>`` resource from the same
config as ``tests/engine/programs/matrix`` (``resource``, ``inputs`` as snake_case JSON, ``key``,
``keyFile``, ``style``, or ``cases``), declared through the generated Python SDK
(``pulumi_partnerlink_native``) with snake_case keywords, as its users write them; the SDK sends
them camelCase.

``style: outputs`` wraps every input (nested ones too) in an Output; any other style passes
plain values. Outputs are exported under the matrix program's snake_case names, so a test reads
both front ends alike.
"""

import json
from pathlib import Path
from typing import Any

import pulumi

from tests.support.frontends import OUTPUTS, native_class

config = pulumi.Config()
key = config.get_secret("key")


def prepared(kind: str, inputs: dict[str, Any]) -> dict[str, Any]:
    if kind == "SidewalkPartnerAccount" and key is not None:
        inputs["app_server_private_key"] = key
    if kind == "SidewalkPartnerAccount" and config.get("keyFile"):
        inputs["app_server_private_key"] = Path(config.require("keyFile")).read_text()
    return inputs


def as_output(value: Any) -> Any:
    if isinstance(value, dict):
        return pulumi.Output.from_input({k: as_output(v) for k, v in value.items()})
    return pulumi.Output.from_input(value)


def declare(kind: str, inputs: dict[str, Any], style: str, prefix: str = "") -> None:
    props = dict(inputs)
    if style == "outputs":
        props = {k: as_output(v) for k, v in props.items()}
    resource = native_class(kind)("it", **props)
    for name in OUTPUTS:
        if hasattr(resource, name):
            pulumi.export(prefix + name, getattr(resource, name))


if config.get("cases"):
    for case in json.loads(config.require("cases")):
        kind = case["resource"]
        declare(kind, prepared(kind, case["inputs"]), case.get("style") or "", f"{kind}.")
else:
    kind = config.require("resource")
    declare(kind, prepared(kind, json.loads(config.require("inputs"))), config.get("style") or "")
