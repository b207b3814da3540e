"""AWS Partner Central Channel resources; shared listings and helpers live in ``common``."""

from .channel_handshake import (
    ChannelHandshake,
    ChannelHandshakeArgs,
    ChannelHandshakeArgsDict,
    ChannelHandshakeProvider,
    RevokeServicePeriodArgs,
    RevokeServicePeriodArgsDict,
    StartServicePeriodArgs,
    StartServicePeriodArgsDict,
)
from .handshake_response import (
    ChannelHandshakeResponse,
    ChannelHandshakeResponseArgs,
    ChannelHandshakeResponseArgsDict,
    ChannelHandshakeResponseProvider,
)
from .program_management_account import (
    ProgramManagementAccount,
    ProgramManagementAccountArgs,
    ProgramManagementAccountArgsDict,
    ProgramManagementAccountProvider,
)
from .relationship import (
    ChannelRelationship,
    ChannelRelationshipArgs,
    ChannelRelationshipArgsDict,
    ChannelRelationshipProvider,
    SupportPlanArgs,
    SupportPlanArgsDict,
    SupportPlanTierArgs,
    SupportPlanTierArgsDict,
)

__all__ = [
    "ChannelHandshake",
    "ChannelHandshakeArgs",
    "ChannelHandshakeArgsDict",
    "ChannelHandshakeProvider",
    "ChannelHandshakeResponse",
    "ChannelHandshakeResponseArgs",
    "ChannelHandshakeResponseArgsDict",
    "ChannelHandshakeResponseProvider",
    "ChannelRelationship",
    "ChannelRelationshipArgs",
    "ChannelRelationshipArgsDict",
    "ChannelRelationshipProvider",
    "ProgramManagementAccount",
    "ProgramManagementAccountArgs",
    "ProgramManagementAccountArgsDict",
    "ProgramManagementAccountProvider",
    "RevokeServicePeriodArgs",
    "RevokeServicePeriodArgsDict",
    "StartServicePeriodArgs",
    "StartServicePeriodArgsDict",
    "SupportPlanArgs",
    "SupportPlanArgsDict",
    "SupportPlanTierArgs",
    "SupportPlanTierArgsDict",
]
