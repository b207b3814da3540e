"""Relationships between a program management account and an account.

Behaviour knobs played here: ``unique_relationship`` (one per PMA and associatedAccountId),
``get_lag`` (GetRelationship), ``list_lag``.
"""

from __future__ import annotations

from typing import Any

from .. import quotas
from ..context import Context, new_id
from .common import (
    RELATIONSHIPS,
    TAGS,
    conflict,
    id_of,
    matches,
    not_found,
    owned_record,
    page_of,
    put_new,
    revise,
    summary,
)
from .pmas import pma_record

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


def relationship_record(
    ctx: Context, catalog: str, identifier: str, pma_identifier: str | None
) -> dict[str, Any]:
    pma_id = None if pma_identifier is None else id_of(pma_identifier)

    def of_pma(record: dict[str, Any]) -> bool:
        return pma_id in (None, record["programManagementAccountId"])

    return owned_record(ctx, RELATIONSHIPS, "Relationship", catalog, identifier, of_pma)


def create_relationship(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    catalog = params["catalog"]
    pma = pma_record(ctx, catalog, params["programManagementAccountIdentifier"])
    for other in ctx.store.scan(RELATIONSHIPS) if ctx.behaviour.unique_relationship else ():
        if (
            other["programManagementAccountId"] == pma["id"]
            and other["associatedAccountId"] == params["associatedAccountId"]
        ):
            raise conflict(
                "Relationship",
                other["id"],
                f"Account {params['associatedAccountId']} already has a relationship with "
                f"{pma['id']} ({other['id']})",
            )
    quotas.check_count(
        ctx.behaviour,
        "max_relationships",
        (r for r in ctx.store.scan(RELATIONSHIPS) if r["programManagementAccountId"] == pma["id"]),
        "Relationship",
        pma["id"],
    )
    rs_id = new_id("rs-")
    arn = f"{pma['arn']}/relationship/{rs_id}"
    fields = {
        "associationType": params["associationType"],
        "programManagementAccountId": pma["id"],
        "associatedAccountId": params["associatedAccountId"],
        "displayName": params["displayName"],
        "resaleAccountModel": params.get("resaleAccountModel"),
        "sector": params["sector"],
        "requestedSupportPlan": params.get("requestedSupportPlan"),
    }
    put_new(ctx, RELATIONSHIPS, rs_id, arn, params, fields)
    return {"relationshipDetail": {"arn": arn, "id": rs_id}}


def get_relationship(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = relationship_record(
        ctx, params["catalog"], params["identifier"], params["programManagementAccountIdentifier"]
    )
    if not ctx.settled(record["createdAt"], ctx.behaviour.get_lag):
        raise not_found("Relationship", params["identifier"])
    return {"relationshipDetail": summary(record, (*RELATIONSHIP_FIELDS, "resaleAccountModel"))}


def update_relationship(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = relationship_record(
        ctx, params["catalog"], params["identifier"], params["programManagementAccountIdentifier"]
    )
    members = ("displayName", "requestedSupportPlan")
    return {
        "relationshipDetail": revise(ctx, "Relationship", RELATIONSHIPS, record, params, members)
    }


def delete_relationship(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = relationship_record(
        ctx, params["catalog"], params["identifier"], params["programManagementAccountIdentifier"]
    )
    ctx.store.delete(RELATIONSHIPS, record["id"])
    ctx.store.delete(TAGS, record["arn"])
    return {}


def list_relationships(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    pmas = {id_of(i) for i in params.get("programManagementAccountIdentifiers") or []}
    filters = {
        "associatedAccountId": params.get("associatedAccountIds"),
        "associationType": params.get("associationTypes"),
        "displayName": params.get("displayNames"),
    }
    records = (
        r
        for r in ctx.store.scan(RELATIONSHIPS)
        if r["ownerAccountId"] == ctx.account
        and r["catalog"] == params["catalog"]
        and (not pmas or r["programManagementAccountId"] in pmas)
        and matches(r, filters)
    )
    return page_of(ctx, params, records, RELATIONSHIP_FIELDS)
