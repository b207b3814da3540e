"""The documented rules of a ChannelHandshake's inputs beyond the model's shapes (``check``):
exactly the payload its type takes, MINIMUM_NOTICE_PERIOD needs ``minimum_notice_days`` (1 or
more), FIXED_COMMITMENT_PERIOD needs a future ``end_date``, identifiers of the right kind."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from botocore import xform_name

from ..core import Problem, parse_iso
from ..handshake_types import PAYLOAD
from ..unknown import present
from .common import bare_id

# START_SERVICE_PERIOD -> start_service_period (the payload's wire name without "Payload")
PAYLOAD_PROPERTY = {t: xform_name(w).removesuffix("_payload") for t, w in PAYLOAD.items()}
MAX_NOTICE_DAYS = 9_999_999_999  # the model's limit: at most 10 digits


def type_rules(htype: str, inputs: Mapping[str, Any]) -> list[Problem]:
    out: list[Problem] = []
    wanted = PAYLOAD_PROPERTY.get(htype)
    for prop in PAYLOAD_PROPERTY.values():
        given = inputs.get(prop) is not None
        if prop == wanted and not given:
            out.append((prop, f"is required: a {htype} handshake needs {prop}"))
        elif prop != wanted and given:
            out.append((prop, f"must not be set: a {htype} handshake takes no {prop}"))
    assoc = inputs.get("associated_resource_identifier")
    if isinstance(assoc, str) and present(assoc):
        kind = "pma-" if htype == "PROGRAM_MANAGEMENT_ACCOUNT" else "rs-"
        noun = "program management account" if kind == "pma-" else "relationship"
        if not bare_id(assoc).startswith(kind):
            out.append(
                (
                    "associated_resource_identifier",
                    f"must name a {noun} ({kind}... id or ARN) for a {htype} handshake",
                )
            )
    return out


def start_rules(body: Mapping[str, Any]) -> list[Problem]:
    out: list[Problem] = []
    where = "start_service_period"
    ptype = body.get("service_period_type")
    days = body.get("minimum_notice_days")
    end = body.get("end_date")
    if ptype == "MINIMUM_NOTICE_PERIOD" and days is None:
        out.append((f"{where}.minimum_notice_days", "is required for MINIMUM_NOTICE_PERIOD"))
    if isinstance(days, str) and present(days) and days.isdigit():
        if int(days) < 1:
            out.append((f"{where}.minimum_notice_days", "must be at least 1 day"))
        elif int(days) > MAX_NOTICE_DAYS:
            out.append((f"{where}.minimum_notice_days", "must have at most 10 digits"))
    if ptype == "FIXED_COMMITMENT_PERIOD":
        if end is None:
            out.append((f"{where}.end_date", "is required for FIXED_COMMITMENT_PERIOD"))
        elif isinstance(end, str) and present(end) and end <= (parse_iso(_now()) or ""):
            out.append((f"{where}.end_date", f"must be in the future (got {end})"))
    return out


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat()
