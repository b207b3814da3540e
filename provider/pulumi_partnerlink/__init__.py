"""pulumi-partnerlink: Pulumi dynamic providers for AWS partner links.

Resources: ``SidewalkPartnerAccount`` (IoT Wireless). ChannelHandshake and the rest of the
partner channel come next.
Provider classes live in importable modules of this package, never in ``__main__``: Pulumi
pickles them by reference into state, so their module paths are public API.
"""

from __future__ import annotations

from .iotwireless import SidewalkPartnerAccount, SidewalkPartnerAccountArgs

__all__ = ["SidewalkPartnerAccount", "SidewalkPartnerAccountArgs"]
