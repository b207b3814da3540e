"""Inputs as users write them, normalised once for every resource (the constructor side).

Every nested input may be its ``XArgs`` class, a plain dict (typed as ``XArgsDict``) or an
``Output`` of either; ``datetime``/``date`` values become ISO 8601 strings. Nothing here raises:
a value Pulumi could not serialise (a set, an object, a NaN) becomes a marker that ``check``
reports with the property's path, and so do unknown keyword arguments and a misplaced ``args``.
Secret inputs are made secret here, whatever the user passed, so the engine never renders them.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import math
import os
from collections.abc import Mapping
from typing import Any, TypedDict

import pulumi
from pulumi.runtime import config as runtime_config

from ..config import CREDENTIAL_KEYS
from ..core.normalise import suggest
from ..core.results import PROBLEMS, TOKEN_SEED, UNSUPPORTED
from ..core.spec import ResourceSpec
from ..hints import output_names
from ..tokens import seed_for


class ConnectionArgsDict(TypedDict, total=False):
    """Where a resource acts, overriding the stack's ``partnerlink:*`` settings."""

    profile: str
    region: str
    endpoint: str
    role_arn: str
    session_name: str
    external_id: str


@dataclasses.dataclass
class ConnectionArgs:
    """Where a resource acts: ``profile`` (a named AWS profile), ``region``, ``endpoint``, and
    ``role_arn`` (with ``session_name``, ``external_id``) to act as an IAM role; each overrides
    the stack's ``partnerlink:*`` setting for this resource only."""

    profile: pulumi.Input[str] | None = None
    region: pulumi.Input[str] | None = None
    endpoint: pulumi.Input[str] | None = None
    role_arn: pulumi.Input[str] | None = None
    session_name: pulumi.Input[str] | None = None
    external_id: pulumi.Input[str] | None = None


ConnectionInput = ConnectionArgs | ConnectionArgsDict


def unsupported(value: Any) -> dict[str, str]:
    return {UNSUPPORTED: type(value).__name__}


def plain(value: Any) -> Any:
    """``value`` as Pulumi can serialise it: Args -> dict, datetime -> ISO, Outputs kept."""
    if isinstance(value, pulumi.Output):
        return value.apply(lambda v: pulumi.Output.from_input(plain(v)))
    if value is None or isinstance(value, bool | int | str | pulumi.Resource):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else unsupported(value)
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not None
        }
    if isinstance(value, Mapping):
        if not all(isinstance(k, str) for k in value):
            return {UNSUPPORTED: "dict with non-string keys"}
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return unsupported(value)


def plain_credentials() -> list[str]:
    """Static credentials set in plain (not secret) stack config: refused, value never shown."""
    out = []
    for key in CREDENTIAL_KEYS:
        name = f"partnerlink:{key}"
        if runtime_config.get_config(name) is not None and not runtime_config.is_config_secret(
            name
        ):
            out.append(
                f"{name} is set in plain config; credentials must be secrets: "
                f"pulumi config rm {name} && pulumi config set --secret {name} <value>"
            )
    return out


def resource_props(
    spec: ResourceSpec,
    args_cls: type,
    resource_cls: type,
    resource_name: str,
    args: Any,
    kwargs: dict[str, Any],
) -> tuple[dict[str, Any], pulumi.ResourceOptions]:
    """The property map a resource hands to the engine, plus the options it implies."""
    names = [p.name for p in spec.props]
    given: dict[str, Any] = {}
    problems: list[str] = []
    if args is None:
        pass
    elif dataclasses.is_dataclass(args) and not isinstance(args, type):
        given.update({f.name: getattr(args, f.name) for f in dataclasses.fields(args)})
    elif isinstance(args, Mapping):
        given.update(args)
    else:
        problems.append(f"args must be a {args_cls.__name__} or a dict, not {type(args).__name__}")
    if args is not None and kwargs:
        problems.append(
            f"pass either a {args_cls.__name__} or keyword arguments, not both "
            f"(got {', '.join(sorted(map(str, kwargs)))})"
        )
    given.update(kwargs)
    for key in given:
        if key not in names:
            problems.append(f"{key} is not an input of {spec.name}{suggest(str(key), names)}")
    props: dict[str, Any] = {}
    for prop in spec.props:
        value = plain(given.get(prop.name))
        props[prop.name] = pulumi.Output.secret(value) if prop.secret else value
    props[TOKEN_SEED] = seed_for(
        pulumi.get_project(), pulumi.get_stack(), resource_name, _root_directory()
    )
    problems += plain_credentials()
    if problems:
        props[PROBLEMS] = problems
    props.update({name: None for name in output_names(resource_cls) if name not in props})
    opts = pulumi.ResourceOptions(additional_secret_outputs=list(spec.secrets))
    return props, opts


def _root_directory() -> str | None:
    """The project's root (where Pulumi.yaml and Pulumi.<stack>.yaml are)."""
    try:
        return pulumi.get_root_directory() or os.getcwd()
    except Exception:  # an SDK without it, or no engine: the program runs in the root
        return os.getcwd()
