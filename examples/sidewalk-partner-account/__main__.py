"""Associate this AWS account with a Sidewalk partner account; the key stays a secret."""

import pulumi
from pulumi_partnerlink import SidewalkPartnerAccount

config = pulumi.Config()
account = SidewalkPartnerAccount(
    "sidewalk",
    amazon_id=config.require("amazonId"),
    app_server_private_key=config.require_secret("appServerPrivateKey"),
    tags={"owner": config.get("owner") or "iot-team"},
    adopt=config.get_bool("adopt") or False,
)
pulumi.export("arn", account.arn)
pulumi.export("fingerprint", account.fingerprint)
pulumi.export("account_linked", account.account_linked)
