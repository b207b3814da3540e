"""Shared by the Partner Central Channel handlers: record kinds, ids, ARNs, new records,
summaries, not-found and conflict errors."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ..context import Context, paginate
from ..errors import ServiceError
from ..state import from_iso, to_iso

PMAS = "pcc.program_management_accounts"
RELATIONSHIPS = "pcc.relationships"
HANDSHAKES = "pcc.handshakes"
TAGS = "pcc.tags"
DEFAULT_PAGE = 50
_ID = re.compile(r"(pma|rs|ch)-[a-z0-9]{13}$")


def id_of(identifier: str) -> str:
    """The bare id at the end of an id or ARN."""
    m = _ID.search(identifier)
    return m.group(0) if m else identifier


def not_found(kind: str, identifier: str) -> ServiceError:
    return ServiceError(
        "ResourceNotFoundException",
        f"{kind} {identifier} was not found",
        resourceId=identifier,
        resourceType=kind,
    )


def owned_record(
    ctx: Context,
    table: str,
    kind: str,
    catalog: str,
    identifier: str,
    also: Callable[[dict[str, Any]], bool],
) -> dict[str, Any]:
    """The record ``identifier`` (an id or ARN) names, if it is this account's, in ``catalog``
    and ``also`` holds for it; a ResourceNotFoundException otherwise."""
    record = ctx.store.get(table, id_of(identifier))
    if (
        record is None
        or record["catalog"] != catalog
        or record["ownerAccountId"] != ctx.account
        or not also(record)
    ):
        raise not_found(kind, identifier)
    return record


def conflict(kind: str, resource_id: str, message: str) -> ServiceError:
    """A ConflictException about the ``kind`` object ``resource_id`` (the model's fields)."""
    return ServiceError("ConflictException", message, resourceId=resource_id, resourceType=kind)


def arn_of(ctx: Context, catalog: str, path: str, account: str | None = None) -> str:
    return f"arn:aws:partnercentral:{ctx.region}:{account or ctx.account}:catalog/{catalog}/{path}"


def tags_in(params: dict[str, Any]) -> dict[str, str]:
    return {t["key"]: t["value"] for t in params.get("tags") or []}


def put_new(
    ctx: Context,
    table: str,
    record_id: str,
    arn: str,
    params: dict[str, Any],
    fields: dict[str, Any],
) -> None:
    """Store a new revisioned record of this account (revision 1, created now), and its tags."""
    now = to_iso(ctx.now())
    ctx.store.put(
        table,
        record_id,
        {
            "id": record_id,
            "arn": arn,
            "revision": "1",
            "catalog": params["catalog"],
            **fields,
            "ownerAccountId": ctx.account,
            "createdAt": now,
            "updatedAt": now,
        },
    )
    ctx.store.put(TAGS, arn, {"owner": ctx.account, "tags": tags_in(params)})


def summary(record: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    out = {k: record[k] for k in fields if record.get(k) is not None}
    for k in ("createdAt", "updatedAt", "startDate", "endDate"):
        if isinstance(out.get(k), str):
            out[k] = from_iso(out[k])
    return out


def revise(
    ctx: Context,
    kind: str,
    table: str,
    record: dict[str, Any],
    params: dict[str, Any],
    members: Iterable[str],
) -> dict[str, Any]:
    """An Update* of a revisioned record: refused at a stale revision, else the ``members``
    given change it (the next revision, updated now); the answer's detail (id, ARN, revision,
    display name)."""
    check_revision(params, record, kind)
    changes = {k: params[k] for k in members if params.get(k) is not None}
    if changes:
        record = {
            **record,
            **changes,
            "revision": str(int(record["revision"]) + 1),
            "updatedAt": to_iso(ctx.now()),
        }
        ctx.store.put(table, record["id"], record)
    return summary(record, ("id", "arn", "revision", "displayName"))


def page_of(
    ctx: Context, params: dict[str, Any], records: Iterable[dict[str, Any]], fields: Iterable[str]
) -> dict[str, Any]:
    """A List* answer: one page of the ``records`` listed so far, sorted as asked, summarised."""
    ordered = sorted_records(ctx.listed(records), params.get("sort"))
    page, token = paginate(ctx, ordered, params, DEFAULT_PAGE)
    return {"items": [summary(r, fields) for r in page], "nextToken": token}


def matches(record: dict[str, Any], filters: dict[str, Any]) -> bool:
    """Whether ``record`` passes every List* filter given (member -> allowed values)."""
    return all(not allowed or record[k] in allowed for k, allowed in filters.items())


def check_revision(params: dict[str, Any], record: dict[str, Any], kind: str) -> None:
    revision = params.get("revision")
    if revision is not None and revision != record["revision"]:
        raise conflict(
            kind,
            record["id"],
            f"{kind} {record['id']} is at revision {record['revision']}, not {revision}",
        )


def sorted_records(
    records: list[dict[str, Any]], sort: dict[str, Any] | None
) -> list[dict[str, Any]]:
    if sort:  # the only sortBy the models offer is UpdatedAt
        return sorted(
            records,
            key=lambda r: (r["updatedAt"], r["id"]),
            reverse=sort["sortOrder"] == "Descending",
        )
    return sorted(records, key=lambda r: (r["createdAt"], r["id"]))
