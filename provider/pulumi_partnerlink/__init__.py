"""pulumi-partnerlink: Pulumi dynamic providers for AWS partner links.

Resources are added here as they land (SidewalkPartnerAccount, ChannelHandshake, ...).
Provider classes live in importable modules of this package, never in ``__main__``: Pulumi
pickles them by reference into state, so their module paths are public API.
"""

from __future__ import annotations

__all__: list[str] = []
