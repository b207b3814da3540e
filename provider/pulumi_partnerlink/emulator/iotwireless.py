"""IoT Wireless: Sidewalk partner accounts and their tags.

State per account and region, as AWS keeps it. The partner account id is the AmazonId. The
emulator never stores the app-server private key: only its fingerprint,
``sha256(bytes.fromhex(key)).hexdigest()`` (64 lowercase hex), which is what GetPartnerAccount
and ListPartnerAccounts return. Associate echoes the key in its response, as AWS does.
``AccountLinked`` starts false; the admin API can flip it. Behaviour knobs played here:
``list_lag`` (ListPartnerAccounts), ``get_lag`` (GetPartnerAccount), paging.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .context import Context, paginate
from .errors import ServiceError
from .state import to_iso

ACCOUNTS = "iotwireless.partner_accounts"
TAGS = "iotwireless.tags"
MAX_TAGS = 50


def fingerprint(private_key: str) -> str:
    return hashlib.sha256(bytes.fromhex(private_key)).hexdigest()


def _key(ctx: Context, amazon_id: str) -> str:
    return f"{ctx.account}/{ctx.region}/{amazon_id}"


def _require_sidewalk(params: dict[str, Any]) -> None:
    if params.get("PartnerType") != "Sidewalk":
        raise ServiceError("ValidationException", "PartnerType must be Sidewalk")


def _not_found(amazon_id: str) -> ServiceError:
    return ServiceError(
        "ResourceNotFoundException",
        f"Partner account {amazon_id} does not exist",
        ResourceId=amazon_id,
        ResourceType="SidewalkAccount",
    )


def _find(ctx: Context, amazon_id: str) -> dict[str, Any]:
    record = ctx.store.get(ACCOUNTS, _key(ctx, amazon_id))
    if record is None:
        raise _not_found(amazon_id)
    return record


def _with_fingerprint(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "AmazonId": record["AmazonId"],
        "Fingerprint": record["Fingerprint"],
        "Arn": record["Arn"],
    }


def associate_aws_account_with_partner_account(
    ctx: Context, params: dict[str, Any]
) -> dict[str, Any]:
    sidewalk = params["Sidewalk"]
    amazon_id = sidewalk.get("AmazonId")
    key = sidewalk.get("AppServerPrivateKey")
    if not amazon_id:
        raise ServiceError("ValidationException", "Sidewalk.AmazonId is required")
    if not key:
        raise ServiceError("ValidationException", "Sidewalk.AppServerPrivateKey is required")
    if ctx.store.get(ACCOUNTS, _key(ctx, amazon_id)) is not None:
        raise ServiceError(
            "ConflictException",
            f"Partner account {amazon_id} is already associated with this AWS account",
            ResourceId=amazon_id,
            ResourceType="SidewalkAccount",
        )
    tags = params.get("Tags") or []
    if len(tags) > MAX_TAGS:
        raise ServiceError("TooManyTagsException", f"A resource can have at most {MAX_TAGS} tags")
    arn = f"arn:aws:iotwireless:{ctx.region}:{ctx.account}:SidewalkAccount/{amazon_id}"
    ctx.store.put(
        ACCOUNTS,
        _key(ctx, amazon_id),
        {
            "AmazonId": amazon_id,
            "Fingerprint": fingerprint(key),
            "Arn": arn,
            "AccountLinked": False,
            "CreatedAt": to_iso(ctx.now()),
        },
    )
    ctx.store.put(TAGS, arn, {"tags": {t["Key"]: t["Value"] for t in tags}})
    return {"Sidewalk": {"AmazonId": amazon_id, "AppServerPrivateKey": key}, "Arn": arn}


def get_partner_account(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    _require_sidewalk(params)
    record = _find(ctx, params["PartnerAccountId"])
    if not ctx.settled(record["CreatedAt"], ctx.behaviour.get_lag):
        raise _not_found(record["AmazonId"])
    return {"Sidewalk": _with_fingerprint(record), "AccountLinked": record["AccountLinked"]}


def list_partner_accounts(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    here = [ctx.region, ctx.account]
    mine = sorted(
        ctx.listed(
            (r for r in ctx.store.scan(ACCOUNTS) if r["Arn"].split(":")[3:5] == here),
            created="CreatedAt",
        ),
        key=lambda r: r["AmazonId"],
    )
    page, token = paginate(
        ctx, mine, params, default=25, token_field="NextToken", size_field="MaxResults"
    )
    return {"Sidewalk": [_with_fingerprint(r) for r in page], "NextToken": token}


def update_partner_account(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    _require_sidewalk(params)
    record = _find(ctx, params["PartnerAccountId"])
    key = params["Sidewalk"].get("AppServerPrivateKey")
    if key:
        record = {**record, "Fingerprint": fingerprint(key)}
        ctx.store.put(ACCOUNTS, _key(ctx, record["AmazonId"]), record)
    return {}


def disassociate_aws_account_from_partner_account(
    ctx: Context, params: dict[str, Any]
) -> dict[str, Any]:
    _require_sidewalk(params)
    record = _find(ctx, params["PartnerAccountId"])
    ctx.store.delete(ACCOUNTS, _key(ctx, record["AmazonId"]))
    ctx.store.delete(TAGS, record["Arn"])
    return {}


def _tagged(ctx: Context, arn: str) -> dict[str, str]:
    record = ctx.store.get(TAGS, arn)
    owner = arn.split(":")[3:5] == [ctx.region, ctx.account]
    if record is None or not owner:
        raise ServiceError(
            "ResourceNotFoundException", f"Resource {arn} does not exist", ResourceId=arn
        )
    tags: dict[str, str] = record["tags"]
    return tags


def tag_resource(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    arn = params["ResourceArn"]
    tags = {**_tagged(ctx, arn), **{t["Key"]: t["Value"] for t in params["Tags"]}}
    if len(tags) > MAX_TAGS:
        raise ServiceError(
            "TooManyTagsException", f"A resource can have at most {MAX_TAGS} tags", ResourceName=arn
        )
    ctx.store.put(TAGS, arn, {"tags": tags})
    return {}


def untag_resource(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    arn = params["ResourceArn"]
    tags = {k: v for k, v in _tagged(ctx, arn).items() if k not in set(params["TagKeys"])}
    ctx.store.put(TAGS, arn, {"tags": tags})
    return {}


def list_tags_for_resource(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    tags = _tagged(ctx, params["ResourceArn"])
    return {"Tags": [{"Key": k, "Value": v} for k, v in sorted(tags.items())]}


# Admin: flip AccountLinked (what the Sidewalk side does once the partner links the account).
def admin_set_account_linked(ctx: Context, amazon_id: str, linked: bool) -> dict[str, Any]:
    record = {**_find(ctx, amazon_id), "AccountLinked": linked}
    ctx.store.put(ACCOUNTS, _key(ctx, amazon_id), record)
    return {"AmazonId": amazon_id, "AccountLinked": linked}
