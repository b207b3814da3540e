"""The objects ``test_import`` made outside Pulumi and imported, declared as imported (their ids
from config ``ids``); the default provider acts as the account (partnerlink:* stack config)."""

import json

import pulumi
import pulumi_partnerlink_native as partnerlink

config = pulumi.Config()
ids = json.loads(config.require("ids"))

pma = partnerlink.ProgramManagementAccount(
    "pma",
    program="SOLUTION_PROVIDER",
    display_name="Imported PMA",
    account_id="222222222222",
    tags={"env": "test"},
)
relationship = partnerlink.ChannelRelationship(
    "customer",
    program_management_account_identifier=pma.program_management_account_id,
    association_type="END_CUSTOMER",
    associated_account_id="222222222222",
    display_name="Customer One",
    sector="COMMERCIAL",
)
partnerlink.ChannelHandshake(
    "pma-handshake",
    handshake_type="PROGRAM_MANAGEMENT_ACCOUNT",
    associated_resource_identifier=pma.program_management_account_id,
)
partnerlink.ChannelHandshake(
    "start",
    handshake_type="START_SERVICE_PERIOD",
    associated_resource_identifier=relationship.relationship_id,
    start_service_period={
        "program_management_account_identifier": pma.program_management_account_id,
        "service_period_type": "MINIMUM_NOTICE_PERIOD",
        "minimum_notice_days": "30",
    },
)
partnerlink.ChannelHandshakeResponse(
    "accepted", handshake_identifier=ids["received"], decision="ACCEPT"
)
partnerlink.SidewalkPartnerAccount(
    "sidewalk",
    amazon_id=ids["amazonId"],
    app_server_private_key=config.require_secret("appServerPrivateKey"),
    tags={"team": "iot"},
)
