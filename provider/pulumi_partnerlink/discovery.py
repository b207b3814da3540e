"""``partnerlink discover``'s reading of an account: every object, as its data file holds it.

Listings are paged to the end; every member the models mark optional may be absent: an object
without a member its declaration needs (a PMA's program, a relationship's account) is left out
and named in ``SKIPPED`` (the command says so), tags are read only where AWS gave an ARN, and a
deleted PMA AWS still lists (INACTIVE) is not declared.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from tqdm import tqdm  # type: ignore[import-untyped]

from .clients import client, pages
from .config import ProviderSettings
from .handshake_types import TYPES


def _pages(api: Any, method: str, key: str, **params: Any) -> list[dict[str, Any]]:
    return [item for page in pages(api, method, **params) for item in page.get(key) or []]


def _tags(api: Any, arn: str | None, iot: bool) -> dict[str, str]:
    """The object's tags; none when AWS did not give its ARN (the tag calls need it)."""
    if not arn:
        return {}
    if iot:
        found = api.list_tags_for_resource(ResourceArn=arn).get("Tags") or []
        return {t["Key"]: t["Value"] for t in found}
    found = api.list_tags_for_resource(resourceArn=arn).get("tags") or []
    return {t["key"]: t["value"] for t in found}


SKIPPED: list[str] = []  # what discover could not declare (AWS left out a member it needs)


def _complete(item: dict[str, Any], what: str, *members: str) -> bool:
    """Every member a declaration needs is there (all are optional in the models)."""
    missing = [m for m in members if item.get(m) in (None, "")]
    if missing:
        SKIPPED.append(f"{what} {item.get('id') or item.get('AmazonId') or '?'}: no {missing[0]}")
    return not missing


def _progress(items: Iterable[Any], what: str, total: int) -> Iterable[Any]:
    bar: Iterable[Any] = tqdm(
        items, desc=what, total=total, disable=not sys.stderr.isatty(), leave=False
    )
    return bar


def _when(value: Any) -> str | None:
    if hasattr(value, "strftime"):
        return str(value.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return None if value is None else str(value)


def discover(settings: ProviderSettings, catalog: str) -> dict[str, Any]:
    """Everything this account has, as the data file holds it (sorted by id). An object AWS
    describes without a member its declaration needs is left out and named in ``SKIPPED``."""
    iot = client(settings, "iotwireless")
    pcc = client(settings, "partnercentral-channel")
    SKIPPED.clear()
    rels = sorted(
        (
            r
            for r in _pages(pcc, "list_relationships", "items", catalog=catalog, maxResults=100)
            if r.get("id")
        ),
        key=lambda r: r["id"],
    )
    return {
        "catalog": catalog,
        "sidewalk": _discover_sidewalk(iot),
        "program_management_accounts": _discover_pmas(pcc, catalog),
        "relationships": _discover_relationships(pcc, rels),
        "handshakes": _discover_handshakes(pcc, catalog, rels),
    }


def _discover_sidewalk(iot: Any) -> list[dict[str, Any]]:
    found = [s for s in _pages(iot, "list_partner_accounts", "Sidewalk", MaxResults=250)]
    found = sorted((s for s in found if s.get("AmazonId")), key=lambda s: s["AmazonId"])
    return [
        {
            "name": "sidewalk-" + "".join(c if c.isalnum() else "-" for c in s["AmazonId"]),
            "amazon_id": s["AmazonId"],
            "tags": _tags(iot, s.get("Arn"), iot=True),
        }
        for s in _progress(found, "sidewalk", len(found))
    ]


# What a channel record's declaration holds beside its name and id: each key from the listing's
# member (every one optional in the model; a record without one is skipped), in this order.
PMA_INPUTS = {"program": "program", "display_name": "displayName", "account_id": "accountId"}
RELATIONSHIP_INPUTS = {
    "pma": "programManagementAccountId",
    "association_type": "associationType",
    "associated_account_id": "associatedAccountId",
    "display_name": "displayName",
    "sector": "sector",
}


def _discover_pmas(pcc: Any, catalog: str) -> list[dict[str, Any]]:
    pmas = _pages(pcc, "list_program_management_accounts", "items", catalog=catalog, maxResults=100)
    pmas = sorted((p for p in pmas if p.get("id")), key=lambda p: p["id"])
    pmas = [p for p in pmas if p.get("status") != "INACTIVE"]  # deleted, still listed
    return _records(pcc, pmas, "program management account", PMA_INPUTS)


def _discover_relationships(pcc: Any, rels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return _records(pcc, rels, "relationship", RELATIONSHIP_INPUTS)


def _records(
    pcc: Any, items: list[dict[str, Any]], what: str, inputs: dict[str, str]
) -> list[dict[str, Any]]:
    """Channel records as declarations: name and id, ``inputs`` from their members, the tags."""
    return [
        {
            "name": r["id"],
            "id": r["id"],
            **{key: r[member] for key, member in inputs.items()},
            "tags": _tags(pcc, r.get("arn"), iot=False),
        }
        for r in _progress(items, f"{what}s", len(items))
        if _complete(r, what, *inputs.values())
    ]


def _discover_handshakes(
    pcc: Any, catalog: str, rels: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    rel_pma = {r["id"]: r.get("programManagementAccountId") for r in rels}
    sent: list[dict[str, Any]] = []
    for htype in TYPES:
        sent += _pages(
            pcc,
            "list_channel_handshakes",
            "items",
            catalog=catalog,
            handshakeType=htype,
            participantType="SENDER",
            maxResults=100,
        )
    dead = ("CANCELED", "EXPIRED")
    sent = sorted(
        (h for h in sent if h.get("id") and h.get("status") not in dead), key=lambda h: h["id"]
    )
    out = []
    for h in _progress(sent, "handshakes", len(sent)):
        if not _complete(h, "handshake", "status", "handshakeType", "associatedResourceId"):
            continue
        resource = h["associatedResourceId"]
        item: dict[str, Any] = {
            "name": h["id"],
            "id": h["id"],
            "type": h["handshakeType"],
            "status": h["status"],
            "associated_resource": resource,
            "pma": rel_pma.get(resource) or resource,
            **_payloads(h.get("detail") or {}),
        }
        if h["status"] == "PENDING":
            item["tags"] = _tags(pcc, h.get("arn"), iot=False)
        out.append(item)
    return out


def _payloads(detail: dict[str, Any]) -> dict[str, Any]:
    """The service-period payloads of a handshake's detail, as inputs."""
    out: dict[str, Any] = {}
    start = detail.get("startServicePeriodHandshakeDetail")
    if start is not None:
        body = {
            "service_period_type": start.get("servicePeriodType"),
            "minimum_notice_days": start.get("minimumNoticeDays"),
            "end_date": _when(start.get("endDate")),
            "note": start.get("note"),
        }
        out["start_service_period"] = {k: v for k, v in body.items() if v is not None}
    revoke = detail.get("revokeServicePeriodHandshakeDetail")
    if revoke is not None:
        out["revoke_service_period"] = {k: v for k, v in {"note": revoke.get("note")}.items() if v}
    return out
