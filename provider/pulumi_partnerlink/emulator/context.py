"""What a handler sees besides its parameters: caller account and region, state, time, paging.

Handlers are plain functions ``operation_name(ctx, params) -> dict`` named after the operation
in snake_case; they raise ``ServiceError`` and never touch HTTP.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import json
import secrets
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import ServiceError
from .state import Clock, Store

T = TypeVar("T")
DEFAULT_ACCOUNT = "123456789012"  # the caller when the access key id is not 12 digits
DEFAULT_REGION = "us-east-1"  # when the request names none
_ID_ALPHABET = string.ascii_lowercase + string.digits


@dataclass(frozen=True)
class Settings:
    """Emulator-wide behaviour knobs (CLI flags / Emulator arguments)."""

    token_window_seconds: float = 24 * 3600.0
    handshake_expiry_seconds: float = 15 * 24 * 3600.0


@dataclass
class Context:
    account: str
    region: str
    store: Store
    clock: Clock
    settings: Settings

    def now(self) -> _dt.datetime:
        return self.clock.now()


def new_id(prefix: str) -> str:
    """``pma-`` / ``rs-`` / ``ch-`` followed by 13 of [a-z0-9], as the models' patterns say."""
    return prefix + "".join(secrets.choice(_ID_ALPHABET) for _ in range(13))


def paginate(
    items: Sequence[T],
    params: dict[str, Any],
    default: int,
    token_field: str = "nextToken",
    size_field: str = "maxResults",
) -> tuple[list[T], str | None]:
    """One page of ``items`` and the token of the next page.

    The token is bound to the query (every parameter but the token and the page size), so a
    token from another query is refused.
    """
    query = {k: v for k, v in params.items() if k not in (token_field, size_field)}
    max_results, next_token, field = params.get(size_field), params.get(token_field), token_field
    digest = hashlib.sha256(json.dumps(query, sort_keys=True, default=str).encode()).hexdigest()[
        :16
    ]
    offset = 0
    if next_token:
        try:
            data = json.loads(base64.urlsafe_b64decode(next_token.encode()))
            offset, bound = int(data["o"]), data["q"]
        except (ValueError, KeyError, TypeError):
            raise ServiceError("ValidationException", f"Invalid {field}") from None
        if bound != digest or offset < 0:
            raise ServiceError("ValidationException", f"{field} does not belong to this query")
    size = max_results or default
    page = list(items[offset : offset + size])
    end = offset + size
    token = None
    if end < len(items):
        token = base64.urlsafe_b64encode(json.dumps({"o": end, "q": digest}).encode()).decode()
    return page, token
