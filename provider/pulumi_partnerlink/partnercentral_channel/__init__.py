"""AWS Partner Central Channel resources; shared listings and helpers live in ``common``.

Each resource's module lists what it exports (the resource, its XArgs and XArgsDicts, its
nested types' classes and its provider class); this package exports the same.
"""

from . import channel_handshake, handshake_response, program_management_account, relationship
from .channel_handshake import *  # noqa: F403
from .handshake_response import *  # noqa: F403
from .program_management_account import *  # noqa: F403
from .relationship import *  # noqa: F403

__all__: list[str] = []
__all__ += channel_handshake.__all__
__all__ += handshake_response.__all__
__all__ += program_management_account.__all__
__all__ += relationship.__all__
