"""The behaviour profile: the answers AWS's documentation leaves open, played on demand.

Where the API reference allows more than one answer, or says nothing, the emulator's default is
one guess (``Behaviour()``: what it always did). Each knob below plays an alternative the
documentation permits; its comment quotes the sentence (or names the silence) that permits it.
A provider that is right for AWS is right under every profile.

Spelled as a spec string (``"lag"``, ``"lag,sparse"``, ``"list_lag=3,omit=Arn+status"``), a
JSON-like mapping (``{"list_lag": 3}``; ``"profile"`` names profiles to apply first), the same
as a JSON object in a string, or a ``Behaviour``; ``Behaviour.parse`` reads them all and refuses
anything else with a ``ValueError`` naming the knob. ``Emulator(behaviour=...)``,
``partnerlink-emulator --behaviour`` / ``--profile``, the ``PARTNERLINK_EMULATOR_BEHAVIOUR``
variable and the admin API (``GET``/``POST /_emulator/behaviour``) take it.

``Settings`` is the older spelling of two knobs (``token_window``, ``handshake_expiry``).
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .omission import response_member_names

BEHAVIOUR_ENV = "PARTNERLINK_EMULATOR_BEHAVIOUR"
DAY = 24 * 3600.0
MAX_SECONDS = 10.0**9


@dataclass(frozen=True)
class Settings:
    """Emulator-wide knobs (CLI flags / Emulator arguments); a subset of ``Behaviour``."""

    token_window_seconds: float = DAY
    handshake_expiry_seconds: float = 15 * DAY


@dataclass(frozen=True)
class Behaviour:
    """One choice per open question of the documentation; the defaults are today's answers."""

    # Neither API reference promises read-after-write consistency: nothing says a List* call
    # shows an object the moment its Create* returned. List* hide objects younger than this
    # (seconds of emulator time): ListProgramManagementAccounts, ListRelationships,
    # ListChannelHandshakes, ListPartnerAccounts.
    list_lag: float = 0.0
    # The same silence for reads by id: GetRelationship and GetPartnerAccount answer the model's
    # ResourceNotFoundException ("The specified resource was not found." / "Resource does not
    # exist.") for an object younger than this.
    get_lag: float = 0.0
    # No output member of either model is required (every output shape's `required` list is
    # empty; the doc pages mark no response member "[REQUIRED]"), so an answer without arn,
    # status or createdAt is a valid answer. "none"; "all" (every optional leaf member except
    # the identifiers id and AmazonId and the page tokens nextToken / NextToken; structures and
    # lists stay, emptied of such leaves); or a tuple of member names dropped wherever they occur.
    omit: str | tuple[str, ...] = "none"
    # "If you retry a request with the same token and the same parameters, the request will
    # complete successfully." (ClientRequestToken, AssociateAwsAccountWithPartnerAccount): for how
    # long is not said. Seconds of emulator time a client token is remembered.
    token_window: float = DAY
    # The same sentence is silent on a token whose object has since been deleted: "replay" the
    # original answer (naming the dead object), "conflict" (ConflictException, resourceType
    # ClientToken), or "new" (the token is forgotten with its object: a reuse creates anew).
    # An object is deleted once a record its create wrote left the store, or a deleted PMA kept
    # as INACTIVE (deleted_pma_listed); a CANCELED/REJECTED/EXPIRED handshake still exists.
    token_after_delete: str = "replay"
    # "if you try to create a new resource using the same token but different parameters, an
    # HTTP 409 conflict occurs" (iotwireless); partnercentral-channel's clientToken says only
    # "A unique, case-sensitive identifier to ensure idempotency of the request.", and its
    # ConflictException has no status in the model. ConflictException or ValidationException
    # (partnercentral's: reason REQUEST_VALIDATION_FAILED, fieldList naming the token member).
    # Played on partnercentral-channel only: IoT Wireless documents its 409.
    token_mismatch_error: str = "ConflictException"
    # participantType: "Filter by participant type (sender or receiver)." while
    # ChannelHandshakeSummary carries both senderAccountId and ownerAccountId ("The AWS account
    # ID of the handshake owner."): which one a SENDER listing matches is not said. "sender",
    # "owner" or "both".
    sender_listing: str = "sender"
    # The model's ListChannelHandshakes examples show START/REVOKE_SERVICE_PERIOD handshakes whose
    # ownerAccountId (the account in their ARN) is not their senderAccountId, and a
    # PROGRAM_MANAGEMENT_ACCOUNT one whose owner is its sender. True: a service-period handshake
    # is owned (ownerAccountId and ARN account) by its relationship's program management account
    # (the PMA's accountId), or by the receiver when that account is the sender itself.
    owner_differs: bool = False
    # ConflictException: "The request could not be completed due to a conflict with the current
    # state of the resource." Which states conflict is not documented. One PENDING handshake per
    # (type, associated resource); one PMA per (catalog, program, accountId) of an owner; one
    # relationship per (PMA, associatedAccountId). Each can be lifted.
    unique_pending_handshake: bool = True
    unique_pma: bool = True
    unique_relationship: bool = True
    # Every Create* (and AssociateAwsAccountWithPartnerAccount) lists ConflictException among its
    # errors without saying when; the first N calls of each answer one (a business conflict, no
    # ClientToken resourceType) and create nothing. Counted from start, reset or a new behaviour.
    create_conflicts: int = 0
    # HandshakeStatus has EXPIRED; after how long is not documented. Seconds of emulator time.
    handshake_expiry: float = 15 * DAY
    # ProgramManagementAccountStatus has INACTIVE, which no operation explains. True: a deleted
    # PMA stays in ListProgramManagementAccounts as INACTIVE (every other call: not found).
    deleted_pma_listed: bool = False
    # maxResults: "The maximum number of results to return in a single call." A maximum, not a
    # promise: the server caps every page at page_cap items, whatever maxResults says.
    page_cap: int | None = None
    # nextToken: "Token for retrieving the next page of results, if available." Nothing says a
    # page is full: short_pages answers pages of a random (deterministic per query and position)
    # length, empty ones included, with a nextToken while items remain; never two empty in a row.
    short_pages: bool = False
    # The documented quotas ("Quotas for the AWS Partner Central Channel API", see ``quotas``),
    # per account; AWS lets an account raise them, so each is a knob (0: no limit). Calls a
    # second of each Create/Update/Delete/Accept/Reject/Cancel operation, and of each of
    # ListProgramManagementAccounts, ListChannelHandshakes, ListRelationships, GetRelationship:
    write_rate: float = 3.0
    read_rate: float = 5.0
    # Program management accounts; relationships per PMA; active (PENDING) handshakes of each
    # type; handshakes of a type a day (emulator time) to the same receiving account.
    max_pmas: int = 50
    max_relationships: int = 1000
    max_pma_handshakes: int = 100
    max_start_handshakes: int = 200
    max_revoke_handshakes: int = 200
    handshakes_per_day: int = 5

    # ------------------------------------------------------------------ reading specs

    @classmethod
    def parse(cls, spec: Any = None, base: Behaviour | None = None) -> Behaviour:
        """``base`` (the defaults) with ``spec`` applied: None, a Behaviour, a string or a mapping.

        A string is comma-separated items, each a profile name or ``knob=value``, applied left to
        right, or a JSON object. A mapping's ``"profile"`` (a string of profile names) is applied
        before its knobs.
        """
        behaviour = base or cls()
        if spec is None:
            return behaviour
        if isinstance(spec, Behaviour):
            return spec
        if isinstance(spec, str) and spec.lstrip().startswith("{"):
            try:
                spec = json.loads(spec)
            except ValueError as exc:
                raise ValueError(f"a behaviour in JSON must be a JSON object: {exc}") from None
            if not isinstance(spec, dict):
                raise ValueError("a behaviour in JSON must be a JSON object")
        if isinstance(spec, str):
            for item in (part.strip() for part in spec.split(",")):
                if not item:
                    continue
                name, eq, value = item.partition("=")
                if eq:
                    behaviour = behaviour._with({name.strip(): value.strip()})
                else:
                    behaviour = behaviour._with(_profile(item))
            return behaviour
        if isinstance(spec, Mapping):
            knobs = dict(spec)
            profile = knobs.pop("profile", None)
            if profile is not None:
                if not isinstance(profile, str):
                    raise ValueError(
                        "profile must be a string of profile names (e.g. 'lag,sparse')"
                    )
                behaviour = cls.parse(profile, behaviour)
            return behaviour._with(knobs)
        raise ValueError(
            f"a behaviour is a profile name, 'knob=value,...', a mapping or a Behaviour, "
            f"not {type(spec).__name__}"
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> Behaviour:
        return cls(
            token_window=settings.token_window_seconds,
            handshake_expiry=settings.handshake_expiry_seconds,
        )

    def _with(self, knobs: Mapping[str, Any]) -> Behaviour:
        changes = {}
        for name, raw in knobs.items():
            if name not in KNOBS:
                raise ValueError(f"unknown behaviour knob {name!r}{_did_you_mean(name, KNOBS)}")
            changes[name] = _coerce(name, raw)
        return dataclasses.replace(self, **changes)

    # ------------------------------------------------------------------ showing it

    @property
    def settings(self) -> Settings:
        return Settings(self.token_window, self.handshake_expiry)

    def knobs(self) -> dict[str, Any]:
        """Every knob as JSON (``omit``'s names as a list)."""
        out = dataclasses.asdict(self)
        if isinstance(self.omit, tuple):
            out["omit"] = list(self.omit)
        return out

    def spec(self) -> str:
        """The knobs that differ from the defaults as a spec ``parse`` reads back ("" if none)."""
        default = Behaviour()
        items = []
        for name in KNOBS:
            value = getattr(self, name)
            if value == getattr(default, name):
                continue
            if isinstance(value, tuple):
                value = "+".join(value)
            elif isinstance(value, float) and value.is_integer():
                value = int(value)
            elif isinstance(value, bool) or value is None:
                value = str(value).lower() if value is not None else "none"
            items.append(f"{name}={value}")
        return ",".join(items)

    def profile(self) -> str | None:
        """The name of the profile this behaviour is exactly, if any."""
        return next(
            (name for name, knobs in PROFILES.items() if Behaviour()._with(knobs) == self), None
        )


KNOBS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Behaviour))


def creates(operation: str) -> bool:
    """Whether ``create_conflicts`` plays on ``operation``: the operations that create an object
    (CreateProgramManagementAccount, CreateRelationship, CreateChannelHandshake,
    AssociateAwsAccountWithPartnerAccount)."""
    return operation.startswith(("Create", "Associate"))


# Named profiles: knob overrides applied on the defaults (combinable: "lag,sparse").
PROFILES: dict[str, dict[str, Any]] = {
    "default": {},
    "lag": {"list_lag": 3.0, "get_lag": 5.0},
    "sparse": {"omit": "all"},
    "tokens-conflict": {
        "token_after_delete": "conflict",
        "token_mismatch_error": "ValidationException",
    },
    "tokens-new": {"token_after_delete": "new"},
    "owner-listing": {"sender_listing": "both", "owner_differs": True},
    "loose": {"unique_pending_handshake": False, "unique_pma": False, "unique_relationship": False},
    "pages": {"page_cap": 2, "short_pages": True},
    "inactive": {"deleted_pma_listed": True},
    "conflicts": {"create_conflicts": 1},
    # Every documented quota and rate lifted (an account whose quotas AWS raised far enough).
    "unlimited": dict.fromkeys(
        (
            "write_rate",
            "read_rate",
            "max_pmas",
            "max_relationships",
            "max_pma_handshakes",
            "max_start_handshakes",
            "max_revoke_handshakes",
            "handshakes_per_day",
        ),
        0,
    ),
}

CHOICES: dict[str, tuple[str, ...]] = {
    "token_after_delete": ("replay", "conflict", "new"),
    "token_mismatch_error": ("ConflictException", "ValidationException"),
    "sender_listing": ("sender", "owner", "both"),
}
# Seconds knobs, and whether 0 is allowed (a lag of 0 is none; a window of 0 would be no memory).
_SECONDS = {"list_lag": True, "get_lag": True, "token_window": False, "handshake_expiry": False}
_FLAGS = (
    "owner_differs",
    "unique_pending_handshake",
    "unique_pma",
    "unique_relationship",
    "deleted_pma_listed",
    "short_pages",
)
_RATES = ("write_rate", "read_rate")
_COUNTS = (
    "max_pmas",
    "max_relationships",
    "max_pma_handshakes",
    "max_start_handshakes",
    "max_revoke_handshakes",
    "handshakes_per_day",
)
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


def _profile(name: str) -> dict[str, Any]:
    if name not in PROFILES:
        hint = _did_you_mean(name, [*PROFILES, *KNOBS])
        if name in KNOBS:
            hint = f" ({name} is a knob: write {name}=VALUE)"
        raise ValueError(
            f"unknown behaviour profile {name!r}{hint}; profiles: {', '.join(PROFILES)}"
        )
    return PROFILES[name]


def _did_you_mean(word: str, options: Any) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _number(name: str, raw: Any) -> float:
    if isinstance(raw, bool):
        raise ValueError(f"{name} must be a number, not {raw!r}")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, not {raw!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, not {raw!r}")
    return value


def _integer(name: str, raw: Any) -> int:
    value = _number(name, raw)
    if value != int(value):
        raise ValueError(f"{name} must be a whole number, not {raw!r}")
    return int(value)


def _coerce(name: str, raw: Any) -> Any:
    """A knob's value from JSON or from a spec string; a ValueError naming the knob if bad."""
    if name in _SECONDS:
        value = _number(name, raw)
        zero_ok = _SECONDS[name]
        if (value < 0 if zero_ok else value <= 0) or value >= MAX_SECONDS:
            bound = ">= 0" if zero_ok else "> 0"
            raise ValueError(f"{name} must be a number of seconds {bound} (and < 1e9), not {raw!r}")
        return value
    if name in _FLAGS:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.lower() in (*_TRUE, *_FALSE):
            return raw.lower() in _TRUE
        raise ValueError(f"{name} must be true or false, not {raw!r}")
    if name in CHOICES:
        if raw not in CHOICES[name]:
            hint = _did_you_mean(str(raw), CHOICES[name])
            raise ValueError(f"{name} must be one of {', '.join(CHOICES[name])}, not {raw!r}{hint}")
        return raw
    if name in _RATES:
        rate = _number(name, raw)
        if not 0 <= rate < MAX_SECONDS:
            raise ValueError(f"{name} must be calls a second >= 0 (0: no limit), not {raw!r}")
        return rate
    if name in _COUNTS:
        count = _integer(name, raw)
        if count < 0:
            raise ValueError(f"{name} must be a count >= 0 (0: no limit), not {raw!r}")
        return count
    if name == "create_conflicts":
        count = _integer(name, raw)
        if count < 0:
            raise ValueError(f"create_conflicts must be a count >= 0, not {raw!r}")
        return count
    if name == "page_cap":
        if raw is None or (isinstance(raw, str) and raw.lower() in ("none", "null", "off", "")):
            return None
        cap = _integer(name, raw)
        if cap < 1:
            raise ValueError(f"page_cap must be a page size >= 1 or none, not {raw!r}")
        return cap
    return _omit(raw)


def _omit(raw: Any) -> str | tuple[str, ...]:
    if raw in ("none", "all"):
        return str(raw)
    if isinstance(raw, str):
        names = [n.strip() for n in raw.split("+")]
    elif isinstance(raw, list | tuple) and all(isinstance(n, str) for n in raw):
        names = [n.strip() for n in raw]
    else:
        raise ValueError(
            f"omit must be 'none', 'all' or member names (a list, or 'A+B'), not {raw!r}"
        )
    if not names or any(not n for n in names):
        raise ValueError(f"omit names a response member in every item, not {raw!r}")
    known = response_member_names()
    for n in names:
        if n not in known:
            hint = _did_you_mean(n, known)
            if n in ("none", "all"):
                hint = f" ({n} stands alone, not in a list of names)"
            raise ValueError(f"omit: {n!r} is not a response member of either service{hint}")
    return tuple(dict.fromkeys(names))
