"""One customer's stack (examples/fleet): a relationship with the distributor's PMA and a
START_SERVICE_PERIOD handshake sent on it, tagged. Config: ``customer`` (JSON), ``pma``."""

import json

import pulumi
import pulumi_partnerlink as pl

config = pulumi.Config()
customer = json.loads(config.require("customer"))
pma = config.require("pma")
tags = {"customer": customer["id"], **(customer.get("tags") or {})}

relationship = pl.ChannelRelationship(
    "relationship",
    program_management_account_identifier=pma,
    association_type="END_CUSTOMER",
    associated_account_id=customer["account_id"],
    display_name=customer["name"],
    sector=customer.get("sector", "COMMERCIAL"),
    tags=tags,
)
service_period = pl.ChannelHandshake(
    "service-period",
    handshake_type="START_SERVICE_PERIOD",
    associated_resource_identifier=relationship.relationship_id,
    start_service_period={
        "program_management_account_identifier": pma,
        "service_period_type": "MINIMUM_NOTICE_PERIOD",
        "minimum_notice_days": customer.get("minimum_notice_days", 30),
    },
    tags=tags,
)
pulumi.export("relationship_id", relationship.relationship_id)
pulumi.export("handshake_id", service_period.handshake_id)
