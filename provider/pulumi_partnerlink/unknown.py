"""Values a provider's ``check()`` cannot know yet (outputs of resources not created at preview).

They arrive in two forms: the engine's sentinel string ``UNKNOWN`` and, from newer SDKs,
``pulumi.output.Unknown`` objects (seen for outputs passed straight into an input). Every check
asks ``present(value)`` / ``is_unknown(value)``, never compares against one form.
"""

from __future__ import annotations

from typing import Any

from pulumi.output import Unknown

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"  # pulumi.runtime.rpc.UNKNOWN


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN)


def present(value: Any) -> bool:
    """Known and set."""
    return value is not None and not is_unknown(value)
