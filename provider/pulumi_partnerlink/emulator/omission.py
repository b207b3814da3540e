"""Dropping optional response members (the behaviour knob ``omit``), driven by the output shapes.

No output member of either service is required, so AWS may leave any of them out. ``omit``
plays that: ``"all"`` keeps only what names an object or a page (``IDENTIFIERS``) and the
containers around it; a tuple of names drops those members wherever they occur. Members the
model marks required are never dropped. Applied to answers only, never to errors.
"""

from __future__ import annotations

import functools
from typing import Any

import botocore.session
from botocore.model import ListShape, MapShape, Shape, StructureShape

# The services whose answers ``omit`` thins (sts's GetCallerIdentity is not theirs to vary).
SERVICES = ("iotwireless", "partnercentral-channel")
# Kept by omit="all": the identifiers of the objects (a Partner Central id; a Sidewalk partner
# account's AmazonId, which is its PartnerAccountId) and the page tokens, without which a list
# cannot be read at all.
IDENTIFIERS = frozenset({"id", "AmazonId", "nextToken", "NextToken"})


def omit_members(shape: Shape | None, value: Any, omit: str | tuple[str, ...]) -> Any:
    """``value`` (a handler's answer for ``shape``) without the members ``omit`` drops."""
    if omit == "none" or shape is None or value is None:
        return value
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        out = {}
        for name, item in value.items():
            member = shape.members.get(name)
            if member is None:
                out[name] = item
            elif name in shape.required_members or not _dropped(name, member, omit):
                out[name] = omit_members(member, item, omit)
        return out
    if isinstance(shape, ListShape) and isinstance(value, list):
        return [omit_members(shape.member, item, omit) for item in value]
    if isinstance(shape, MapShape) and isinstance(value, dict):
        return {k: omit_members(shape.value, v, omit) for k, v in value.items()}
    return value


def _dropped(name: str, member: Shape, omit: str | tuple[str, ...]) -> bool:
    if omit == "all":
        container = isinstance(member, StructureShape | ListShape | MapShape)
        return not container and name not in IDENTIFIERS
    return name in omit


@functools.cache
def response_member_names() -> frozenset[str]:
    """Every member name that occurs in an answer of either service (what ``omit`` can name)."""
    session = botocore.session.get_session()
    names: set[str] = set()
    for service in SERVICES:
        model = session.get_service_model(service)
        for operation in model.operation_names:
            shape = model.operation_model(operation).output_shape
            if shape is not None:
                _collect(shape, names, set())
    return frozenset(names)


def _collect(shape: Shape, names: set[str], seen: set[str]) -> None:
    if shape.name in seen:
        return
    seen.add(shape.name)
    if isinstance(shape, StructureShape):
        for name, member in shape.members.items():
            names.add(name)
            _collect(member, names, seen)
    elif isinstance(shape, ListShape):
        _collect(shape.member, names, seen)
    elif isinstance(shape, MapShape):
        _collect(shape.value, names, seen)
