"""Two explicit providers, two accounts: the sender (111111111111) enrolls a program management
account for the customer (222222222222), relates the customer and sends both handshakes; the
customer accepts them and associates a Sidewalk partner account, all with ``provider=``.
Written as a user writes it against the generated SDK (``pulumi_partnerlink_native``)."""

import json

import pulumi
import pulumi_partnerlink_native as partnerlink

config = pulumi.Config()
stack_settings = pulumi.Config("partnerlink")
common = {
    "endpoint": stack_settings.require("endpoint"),
    "region": "us-east-1",
}
if config.get("bad") == "provider":
    common["max_attempts"] = 99
sender = partnerlink.Provider("sender", profile="sender", **common)
customer = partnerlink.Provider(
    "customer", profile="customer", default_tags={"owner": "customer"}, **common
)
as_sender = pulumi.ResourceOptions(provider=sender)
as_customer = pulumi.ResourceOptions(provider=customer)

pma = partnerlink.ProgramManagementAccount(
    "pma",
    program=config.get("program") or partnerlink.Program.SOLUTION_PROVIDER,
    display_name=config.get("pmaName") or "Reseller PMA",
    account_id="222222222222",
    tags={"env": "test"},
    opts=as_sender,
)
relationship = partnerlink.ChannelRelationship(
    "customer",
    program_management_account_identifier=pma.program_management_account_id,
    association_type=partnerlink.AssociationType.END_CUSTOMER,
    associated_account_id="222222222222",
    display_name="Customer One",
    sector="COMMERCIAL",
    requested_support_plan={
        "partner_led_support": {"coverage": "ENTIRE_ORGANIZATION", "tam_location": "us"}
    },
    opts=as_sender,
)
pma_handshake = partnerlink.ChannelHandshake(
    "pma-handshake",
    handshake_type="PROGRAM_MANAGEMENT_ACCOUNT",
    associated_resource_identifier=pma.program_management_account_id,
    opts=as_sender,
)
start = partnerlink.ChannelHandshake(
    "start",
    handshake_type="START_SERVICE_PERIOD",
    associated_resource_identifier=relationship.relationship_id,
    start_service_period=partnerlink.StartServicePeriodPayloadArgs(
        program_management_account_identifier=pma.program_management_account_id,
        service_period_type=partnerlink.ServicePeriodType.MINIMUM_NOTICE_PERIOD,
        minimum_notice_days=int(config.get("noticeDays") or 30),
    ),
    opts=as_sender,
)
accept_pma = partnerlink.ChannelHandshakeResponse(
    "pma-accepts",
    handshake_identifier=pma_handshake.handshake_id,
    decision="ACCEPT",
    opts=as_customer,
)
accept_start = partnerlink.ChannelHandshakeResponse(
    "customer-accepts",
    handshake_identifier=start.handshake_id,
    decision=partnerlink.Decision.ACCEPT,
    opts=as_customer,
)
sidewalk = partnerlink.SidewalkPartnerAccount(
    "sidewalk",
    amazon_id=config.require("amazonId"),
    app_server_private_key=config.require_secret("appServerPrivateKey"),
    tags=json.loads(config.get("sidewalkTags") or '{"team": "iot"}'),
    opts=as_customer,
)

pulumi.export("pma", {"id": pma.program_management_account_id, "status": pma.status})
pulumi.export("relationship", relationship.relationship_id)
pulumi.export("handshakes", {"pma": pma_handshake.handshake_id, "start": start.handshake_id})
pulumi.export("responses", {"pma": accept_pma.status, "start": accept_start.status})
pulumi.export(
    "sidewalk", {"arn": sidewalk.arn, "fingerprint": sidewalk.fingerprint, "tags": sidewalk.tags}
)
pulumi.export("appServerPrivateKey", sidewalk.app_server_private_key)
