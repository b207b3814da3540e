"""Guardrail rules as plain functions: ``(resource type, props, config) -> [violation messages]``.

Each rule applies to our resources under both front ends' type tokens -- the dynamic
``pulumi-python:dynamic/partnerlink:<Name>`` (snake_case inputs) and the native
``partnerlink:index:<Name>`` (camelCase inputs) -- and ignores everything else. ``resource_view``
is the one place that tells them apart: a rule sees the resource's name and its inputs in
snake_case whichever front end declared them, and its messages name properties as that front end
spells them. Every message ends with what to do about it. A value that is unknown at preview
raises pulumi-policy's ``UnknownValueError`` when read (the native view renames lazily, so only
what a rule reads is read); the rules let it through, and the policy SDK reports "can't run
policy during preview" instead of a verdict.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from ..core.spec import TYPE_PREFIX as PREFIX
from ..partnercentral_channel.common import bare_id
from ..registry import SPECS, TYPE_TOKENS

NATIVE_PREFIX = "partnerlink:index:"
NATIVE_TYPE_TOKENS = {name: f"{NATIVE_PREFIX}{name}" for name in SPECS}
SIDEWALK = TYPE_TOKENS["SidewalkPartnerAccount"]
HANDSHAKE = TYPE_TOKENS["ChannelHandshake"]
PMA = TYPE_TOKENS["ProgramManagementAccount"]
RELATIONSHIP = TYPE_TOKENS["ChannelRelationship"]
TAGGABLE = tuple(name for name, spec in SPECS.items() if spec.tags)

Props = Mapping[str, Any]
Config = Mapping[str, Any]

DEFAULTS: dict[str, dict[str, Any]] = {
    "required-tags": {"tags": []},
    "allowed-catalogs": {"catalogs": ["AWS", "Sandbox"]},
    "minimum-notice-days": {"allowed": [14, 30, 60]},
    "fixed-commitment-window": {"min_days_ahead": 60, "max_days_ahead": 365},
    "service-period-note": {},
    "revoke-requires-approval": {"approval_tag": "approved-by"},
    "adoption-review": {},
    "one-handshake-per-target": {},
}


# ----------------------------------------------------------------------------- the two front ends


def camel(snake: str) -> str:
    """``minimum_notice_days`` -> ``minimumNoticeDays`` (the native schema's spelling)."""
    first, *rest = snake.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


class _SnakeView(Mapping[str, Any]):
    """camelCase inputs read by snake_case names, lazily (nothing is read until a rule reads
    it, so an unknown value a rule never looks at stays harmless). The keys of map-typed
    inputs (``tags``) are the user's own and are never renamed."""

    def __init__(self, inner: Mapping[str, Any], maps: frozenset[str] = frozenset()) -> None:
        self._inner = inner
        self._maps = maps

    def _key(self, key: str) -> str:
        return camel(key) if camel(key) in self._inner else key

    def __getitem__(self, key: str) -> Any:
        value = self._inner[self._key(key)]
        if isinstance(value, Mapping) and key not in self._maps:
            return _SnakeView(value)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._key(key) in self._inner

    def __iter__(self) -> Iterator[str]:
        return (_snake(k) for k in self._inner)

    def __len__(self) -> int:
        return len(self._inner)


def resource_view(resource_type: str, props: Props) -> tuple[str, Props, bool] | None:
    """``(resource name, snake_case props, native?)`` for one of our resources, else None."""
    for prefix, native in ((PREFIX, False), (NATIVE_PREFIX, True)):
        name = resource_type.removeprefix(prefix)
        if name != resource_type and name in SPECS:
            if not native:
                return name, props, False
            maps = frozenset(p.name for p in SPECS[name].props if p.kind == "tags")
            return name, _SnakeView(props, maps), True
    return None


_SNAKE_WORD = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def native_text(name: str, message: str) -> str:
    """A message with the property names of resource ``name`` in camelCase (user values,
    such as tag keys, untouched)."""
    names = SPECS[name].property_names
    return _SNAKE_WORD.sub(lambda m: camel(m[0]) if m[0] in names else m[0], message)


Check = Callable[..., list[str]]


def rule(
    *names: str, handshake_type: str | None = None, service_period_type: str | None = None
) -> Callable[[Check], Check]:
    """``check(name, snake_case props, config, **kw)`` as a rule over any type token, run for
    the resources ``names`` only (and, where given, for handshakes of ``handshake_type`` whose
    payload is of ``service_period_type``)."""

    def wrap(check: Check) -> Check:
        @functools.wraps(check)
        def run(resource_type: str, props: Props, config: Config, **kw: Any) -> list[str]:
            view = resource_view(resource_type, props)
            if view is None:
                return []
            name, snake_props, native = view
            if name not in names or not _of_type(snake_props, handshake_type, service_period_type):
                return []
            messages = check(name, snake_props, config, **kw)
            return [native_text(name, m) for m in messages] if native else messages

        return run

    return wrap


def _of_type(props: Props, handshake_type: str | None, service_period_type: str | None) -> bool:
    """Whether a handshake is of ``handshake_type`` and its payload of ``service_period_type``
    (each left unchecked where None)."""
    if handshake_type is not None and props.get("handshake_type") != handshake_type:
        return False
    if service_period_type is None:
        return True
    return (_payload(props) or {}).get("service_period_type") == service_period_type


# ----------------------------------------------------------------------------- the rules


def _payload(props: Props) -> Mapping[str, Any] | None:
    handshake_type = props.get("handshake_type")
    if handshake_type == "START_SERVICE_PERIOD":
        return props.get("start_service_period") or {}
    if handshake_type == "REVOKE_SERVICE_PERIOD":
        return props.get("revoke_service_period") or {}
    return None


@rule(*TAGGABLE)
def required_tags(name: str, props: Props, config: Config) -> list[str]:
    tags = props.get("tags") or {}
    missing = [key for key in config.get("tags", []) if not tags.get(key)]
    if not missing:
        return []
    return [
        f"{name} is missing required tags: {', '.join(missing)}. "
        f"Add them to `tags` (required by the required-tags policy)."
    ]


@rule("ChannelHandshake", "ProgramManagementAccount", "ChannelRelationship")
def allowed_catalogs(name: str, props: Props, config: Config) -> list[str]:
    catalog = props.get("catalog") or "AWS"
    allowed = list(config.get("catalogs", DEFAULTS["allowed-catalogs"]["catalogs"]))
    if catalog in allowed:
        return []
    return [
        f"catalog {catalog!r} is not allowed (allowed: {', '.join(allowed)}). "
        "Use an allowed catalog or change the allowed-catalogs policy config."
    ]


@rule(
    "ChannelHandshake",
    handshake_type="START_SERVICE_PERIOD",
    service_period_type="MINIMUM_NOTICE_PERIOD",
)
def minimum_notice_days(name: str, props: Props, config: Config) -> list[str]:
    payload = _payload(props) or {}
    allowed = [int(v) for v in config.get("allowed", DEFAULTS["minimum-notice-days"]["allowed"])]
    raw = payload.get("minimum_notice_days")
    try:
        days = int(float(str(raw)))
    except ValueError:
        days = None
    if days in allowed:
        return []
    return [
        f"minimum_notice_days {raw} is not an allowed notice period "
        f"({', '.join(str(a) for a in allowed)} days). Use one of those values."
    ]


@rule(
    "ChannelHandshake",
    handshake_type="START_SERVICE_PERIOD",
    service_period_type="FIXED_COMMITMENT_PERIOD",
)
def fixed_commitment_window(
    name: str, props: Props, config: Config, now: _dt.datetime | None = None
) -> list[str]:
    payload = _payload(props) or {}
    low = int(config.get("min_days_ahead", DEFAULTS["fixed-commitment-window"]["min_days_ahead"]))
    high = int(config.get("max_days_ahead", DEFAULTS["fixed-commitment-window"]["max_days_ahead"]))
    raw = payload.get("end_date")
    try:
        end = _dt.datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        return [
            f"end_date {raw!r} is not a date. Set an ISO 8601 end date {low}-{high} days ahead."
        ]
    if end.tzinfo is None:
        end = end.replace(tzinfo=_dt.timezone.utc)
    ahead = (end - (now or _dt.datetime.now(_dt.timezone.utc))).total_seconds() / 86400
    if low <= ahead <= high:
        return []
    return [
        f"end_date {raw} is {ahead:.0f} days ahead; a fixed commitment must end {low}-{high} "
        "days ahead. Move the end date into that window."
    ]


@rule("ChannelHandshake")
def service_period_note(name: str, props: Props, config: Config) -> list[str]:
    payload = _payload(props)
    if payload is None or (payload.get("note") or "").strip():
        return []
    return [
        f"{props.get('handshake_type')} handshakes should carry a note for the receiver. "
        "Set `note` in the payload."
    ]


@rule("ChannelHandshake", handshake_type="REVOKE_SERVICE_PERIOD")
def revoke_requires_approval(name: str, props: Props, config: Config) -> list[str]:
    tag = config.get("approval_tag", DEFAULTS["revoke-requires-approval"]["approval_tag"])
    if (props.get("tags") or {}).get(tag):
        return []
    return [
        f"a REVOKE_SERVICE_PERIOD handshake needs the approval tag {tag!r} (who approved ending "
        "the service period). Add it to `tags`."
    ]


@rule("SidewalkPartnerAccount", "ChannelHandshake")
def adoption_review(name: str, props: Props, config: Config) -> list[str]:
    if props.get("adopt") is not True:
        return []
    return [
        f"{name} sets adopt=True: it takes over a resource created "
        "outside this stack (and destroys it with the stack). Confirm that is intended, then "
        "remove adopt once adopted."
    ]


def one_handshake_per_target(resources: Iterable[tuple[str, str, Props]]) -> list[str]:
    """Stack rule: no two handshakes of one type for the same associated resource."""
    seen: dict[tuple[Any, Any, Any], str] = {}
    out = []
    for resource_type, name, raw in resources:
        view = resource_view(resource_type, raw)
        if view is None or view[0] != "ChannelHandshake":
            continue
        props = view[1]
        key = (
            props.get("catalog") or "AWS",
            props.get("handshake_type"),
            bare_id(str(props.get("associated_resource_identifier"))),
        )
        if key in seen:
            out.append(
                f"handshakes {seen[key]!r} and {name!r} are both {key[1]} for {key[2]}; AWS "
                "allows one pending handshake per type and resource. Keep one of them."
            )
        else:
            seen[key] = name
    return out
