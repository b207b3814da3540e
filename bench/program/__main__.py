"""N resources of one kind for bench/run.py: config ``kind``, ``n``, ``tag`` and ``context``
(JSON: the parents the resources point at)."""

import json

import pulumi
import pulumi_partnerlink as pl

config = pulumi.Config()
kind = config.require("kind")
n = config.require_int("n")
tag = config.get("tag") or "a"
ctx = json.loads(config.get("context") or "{}")
KEY = "0f" * 32

for i in range(n):
    tags = {"bench": tag, "i": str(i)}
    if kind == "sidewalk":
        pl.SidewalkPartnerAccount(
            f"s{i}",
            amazon_id=f"amzn1.account.bench{i}",
            app_server_private_key=pulumi.Output.secret(KEY),
            tags=tags,
        )
    elif kind == "relationship":
        pl.ChannelRelationship(
            f"r{i}",
            program_management_account_identifier=ctx["pma"],
            association_type="END_CUSTOMER",
            associated_account_id=f"4{i:011d}",
            display_name=f"Customer {i}",
            sector="COMMERCIAL",
            tags=tags,
        )
    else:
        pl.ChannelHandshake(
            f"h{i}",
            handshake_type="START_SERVICE_PERIOD",
            associated_resource_identifier=ctx["relationships"][i],
            start_service_period={
                "program_management_account_identifier": ctx["pma"],
                "service_period_type": "MINIMUM_NOTICE_PERIOD",
                "minimum_notice_days": 30,
            },
            tags=tags,
        )
