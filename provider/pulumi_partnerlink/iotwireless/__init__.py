"""AWS IoT Wireless resources."""

from .sidewalk_partner_account import (
    SidewalkPartnerAccount,
    SidewalkPartnerAccountArgs,
    SidewalkPartnerAccountProvider,
)

__all__ = ["SidewalkPartnerAccount", "SidewalkPartnerAccountArgs", "SidewalkPartnerAccountProvider"]
