"""The objects ``test_import`` made outside Pulumi and imported, declared as imported (their ids
from config ``ids``); the default provider acts as the account (partnerlink:* stack config)."""

import json

import pulumi
from pulumi_partnerlink.native.sdk import (
    ChannelHandshake,
    ChannelHandshakeResponse,
    ChannelRelationship,
    ProgramManagementAccount,
    SidewalkPartnerAccount,
)

config = pulumi.Config()
ids = json.loads(config.require("ids"))

pma = ProgramManagementAccount(
    "pma",
    {
        "program": "SOLUTION_PROVIDER",
        "displayName": "Imported PMA",
        "accountId": "222222222222",
        "tags": {"env": "test"},
    },
)
relationship = ChannelRelationship(
    "customer",
    {
        "programManagementAccountIdentifier": pma.programManagementAccountId,
        "associationType": "END_CUSTOMER",
        "associatedAccountId": "222222222222",
        "displayName": "Customer One",
        "sector": "COMMERCIAL",
    },
)
ChannelHandshake(
    "pma-handshake",
    {
        "handshakeType": "PROGRAM_MANAGEMENT_ACCOUNT",
        "associatedResourceIdentifier": pma.programManagementAccountId,
    },
)
ChannelHandshake(
    "start",
    {
        "handshakeType": "START_SERVICE_PERIOD",
        "associatedResourceIdentifier": relationship.relationshipId,
        "startServicePeriod": {
            "programManagementAccountIdentifier": pma.programManagementAccountId,
            "servicePeriodType": "MINIMUM_NOTICE_PERIOD",
            "minimumNoticeDays": "30",
        },
    },
)
ChannelHandshakeResponse("accepted", {"handshakeIdentifier": ids["received"], "decision": "ACCEPT"})
SidewalkPartnerAccount(
    "sidewalk",
    {
        "amazonId": ids["amazonId"],
        "appServerPrivateKey": config.require_secret("appServerPrivateKey"),
        "tags": {"team": "iot"},
    },
)
