"""Guardrail rules as plain functions: ``(resource type, props, config) -> [violation messages]``.

Each rule looks only at our type tokens and ignores everything else. Props are the resource's
inputs (snake_case). Every message ends with what to do about it. A value that is unknown at
preview raises pulumi-policy's ``UnknownValueError`` when read; the rules let it through, and
the policy SDK reports "can't run policy during preview" instead of a verdict.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any

from ..core.spec import TYPE_PREFIX as PREFIX
from ..partnercentral_channel.common import bare_id
from ..registry import SPECS, TYPE_TOKENS

SIDEWALK = TYPE_TOKENS["SidewalkPartnerAccount"]
HANDSHAKE = TYPE_TOKENS["ChannelHandshake"]
PMA = TYPE_TOKENS["ProgramManagementAccount"]
RELATIONSHIP = TYPE_TOKENS["ChannelRelationship"]
TAGGABLE = tuple(spec.type_token for spec in SPECS.values() if spec.tags)

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


def _payload(props: Props) -> Mapping[str, Any] | None:
    handshake_type = props.get("handshake_type")
    if handshake_type == "START_SERVICE_PERIOD":
        return props.get("start_service_period") or {}
    if handshake_type == "REVOKE_SERVICE_PERIOD":
        return props.get("revoke_service_period") or {}
    return None


def required_tags(resource_type: str, props: Props, config: Config) -> list[str]:
    if resource_type not in TAGGABLE:
        return []
    tags = props.get("tags") or {}
    missing = [key for key in config.get("tags", []) if not tags.get(key)]
    if not missing:
        return []
    kind = resource_type.removeprefix(PREFIX)
    return [
        f"{kind} is missing required tags: {', '.join(missing)}. "
        f"Add them to `tags` (required by the required-tags policy)."
    ]


def allowed_catalogs(resource_type: str, props: Props, config: Config) -> list[str]:
    if resource_type not in (HANDSHAKE, PMA, RELATIONSHIP):
        return []
    catalog = props.get("catalog") or "AWS"
    allowed = list(config.get("catalogs", DEFAULTS["allowed-catalogs"]["catalogs"]))
    if catalog in allowed:
        return []
    return [
        f"catalog {catalog!r} is not allowed (allowed: {', '.join(allowed)}). "
        "Use an allowed catalog or change the allowed-catalogs policy config."
    ]


def minimum_notice_days(resource_type: str, props: Props, config: Config) -> list[str]:
    if resource_type != HANDSHAKE or props.get("handshake_type") != "START_SERVICE_PERIOD":
        return []
    payload = _payload(props) or {}
    if payload.get("service_period_type") != "MINIMUM_NOTICE_PERIOD":
        return []
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


def fixed_commitment_window(
    resource_type: str, props: Props, config: Config, now: _dt.datetime | None = None
) -> list[str]:
    if resource_type != HANDSHAKE or props.get("handshake_type") != "START_SERVICE_PERIOD":
        return []
    payload = _payload(props) or {}
    if payload.get("service_period_type") != "FIXED_COMMITMENT_PERIOD":
        return []
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


def service_period_note(resource_type: str, props: Props, config: Config) -> list[str]:
    if resource_type != HANDSHAKE:
        return []
    payload = _payload(props)
    if payload is None or (payload.get("note") or "").strip():
        return []
    return [
        f"{props.get('handshake_type')} handshakes should carry a note for the receiver. "
        "Set `note` in the payload."
    ]


def revoke_requires_approval(resource_type: str, props: Props, config: Config) -> list[str]:
    if resource_type != HANDSHAKE or props.get("handshake_type") != "REVOKE_SERVICE_PERIOD":
        return []
    tag = config.get("approval_tag", DEFAULTS["revoke-requires-approval"]["approval_tag"])
    if (props.get("tags") or {}).get(tag):
        return []
    return [
        f"a REVOKE_SERVICE_PERIOD handshake needs the approval tag {tag!r} (who approved ending "
        "the service period). Add it to `tags`."
    ]


def adoption_review(resource_type: str, props: Props, config: Config) -> list[str]:
    if resource_type not in (SIDEWALK, HANDSHAKE) or props.get("adopt") is not True:
        return []
    return [
        f"{resource_type.removeprefix(PREFIX)} sets adopt=True: it takes over a resource created "
        "outside this stack (and destroys it with the stack). Confirm that is intended, then "
        "remove adopt once adopted."
    ]


def one_handshake_per_target(resources: Iterable[tuple[str, str, Props]]) -> list[str]:
    """Stack rule: no two handshakes of one type for the same associated resource."""
    seen: dict[tuple[Any, Any, Any], str] = {}
    out = []
    for resource_type, name, props in resources:
        if resource_type != HANDSHAKE:
            continue
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
