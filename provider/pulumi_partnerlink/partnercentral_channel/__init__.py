"""AWS Partner Central Channel resources; shared helpers live in ``common``."""

from .channel_handshake import (
    ChannelHandshake,
    ChannelHandshakeArgs,
    ChannelHandshakeProvider,
    RevokeServicePeriodArgs,
    StartServicePeriodArgs,
)
from .handshake_response import (
    ChannelHandshakeResponse,
    ChannelHandshakeResponseArgs,
    ChannelHandshakeResponseProvider,
)
from .program_management_account import (
    ProgramManagementAccount,
    ProgramManagementAccountArgs,
    ProgramManagementAccountProvider,
)
from .relationship import (
    ChannelRelationship,
    ChannelRelationshipArgs,
    ChannelRelationshipProvider,
    SupportPlanArgs,
    SupportPlanTierArgs,
)

__all__ = [
    "ChannelHandshake",
    "ChannelHandshakeArgs",
    "ChannelHandshakeProvider",
    "ChannelHandshakeResponse",
    "ChannelHandshakeResponseArgs",
    "ChannelHandshakeResponseProvider",
    "ChannelRelationship",
    "ChannelRelationshipArgs",
    "ChannelRelationshipProvider",
    "ProgramManagementAccount",
    "ProgramManagementAccountArgs",
    "ProgramManagementAccountProvider",
    "RevokeServicePeriodArgs",
    "StartServicePeriodArgs",
    "SupportPlanArgs",
    "SupportPlanTierArgs",
]
