"""AWS IoT Wireless resources."""

from .sidewalk_partner_account import (
    SidewalkPartnerAccount,
    SidewalkPartnerAccountArgs,
    SidewalkPartnerAccountArgsDict,
    SidewalkPartnerAccountProvider,
)

__all__ = [
    "SidewalkPartnerAccount",
    "SidewalkPartnerAccountArgs",
    "SidewalkPartnerAccountArgsDict",
    "SidewalkPartnerAccountProvider",
]
