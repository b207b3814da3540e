"""The one check pipeline: normalise every input by its shape, then validate the request we would
send against the botocore model, then the resource's documented cross-field rules.

1. **Shape normalisation** (from the model where it describes the input): mappings where the
   model has a structure (unknown keys named, with a suggestion), strings, whole numbers (the
   engine sends every number as a float), digit strings that accept numbers
   (``minimum_notice_days=30``), ISO 8601 timestamps (canonical UTC), booleans, tags, the
   ``connection`` override. Values unknown at preview are left alone, wherever they are.
2. **Model validation** of the create request built from the normalised inputs (``validation``):
   required, enum, length, pattern, unions — the rules botocore skips included.
3. **Rules** of the resource (a function of the normalised inputs).

Failures name the full property path (``start_service_period.minimum_notice_days``). The engine
prints the *value* of the property a failure names, secrets included, so a failure about a secret
input, or about a very long value, names no property field and says the path in its reason.
Messages never quote a value (but a short prefix of a tag key).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Mapping
from typing import Any

import regex
from botocore import xform_name
from botocore.model import Shape, StringShape, StructureShape
from pulumi.dynamic import CheckFailure

from ..unknown import is_unknown, present
from ..validation import Path, validate
from .inputs import PROBLEMS, UNSUPPORTED, suggest
from .spec import CATALOGS, Prop, ResourceSpec

Problem = tuple[str, str]  # (property path, what is wrong)
Rules = Callable[[dict[str, Any]], list[Problem]]

MAX_TAGS = 50
BIG_VALUE = 300  # characters of repr beyond which a failure does not let the engine print it
_DIGITS = "[0-9]*"
FRIENDLY_PATTERNS = {
    "[a-fA-F0-9]{64}": "must be exactly 64 hexadecimal characters (0-9, a-f)",
    "^[a-zA-Z0-9-_]+$": "may contain only letters, digits, '-' and '_'",
    "[!-~]*": "may contain only printable ASCII characters, without spaces",
    _DIGITS: "must contain only digits",
    "[^\\x00-\\x1F\\x7F]*": "must not contain control characters",
}
CONNECTION_FIELDS = ("profile", "region", "endpoint")
_REGION = regex.compile(r"[a-z]{2}(-[a-z0-9]+)+-[0-9]+")
_URL = regex.compile(r"https?://[^\s/?#]+(/[^\s]*)?")


def _kind(value: Any) -> str:
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


class _Normaliser:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, problem: str) -> None:
        self.problems.append((path, problem))

    def by_shape(self, shape: Shape, value: Any, path: str) -> Any:
        if is_unknown(value):
            return value
        if isinstance(value, Mapping) and UNSUPPORTED in value:
            self.fail(path, f"must be {_expected(shape)}, not {_kind(value)}")
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
                self.fail(path, f"must be a whole number, not {_kind(value)}")
            return number
        if kind == "boolean":
            if not isinstance(value, bool):
                self.fail(path, f"must be true or false, not {_kind(value)}")
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
            self.fail(path, f"must be an object (an Args object or a dict), not {_kind(value)}")
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
        if pattern == _DIGITS and not isinstance(value, bool):
            number = _whole(value)
            if number is None or number < 0:
                self.fail(path, f"must be a whole number, not {_describe_number(value)}")
                return None
            return str(number)
        enum = shape.enum if isinstance(shape, StringShape) else None
        what = f"one of {', '.join(enum)}" if enum else "a string"
        self.fail(path, f"must be {what}, not {_kind(value)}")
        return None

    def tags(self, value: Any, path: str) -> Any:
        if value is None or is_unknown(value):
            return {} if value is None else value
        if not isinstance(value, Mapping):
            self.fail(path, f"must be a map of strings to strings, not {_kind(value)}")
            return {}
        if len(value) > MAX_TAGS:
            self.fail(path, f"has {len(value)} entries; AWS allows at most {MAX_TAGS} tags")
        out: dict[str, Any] = {}
        for key, item in value.items():
            shown = repr(str(key)[:40])
            if not isinstance(key, str):
                self.fail(path, f"keys must be strings (got {_kind(key)})")
                continue
            if key.lower().startswith("aws:"):
                self.fail(path, f"key {shown} uses the prefix 'aws:', which AWS reserves")
            if not (isinstance(item, str) or is_unknown(item)):
                self.fail(path, f"value of key {shown} must be a string, not {_kind(item)}")
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
                f"{', '.join(CONNECTION_FIELDS)}), not {_kind(value)}",
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
                self.fail(where, f"must be a non-empty string, not {_kind(item)}")
                continue
            if key == "region" and not _REGION.fullmatch(item):
                self.fail(where, "must be an AWS region such as us-east-1")
            if key == "endpoint" and not _URL.fullmatch(item):
                self.fail(where, "must be an http:// or https:// URL")
            out[key] = item
        return out or None


_EXPECTED_KIND = {
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
    return _kind(value)


def _expected(shape: Shape) -> str:
    return {
        "structure": "an object",
        "string": "a string",
        "integer": "a whole number",
        "long": "a whole number",
        "boolean": "true or false",
        "timestamp": "an ISO 8601 date",
    }.get(shape.type_name, "a value")


# --------------------------------------------------------------------------- the request


def to_wire(shape: Shape, value: Any, path: Path, unknown: set[Path]) -> Any:
    """A normalised input as the wire wants it; unknown values left out (their paths noted)."""
    if is_unknown(value):
        unknown.add(path)
        return None
    if isinstance(shape, StructureShape) and isinstance(value, Mapping):
        fields = {xform_name(m): m for m in shape.members}
        out: dict[str, Any] = {}
        for key, item in value.items():
            member = fields.get(key)
            if member is None:
                continue
            wired = to_wire(shape.members[member], item, (*path, member), unknown)
            if wired is not None:
                out[member] = wired
            elif is_unknown(item):
                unknown.add((*path, member))
        return out
    if shape.type_name == "timestamp" and isinstance(value, str):
        return _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


def build_request(
    spec: ResourceSpec, inputs: Mapping[str, Any]
) -> tuple[dict[str, Any], set[Path]]:
    """The create request for ``inputs`` (without the client token), and the unknown paths."""
    request: dict[str, Any] = {}
    unknown: set[Path] = set()
    for prop in spec.props:
        path = spec.wire_path(prop)
        value = inputs.get(prop.name)
        if not path or value is None or (prop.kind == "tags"):
            continue
        shape = spec.shape_of(prop)
        wired = to_wire(shape, value, path, unknown) if shape is not None else value
        if wired is None:
            continue
        node = request
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = wired
    if spec.tags:
        member, key, val = spec.tags
        tags = inputs.get("tags")
        if isinstance(tags, Mapping):
            request[member] = [{key: k, val: v} for k, v in sorted(tags.items()) if present(v)]
    return request, unknown


# --------------------------------------------------------------------------- the pipeline


def _property_path(spec: ResourceSpec, path: Path, request: Mapping[str, Any]) -> str:
    if spec.tags and path[:1] == (spec.tags[0],):
        if len(path) >= 3 and isinstance(path[1], int):
            item = request[spec.tags[0]][path[1]]
            name = repr(str(item[spec.tags[1]])[:40])
            return f"tags key {name}" if path[2] == spec.tags[1] else f"tags value of key {name}"
        return "tags"
    best: tuple[Prop, int] | None = None
    for prop in spec.props:
        wire = spec.wire_path(prop)
        if wire and tuple(path[: len(wire)]) == wire and (best is None or len(wire) > best[1]):
            best = (prop, len(wire))
    if best is None:
        return xform_name(str(path[0])) if path else "(input)"
    rest = [xform_name(str(p)) for p in path[best[1] :] if not isinstance(p, int)]
    return ".".join([best[0].name, *rest])


def _skip(path: Path, code: str, unknown: set[Path]) -> bool:
    if code == "union":
        return any(u[: len(path)] == path for u in unknown)
    if code == "required":
        return any(path[: len(u)] == u or u[: len(path)] == path for u in unknown)
    return False


def normalise(spec: ResourceSpec, news: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Step 1: every declared input normalised by its shape (and its problems)."""
    n = _Normaliser()
    inputs = {k: v for k, v in news.items() if k != PROBLEMS}
    for text in news.get(PROBLEMS) or []:
        n.fail("", str(text))
    for prop in spec.props:
        before = len(n.problems)
        value = news.get(prop.name)
        if value is None or (isinstance(value, str) and value == "" and prop.default is not None):
            value = prop.default
        if prop.kind and isinstance(value, Mapping) and UNSUPPORTED in value:
            n.fail(
                prop.name,
                f"must be {_EXPECTED_KIND[prop.kind]}, not {_kind(value)}",
            )
            value = None
        elif prop.kind == "tags":
            value = n.tags(value, prop.name)
        elif prop.kind == "connection":
            value = n.connection(value, prop.name)
        elif prop.kind == "bool":
            if value is None:
                value = bool(prop.default)
            elif not isinstance(value, bool) and not is_unknown(value):
                n.fail(prop.name, f"must be true or false, not {_kind(value)}")
                value = bool(prop.default)
        elif value is not None:
            shape = spec.shape_of(prop)
            if prop.enum and not is_unknown(value) and value not in prop.enum:
                if isinstance(value, str):
                    n.fail(prop.name, f"must be one of {', '.join(prop.enum)}")
                else:
                    n.fail(prop.name, f"must be one of {', '.join(prop.enum)}, not {_kind(value)}")
                value = None
            elif shape is not None:
                value = n.by_shape(shape, value, prop.name)
            elif not isinstance(value, str) and not is_unknown(value):
                n.fail(prop.name, f"must be a string, not {_kind(value)}")
                value = None
        if prop.required and (value is None or value == "") and len(n.problems) == before:
            n.fail(prop.name, "is required and must not be empty")
        inputs[prop.name] = value
    return inputs, n.problems


def check_inputs(
    spec: ResourceSpec, news: Mapping[str, Any], rules: Rules | None = None
) -> tuple[dict[str, Any], list[CheckFailure]]:
    """The whole pipeline: normalised inputs and every failure, named by property path."""
    inputs, problems = normalise(spec, news)
    if not problems and rules is not None:
        problems += rules(inputs)
    if not problems and spec.create_shape is not None:
        request, unknown = build_request(spec, inputs)
        token = inputs.get("client_token")
        token_member = next(
            (m for m, s in spec.create_shape.members.items() if s.metadata.get("idempotencyToken")),
            None,
        )
        if token_member and isinstance(token, str):
            request[token_member] = token
        for v in validate(spec.create_shape, request):
            if _skip(v.path, v.code, unknown):
                continue
            path = _property_path(spec, v.path, request)
            message = v.message.removeprefix("Member ")
            if v.code == "union":
                message = _union_message(v.message)
            if v.code == "enum":
                message = "must be one of " + v.message.split("[", 1)[-1].rstrip("]")
            if v.code == "pattern":
                message = FRIENDLY_PATTERNS.get(v.message.rsplit(": ", 1)[-1], message)
            if v.code == "required" and "." not in path and " " not in path:
                message = "is required and must not be empty"
            problems.append((path, message))
    return inputs, [_failure(spec, news, path, problem) for path, problem in _unique(problems)]


def _union_message(message: str) -> str:
    """``Exactly one of [aB, cD] must be set (found aB, cD)`` in property names."""
    m = regex.fullmatch(r"Exactly one of \[(.*)\] must be set \(found (.*)\)", message)
    if m is None:
        return message

    def snake(names: str) -> str:
        return ", ".join(xform_name(n.strip()) for n in names.split(","))

    found = "none" if m.group(2) == "none" else snake(m.group(2))
    return f"must have exactly one of {snake(m.group(1))} set (found {found})"


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    return [p for p in problems if not (p in seen or seen.add(p))]  # type: ignore[func-returns-value]


def _failure(spec: ResourceSpec, news: Mapping[str, Any], path: str, problem: str) -> CheckFailure:
    """A CheckFailure that never lets the engine print a secret or a huge value."""
    if not path:
        return CheckFailure("", problem)
    top = path.split(".")[0].split(" ")[0]
    secret = top in spec.secrets
    big = len(repr(news.get(top))) > BIG_VALUE
    return CheckFailure("" if secret or big else top, f"{path} {problem}")


def catalog_prop(create_only: bool = True) -> Prop:
    return Prop("catalog", create_only=create_only, default="AWS", enum=CATALOGS, required=True)
