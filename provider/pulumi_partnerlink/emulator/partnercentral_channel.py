"""Partner Central Channel: program management accounts, relationships, handshakes, tags.

Records are global (Partner Central is one endpoint) and carry their owner account; callers see
what they own, and handshakes are also visible to their receiver (``participantType=RECEIVER``).

- A program management account (PMA) starts PENDING and becomes ACTIVE when a
  PROGRAM_MANAGEMENT_ACCOUNT handshake for it is accepted by its ``accountId``.
- Updates take an optional ``revision`` for optimistic locking (a stale one is a conflict).
- A handshake's receiver is derived from its associated resource: the PMA's ``accountId``, or
  the relationship's ``associatedAccountId``. Only the receiver accepts or rejects, only the
  sender cancels, and only while PENDING. A PENDING handshake expires after
  ``Settings.handshake_expiry_seconds`` of emulator time (evaluated when read).
- One PENDING handshake per (type, associated resource): a second is a ConflictException.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from typing import Any

from .context import Context, new_id, paginate
from .errors import ServiceError, business_error
from .state import from_iso, to_iso

PMAS = "pcc.program_management_accounts"
RELATIONSHIPS = "pcc.relationships"
HANDSHAKES = "pcc.handshakes"
TAGS = "pcc.tags"
DEFAULT_PAGE = 50
_ID = re.compile(r"(pma|rs|ch)-[a-z0-9]{13}$")


# ---------------------------------------------------------------------------- helpers


def _id_of(identifier: str) -> str:
    """The bare id at the end of an id or ARN."""
    m = _ID.search(identifier)
    return m.group(0) if m else identifier


def _not_found(kind: str, identifier: str) -> ServiceError:
    return ServiceError(
        "ResourceNotFoundException",
        f"{kind} {identifier} was not found",
        resourceId=identifier,
        resourceType=kind,
    )


def _arn(ctx: Context, catalog: str, path: str, account: str | None = None) -> str:
    return f"arn:aws:partnercentral:{ctx.region}:{account or ctx.account}:catalog/{catalog}/{path}"


def _tags_in(params: dict[str, Any]) -> dict[str, str]:
    return {t["key"]: t["value"] for t in params.get("tags") or []}


def _summary(record: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    out = {k: record[k] for k in fields if record.get(k) is not None}
    for k in ("createdAt", "updatedAt", "startDate", "endDate"):
        if isinstance(out.get(k), str):
            out[k] = from_iso(out[k])
    return out


def _check_revision(params: dict[str, Any], record: dict[str, Any], kind: str) -> None:
    revision = params.get("revision")
    if revision is not None and revision != record["revision"]:
        raise ServiceError(
            "ConflictException",
            f"{kind} {record['id']} is at revision {record['revision']}, not {revision}",
            resourceId=record["id"],
            resourceType=kind,
        )


def _sorted(records: list[dict[str, Any]], sort: dict[str, Any] | None) -> list[dict[str, Any]]:
    if sort:  # the only sortBy the models offer is UpdatedAt
        return sorted(
            records,
            key=lambda r: (r["updatedAt"], r["id"]),
            reverse=sort["sortOrder"] == "Descending",
        )
    return sorted(records, key=lambda r: (r["createdAt"], r["id"]))


# ---------------------------------------------------------------------------- PMAs

PMA_FIELDS = (
    "id",
    "revision",
    "catalog",
    "program",
    "displayName",
    "accountId",
    "arn",
    "createdAt",
    "updatedAt",
    "startDate",
    "status",
)


def _pma(ctx: Context, catalog: str, identifier: str) -> dict[str, Any]:
    record = ctx.store.get(PMAS, _id_of(identifier))
    if record is None or record["catalog"] != catalog or record["ownerAccountId"] != ctx.account:
        raise _not_found("ProgramManagementAccount", identifier)
    return record


def create_program_management_account(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    catalog = params["catalog"]
    for other in ctx.store.scan(PMAS):
        if (other["ownerAccountId"], other["catalog"], other["program"], other["accountId"]) == (
            ctx.account,
            catalog,
            params["program"],
            params["accountId"],
        ):
            raise ServiceError(
                "ConflictException",
                f"Account {params['accountId']} already has a {params['program']} program "
                f"management account ({other['id']})",
                resourceId=other["id"],
                resourceType="ProgramManagementAccount",
            )
    pma_id = new_id("pma-")
    now = to_iso(ctx.now())
    arn = _arn(ctx, catalog, f"program-management-account/{pma_id}")
    ctx.store.put(
        PMAS,
        pma_id,
        {
            "id": pma_id,
            "arn": arn,
            "revision": "1",
            "catalog": catalog,
            "program": params["program"],
            "displayName": params["displayName"],
            "accountId": params["accountId"],
            "ownerAccountId": ctx.account,
            "createdAt": now,
            "updatedAt": now,
            "status": "PENDING",
        },
    )
    ctx.store.put(TAGS, arn, {"owner": ctx.account, "tags": _tags_in(params)})
    return {"programManagementAccountDetail": {"id": pma_id, "arn": arn}}


def update_program_management_account(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = _pma(ctx, params["catalog"], params["identifier"])
    _check_revision(params, record, "ProgramManagementAccount")
    if params.get("displayName") is not None:
        record = {
            **record,
            "displayName": params["displayName"],
            "revision": str(int(record["revision"]) + 1),
            "updatedAt": to_iso(ctx.now()),
        }
        ctx.store.put(PMAS, record["id"], record)
    return {
        "programManagementAccountDetail": _summary(record, ("id", "arn", "revision", "displayName"))
    }


def delete_program_management_account(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = _pma(ctx, params["catalog"], params["identifier"])
    children = [
        r["id"]
        for r in ctx.store.scan(RELATIONSHIPS)
        if r["programManagementAccountId"] == record["id"]
    ]
    if children:
        raise ServiceError(
            "ConflictException",
            f"Program management account {record['id']} still has relationships: "
            f"{', '.join(sorted(children))}",
            resourceId=record["id"],
            resourceType="ProgramManagementAccount",
        )
    ctx.store.delete(PMAS, record["id"])
    ctx.store.delete(TAGS, record["arn"])
    return {}


def list_program_management_accounts(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    filters = {
        "displayName": params.get("displayNames"),
        "program": params.get("programs"),
        "accountId": params.get("accountIds"),
        "status": params.get("statuses"),
    }
    records = [
        r
        for r in ctx.store.scan(PMAS)
        if r["ownerAccountId"] == ctx.account
        and r["catalog"] == params["catalog"]
        and all(not allowed or r[k] in allowed for k, allowed in filters.items())
    ]
    page, token = paginate(_sorted(records, params.get("sort")), params, DEFAULT_PAGE)
    return {"items": [_summary(r, PMA_FIELDS) for r in page], "nextToken": token}


# ---------------------------------------------------------------------------- relationships

RELATIONSHIP_FIELDS = (
    "arn",
    "id",
    "revision",
    "catalog",
    "associationType",
    "programManagementAccountId",
    "associatedAccountId",
    "displayName",
    "sector",
    "createdAt",
    "updatedAt",
    "startDate",
)


def _relationship(
    ctx: Context, catalog: str, identifier: str, pma_identifier: str | None
) -> dict[str, Any]:
    record = ctx.store.get(RELATIONSHIPS, _id_of(identifier))
    if (
        record is None
        or record["catalog"] != catalog
        or record["ownerAccountId"] != ctx.account
        or (
            pma_identifier is not None
            and record["programManagementAccountId"] != _id_of(pma_identifier)
        )
    ):
        raise _not_found("Relationship", identifier)
    return record


def create_relationship(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    catalog = params["catalog"]
    pma = _pma(ctx, catalog, params["programManagementAccountIdentifier"])
    for other in ctx.store.scan(RELATIONSHIPS):
        if (
            other["programManagementAccountId"] == pma["id"]
            and other["associatedAccountId"] == params["associatedAccountId"]
        ):
            raise ServiceError(
                "ConflictException",
                f"Account {params['associatedAccountId']} already has a relationship with "
                f"{pma['id']} ({other['id']})",
                resourceId=other["id"],
                resourceType="Relationship",
            )
    rs_id = new_id("rs-")
    now = to_iso(ctx.now())
    arn = f"{pma['arn']}/relationship/{rs_id}"
    ctx.store.put(
        RELATIONSHIPS,
        rs_id,
        {
            "id": rs_id,
            "arn": arn,
            "revision": "1",
            "catalog": catalog,
            "associationType": params["associationType"],
            "programManagementAccountId": pma["id"],
            "associatedAccountId": params["associatedAccountId"],
            "displayName": params["displayName"],
            "resaleAccountModel": params.get("resaleAccountModel"),
            "sector": params["sector"],
            "requestedSupportPlan": params.get("requestedSupportPlan"),
            "ownerAccountId": ctx.account,
            "createdAt": now,
            "updatedAt": now,
        },
    )
    ctx.store.put(TAGS, arn, {"owner": ctx.account, "tags": _tags_in(params)})
    return {"relationshipDetail": {"arn": arn, "id": rs_id}}


def get_relationship(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = _relationship(
        ctx, params["catalog"], params["identifier"], params["programManagementAccountIdentifier"]
    )
    return {"relationshipDetail": _summary(record, (*RELATIONSHIP_FIELDS, "resaleAccountModel"))}


def update_relationship(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = _relationship(
        ctx, params["catalog"], params["identifier"], params["programManagementAccountIdentifier"]
    )
    _check_revision(params, record, "Relationship")
    changes = {
        k: params[k] for k in ("displayName", "requestedSupportPlan") if params.get(k) is not None
    }
    if changes:
        record = {
            **record,
            **changes,
            "revision": str(int(record["revision"]) + 1),
            "updatedAt": to_iso(ctx.now()),
        }
        ctx.store.put(RELATIONSHIPS, record["id"], record)
    return {"relationshipDetail": _summary(record, ("arn", "id", "revision", "displayName"))}


def delete_relationship(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = _relationship(
        ctx, params["catalog"], params["identifier"], params["programManagementAccountIdentifier"]
    )
    ctx.store.delete(RELATIONSHIPS, record["id"])
    ctx.store.delete(TAGS, record["arn"])
    return {}


def list_relationships(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pmas = {_id_of(i) for i in params.get("programManagementAccountIdentifiers") or []}
    filters = {
        "associatedAccountId": params.get("associatedAccountIds"),
        "associationType": params.get("associationTypes"),
        "displayName": params.get("displayNames"),
    }
    records = [
        r
        for r in ctx.store.scan(RELATIONSHIPS)
        if r["ownerAccountId"] == ctx.account
        and r["catalog"] == params["catalog"]
        and (not pmas or r["programManagementAccountId"] in pmas)
        and all(not allowed or r[k] in allowed for k, allowed in filters.items())
    ]
    page, token = paginate(_sorted(records, params.get("sort")), params, DEFAULT_PAGE)
    return {"items": [_summary(r, RELATIONSHIP_FIELDS) for r in page], "nextToken": token}


# ---------------------------------------------------------------------------- handshakes

DETAIL_KEY = {
    "START_SERVICE_PERIOD": "startServicePeriodHandshakeDetail",
    "REVOKE_SERVICE_PERIOD": "revokeServicePeriodHandshakeDetail",
    "PROGRAM_MANAGEMENT_ACCOUNT": "programManagementAccountHandshakeDetail",
}
PAYLOAD_KEY = {
    "START_SERVICE_PERIOD": "startServicePeriodPayload",
    "REVOKE_SERVICE_PERIOD": "revokeServicePeriodPayload",
}
FILTER_KEY = {
    "START_SERVICE_PERIOD": "startServicePeriodTypeFilters",
    "REVOKE_SERVICE_PERIOD": "revokeServicePeriodTypeFilters",
    "PROGRAM_MANAGEMENT_ACCOUNT": "programManagementAccountTypeFilters",
}
SORT_KEY = {
    "START_SERVICE_PERIOD": "startServicePeriodTypeSort",
    "REVOKE_SERVICE_PERIOD": "revokeServicePeriodTypeSort",
    "PROGRAM_MANAGEMENT_ACCOUNT": "programManagementAccountTypeSort",
}
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


def _current(ctx: Context, record: dict[str, Any]) -> dict[str, Any]:
    """The record with expiry applied (a PENDING handshake past its time is EXPIRED)."""
    if record["status"] == "PENDING" and ctx.now() >= from_iso(record["expiresAt"]):
        record = {**record, "status": "EXPIRED", "updatedAt": record["expiresAt"]}
        ctx.store.put(HANDSHAKES, record["id"], record)
    return record


def _handshake_view(record: dict[str, Any]) -> dict[str, Any]:
    out = _summary(record, HANDSHAKE_FIELDS)
    detail = dict(record.get("detail") or {})
    for k in ("startDate", "endDate"):
        if isinstance(detail.get(k), str):
            detail[k] = from_iso(detail[k])
    out["detail"] = {DETAIL_KEY[record["handshakeType"]]: detail}
    return out


def _handshake(ctx: Context, catalog: str, identifier: str) -> dict[str, Any]:
    record = ctx.store.get(HANDSHAKES, _id_of(identifier))
    if (
        record is None
        or record["catalog"] != catalog
        or ctx.account not in (record["senderAccountId"], record["receiverAccountId"])
    ):
        raise _not_found("ChannelHandshake", identifier)
    return _current(ctx, record)


def _target(
    ctx: Context, catalog: str, handshake_type: str, identifier: str
) -> tuple[str, str, dict[str, Any]]:
    """(associated id, receiver account, the resource) for a new handshake."""
    bare = _id_of(identifier)
    if handshake_type == "PROGRAM_MANAGEMENT_ACCOUNT":
        if not bare.startswith("pma-"):
            raise business_error(
                "A PROGRAM_MANAGEMENT_ACCOUNT handshake is associated with a program "
                "management account (pma-...)",
                "associatedResourceIdentifier",
            )
        pma = _pma(ctx, catalog, bare)
        return pma["id"], pma["accountId"], pma
    if not bare.startswith("rs-"):
        raise business_error(
            f"A {handshake_type} handshake is associated with a relationship (rs-...)",
            "associatedResourceIdentifier",
        )
    record = ctx.store.get(RELATIONSHIPS, bare)
    if record is None or record["catalog"] != catalog or record["ownerAccountId"] != ctx.account:
        raise _not_found("Relationship", identifier)
    return record["id"], record["associatedAccountId"], record


def create_channel_handshake(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    catalog, htype = params["catalog"], params["handshakeType"]
    assoc_id, receiver, resource = _target(
        ctx, catalog, htype, params["associatedResourceIdentifier"]
    )
    payload = params.get("payload") or {}
    detail: dict[str, Any]
    if htype == "PROGRAM_MANAGEMENT_ACCOUNT":
        if payload:
            raise business_error(
                "A PROGRAM_MANAGEMENT_ACCOUNT handshake takes no payload", "payload"
            )
        detail = {"program": resource["program"]}
    else:
        key = PAYLOAD_KEY[htype]
        body = payload.get(key)
        if body is None:
            raise business_error(f"A {htype} handshake needs payload.{key}", f"payload.{key}")
        if (
            _id_of(body["programManagementAccountIdentifier"])
            != resource["programManagementAccountId"]
        ):
            raise business_error(
                f"payload.{key}.programManagementAccountIdentifier must be the relationship's "
                f"program management account ({resource['programManagementAccountId']})",
                f"payload.{key}.programManagementAccountIdentifier",
            )
        detail = {"note": body.get("note")}
        if htype == "START_SERVICE_PERIOD":
            ptype = body["servicePeriodType"]
            detail["servicePeriodType"] = ptype
            if ptype == "MINIMUM_NOTICE_PERIOD":
                if not body.get("minimumNoticeDays"):
                    raise business_error(
                        "MINIMUM_NOTICE_PERIOD needs minimumNoticeDays",
                        f"payload.{key}.minimumNoticeDays",
                    )
                detail["minimumNoticeDays"] = body["minimumNoticeDays"]
            else:
                end = body.get("endDate")
                if end is None or end <= ctx.now():
                    raise business_error(
                        "FIXED_COMMITMENT_PERIOD needs an endDate in the future",
                        f"payload.{key}.endDate",
                    )
                detail["endDate"] = to_iso(end)
                if body.get("minimumNoticeDays"):
                    detail["minimumNoticeDays"] = body["minimumNoticeDays"]
    for other in ctx.store.scan(HANDSHAKES):
        same_target = (other["handshakeType"], other["associatedResourceId"]) == (htype, assoc_id)
        if same_target and _current(ctx, other)["status"] == "PENDING":
            raise ServiceError(
                "ConflictException",
                f"A PENDING {htype} handshake for {assoc_id} already exists ({other['id']})",
                resourceId=other["id"],
                resourceType="ChannelHandshake",
            )
    ch_id = new_id("ch-")
    now = ctx.now()
    arn = _arn(ctx, catalog, f"channel-handshake/{ch_id}")
    ctx.store.put(
        HANDSHAKES,
        ch_id,
        {
            "id": ch_id,
            "arn": arn,
            "catalog": catalog,
            "handshakeType": htype,
            "ownerAccountId": ctx.account,
            "senderAccountId": ctx.account,
            "senderDisplayName": f"Partner {ctx.account}",
            "receiverAccountId": receiver,
            "associatedResourceId": assoc_id,
            "detail": {k: v for k, v in detail.items() if v is not None},
            "createdAt": to_iso(now),
            "updatedAt": to_iso(now),
            "status": "PENDING",
            "expiresAt": to_iso(now + _dt.timedelta(seconds=ctx.settings.handshake_expiry_seconds)),
        },
    )
    ctx.store.put(TAGS, arn, {"owner": ctx.account, "tags": _tags_in(params)})
    return {"channelHandshakeDetail": {"id": ch_id, "arn": arn}}


def _decide(ctx: Context, params: dict[str, Any], status: str, by_receiver: bool) -> dict[str, Any]:
    record = _handshake(ctx, params["catalog"], params["identifier"])
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
        if pma is not None:
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


def list_channel_handshakes(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    htype, catalog = params["handshakeType"], params["catalog"]
    me = "senderAccountId" if params["participantType"] == "SENDER" else "receiverAccountId"
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
    resources = {_id_of(i) for i in params.get("associatedResourceIdentifiers") or []}
    records = []
    for raw in ctx.store.scan(HANDSHAKES):
        if raw["handshakeType"] != htype or raw["catalog"] != catalog or raw[me] != ctx.account:
            continue
        record = _current(ctx, raw)
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
    page, token = paginate(_sorted(records, sort_union.get(SORT_KEY[htype])), params, DEFAULT_PAGE)
    return {"items": [_handshake_view(r) for r in page], "nextToken": token}


# ---------------------------------------------------------------------------- tags


def _tag_record(ctx: Context, arn: str) -> dict[str, Any]:
    record = ctx.store.get(TAGS, arn)
    if record is None or record["owner"] != ctx.account:
        raise ServiceError(
            "ResourceNotFoundException", f"Resource {arn} was not found", resourceId=arn
        )
    return record


def tag_resource(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = _tag_record(ctx, params["resourceArn"])
    ctx.store.put(
        TAGS, params["resourceArn"], {**record, "tags": {**record["tags"], **_tags_in(params)}}
    )
    return {}


def untag_resource(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = _tag_record(ctx, params["resourceArn"])
    drop = set(params["tagKeys"])
    ctx.store.put(
        TAGS,
        params["resourceArn"],
        {**record, "tags": {k: v for k, v in record["tags"].items() if k not in drop}},
    )
    return {}


def list_tags_for_resource(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = _tag_record(ctx, params["resourceArn"])
    return {"tags": [{"key": k, "value": v} for k, v in sorted(record["tags"].items())]}
