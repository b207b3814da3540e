"""Values between the wire and handler dicts, one codec per encoding, driven by model shapes.

JSON (both JSON protocols' bodies), URI labels / query strings / headers (rest-json's other
locations), the query protocol's flattened form and XML answers (sts). Handlers see aware
``datetime`` for timestamps and ``bytes`` for blobs; the wire sees what the model's
``timestampFormat`` and types say. ``protocol`` decides where each member travels; this
module only converts it.
"""

from __future__ import annotations

import base64
import datetime as _dt
from email.utils import format_datetime
from typing import Any
from xml.sax.saxutils import escape

from botocore.model import ListShape, MapShape, Shape, StructureShape
from botocore.utils import parse_timestamp

from .errors import BadRequest


def scalar(shape: Shape, raw: str) -> Any:
    kind = shape.type_name
    if kind in ("integer", "long"):
        try:
            return int(raw)
        except ValueError:
            raise BadRequest(f"{shape.name}: {raw!r} is not an integer") from None
    if kind in ("float", "double"):
        return float(raw)
    if kind == "boolean":
        return raw.lower() == "true"
    if kind == "timestamp":
        return _timestamp(raw)
    if kind == "blob":
        return base64.b64decode(raw)
    return raw


def _timestamp(raw: Any) -> _dt.datetime:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise BadRequest(f"{str(raw)[:40]!r} is not a timestamp")
    try:
        value = parse_timestamp(raw)  # type: ignore[arg-type]  # numbers are epochs
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        return value.astimezone(_dt.timezone.utc)
    except (ValueError, TypeError, OverflowError, OSError, RuntimeError):
        # botocore raises RuntimeError for epoch numbers no timezone arithmetic can hold
        raise BadRequest(f"{str(raw)[:40]!r} is not a timestamp AWS accepts") from None


def from_json(shape: Shape, value: Any) -> Any:
    kind = shape.type_name
    if value is None:
        return None
    if isinstance(shape, StructureShape):
        if not isinstance(value, dict):
            raise BadRequest(f"{shape.name} must be a JSON object")
        out = {}
        for name, member in shape.members.items():
            wire = member.serialization.get("name", name)
            if wire in value and value[wire] is not None:
                out[name] = from_json(member, value[wire])
        return out
    if isinstance(shape, ListShape):
        if not isinstance(value, list):
            raise BadRequest(f"{shape.name} must be a JSON array")
        return [from_json(shape.member, v) for v in value]
    if isinstance(shape, MapShape):
        if not isinstance(value, dict):
            raise BadRequest(f"{shape.name} must be a JSON object")
        return {k: from_json(shape.value, v) for k, v in value.items()}
    if kind == "timestamp":
        return _timestamp(value)
    if kind == "blob":
        return base64.b64decode(value)
    return value


def _timestamp_format(shape: Shape) -> str:
    return str(
        shape.serialization.get("timestampFormat")
        or shape.metadata.get("timestampFormat")
        or "unixTimestamp"
    )


def to_json(shape: Shape | None, value: Any) -> Any:
    if shape is None or value is None:
        return value
    kind = shape.type_name
    if isinstance(shape, StructureShape):
        out = {}
        for name, member in shape.members.items():
            if value.get(name) is not None:
                out[member.serialization.get("name", name)] = to_json(member, value[name])
        return out
    if isinstance(shape, ListShape):
        return [to_json(shape.member, v) for v in value]
    if isinstance(shape, MapShape):
        return {k: to_json(shape.value, v) for k, v in value.items()}
    if kind == "timestamp":
        fmt = _timestamp_format(shape)
        if fmt == "iso8601":
            return value.astimezone(_dt.timezone.utc).isoformat().replace("+00:00", "Z")
        if fmt == "rfc822":
            return format_datetime(value.astimezone(_dt.timezone.utc), usegmt=True)
        return value.timestamp()
    if kind == "blob":
        return base64.b64encode(value).decode()
    return value


def from_query(shape: Shape, prefix: str, form: dict[str, list[str]]) -> Any:
    """A query-protocol member from the flattened form (``A.B``, lists ``A.member.N``)."""
    if isinstance(shape, StructureShape):
        out = {}
        for name, member in shape.members.items():
            key = f"{prefix}{member.serialization.get('name', name)}"
            value = from_query(member, key, form)
            if value is not None:
                out[name] = value
        return out if out or not prefix else (None if not _any_under(form, prefix) else out)
    if isinstance(shape, ListShape):
        items = []
        index = 1
        while _any_under(form, f"{prefix}.member.{index}") or f"{prefix}.member.{index}" in form:
            items.append(from_query(shape.member, f"{prefix}.member.{index}", form))
            index += 1
        if not items and f"{prefix}" in form:  # "Name=" : an empty list
            return []
        return items or None
    if isinstance(shape, MapShape):
        entries, index = {}, 1
        while f"{prefix}.entry.{index}.key" in form:
            key = form[f"{prefix}.entry.{index}.key"][0]
            entries[key] = from_query(shape.value, f"{prefix}.entry.{index}.value", form)
            index += 1
        return entries or None
    if prefix not in form:
        return None
    return scalar(shape, form[prefix][0])


def _any_under(form: dict[str, list[str]], prefix: str) -> bool:
    return any(k.startswith(prefix + ".") for k in form)


def to_xml(shape: Shape, value: Any) -> str:
    """The members of a query-protocol answer as XML (structures nest, lists are ``member``)."""
    if isinstance(shape, StructureShape):
        parts = []
        for name, member in shape.members.items():
            if value.get(name) is None:
                continue
            tag = member.serialization.get("name", name)
            parts.append(f"<{tag}>{to_xml(member, value[name])}</{tag}>")
        return "".join(parts)
    if isinstance(shape, ListShape):
        return "".join(f"<member>{to_xml(shape.member, v)}</member>" for v in value)
    if shape.type_name == "timestamp":
        return escape(value.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    if shape.type_name == "boolean":
        return "true" if value else "false"
    if shape.type_name == "blob":
        return base64.b64encode(value).decode()
    return escape(str(value))


def header_value(shape: Shape, value: Any) -> str:
    if shape.type_name == "timestamp":
        return format_datetime(value.astimezone(_dt.timezone.utc), usegmt=True)
    if shape.type_name == "boolean":
        return "true" if value else "false"
    return str(value)
