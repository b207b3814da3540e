"""Two explicit providers, two accounts: the sender (111111111111) enrolls a program management
account for the customer (222222222222), relates the customer and sends both handshakes; the
customer accepts them and associates a Sidewalk partner account, all with ``provider=``."""

import json

import pulumi
from pulumi_partnerlink.native.sdk import (
    ChannelHandshake,
    ChannelHandshakeResponse,
    ChannelRelationship,
    ProgramManagementAccount,
    Provider,
    SidewalkPartnerAccount,
)

config = pulumi.Config()
stack_settings = pulumi.Config("partnerlink")
common = {
    "endpoint": stack_settings.require("endpoint"),
    "region": "us-east-1",
}
if config.get("bad") == "provider":
    common["max_attempts"] = 99
sender = Provider("sender", profile="sender", **common)
customer = Provider("customer", profile="customer", default_tags={"owner": "customer"}, **common)
as_sender = pulumi.ResourceOptions(provider=sender)
as_customer = pulumi.ResourceOptions(provider=customer)

pma = ProgramManagementAccount(
    "pma",
    {
        "program": config.get("program") or "SOLUTION_PROVIDER",
        "displayName": config.get("pmaName") or "Reseller PMA",
        "accountId": "222222222222",
        "tags": {"env": "test"},
    },
    as_sender,
)
relationship = ChannelRelationship(
    "customer",
    {
        "programManagementAccountIdentifier": pma.programManagementAccountId,
        "associationType": "END_CUSTOMER",
        "associatedAccountId": "222222222222",
        "displayName": "Customer One",
        "sector": "COMMERCIAL",
        "requestedSupportPlan": {
            "partnerLedSupport": {"coverage": "ENTIRE_ORGANIZATION", "tamLocation": "us"}
        },
    },
    as_sender,
)
pma_handshake = ChannelHandshake(
    "pma-handshake",
    {
        "handshakeType": "PROGRAM_MANAGEMENT_ACCOUNT",
        "associatedResourceIdentifier": pma.programManagementAccountId,
    },
    as_sender,
)
start = ChannelHandshake(
    "start",
    {
        "handshakeType": "START_SERVICE_PERIOD",
        "associatedResourceIdentifier": relationship.relationshipId,
        "startServicePeriod": {
            "programManagementAccountIdentifier": pma.programManagementAccountId,
            "servicePeriodType": "MINIMUM_NOTICE_PERIOD",
            "minimumNoticeDays": int(config.get("noticeDays") or 30),
        },
    },
    as_sender,
)
accept_pma = ChannelHandshakeResponse(
    "pma-accepts",
    {"handshakeIdentifier": pma_handshake.handshakeId, "decision": "ACCEPT"},
    as_customer,
)
accept_start = ChannelHandshakeResponse(
    "customer-accepts",
    {"handshakeIdentifier": start.handshakeId, "decision": "ACCEPT"},
    as_customer,
)
sidewalk = SidewalkPartnerAccount(
    "sidewalk",
    {
        "amazonId": config.require("amazonId"),
        "appServerPrivateKey": config.require_secret("appServerPrivateKey"),
        "tags": json.loads(config.get("sidewalkTags") or '{"team": "iot"}'),
    },
    as_customer,
)

pulumi.export("pma", {"id": pma.programManagementAccountId, "status": pma.status})
pulumi.export("relationship", relationship.relationshipId)
pulumi.export("handshakes", {"pma": pma_handshake.handshakeId, "start": start.handshakeId})
pulumi.export("responses", {"pma": accept_pma.status, "start": accept_start.status})
pulumi.export(
    "sidewalk", {"arn": sidewalk.arn, "fingerprint": sidewalk.fingerprint, "tags": sidewalk.tags}
)
pulumi.export("appServerPrivateKey", sidewalk.appServerPrivateKey)
