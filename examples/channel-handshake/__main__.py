"""Send a START_SERVICE_PERIOD handshake to a customer, for a relationship of a program
management account. The customer answers from their own account (or see the quickstart)."""

import pulumi
from pulumi_partnerlink import (
    ChannelHandshake,
    ChannelRelationship,
    ProgramManagementAccount,
    StartServicePeriodArgs,
)

config = pulumi.Config()
tags = {"owner": config.get("owner") or "channel-team"}
pma = ProgramManagementAccount(
    "program",
    program=config.get("program") or "SOLUTION_PROVIDER",
    display_name=config.get("programName") or "Example program",
    account_id=config.require("programAccountId"),
    tags=tags,
)
customer = ChannelRelationship(
    "customer",
    program_management_account_identifier=pma.program_management_account_id,
    association_type="END_CUSTOMER",
    associated_account_id=config.require("customerAccountId"),
    display_name=config.get("customerName") or "Example customer",
    sector="COMMERCIAL",
    tags=tags,
)
handshake = ChannelHandshake(
    "service-period",
    handshake_type="START_SERVICE_PERIOD",
    associated_resource_identifier=customer.relationship_id,
    start_service_period=StartServicePeriodArgs(
        program_management_account_identifier=pma.program_management_account_id,
        service_period_type="MINIMUM_NOTICE_PERIOD",
        minimum_notice_days=config.get_int("noticeDays") or 30,
        note=config.get("note") or "Welcome aboard",
    ),
    tags=tags,
)
pulumi.export("handshake_id", handshake.handshake_id)
pulumi.export("status", handshake.status)
pulumi.export("receiver_account_id", handshake.receiver_account_id)
