"""pulumi-partnerlink: Pulumi dynamic providers for AWS partner links.

Resources: ``SidewalkPartnerAccount`` (IoT Wireless); ``ProgramManagementAccount``,
``ChannelRelationship``, ``ChannelHandshake`` and ``ChannelHandshakeResponse`` (Partner Central
Channel).
Provider classes live in importable modules of this package, never in ``__main__``: Pulumi
pickles them by reference into state, so their module paths are public API.
"""

from __future__ import annotations

from .iotwireless import SidewalkPartnerAccount, SidewalkPartnerAccountArgs
from .partnercentral_channel import (
    ChannelHandshake,
    ChannelHandshakeArgs,
    ChannelHandshakeResponse,
    ChannelHandshakeResponseArgs,
    ChannelRelationship,
    ChannelRelationshipArgs,
    ProgramManagementAccount,
    ProgramManagementAccountArgs,
    RevokeServicePeriodArgs,
    StartServicePeriodArgs,
    SupportPlanArgs,
    SupportPlanTierArgs,
)

__all__ = [
    "ChannelHandshake",
    "ChannelHandshakeArgs",
    "ChannelHandshakeResponse",
    "ChannelHandshakeResponseArgs",
    "ChannelRelationship",
    "ChannelRelationshipArgs",
    "ProgramManagementAccount",
    "ProgramManagementAccountArgs",
    "RevokeServicePeriodArgs",
    "SidewalkPartnerAccount",
    "SidewalkPartnerAccountArgs",
    "StartServicePeriodArgs",
    "SupportPlanArgs",
    "SupportPlanTierArgs",
]
