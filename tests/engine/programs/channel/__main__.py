"""PMA -> PMA handshake -> the PMA account accepts; relationship -> START handshake -> the
customer accepts. Receivers act through their own profiles (``connection``)."""

import json

import pulumi
from pulumi_partnerlink import (
    ChannelHandshake,
    ChannelHandshakeResponse,
    ChannelRelationship,
    ProgramManagementAccount,
    StartServicePeriodArgs,
    SupportPlanArgs,
    SupportPlanTierArgs,
)

config = pulumi.Config()
parts = set(json.loads(config.get("parts") or '["pma", "relationship", "handshakes", "responses"]'))


def as_profile(name: str) -> dict[str, str]:
    # Everything else (region, endpoint) comes from the stack's partnerlink:* config.
    return {"profile": name}


pma = ProgramManagementAccount(
    "pma",
    program=config.get("program") or "SOLUTION_PROVIDER",
    display_name=config.get("pmaName") or "Reseller PMA",
    account_id="333333333333",
    tags=json.loads(config.get("pmaTags") or '{"env": "test"}'),
)
pulumi.export(
    "pma",
    {
        "id": pma.program_management_account_id,
        "status": pma.status,
        "revision": pma.revision,
        "arn": pma.arn,
    },
)

if "relationship" in parts:
    relationship = ChannelRelationship(
        "customer",
        program_management_account_identifier=pma.program_management_account_id,
        association_type="END_CUSTOMER",
        associated_account_id="222222222222",
        display_name=config.get("relName") or "Customer One",
        sector=config.get("sector") or "COMMERCIAL",
        requested_support_plan=SupportPlanArgs(
            partner_led_support=SupportPlanTierArgs(
                coverage="ENTIRE_ORGANIZATION", tam_location="us"
            )
        ),
    )
    pulumi.export(
        "relationship", {"id": relationship.relationship_id, "revision": relationship.revision}
    )

if "handshakes" in parts:
    pma_handshake = ChannelHandshake(
        "pma-handshake",
        handshake_type="PROGRAM_MANAGEMENT_ACCOUNT",
        associated_resource_identifier=pma.program_management_account_id,
    )
    start = ChannelHandshake(
        "start",
        handshake_type="START_SERVICE_PERIOD",
        associated_resource_identifier=relationship.relationship_id,
        start_service_period=StartServicePeriodArgs(
            program_management_account_identifier=pma.program_management_account_id,
            service_period_type="MINIMUM_NOTICE_PERIOD",
            minimum_notice_days=30,
        ),
    )
    pulumi.export("handshakes", {"pma": pma_handshake.handshake_id, "start": start.handshake_id})

if "responses" in parts:
    accept_pma = ChannelHandshakeResponse(
        "pma-accepts",
        handshake_identifier=pma_handshake.handshake_id,
        decision=config.get("pmaDecision") or "ACCEPT",
        connection=as_profile("pma-owner"),
    )
    accept_start = ChannelHandshakeResponse(
        "customer-accepts",
        handshake_identifier=start.handshake_id,
        decision="ACCEPT",
        connection=as_profile("customer"),
    )
    pulumi.export("responses", {"pma": accept_pma.status, "start": accept_start.status})
