"""Step 1 of the check pipeline: every input normalised by its shape, problems by path.

Mappings where the model has a structure (unknown keys named, with a suggestion), strings, whole
numbers (the engine sends every number as a float), digit strings that accept numbers
(``minimum_notice_days=30``), ISO 8601 timestamps (canonical UTC), booleans, tags and the
``connection`` override. Values unknown at preview are left alone, wherever they are. Nothing
here quotes a value.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
from collections.abc import Mapping
from typing import Any

from botocore import xform_name
from botocore.model import Shape, StringShape, StructureShape

from ..config import ROLE_ARN, SESSION_NAME
from ..unknown import is_unknown
from .results import UNSUPPORTED

Problem = tuple[str, str]  # (property path, what is wrong)

MAX_TAGS = 50
DIGITS = "[0-9]*"
CONNECTION_FIELDS = ("profile", "region", "endpoint", "role_arn", "session_name", "external_id")
_REGION = re.compile(r"[a-z]{2}(-[a-z0-9]+)+-[0-9]+")
_URL = re.compile(r"https?://[^\s/?#]+(/[^\s]*)?")


def suggest(name: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else f" (known: {', '.join(sorted(choices))})"


def kind_of(value: Any) -> str:
    if isinstance(value, Mapping) and UNSUPPORTED in value:
        return f"a {value[UNSUPPORTED]}"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


def parse_iso(value: Any) -> str | None:
    """An ISO 8601 date or date-time as canonical UTC ``YYYY-MM-DDTHH:MM:SSZ``, else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = _dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.timezone.utc)
    try:
        return parsed.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, ValueError):
        return None


class Normaliser:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, problem: str) -> None:
        self.problems.append((path, problem))

    def by_shape(self, shape: Shape, value: Any, path: str) -> Any:
        if is_unknown(value):
            return value
        if isinstance(value, Mapping) and UNSUPPORTED in value:
            self.fail(path, f"must be {_expected(shape)}, not {kind_of(value)}")
            return None
        kind = shape.type_name
        if kind == "structure":
            assert isinstance(shape, StructureShape)
            return self.structure(shape, value, path)
        if kind == "string":
            return self.string(shape, value, path)
        if kind in ("integer", "long"):
            number = _whole(value)
            if number is None:
                self.fail(path, f"must be a whole number, not {kind_of(value)}")
            return number
        if kind == "boolean":
            if not isinstance(value, bool):
                self.fail(path, f"must be true or false, not {kind_of(value)}")
                return None
            return value
        if kind == "timestamp":
            iso = parse_iso(value)
            if iso is None:
                self.fail(path, "must be an ISO 8601 date or date-time (e.g. 2027-01-31)")
            return iso
        return value

    def structure(self, shape: StructureShape, value: Any, path: str) -> Any:
        if not isinstance(value, Mapping):
            self.fail(path, f"must be an object (an Args object or a dict), not {kind_of(value)}")
            return None
        fields = {xform_name(m): m for m in shape.members}
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str) or key not in fields:
                self.fail(f"{path}.{key}", f"is not a known field{suggest(str(key), list(fields))}")
                continue
            if item is None:
                continue
            out[key] = self.by_shape(shape.members[fields[key]], item, f"{path}.{key}")
        return out

    def string(self, shape: Shape, value: Any, path: str) -> Any:
        if isinstance(value, str):
            return value
        pattern = shape.metadata.get("pattern")
        if pattern == DIGITS and not isinstance(value, bool):
            number = _whole(value)
            if number is None or number < 0:
                self.fail(path, f"must be a whole number, not {_describe_number(value)}")
                return None
            return str(number)
        enum = shape.enum if isinstance(shape, StringShape) else None
        what = f"one of {', '.join(enum)}" if enum else "a string"
        self.fail(path, f"must be {what}, not {kind_of(value)}")
        return None

    def tags(self, value: Any, path: str) -> Any:
        if value is None or is_unknown(value):
            return {} if value is None else value
        if not isinstance(value, Mapping):
            self.fail(path, f"must be a map of strings to strings, not {kind_of(value)}")
            return {}
        if len(value) > MAX_TAGS:
            self.fail(path, f"has {len(value)} entries; AWS allows at most {MAX_TAGS} tags")
        out: dict[str, Any] = {}
        for key, item in value.items():
            shown = repr(str(key)[:40])
            if not isinstance(key, str):
                self.fail(path, f"keys must be strings (got {kind_of(key)})")
                continue
            if key.lower().startswith("aws:"):
                self.fail(path, f"key {shown} uses the prefix 'aws:', which AWS reserves")
            if not (isinstance(item, str) or is_unknown(item)):
                self.fail(path, f"value of key {shown} must be a string, not {kind_of(item)}")
                continue
            out[key] = item
        return out

    def connection(self, value: Any, path: str) -> Any:
        if value is None or is_unknown(value):
            return value
        if not isinstance(value, Mapping):
            self.fail(
                path,
                'must be an object such as {"profile": "customer"} (keys: '
                f"{', '.join(CONNECTION_FIELDS)}), not {kind_of(value)}",
            )
            return None
        out: dict[str, Any] = {}
        for key, item in value.items():
            where = f"{path}.{key}"
            if key not in CONNECTION_FIELDS:
                self.fail(where, f"is not a known field{suggest(str(key), CONNECTION_FIELDS)}")
                continue
            if item is None or is_unknown(item):
                if item is not None:
                    out[key] = item
                continue
            if not isinstance(item, str) or not item:
                self.fail(where, f"must be a non-empty string, not {kind_of(item)}")
                continue
            if key == "region" and not _REGION.fullmatch(item):
                self.fail(where, "must be an AWS region such as us-east-1")
            if key == "endpoint" and not _URL.fullmatch(item):
                self.fail(where, "must be an http:// or https:// URL")
            if key == "role_arn" and not ROLE_ARN.fullmatch(item):
                self.fail(where, "must be an IAM role ARN such as arn:aws:iam::123456789012:role/x")
            if key == "session_name" and not SESSION_NAME.fullmatch(item):
                self.fail(where, "must be 2-64 of letters, digits and +=,.@_-")
            out[key] = item
        if out and any(k in out for k in ("session_name", "external_id")) and "role_arn" not in out:
            self.fail(path, "session_name and external_id go with role_arn")
        return out or None


EXPECTED_KIND = {
    "tags": "a map of strings to strings",
    "connection": 'an object such as {"profile": "customer"}',
    "bool": "true or false",
}


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _describe_number(value: Any) -> str:
    if isinstance(value, float) and math.isfinite(value):
        return "a fraction" if not value.is_integer() else "a negative number"
    if isinstance(value, int) and not isinstance(value, bool):
        return "a negative number"
    return kind_of(value)


def _expected(shape: Shape) -> str:
    return {
        "structure": "an object",
        "string": "a string",
        "integer": "a whole number",
        "long": "a whole number",
        "boolean": "true or false",
        "timestamp": "an ISO 8601 date",
    }.get(shape.type_name, "a value")
