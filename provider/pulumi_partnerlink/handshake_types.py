"""The three handshake types and where each one's data lives on the wire, from the model.

Shared by the provider and the emulator (it imports nothing but botocore's model loader).
Every name is derived from the type (``START_SERVICE_PERIOD`` -> ``startServicePeriod`` + a
suffix) and checked against partnercentral-channel's model when this module loads, so a model
change fails loudly.
"""

from __future__ import annotations

from typing import Any

from .models import service_model

_MODEL = service_model("partnercentral-channel")


def _structure(name: str) -> Any:
    return _MODEL.shape_for(name)


TYPES: tuple[str, ...] = tuple(
    _structure("CreateChannelHandshakeRequest").members["handshakeType"].enum
)


def _camel(handshake_type: str) -> str:
    first, *rest = handshake_type.lower().split("_")
    return first + "".join(part.capitalize() for part in rest)


def _members(shape_name: str, suffix: str, types: tuple[str, ...] = TYPES) -> dict[str, str]:
    members = _structure(shape_name).members
    out = {t: _camel(t) + suffix for t in types}
    missing = [m for m in out.values() if m not in members]
    if missing:
        raise RuntimeError(f"botocore's {shape_name} has no {missing}: the model changed")
    return out


DETAIL = _members("HandshakeDetail", "HandshakeDetail")
PAYLOAD = _members("ChannelHandshakePayload", "Payload", TYPES[:2])
FILTERS = _members("ListChannelHandshakesTypeFilters", "TypeFilters")
SORT = _members("ListChannelHandshakesTypeSort", "TypeSort")
