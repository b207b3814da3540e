"""Existing objects read by id with ``Resource.get`` (config ``ids``: JSON of the ids)."""

import json

import pulumi
import pulumi_partnerlink as pl

ids = json.loads(pulumi.Config().require("ids"))
pma = pl.ProgramManagementAccount.get("pma", ids["pma"])
rel = pl.ChannelRelationship.get(
    "rel", ids["rel"], program_management_account_identifier=pma.program_management_account_id
)
hs = pl.ChannelHandshake.get("hs", ids["hs"], handshake_type="START_SERVICE_PERIOD")
sidewalk = pl.SidewalkPartnerAccount.get("sidewalk", ids["sidewalk"])
pulumi.export("pma_name", pma.display_name)
pulumi.export("pma_tags", pma.tags)
pulumi.export("rel_name", rel.display_name)
pulumi.export("rel_arn", rel.arn)
pulumi.export("hs_status", hs.status)
pulumi.export("sidewalk_fingerprint", sidewalk.fingerprint)
