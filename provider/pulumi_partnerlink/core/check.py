"""The one check pipeline: normalise every input by its shape, then validate the request we would
send against the botocore model, then the resource's documented cross-field rules.

1. **Shape normalisation** (``normalise``; from the model where it describes the input):
   structures, strings, whole numbers, digit strings, ISO 8601 timestamps, booleans, tags, the
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
import re
from collections.abc import Callable, Mapping
from typing import Any

from botocore import xform_name
from botocore.model import Shape, StructureShape

from ..unknown import is_unknown, present
from ..validation import Path, validate
from .normalise import DIGITS, EXPECTED_KIND, Normaliser, Problem, kind_of, parse_iso
from .results import PROBLEMS, UNSUPPORTED, Failure
from .spec import CATALOGS, Prop, ResourceSpec

__all__ = ["Problem", "build_request", "catalog_prop", "check_inputs", "parse_iso"]

Rules = Callable[[dict[str, Any]], list[Problem]]

BIG_VALUE = 300  # characters of repr beyond which a failure does not let the engine print it
FRIENDLY_PATTERNS = {
    "[a-fA-F0-9]{64}": "must be exactly 64 hexadecimal characters (0-9, a-f)",
    "^[a-zA-Z0-9-_]+$": "may contain only letters, digits, '-' and '_'",
    "[!-~]*": "may contain only printable ASCII characters, without spaces",
    DIGITS: "must contain only digits",
    "[^\\x00-\\x1F\\x7F]*": "must not contain control characters",
}


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
    spec: ResourceSpec, inputs: Mapping[str, Any], checking: bool = False
) -> tuple[dict[str, Any], set[Path]]:
    """The create request for ``inputs`` (without the client token), and the unknown paths.
    ``checking``: with the tags even where the create does not carry them (they are sent by
    TagResource, under the same constraints)."""
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
    if spec.tags and (checking or spec.wire_path(spec.prop("tags"))):  # wire=(): set after
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
    n = Normaliser()
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
                f"must be {EXPECTED_KIND[prop.kind]}, not {kind_of(value)}",
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
                n.fail(prop.name, f"must be true or false, not {kind_of(value)}")
                value = bool(prop.default)
        elif value is not None:
            shape = spec.shape_of(prop)
            if prop.enum and not is_unknown(value) and value not in prop.enum:
                if isinstance(value, str):
                    n.fail(prop.name, f"must be one of {', '.join(prop.enum)}")
                else:
                    n.fail(
                        prop.name, f"must be one of {', '.join(prop.enum)}, not {kind_of(value)}"
                    )
                value = None
            elif shape is not None:
                value = n.by_shape(shape, value, prop.name)
            elif not isinstance(value, str) and not is_unknown(value):
                n.fail(prop.name, f"must be a string, not {kind_of(value)}")
                value = None
        if prop.required and (value is None or value == "") and len(n.problems) == before:
            n.fail(prop.name, "is required and must not be empty")
        inputs[prop.name] = value
    return inputs, n.problems


def check_inputs(
    spec: ResourceSpec, news: Mapping[str, Any], rules: Rules | None = None
) -> tuple[dict[str, Any], list[Failure]]:
    """The whole pipeline: normalised inputs and every failure, named by property path."""
    inputs, problems = normalise(spec, news)
    if not problems and rules is not None:
        problems += rules(inputs)
    if not problems and spec.create_shape is not None:
        request, unknown = build_request(spec, inputs, checking=True)
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
    m = re.fullmatch(r"Exactly one of \[(.*)\] must be set \(found (.*)\)", message)
    if m is None:
        return message

    def snake(names: str) -> str:
        return ", ".join(xform_name(n.strip()) for n in names.split(","))

    found = "none" if m.group(2) == "none" else snake(m.group(2))
    return f"must have exactly one of {snake(m.group(1))} set (found {found})"


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    return [p for p in problems if not (p in seen or seen.add(p))]  # type: ignore[func-returns-value]


def _failure(spec: ResourceSpec, news: Mapping[str, Any], path: str, problem: str) -> Failure:
    """A Failure that never lets the engine print a secret or a huge value."""
    if not path:
        return Failure("", problem)
    top = path.split(".")[0].split(" ")[0]
    secret = top in spec.secrets
    big = len(repr(news.get(top))) > BIG_VALUE
    return Failure("" if secret or big else top, f"{path} {problem}")


def catalog_prop(create_only: bool = True, doc: str = "") -> Prop:
    return Prop(
        "catalog", create_only=create_only, default="AWS", enum=CATALOGS, required=True, doc=doc
    )
