"""A Sidewalk association and a program management account, in the 0.1 and 0.2 API alike.

The stack state in ``tests/engine/fixtures/v0.1-*`` was made by this program on 0.1 (whose
state carries a ``token_seed`` input); the migration test runs it on the current code.
"""

import pulumi
from pulumi_partnerlink import ProgramManagementAccount, SidewalkPartnerAccount

config = pulumi.Config()
sidewalk = SidewalkPartnerAccount(
    "sidewalk",
    amazon_id="amzn1.account.MIGRATE",
    app_server_private_key=config.require_secret("key"),
    tags={"team": "iot"},
)
pma = ProgramManagementAccount(
    "pma",
    program="SOLUTION_PROVIDER",
    display_name="Migrated PMA",
    account_id="333333333333",
    tags={"env": "test"},
)
pulumi.export("sidewalk_token", sidewalk.client_token)
pulumi.export("pma", pma.program_management_account_id)
