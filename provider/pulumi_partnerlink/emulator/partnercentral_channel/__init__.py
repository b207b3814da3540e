"""Partner Central Channel: program management accounts, relationships, handshakes, tags.

One module per resource family (``pmas``, ``relationships``, ``handshakes``, ``tags``); the app
looks handlers up by operation name on this package.

Records are global (Partner Central is one endpoint) and carry their owner account; callers see
what they own, and handshakes are also visible to their receiver (``participantType=RECEIVER``).

- A program management account (PMA) starts PENDING and becomes ACTIVE when a
  PROGRAM_MANAGEMENT_ACCOUNT handshake for it is accepted by its ``accountId``.
- Updates take an optional ``revision`` for optimistic locking (a stale one is a conflict).
- A handshake's receiver is derived from its associated resource: the PMA's ``accountId``, or
  the relationship's ``associatedAccountId``. Only the receiver accepts or rejects, only the
  sender cancels, and only while PENDING. A PENDING handshake expires after the behaviour's
  ``handshake_expiry`` of emulator time (evaluated when read).
- One PENDING handshake per (type, associated resource): a second is a ConflictException.

What the documentation leaves open (lags, listing by owner, uniqueness, INACTIVE PMAs, ...) is
played by the behaviour profile (``..behaviour``); each module names the knobs it reads.
"""

from .handshakes import (
    accept_channel_handshake,
    cancel_channel_handshake,
    create_channel_handshake,
    list_channel_handshakes,
    reject_channel_handshake,
)
from .pmas import (
    create_program_management_account,
    delete_program_management_account,
    list_program_management_accounts,
    update_program_management_account,
)
from .relationships import (
    create_relationship,
    delete_relationship,
    get_relationship,
    list_relationships,
    update_relationship,
)
from .tags import list_tags_for_resource, tag_resource, untag_resource

__all__ = [
    "accept_channel_handshake",
    "cancel_channel_handshake",
    "create_channel_handshake",
    "create_program_management_account",
    "create_relationship",
    "delete_program_management_account",
    "delete_relationship",
    "get_relationship",
    "list_channel_handshakes",
    "list_program_management_accounts",
    "list_relationships",
    "list_tags_for_resource",
    "reject_channel_handshake",
    "tag_resource",
    "untag_resource",
    "update_program_management_account",
    "update_relationship",
]
