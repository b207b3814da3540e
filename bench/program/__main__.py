"""N resources of one kind for bench/run.py: config ``kind``, ``n``, ``tag`` and ``context``
(JSON: the parents the resources point at). A kind ending in ``-native`` declares the native
resources (``pulumi_partnerlink_native``, the SDK Pulumi's generator writes: one plugin process
that is not capped at 4 requests) with the same values as the dynamic ones."""

import json
from typing import Any

import pulumi
import pulumi_partnerlink as pl
import pulumi_partnerlink_native as sdk

config = pulumi.Config()
kind = config.require("kind")
n = config.require_int("n")
tag = config.get("tag") or "a"
ctx = json.loads(config.get("context") or "{}")
KEY = "0f" * 32


def inputs(kind: str, i: int) -> dict[str, Any]:
    """The snake_case inputs of resource ``i`` of ``kind`` (sidewalk | relationship | handshake)."""
    tags = {"bench": tag, "i": str(i)}
    if kind == "sidewalk":
        return {"amazon_id": f"amzn1.account.bench{i}", "app_server_private_key": KEY, "tags": tags}
    if kind == "relationship":
        return {
            "program_management_account_identifier": ctx["pma"],
            "association_type": "END_CUSTOMER",
            "associated_account_id": f"4{i:011d}",
            "display_name": f"Customer {i}",
            "sector": "COMMERCIAL",
            "tags": tags,
        }
    return {
        "handshake_type": "START_SERVICE_PERIOD",
        "associated_resource_identifier": ctx["relationships"][i],
        "start_service_period": {
            "program_management_account_identifier": ctx["pma"],
            "service_period_type": "MINIMUM_NOTICE_PERIOD",
            "minimum_notice_days": 30,
        },
        "tags": tags,
    }


NAMES = {
    "sidewalk": ("s", pl.SidewalkPartnerAccount, sdk.SidewalkPartnerAccount),
    "relationship": ("r", pl.ChannelRelationship, sdk.ChannelRelationship),
    "handshake": ("h", pl.ChannelHandshake, sdk.ChannelHandshake),
}
prefix, dynamic_class, native_class = NAMES[kind.removesuffix("-native")]
for i in range(n):
    args = inputs(kind.removesuffix("-native"), i)
    if kind.endswith("-native"):
        native_class(f"{prefix}{i}", **args)
    else:
        args["app_server_private_key"] = pulumi.Output.secret(KEY) if kind == "sidewalk" else None
        dynamic_class(f"{prefix}{i}", **{k: v for k, v in args.items() if v is not None})
