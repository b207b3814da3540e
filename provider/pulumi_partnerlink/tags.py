"""Tags: ``dict[str, str]`` in Pulumi, a key/value list on the wire; reconciled by difference."""

from __future__ import annotations

from collections.abc import Mapping


def to_wire(
    tags: Mapping[str, str] | None, key: str = "Key", value: str = "Value"
) -> list[dict[str, str]]:
    return [{key: k, value: v} for k, v in sorted((tags or {}).items())]


def from_wire(
    items: list[dict[str, str]] | None, key: str = "Key", value: str = "Value"
) -> dict[str, str]:
    return {item[key]: item[value] for item in items or []}


def difference(
    current: Mapping[str, str], desired: Mapping[str, str]
) -> tuple[dict[str, str], list[str]]:
    """(tags to set, keys to remove) that turn ``current`` into ``desired``, nothing more."""
    to_set = {k: v for k, v in desired.items() if current.get(k) != v}
    to_remove = sorted(k for k in current if k not in desired)
    return to_set, to_remove
