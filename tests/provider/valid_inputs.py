"""One valid set of inputs per resource, as users write them (nested inputs as Args and dicts)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pulumi_partnerlink import StartServicePeriodArgs, SupportPlanArgs

PMA = "pma-abcdefghijklm"
RS = "rs-abcdefghijklm"

VALID: dict[str, dict[str, Any]] = {
    "SidewalkPartnerAccount": {
        "amazon_id": "amzn1.account.AEXAMPLE",
        "app_server_private_key": "feedface" * 8,
        "tags": {"team": "iot"},
    },
    "ProgramManagementAccount": {
        "program": "SOLUTION_PROVIDER",
        "display_name": "Reseller PMA",
        "account_id": "333333333333",
        "tags": {"env": "test"},
        "connection": {"profile": "pma-owner"},
    },
    "ChannelRelationship": {
        "program_management_account_identifier": PMA,
        "association_type": "END_CUSTOMER",
        "associated_account_id": "222222222222",
        "display_name": "Customer One",
        "sector": "COMMERCIAL",
        "requested_support_plan": SupportPlanArgs(
            partner_led_support={"coverage": "ENTIRE_ORGANIZATION", "tam_location": "us"}
        ),
    },
    "ChannelHandshake": {
        "handshake_type": "START_SERVICE_PERIOD",
        "associated_resource_identifier": RS,
        "start_service_period": StartServicePeriodArgs(
            program_management_account_identifier=PMA,
            service_period_type="FIXED_COMMITMENT_PERIOD",
            end_date=dt.date.today() + dt.timedelta(days=90),
            note="Welcome",
        ),
        "tags": {"team": "channel"},
    },
    "ChannelHandshakeResponse": {
        "handshake_identifier": "ch-abcdefghijklm",
        "decision": "ACCEPT",
        "connection": {"profile": "customer", "region": "us-east-1"},
    },
}
