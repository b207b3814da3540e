"""Program management accounts: create, update (with revision), delete, list.

Behaviour knobs played here: ``unique_pma`` (one PMA per owner, catalog, program and
accountId), ``deleted_pma_listed`` (a deleted PMA is kept as an INACTIVE tombstone with a
``deletedAt``: listed, but not found by every other call), ``list_lag``.
"""

from __future__ import annotations

from typing import Any

from .. import quotas
from ..context import Context, new_id
from ..state import to_iso
from .common import (
    PMAS,
    RELATIONSHIPS,
    TAGS,
    arn_of,
    conflict,
    matches,
    owned_record,
    page_of,
    put_new,
    revise,
)

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


def pma_record(ctx: Context, catalog: str, identifier: str) -> dict[str, Any]:
    def alive(record: dict[str, Any]) -> bool:
        return not record.get("deletedAt")  # a tombstone is found by listings only

    return owned_record(ctx, PMAS, "ProgramManagementAccount", catalog, identifier, alive)


def create_program_management_account(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    catalog = params["catalog"]
    for other in ctx.store.scan(PMAS) if ctx.behaviour.unique_pma else ():
        if other.get("deletedAt"):
            continue
        if (other["ownerAccountId"], other["catalog"], other["program"], other["accountId"]) == (
            ctx.account,
            catalog,
            params["program"],
            params["accountId"],
        ):
            raise conflict(
                "ProgramManagementAccount",
                other["id"],
                f"Account {params['accountId']} already has a {params['program']} program "
                f"management account ({other['id']})",
            )
    quotas.check_count(
        ctx.behaviour,
        "max_pmas",
        (
            r
            for r in ctx.store.scan(PMAS)
            if not r.get("deletedAt")
            and (r["ownerAccountId"], r["catalog"]) == (ctx.account, catalog)
        ),
        "ProgramManagementAccount",
    )
    pma_id = new_id("pma-")
    arn = arn_of(ctx, catalog, f"program-management-account/{pma_id}")
    fields = {k: params[k] for k in ("program", "displayName", "accountId")}
    put_new(ctx, PMAS, pma_id, arn, params, {**fields, "status": "PENDING"})
    return {"programManagementAccountDetail": {"id": pma_id, "arn": arn}}


def update_program_management_account(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = pma_record(ctx, params["catalog"], params["identifier"])
    detail = revise(ctx, "ProgramManagementAccount", PMAS, record, params, ["displayName"])
    return {"programManagementAccountDetail": detail}


def delete_program_management_account(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = pma_record(ctx, params["catalog"], params["identifier"])
    children = [
        r["id"]
        for r in ctx.store.scan(RELATIONSHIPS)
        if r["programManagementAccountId"] == record["id"]
    ]
    if children:
        raise conflict(
            "ProgramManagementAccount",
            record["id"],
            f"Program management account {record['id']} still has relationships: "
            f"{', '.join(sorted(children))}",
        )
    if ctx.behaviour.deleted_pma_listed:
        now = to_iso(ctx.now())
        tombstone = {**record, "status": "INACTIVE", "updatedAt": now, "deletedAt": now}
        ctx.store.put(PMAS, record["id"], tombstone)
    else:
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
    tombstones = ctx.behaviour.deleted_pma_listed
    records = (
        r
        for r in ctx.store.scan(PMAS)
        if r["ownerAccountId"] == ctx.account
        and r["catalog"] == params["catalog"]
        and (tombstones or not r.get("deletedAt"))
        and matches(r, filters)
    )
    return page_of(ctx, params, records, PMA_FIELDS)
