"""What the lifecycle takes and returns: plain data, no front end's types.

Each front end translates these: the dynamic one into ``pulumi.dynamic``'s result types, the
native one into ``pulumi.provider.experimental``'s responses. The markers are the state-only
keys the core shares with both front ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

UNSUPPORTED = "__partnerlink_unsupported__"  # an input value Pulumi could not serialise
PROBLEMS = "__partnerlink_problems"  # problems found before check (constructor, get)
GET_MARK = "__partnerlink_get"  # the inputs of `X.get(...)`: a read of an object not managed
TOKEN_SEED = "__token_seed"
LEGACY_TOKEN_SEED = "token_seed"  # state written before 0.2 kept the seed under this name


@dataclass(frozen=True)
class Failure:
    """One check failure: the user-facing property it is about ("" for none) and why."""

    property: str
    reason: str


@dataclass
class Checked:
    inputs: dict[str, Any]
    failures: list[Failure] = field(default_factory=list)


@dataclass
class Diff:
    changes: bool
    replaces: list[str] = field(default_factory=list)
    delete_before_replace: bool = False
    changed: list[str] = field(default_factory=list)  # every input that differs


@dataclass
class Created:
    id: str
    outputs: dict[str, Any]


@dataclass
class Read:
    """A read's answer; ``id`` None: the object is gone."""

    id: str | None
    outputs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Updated:
    outputs: dict[str, Any]
