"""Errors as users should read them, in the dynamic-provider host of newer Pulumi SDKs.

Since pulumi 3.26x the host (``pulumi.dynamic.__main__``) answers every exception with
``traceback.format_exc()``: a clear ``ProviderError`` ("creating X (...): <cause>. <remedy>")
would reach the CLI as a Python traceback. Our errors are complete messages, so in that host we
give the engine the message alone; any other exception (a bug) keeps its traceback.
"""

from __future__ import annotations

import sys
import traceback as _traceback
from typing import Any

from ..errors import ProviderError


class _QuietTraceback:
    """Stands in for the host module's ``traceback``: ``format_exc`` of a ProviderError is its
    message; everything else is the real module's."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_traceback, name)

    @staticmethod
    def format_exc(*args: Any, **kwargs: Any) -> str:
        exc = sys.exc_info()[1]
        if isinstance(exc, ProviderError):
            return str(exc)
        return _traceback.format_exc(*args, **kwargs)


def quiet_host_errors() -> None:
    """In the dynamic-provider host, report our errors without a traceback (idempotent)."""
    host = sys.modules.get("__main__")
    if host is None or not hasattr(host, "_abort_with_traceback"):
        return
    if not isinstance(getattr(host, "traceback", None), _QuietTraceback):
        host.traceback = _QuietTraceback()  # type: ignore[attr-defined]
