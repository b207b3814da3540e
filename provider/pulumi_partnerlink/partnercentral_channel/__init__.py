"""AWS Partner Central Channel resources."""

from .channel_handshake import (
    ChannelHandshake,
    ChannelHandshakeArgs,
    ChannelHandshakeProvider,
    RevokeServicePeriodArgs,
    StartServicePeriodArgs,
)

__all__ = [
    "ChannelHandshake",
    "ChannelHandshakeArgs",
    "ChannelHandshakeProvider",
    "RevokeServicePeriodArgs",
    "StartServicePeriodArgs",
]
