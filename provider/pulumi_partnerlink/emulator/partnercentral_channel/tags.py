"""Tags of any Partner Central Channel resource, by ARN."""

from __future__ import annotations

from typing import Any

from ..context import Context
from ..errors import ServiceError
from .common import (
    TAGS,
    tags_in,
)

# ---------------------------------------------------------------------------- tags


def tag_record(ctx: Context, arn: str) -> dict[str, Any]:
    record = ctx.store.get(TAGS, arn)
    if record is None or record["owner"] != ctx.account:
        raise ServiceError(
            "ResourceNotFoundException", f"Resource {arn} was not found", resourceId=arn
        )
    return record


def tag_resource(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = tag_record(ctx, params["resourceArn"])
    ctx.store.put(
        TAGS, params["resourceArn"], {**record, "tags": {**record["tags"], **tags_in(params)}}
    )
    return {}


def untag_resource(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = tag_record(ctx, params["resourceArn"])
    drop = set(params["tagKeys"])
    ctx.store.put(
        TAGS,
        params["resourceArn"],
        {**record, "tags": {k: v for k, v in record["tags"].items() if k not in drop}},
    )
    return {}


def list_tags_for_resource(ctx: Context, params: dict[str, Any]) -> dict[str, Any]:
    record = tag_record(ctx, params["resourceArn"])
    return {"tags": [{"key": k, "value": v} for k, v in sorted(record["tags"].items())]}
