"""AWS IoT Wireless resources (what ``sidewalk_partner_account`` exports)."""

from . import sidewalk_partner_account
from .sidewalk_partner_account import *  # noqa: F403

__all__: list[str] = []
__all__ += sidewalk_partner_account.__all__
