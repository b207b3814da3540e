"""pulumi-partnerlink: Pulumi dynamic providers for AWS partner links.

Resources: ``SidewalkPartnerAccount`` (IoT Wireless); ``ProgramManagementAccount``,
``ChannelRelationship``, ``ChannelHandshake`` and ``ChannelHandshakeResponse`` (Partner Central
Channel). Every nested input takes its ``XArgs`` class or a plain dict (``XArgsDict``).
Provider classes live in importable modules of this package, never in ``__main__``: Pulumi
pickles them by reference into state, so their module paths are public API.
"""

from __future__ import annotations

from .dynamic import ConnectionArgs, ConnectionArgsDict
from .iotwireless import (
    SidewalkPartnerAccount,
    SidewalkPartnerAccountArgs,
    SidewalkPartnerAccountArgsDict,
)
from .partnercentral_channel import (
    ChannelHandshake,
    ChannelHandshakeArgs,
    ChannelHandshakeArgsDict,
    ChannelHandshakeResponse,
    ChannelHandshakeResponseArgs,
    ChannelHandshakeResponseArgsDict,
    ChannelRelationship,
    ChannelRelationshipArgs,
    ChannelRelationshipArgsDict,
    ProgramManagementAccount,
    ProgramManagementAccountArgs,
    ProgramManagementAccountArgsDict,
    RevokeServicePeriodArgs,
    RevokeServicePeriodArgsDict,
    StartServicePeriodArgs,
    StartServicePeriodArgsDict,
    SupportPlanArgs,
    SupportPlanArgsDict,
    SupportPlanTierArgs,
    SupportPlanTierArgsDict,
)

__all__ = [
    "ChannelHandshake",
    "ChannelHandshakeArgs",
    "ChannelHandshakeArgsDict",
    "ChannelHandshakeResponse",
    "ChannelHandshakeResponseArgs",
    "ChannelHandshakeResponseArgsDict",
    "ChannelRelationship",
    "ChannelRelationshipArgs",
    "ChannelRelationshipArgsDict",
    "ConnectionArgs",
    "ConnectionArgsDict",
    "ProgramManagementAccount",
    "ProgramManagementAccountArgs",
    "ProgramManagementAccountArgsDict",
    "RevokeServicePeriodArgs",
    "RevokeServicePeriodArgsDict",
    "SidewalkPartnerAccount",
    "SidewalkPartnerAccountArgs",
    "SidewalkPartnerAccountArgsDict",
    "StartServicePeriodArgs",
    "StartServicePeriodArgsDict",
    "SupportPlanArgs",
    "SupportPlanArgsDict",
    "SupportPlanTierArgs",
    "SupportPlanTierArgsDict",
]
