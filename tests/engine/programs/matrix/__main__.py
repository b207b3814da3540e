"""One resource of any kind, its inputs from config, written in the style config names; or
several (``cases``), each as one of them.

- ``resource``: the class name; ``inputs``: its inputs as JSON (snake_case, nested as dicts);
- ``cases``: instead of ``resource``/``inputs``/``style``, a JSON list of objects with those
  three members: one resource each (any kind once), its outputs exported as ``<Name>.<output>``;
  ``key`` goes to the SidewalkPartnerAccount among them;
- ``style``: ``kwargs`` (nested dicts), ``args`` (an XArgs object, nested XArgs classes),
  ``dict`` (one plain dict as ``args``), ``outputs`` (every input, nested ones too, an Output);
- ``key``: the Sidewalk key (a secret), given to ``app_server_private_key``;
- ``keyFile``: read the key from this file instead, as a plain string (as users do);
- ``endDate``: set ``start_service_period.end_date`` to this ISO date-time as a ``datetime``.
"""

import datetime
import json
from pathlib import Path
from typing import Any

import pulumi
import pulumi_partnerlink as pl

from tests.support.frontends import OUTPUTS

config = pulumi.Config()
key = config.get_secret("key")


def prepared(kind: str, inputs: dict[str, Any]) -> dict[str, Any]:
    if kind == "SidewalkPartnerAccount" and key is not None:
        inputs["app_server_private_key"] = key
    if kind == "SidewalkPartnerAccount" and config.get("keyFile"):
        inputs["app_server_private_key"] = Path(config.require("keyFile")).read_text()
    if config.get("endDate") and "start_service_period" in inputs:
        inputs["start_service_period"]["end_date"] = datetime.datetime.fromisoformat(
            config.require("endDate")
        )
    return inputs


NESTED = {
    "start_service_period": pl.StartServicePeriodArgs,
    "revoke_service_period": pl.RevokeServicePeriodArgs,
    "connection": pl.ConnectionArgs,
}


def as_args(name: str, value: Any) -> Any:
    if name == "requested_support_plan" and isinstance(value, dict):
        return pl.SupportPlanArgs(**{k: pl.SupportPlanTierArgs(**v) for k, v in value.items()})
    if name in NESTED and isinstance(value, dict):
        return NESTED[name](**value)
    return value


def as_output(value: Any) -> Any:
    if isinstance(value, dict):
        return pulumi.Output.from_input({k: as_output(v) for k, v in value.items()})
    return pulumi.Output.from_input(value)


def declare(kind: str, inputs: dict[str, Any], style: str, prefix: str = "") -> None:
    cls = getattr(pl, kind)
    if style == "args":
        args = getattr(pl, f"{kind}Args")(**{k: as_args(k, v) for k, v in inputs.items()})
        resource = cls("it", args)
    elif style == "dict":
        resource = cls("it", dict(inputs))
    elif style == "outputs":
        resource = cls("it", **{k: as_output(v) for k, v in inputs.items()})
    else:
        resource = cls("it", **inputs)
    for name in OUTPUTS:
        if hasattr(resource, name):
            pulumi.export(prefix + name, getattr(resource, name))


if config.get("cases"):
    for case in json.loads(config.require("cases")):
        kind = case["resource"]
        declare(kind, prepared(kind, case["inputs"]), case.get("style") or "kwargs", f"{kind}.")
else:
    kind = config.require("resource")
    declare(
        kind, prepared(kind, json.loads(config.require("inputs"))), config.get("style") or "kwargs"
    )
