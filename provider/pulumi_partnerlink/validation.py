"""Model-driven input checks: one walk over a botocore shape, every constraint the model states.

botocore's client-side validation checks required members, types and minimums but skips
maximums, patterns and enums; AWS checks them server-side, so a bad value would fail only at
``up``. This walker checks them all: required members, types, enums, min/max lengths of strings
and lists, integer ranges, patterns, and tagged unions (exactly one member set).

Both sides use it: the emulator validates requests exactly as it would answer them, and every
provider's ``check()`` runs it on the request it is about to send, so invalid input is rejected
at ``preview`` naming the property, with no API call.

Patterns are matched against the whole value. Smithy patterns are not implicitly anchored, but
read unanchored most of these (``[0-9]*`` for an account id) accept anything; whole-value
matching is what they mean. They use ``\\p{L}``-style classes, hence the ``regex`` module.

Messages never quote the value: a value may be a secret (``AppServerPrivateKey``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StringShape, StructureShape

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Violation:
    """One failed constraint at ``path`` (wire member names and list indexes)."""

    path: Path
    code: str
    message: str

    def at(self, render: Callable[[Path], str] | None = None) -> str:
        return (render or wire_path)(self.path)


def wire_path(path: Path) -> str:
    """``('payload', 'start', 0, 'note')`` -> ``payload.start[0].note``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@lru_cache(maxsize=512)
def _pattern(expr: str) -> Any:
    import regex  # the model's patterns need it (\\p{...}); imported on the first one only

    return regex.compile(expr)


def _is_set(value: Any) -> bool:
    return value is not None


def validate(shape: Shape, value: Any, path: Path = ()) -> list[Violation]:
    """Every violation of ``shape``'s constraints by ``value`` (empty when valid)."""
    out: list[Violation] = []
    _walk(shape, value, path, out)
    return out


def _walk(shape: Shape, value: Any, path: Path, out: list[Violation]) -> None:
    check = _CHECKS.get(shape.type_name)
    if check is not None:  # blob, document, float, double: nothing these models constrain.
        check(shape, value, path, out)


def _structure(shape: Shape, value: Any, path: Path, out: list[Violation]) -> None:
    assert isinstance(shape, StructureShape)
    if not isinstance(value, dict):
        out.append(Violation(path, "type", "Member must be a structure"))
        return
    members = shape.members
    if shape.metadata.get("union"):
        present = [k for k in members if _is_set(value.get(k))]
        if len(present) != 1:
            names = ", ".join(members)
            found = f"found {', '.join(present)}" if present else "found none"
            out.append(Violation(path, "union", f"Exactly one of [{names}] must be set ({found})"))
    for name in shape.required_members:
        if not _is_set(value.get(name)):
            out.append(Violation((*path, name), "required", "Member must not be null"))
    for name, member in members.items():
        if _is_set(value.get(name)):
            _walk(member, value[name], (*path, name), out)


def _list(shape: Shape, value: Any, path: Path, out: list[Violation]) -> None:
    assert isinstance(shape, ListShape)
    if not isinstance(value, list | tuple):
        out.append(Violation(path, "type", "Member must be a list"))
        return
    _length(shape.metadata, len(value), path, out, unit="list")
    for i, item in enumerate(value):
        if item is None:
            out.append(Violation((*path, i), "required", "Member must not be null"))
        else:
            _walk(shape.member, item, (*path, i), out)


def _map(shape: Shape, value: Any, path: Path, out: list[Violation]) -> None:
    assert isinstance(shape, MapShape)
    if not isinstance(value, dict):
        out.append(Violation(path, "type", "Member must be a map"))
        return
    _length(shape.metadata, len(value), path, out, unit="map")
    for key, item in value.items():
        _walk(shape.key, key, (*path, str(key)), out)
        if item is not None:
            _walk(shape.value, item, (*path, str(key)), out)


def _string(shape: Shape, value: Any, path: Path, out: list[Violation]) -> None:
    if not isinstance(value, str):
        out.append(Violation(path, "type", "Member must be a string"))
        return
    enum = shape.enum if isinstance(shape, StringShape) else None
    if enum and value not in enum:
        out.append(
            Violation(path, "enum", f"Member must satisfy enum value set: [{', '.join(enum)}]")
        )
        return
    _length(shape.metadata, len(value), path, out, unit="string")
    pattern = shape.metadata.get("pattern")
    if pattern and not _pattern(pattern).fullmatch(value):
        out.append(
            Violation(path, "pattern", f"Member must satisfy regular expression pattern: {pattern}")
        )


def _integer(shape: Shape, value: Any, path: Path, out: list[Violation]) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        out.append(Violation(path, "type", "Member must be an integer"))
        return
    meta = shape.metadata
    if "min" in meta and value < meta["min"]:
        out.append(
            Violation(path, "min", f"Member must have value greater than or equal to {meta['min']}")
        )
    if "max" in meta and value > meta["max"]:
        out.append(
            Violation(path, "max", f"Member must have value less than or equal to {meta['max']}")
        )


def _boolean(shape: Shape, value: Any, path: Path, out: list[Violation]) -> None:
    if not isinstance(value, bool):
        out.append(Violation(path, "type", "Member must be a boolean"))


def _timestamp(shape: Shape, value: Any, path: Path, out: list[Violation]) -> None:
    if not isinstance(value, _dt.datetime):
        out.append(Violation(path, "type", "Member must be a timestamp"))


_CHECKS: dict[str, Callable[[Shape, Any, Path, list[Violation]], None]] = {
    "structure": _structure,
    "list": _list,
    "map": _map,
    "string": _string,
    "integer": _integer,
    "long": _integer,
    "boolean": _boolean,
    "timestamp": _timestamp,
}


def _length(meta: dict[str, Any], n: int, path: Path, out: list[Violation], unit: str) -> None:
    noun = "length" if unit == "string" else "size"
    if "min" in meta and n < meta["min"]:
        out.append(
            Violation(
                path,
                "min_length",
                f"Member must have {noun} greater than or equal to {meta['min']}",
            )
        )
    if "max" in meta and n > meta["max"]:
        out.append(
            Violation(
                path, "max_length", f"Member must have {noun} less than or equal to {meta['max']}"
            )
        )


def summarize(violations: Iterable[Violation], render: Callable[[Path], str] | None = None) -> str:
    """AWS-style one-line summary: ``2 validation errors detected: Value at 'a' failed ...``."""
    items = list(violations)
    parts = [f"Value at '{v.at(render)}' failed to satisfy constraint: {v.message}" for v in items]
    noun = "error" if len(items) == 1 else "errors"
    return f"{len(items)} validation {noun} detected: " + "; ".join(parts)
