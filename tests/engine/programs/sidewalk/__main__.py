"""One SidewalkPartnerAccount; every input comes from stack config so tests can change it."""

import json

import pulumi
from pulumi_partnerlink import SidewalkPartnerAccount

config = pulumi.Config()
account = SidewalkPartnerAccount(
    config.get("name") or "sidewalk",
    amazon_id=config.require("amazonId"),
    app_server_private_key=config.require_secret("appServerPrivateKey"),
    tags=json.loads(config.get("tags") or "{}"),
    client_token=config.get("clientToken"),
    adopt=config.get_bool("adopt") or False,
)
for name in (
    "arn",
    "partner_account_id",
    "fingerprint",
    "applied_fingerprint",
    "account_linked",
    "partner_type",
    "tags",
    "client_token",
    "amazon_id",
):
    pulumi.export(name, getattr(account, name))
pulumi.export("app_server_private_key", account.app_server_private_key)
