"""Quickstart: a Sidewalk partner account and a whole partner channel, declared as code.

Three accounts take part. This stack's credentials are the channel partner (the sender). The
program management account's owner and the customer answer their handshakes with their own
credentials, through the profiles named in config (``pmaOwnerProfile``, ``customerProfile``).
"""

import pulumi
from pulumi_partnerlink import (
    ChannelHandshake,
    ChannelHandshakeResponse,
    ChannelRelationship,
    ProgramManagementAccount,
    SidewalkPartnerAccount,
    StartServicePeriodArgs,
)

config = pulumi.Config()
owner_tags = {"owner": config.get("owner") or "platform-team"}

# 1. IoT Wireless: associate this account with a Sidewalk partner account (the key is a secret).
sidewalk = SidewalkPartnerAccount(
    "sidewalk",
    amazon_id=config.get("amazonId") or "amzn1.account.QUICKSTART",
    app_server_private_key=config.require_secret("sidewalkAppServerKey"),
    tags=owner_tags,
)

# 2. Partner Central Channel: a program management account, accepted by its owner...
pma = ProgramManagementAccount(
    "program",
    program="SOLUTION_PROVIDER",
    display_name="Quickstart program",
    account_id=config.get("pmaAccountId") or "333333333333",
    tags=owner_tags,
)
pma_handshake = ChannelHandshake(
    "program-handshake",
    handshake_type="PROGRAM_MANAGEMENT_ACCOUNT",
    associated_resource_identifier=pma.program_management_account_id,
    tags=owner_tags,
)
pma_accepts = ChannelHandshakeResponse(
    "program-owner-accepts",
    handshake_identifier=pma_handshake.handshake_id,
    decision="ACCEPT",
    connection={"profile": config.get("pmaOwnerProfile") or "pma-owner"},
)

# 3. ...a customer relationship, and a service period the customer accepts.
customer = ChannelRelationship(
    "customer",
    program_management_account_identifier=pma.program_management_account_id,
    association_type="END_CUSTOMER",
    associated_account_id=config.get("customerAccountId") or "222222222222",
    display_name="Quickstart customer",
    sector="COMMERCIAL",
    tags=owner_tags,
)
service_period = ChannelHandshake(
    "service-period",
    handshake_type="START_SERVICE_PERIOD",
    associated_resource_identifier=customer.relationship_id,
    start_service_period=StartServicePeriodArgs(
        program_management_account_identifier=pma.program_management_account_id,
        service_period_type="MINIMUM_NOTICE_PERIOD",
        minimum_notice_days=30,
        note="Welcome to the quickstart channel",
    ),
    tags=owner_tags,
    opts=pulumi.ResourceOptions(depends_on=[pma_accepts]),
)
customer_accepts = ChannelHandshakeResponse(
    "customer-accepts",
    handshake_identifier=service_period.handshake_id,
    decision="ACCEPT",
    connection={"profile": config.get("customerProfile") or "customer"},
)

pulumi.export("sidewalk_arn", sidewalk.arn)
pulumi.export("sidewalk_fingerprint", sidewalk.fingerprint)
pulumi.export("program_management_account_id", pma.program_management_account_id)
pulumi.export("relationship_id", customer.relationship_id)
pulumi.export("service_period_handshake", service_period.handshake_id)
pulumi.export(
    "decisions", {"program": pma_accepts.status, "service_period": customer_accepts.status}
)
