"""ChannelHandshakes from config: ``handshakes`` is a JSON list of {name, handshake_type, ...}."""

import json

import pulumi
from pulumi_partnerlink import (
    ChannelHandshake,
    ChannelHandshakeArgs,
    RevokeServicePeriodArgs,
    StartServicePeriodArgs,
)

for spec in json.loads(pulumi.Config().require("handshakes")):
    start = spec.get("start_service_period")
    revoke = spec.get("revoke_service_period")
    handshake = ChannelHandshake(
        spec["name"],
        ChannelHandshakeArgs(
            handshake_type=spec["handshake_type"],
            associated_resource_identifier=spec["associated_resource_identifier"],
            catalog=spec.get("catalog", "AWS"),
            start_service_period=StartServicePeriodArgs(**start) if start else None,
            revoke_service_period=RevokeServicePeriodArgs(**revoke) if revoke else None,
            tags=spec.get("tags"),
            adopt=spec.get("adopt", False),
        ),
    )
    if spec.get("export", True):
        pulumi.export(
            spec["name"],
            {
                k: getattr(handshake, k)
                for k in (
                    "handshake_id",
                    "arn",
                    "status",
                    "sender_account_id",
                    "receiver_account_id",
                    "associated_resource_id",
                    "created_at",
                    "updated_at",
                    "service_period_type",
                    "minimum_notice_days",
                    "start_date",
                    "end_date",
                    "program",
                    "tags",
                    "client_token",
                )
            },
        )
