"""The native provider's settings: the ``partnerlink:*`` stack config keys (the default provider)
or the inputs of an explicit ``pulumi:providers:partnerlink`` resource, validated exactly as
``config.ProviderSettings.from_config`` validates stack config, failures naming the key.

Static credentials (``accessKey``/``secretKey``/``token``) are refused here: a provider's inputs
are stored in state, and credentials never are. Use a profile, the environment or ``assumeRole``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..config import CREDENTIAL_KEYS, KEYS, NAMESPACE, ProviderSettings, unknown_keys
from ..unknown import is_unknown

# Inputs the engine adds to every provider resource; not settings of ours.
ENGINE_INPUTS = ("version", "pluginDownloadURL")
SETTINGS = tuple(k for k in KEYS if k not in CREDENTIAL_KEYS)
# (schema type, description) of every setting; tests assert it covers config.KEYS.
TYPES: dict[str, tuple[dict[str, Any], str]] = {
    "region": (
        {"type": "string"},
        "The AWS region (default: the AWS chain's, `AWS_REGION` or the profile's, else "
        "`us-east-1`). The Partner Central Channel endpoint is global whatever the region.",
    ),
    "profile": (
        {"type": "string"},
        "A named profile of this machine's AWS config or credentials files; credentials come "
        "from the AWS chain for it, never from state.",
    ),
    "endpoint": (
        {"type": "string"},
        "An http(s) endpoint URL for both services, e.g. the offline emulator "
        "`http://127.0.0.1:4599`.",
    ),
    "retryMode": (
        {"type": "string"},
        "botocore's retry mode: `standard` (default), `adaptive` or `legacy`.",
    ),
    "maxAttempts": (
        {"type": "integer"},
        "Total attempts per AWS call, the first included (1-50, default 5).",
    ),
    "defaultTags": (
        {"type": "object", "additionalProperties": {"type": "string"}},
        "Tags every taggable resource gets; a resource's own tags win.",
    ),
    "assumeRole": (
        {"$ref": "#/types/partnerlink:index:AssumeRole"},
        "Act as an IAM role (sts:AssumeRole): `roleArn`, `sessionName`, `externalId`, ...",
    ),
    "catalog": (
        {"type": "string"},
        "The catalog of every channel resource that sets none: `AWS` (default) or `Sandbox`. "
        "A resource's own `catalog` wins.",
    ),
    "pacing": (
        {"type": "boolean"},
        "Pace calls to AWS's documented request rates (3 writes and 5 reads a second per "
        "operation and account), shared by every process of this machine (default true). "
        "False: calls go as fast as the engine asks, and botocore's retry mode meets throttling.",
    ),
    "consistencyBudget": (
        {"type": "number"},
        "Seconds AWS may take to show a write (1-3600, default 30): within it, absence right "
        "after our own write means not visible yet.",
    ),
}
ASSUME_ROLE_TYPE = {
    "type": "object",
    "description": "The role to act as (sts:AssumeRole's arguments).",
    "properties": {
        "roleArn": {"type": "string", "description": "The IAM role ARN."},
        "sessionName": {"type": "string", "description": "Session name (2-64 characters)."},
        "externalId": {"type": "string", "description": "The external id the role requires."},
        "durationSeconds": {"type": "integer", "description": "900 to 43200 seconds."},
        "sourceIdentity": {"type": "string", "description": "The source identity."},
        "tags": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "Session tags.",
        },
    },
    "required": ["roleArn"],
}
_KEY = re.compile(re.escape(NAMESPACE) + r"(\w+)")


def _value(value: Any) -> Any:
    """Numbers arrive as floats: a whole one is the whole number the user wrote."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _has_unknown(value: Any) -> bool:
    if isinstance(value, Mapping):
        return any(_has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_unknown(v) for v in value)
    return is_unknown(value)


def from_variables(variables: Mapping[str, str]) -> dict[str, Any]:
    """``partnerlink:config:region`` style variables (older engines) as inputs."""
    prefix = f"{NAMESPACE}config:"
    return {k[len(prefix) :]: v for k, v in variables.items() if k.startswith(prefix)}


def validate(args: Mapping[str, Any]) -> tuple[ProviderSettings | None, list[tuple[str, str]]]:
    """The settings of these provider inputs (None while some are unknown), and the problems,
    each as (key, reason)."""
    values = {
        k: _value(v)
        for k, v in args.items()
        if k not in ENGINE_INPUTS and not k.startswith("__") and v is not None and v != ""
    }
    problems: list[tuple[str, str]] = []
    for key in CREDENTIAL_KEYS:
        if key in values:
            problems.append(
                (
                    key,
                    f"{key}: static credentials are not provider inputs of the native provider "
                    "(its inputs are stored in state); use profile, the AWS environment or "
                    "assumeRole",
                )
            )
            values.pop(key)
    for text in unknown_keys({f"{NAMESPACE}{k}": v for k, v in values.items()}):
        found = _KEY.search(text)
        key = found.group(1) if found else ""
        problems.append((key, text))
        values.pop(key, None)
    if problems:
        return None, problems
    if _has_unknown(values):
        return None, []
    try:
        settings = ProviderSettings.from_config(lambda key: values.get(key.removeprefix(NAMESPACE)))
    except ValueError as exc:
        found = _KEY.search(str(exc))
        return None, [(found.group(1) if found else "", str(exc))]
    return settings, []
