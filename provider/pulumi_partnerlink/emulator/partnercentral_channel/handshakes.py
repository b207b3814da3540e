"""Channel handshakes: create, the receiver's accept/reject, the sender's cancel, list; expiry.

Behaviour knobs played here: ``unique_pending_handshake``, ``owner_differs`` (who owns a
service-period handshake), ``sender_listing`` (what a SENDER listing matches),
``handshake_expiry``, ``list_lag``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ...handshake_types import DETAIL, FILTERS, PAYLOAD, SORT
from .. import quotas
from ..context import Context, new_id, paginate
from ..errors import ServiceError, business_error
from ..state import from_iso, to_iso
from .common import (
    DEFAULT_PAGE,
    HANDSHAKES,
    PMAS,
    RELATIONSHIPS,
    TAGS,
    arn_of,
    id_of,
    not_found,
    sorted_records,
    summary,
    tags_in,
)
from .pmas import pma_record

# ---------------------------------------------------------------------------- handshakes

DETAIL_KEY, PAYLOAD_KEY, FILTER_KEY, SORT_KEY = DETAIL, PAYLOAD, FILTERS, SORT
HANDSHAKE_FIELDS = (
    "id",
    "arn",
    "catalog",
    "handshakeType",
    "ownerAccountId",
    "senderAccountId",
    "senderDisplayName",
    "receiverAccountId",
    "associatedResourceId",
    "createdAt",
    "updatedAt",
    "status",
)


def current(ctx: Context, record: dict[str, Any]) -> dict[str, Any]:
    """The record with expiry applied (a PENDING handshake past its time is EXPIRED)."""
    if record["status"] == "PENDING" and ctx.now() >= from_iso(record["expiresAt"]):
        record = {**record, "status": "EXPIRED", "updatedAt": record["expiresAt"]}
        ctx.store.put(HANDSHAKES, record["id"], record)
    return record


def _handshake_view(record: dict[str, Any]) -> dict[str, Any]:
    out = summary(record, HANDSHAKE_FIELDS)
    detail = dict(record.get("detail") or {})
    for k in ("startDate", "endDate"):
        if isinstance(detail.get(k), str):
            detail[k] = from_iso(detail[k])
    out["detail"] = {DETAIL_KEY[record["handshakeType"]]: detail}
    return out


def handshake_record(ctx: Context, catalog: str, identifier: str) -> dict[str, Any]:
    record = ctx.store.get(HANDSHAKES, id_of(identifier))
    if (
        record is None
        or record["catalog"] != catalog
        or ctx.account not in (record["senderAccountId"], record["receiverAccountId"])
    ):
        raise not_found("ChannelHandshake", identifier)
    return current(ctx, record)


def _target(
    ctx: Context, catalog: str, handshake_type: str, identifier: str
) -> tuple[str, str, dict[str, Any]]:
    """(associated id, receiver account, the resource) for a new handshake."""
    bare = id_of(identifier)
    if handshake_type == "PROGRAM_MANAGEMENT_ACCOUNT":
        if not bare.startswith("pma-"):
            raise business_error(
                "A PROGRAM_MANAGEMENT_ACCOUNT handshake is associated with a program "
                "management account (pma-...)",
                "associatedResourceIdentifier",
            )
        pma = pma_record(ctx, catalog, bare)
        return pma["id"], pma["accountId"], pma
    if not bare.startswith("rs-"):
        raise business_error(
            f"A {handshake_type} handshake is associated with a relationship (rs-...)",
            "associatedResourceIdentifier",
        )
    record = ctx.store.get(RELATIONSHIPS, bare)
    if record is None or record["catalog"] != catalog or record["ownerAccountId"] != ctx.account:
        raise not_found("Relationship", identifier)
    return record["id"], record["associatedAccountId"], record


def create_channel_handshake(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    catalog, htype = params["catalog"], params["handshakeType"]
    assoc_id, receiver, resource = _target(
        ctx, catalog, htype, params["associatedResourceIdentifier"]
    )
    detail = _payload_detail(ctx, htype, params.get("payload") or {}, resource)
    for other in ctx.store.scan(HANDSHAKES) if ctx.behaviour.unique_pending_handshake else ():
        same_target = (other["handshakeType"], other["associatedResourceId"]) == (htype, assoc_id)
        if same_target and current(ctx, other)["status"] == "PENDING":
            raise ServiceError(
                "ConflictException",
                f"A PENDING {htype} handshake for {assoc_id} already exists ({other['id']})",
                resourceId=other["id"],
                resourceType="ChannelHandshake",
            )
    now = ctx.now()
    quotas.check_handshake(
        ctx.behaviour,
        now,
        ctx.store.scan(HANDSHAKES),
        ctx.account,
        catalog,
        htype,
        receiver,
        lambda h: from_iso(h["createdAt"]),
        lambda h: current(ctx, h)["status"],
    )
    ch_id = new_id("ch-")
    owner = _owner(ctx, htype, receiver, resource)
    arn = arn_of(ctx, catalog, f"channel-handshake/{ch_id}", owner)
    ctx.store.put(
        HANDSHAKES,
        ch_id,
        {
            "id": ch_id,
            "arn": arn,
            "catalog": catalog,
            "handshakeType": htype,
            "ownerAccountId": owner,
            "senderAccountId": ctx.account,
            "senderDisplayName": f"Partner {ctx.account}",
            "receiverAccountId": receiver,
            "associatedResourceId": assoc_id,
            "detail": {k: v for k, v in detail.items() if v is not None},
            "createdAt": to_iso(now),
            "updatedAt": to_iso(now),
            "status": "PENDING",
            "expiresAt": to_iso(now + _dt.timedelta(seconds=ctx.behaviour.handshake_expiry)),
        },
    )
    ctx.store.put(TAGS, arn, {"owner": ctx.account, "tags": tags_in(params)})
    return {"channelHandshakeDetail": {"id": ch_id, "arn": arn}}


def _payload_detail(
    ctx: Context, htype: str, payload: dict[str, Any], resource: dict[str, Any]
) -> dict[str, Any]:
    """The handshake's detail from its payload, after AWS's business rules for its type."""
    if htype == "PROGRAM_MANAGEMENT_ACCOUNT":
        if payload:
            raise business_error(
                "A PROGRAM_MANAGEMENT_ACCOUNT handshake takes no payload", "payload"
            )
        return {"program": resource["program"]}
    key = PAYLOAD_KEY[htype]
    body = payload.get(key)
    if body is None:
        raise business_error(f"A {htype} handshake needs payload.{key}", f"payload.{key}")
    if id_of(body["programManagementAccountIdentifier"]) != resource["programManagementAccountId"]:
        raise business_error(
            f"payload.{key}.programManagementAccountIdentifier must be the relationship's "
            f"program management account ({resource['programManagementAccountId']})",
            f"payload.{key}.programManagementAccountIdentifier",
        )
    detail: dict[str, Any] = {"note": body.get("note")}
    if htype != "START_SERVICE_PERIOD":
        return detail
    ptype = body["servicePeriodType"]
    detail["servicePeriodType"] = ptype
    if ptype == "MINIMUM_NOTICE_PERIOD":
        if not body.get("minimumNoticeDays"):
            raise business_error(
                "MINIMUM_NOTICE_PERIOD needs minimumNoticeDays",
                f"payload.{key}.minimumNoticeDays",
            )
        detail["minimumNoticeDays"] = body["minimumNoticeDays"]
        return detail
    end = body.get("endDate")
    if end is None or end <= ctx.now():
        raise business_error(
            "FIXED_COMMITMENT_PERIOD needs an endDate in the future", f"payload.{key}.endDate"
        )
    detail["endDate"] = to_iso(end)
    if body.get("minimumNoticeDays"):
        detail["minimumNoticeDays"] = body["minimumNoticeDays"]
    return detail


def _owner(ctx: Context, htype: str, receiver: str, resource: dict[str, Any]) -> str:
    """The handshake's ownerAccountId: its sender, unless ``owner_differs`` (service periods)."""
    if not ctx.behaviour.owner_differs or htype == "PROGRAM_MANAGEMENT_ACCOUNT":
        return ctx.account
    pma = ctx.store.get(PMAS, resource["programManagementAccountId"]) or {}
    program_account = pma.get("accountId")
    return program_account if program_account not in (None, ctx.account) else receiver


def _decide(ctx: Context, params: dict[str, Any], status: str, by_receiver: bool) -> dict[str, Any]:
    record = handshake_record(ctx, params["catalog"], params["identifier"])
    role = "receiverAccountId" if by_receiver else "senderAccountId"
    if record[role] != ctx.account:
        who = "receiver" if by_receiver else "sender"
        raise ServiceError(
            "AccessDeniedException", f"Only the {who} of handshake {record['id']} can do this"
        )
    if record["status"] != "PENDING":
        raise business_error(
            f"Handshake {record['id']} is {record['status']}, not PENDING", "identifier"
        )
    now = ctx.now()
    record = {**record, "status": status, "updatedAt": to_iso(now)}
    if status == "ACCEPTED":
        _on_accept(ctx, record, now)
    ctx.store.put(HANDSHAKES, record["id"], record)
    return {"channelHandshakeDetail": {"id": record["id"], "arn": record["arn"], "status": status}}


def _on_accept(ctx: Context, record: dict[str, Any], now: _dt.datetime) -> None:
    if record["handshakeType"] == "PROGRAM_MANAGEMENT_ACCOUNT":
        pma = ctx.store.get(PMAS, record["associatedResourceId"])
        if pma is not None and not pma.get("deletedAt"):
            ctx.store.put(
                PMAS,
                pma["id"],
                {**pma, "status": "ACTIVE", "startDate": to_iso(now), "updatedAt": to_iso(now)},
            )
    elif record["handshakeType"] == "START_SERVICE_PERIOD":
        record["detail"] = {**record["detail"], "startDate": to_iso(now)}
        rel = ctx.store.get(RELATIONSHIPS, record["associatedResourceId"])
        if rel is not None:
            ctx.store.put(
                RELATIONSHIPS,
                rel["id"],
                {**rel, "startDate": to_iso(now), "updatedAt": to_iso(now)},
            )


def accept_channel_handshake(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return _decide(ctx, params, "ACCEPTED", by_receiver=True)


def reject_channel_handshake(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return _decide(ctx, params, "REJECTED", by_receiver=True)


def cancel_channel_handshake(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    return _decide(ctx, params, "CANCELED", by_receiver=False)


def _roles(ctx: Context, participant: str) -> tuple[str, ...]:
    """The record fields a listing by ``participant`` matches the caller against."""
    if participant != "SENDER":
        return ("receiverAccountId",)
    return {
        "sender": ("senderAccountId",),
        "owner": ("ownerAccountId",),
        "both": ("senderAccountId", "ownerAccountId"),
    }[ctx.behaviour.sender_listing]


def list_channel_handshakes(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    htype, catalog = params["handshakeType"], params["catalog"]
    roles = _roles(ctx, params["participantType"])
    type_filters = params.get("handshakeTypeFilters") or {}
    allowed_filter = FILTER_KEY[htype]
    if any(k != allowed_filter for k in type_filters):
        raise business_error(
            f"A {htype} listing takes only handshakeTypeFilters.{allowed_filter}",
            "handshakeTypeFilters",
        )
    sort_union = params.get("handshakeTypeSort") or {}
    if any(k != SORT_KEY[htype] for k in sort_union):
        raise business_error(
            f"A {htype} listing takes only handshakeTypeSort.{SORT_KEY[htype]}", "handshakeTypeSort"
        )
    wanted_types = type_filters.get(allowed_filter) or {}
    period_types = wanted_types.get("servicePeriodTypes")
    programs = wanted_types.get("programs")
    statuses = params.get("statuses")
    resources = {id_of(i) for i in params.get("associatedResourceIdentifiers") or []}
    records = []
    for raw in ctx.store.scan(HANDSHAKES):
        if raw["handshakeType"] != htype or raw["catalog"] != catalog:
            continue
        if all(raw[role] != ctx.account for role in roles):
            continue
        record = current(ctx, raw)
        detail = record.get("detail") or {}
        if statuses and record["status"] not in statuses:
            continue
        if resources and record["associatedResourceId"] not in resources:
            continue
        if period_types and detail.get("servicePeriodType") not in period_types:
            continue
        if programs and detail.get("program") not in programs:
            continue
        records.append(record)
    ordered = sorted_records(ctx.listed(records), sort_union.get(SORT_KEY[htype]))
    page, token = paginate(ctx, ordered, params, DEFAULT_PAGE)
    return {"items": [_handshake_view(r) for r in page], "nextToken": token}
