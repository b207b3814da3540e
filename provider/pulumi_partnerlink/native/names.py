"""Property names and values between the wire (camelCase, ``PropertyValue``) and the core
(snake_case, plain Python), driven by the spec: keys of object-typed values are translated
(nested structures from the botocore model, ``connection``), keys of maps (``tags``) never are.

The core's check failures name snake_case paths (``start_service_period.minimum_notice_days``);
``failure_text`` rewrites every name it knows to the spelling of the program's language
(``spelling``: what its SDK calls the property), the schema's camelCase by default.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache, lru_cache
from typing import Any

import yaml  # type: ignore[import-untyped]
from botocore import xform_name
from botocore.model import ListShape, Shape, StructureShape
from pulumi.provider.experimental.property_value import Computed, PropertyValue

from ..core import ResourceSpec
from ..core.normalise import CONNECTION_FIELDS
from ..unknown import UNKNOWN

INTERNAL = "__"  # state-only keys of the core (token seed, write stamp): never renamed


def camel(snake: str) -> str:
    """``program_management_account_identifier`` -> ``programManagementAccountIdentifier``."""
    if snake.startswith(INTERNAL):
        return snake
    first, *rest = snake.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


@lru_cache(maxsize=4096)  # per request and property: a few names, met again and again
def snake(name: str) -> str:
    """The inverse of ``camel`` for any name (unknown ones too: the core then says so)."""
    if name.startswith(INTERNAL):
        return name
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def member_names(shape: StructureShape) -> dict[str, str]:
    """A structure's members by their core (snake_case) name."""
    return {xform_name(m): m for m in shape.members}


@cache
def known_names(spec: ResourceSpec) -> frozenset[str]:
    """Every snake_case name a failure about ``spec`` may mention."""
    return spec.property_names | set(CONNECTION_FIELDS)


# ----------------------------------------------------------------------------- values


def _keys(value: Any, shape: Shape | None, rename: Any, connection: bool) -> Any:
    """``value`` with the keys of its object parts renamed (maps and scalars untouched)."""
    if isinstance(value, list):
        item = shape.member if isinstance(shape, ListShape) else None
        return [_keys(v, item, rename, connection) for v in value]
    if not isinstance(value, Mapping):
        return value
    if connection:
        return {rename(k): v for k, v in value.items()}
    if not isinstance(shape, StructureShape):
        return dict(value)
    members = member_names(shape)
    out = {}
    for key, item in value.items():
        name = rename(key)
        core = name if name in members else snake(name)
        if core not in members and rename is snake:
            name = key  # a field the model does not have keeps the user's spelling in messages
        child = shape.members[members[core]] if core in members else None
        out[name] = _keys(item, child, rename, False)
    return out


@cache
def _prop_names(spec: ResourceSpec) -> frozenset[str]:
    return frozenset(p.name for p in spec.props)


@cache
def _prop_shape(spec: ResourceSpec, name: str) -> tuple[Shape | None, bool, bool]:
    """(shape, is_connection, is_map) of a core property (unknown names: no shape)."""
    prop = next((p for p in spec.props if p.name == name), None)
    if prop is None:
        return None, False, False
    if prop.kind == "connection":
        return None, True, False
    if prop.kind is not None:
        return None, False, True
    return spec.shape_of(prop), False, False


def plain(value: PropertyValue) -> Any:
    """A ``PropertyValue`` as the core's plain data (unknowns as the engine's sentinel)."""
    inner = value.value
    if isinstance(inner, Computed):
        return UNKNOWN
    if isinstance(inner, tuple):
        return [plain(v) for v in inner]
    if isinstance(inner, Mapping):
        return {k: plain(v) for k, v in inner.items()}
    return inner


def to_core(
    spec: ResourceSpec, props: Mapping[str, PropertyValue]
) -> tuple[dict[str, Any], set[str]]:
    """Wire properties as core inputs/state (snake_case), and the names of the secret ones."""
    out: dict[str, Any] = {}
    secret: set[str] = set()
    for key, value in props.items():
        name = snake(key)
        if name not in _prop_names(spec) and not name.startswith(INTERNAL):
            name = key  # an unknown property keeps the user's spelling in messages
        shape, connection, is_map = _prop_shape(spec, name)
        data = plain(value)
        out[name] = data if is_map else _keys(data, shape, snake, connection)
        if value.contains_secret():
            secret.add(name)
    return out, secret


def wire_value(value: Any, secret: bool = False) -> PropertyValue:
    """Plain data as a ``PropertyValue`` (numbers as floats, as the engine has them)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        pv = PropertyValue(value)
    elif isinstance(value, int | float):
        pv = PropertyValue(float(value))
    elif isinstance(value, Mapping):
        pv = PropertyValue({str(k): wire_value(v) for k, v in value.items()})
    elif isinstance(value, list | tuple):
        pv = PropertyValue([wire_value(v) for v in value])
    else:
        pv = PropertyValue(str(value))
    return pv.with_secret(True) if secret else pv


def to_wire(
    spec: ResourceSpec, data: Mapping[str, Any], secret: Iterable[str] = ()
) -> dict[str, PropertyValue]:
    """Core data as wire properties: camelCase names, the spec's secrets (and ``secret``) secret,
    absent values left out."""
    secrets = set(spec.secrets) | set(secret)
    out: dict[str, PropertyValue] = {}
    for name, value in data.items():
        if value is None:
            continue
        shape, connection, is_map = _prop_shape(spec, name)
        renamed = value if is_map else _keys(value, shape, camel, connection)
        out[camel(name)] = wire_value(renamed, name in secrets)
    return out


# ----------------------------------------------------------------------------- messages

SNAKE_NAME = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")  # a snake_case name in a text


def pascal(snake: str) -> str:
    """``minimum_notice_days`` -> ``MinimumNoticeDays`` (Go's and C#'s field names)."""
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


# How each Pulumi language's SDK spells a property, by Pulumi.yaml's runtime: Python
# snake_case, Go and .NET PascalCase, the rest (Node.js, YAML, Java) the schema's camelCase.
SPELLINGS: dict[str, Callable[[str], str]] = {
    "python": lambda name: name,
    "go": pascal,
    "dotnet": pascal,
}


@cache
def program_runtime(start: str = ".") -> str | None:
    """The runtime of the program this plugin serves: ``runtime`` of the Pulumi.yaml at or
    above its working directory (the engine starts providers in the program's directory)."""
    here = os.path.abspath(start)
    while True:
        for name in ("Pulumi.yaml", "Pulumi.yml"):
            try:
                with open(os.path.join(here, name), encoding="utf-8") as f:
                    runtime = (yaml.safe_load(f) or {}).get("runtime")
            except (OSError, yaml.YAMLError, AttributeError):
                continue
            if isinstance(runtime, Mapping):
                runtime = runtime.get("name")
            return str(runtime) if runtime else None
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def spelling() -> Callable[[str], str]:
    """The program's language's spelling of a snake_case name (camelCase if unknown)."""
    return SPELLINGS.get(program_runtime() or "", camel)


def spelled(path: str, spell: Callable[[str], str]) -> str:
    """A dotted path of snake_case names (``start_service_period.minimum_notice_days``)."""
    return ".".join(p if p.startswith(INTERNAL) else spell(p) for p in path.split("."))


def failure_text(spec: ResourceSpec, text: str, spell: Callable[[str], str] = camel) -> str:
    """A core message with every property name it knows spelled by ``spell`` (camelCase, the
    schema's; the program's language's in a check failure)."""
    names = known_names(spec)
    return SNAKE_NAME.sub(lambda m: spell(m.group(0)) if m.group(0) in names else m.group(0), text)
