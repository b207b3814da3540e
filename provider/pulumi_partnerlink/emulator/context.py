"""What a handler sees besides its parameters: caller account and region, state, time, the
behaviour profile, paging.

Handlers are plain functions ``operation_name(ctx, params) -> dict`` named after the operation
in snake_case; they raise ``ServiceError`` and never touch HTTP. They read the knobs they play
from ``ctx.behaviour`` (see ``behaviour``).
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import json
import random
import secrets
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .behaviour import Behaviour, Settings
from .errors import ServiceError
from .state import Clock, Store, from_iso

__all__ = ["DEFAULT_ACCOUNT", "DEFAULT_REGION", "Context", "Settings", "new_id", "paginate"]

T = TypeVar("T")
DEFAULT_ACCOUNT = "123456789012"  # the caller when the access key id names no account
DEFAULT_REGION = "us-east-1"  # when the request names none
_ID_ALPHABET = string.ascii_lowercase + string.digits


@dataclass
class Context:
    account: str
    region: str
    store: Store
    clock: Clock
    behaviour: Behaviour

    @property
    def settings(self) -> Settings:
        return self.behaviour.settings

    def now(self) -> _dt.datetime:
        return self.clock.now()

    def settled(self, created_at: str, lag: float) -> bool:
        """Whether an object created at ``created_at`` (ISO) shows to a read lagging ``lag`` s."""
        return lag <= 0 or self.now() - from_iso(created_at) >= _dt.timedelta(seconds=lag)

    def listed(
        self, records: Iterable[dict[str, Any]], created: str = "createdAt"
    ) -> list[dict[str, Any]]:
        """The records a List* call shows: those older than the behaviour's ``list_lag``."""
        lag = self.behaviour.list_lag
        return [r for r in records if self.settled(r[created], lag)]


def new_id(prefix: str) -> str:
    """``pma-`` / ``rs-`` / ``ch-`` followed by 13 of [a-z0-9], as the models' patterns say."""
    return prefix + "".join(secrets.choice(_ID_ALPHABET) for _ in range(13))


def paginate(
    ctx: Context,
    items: Sequence[T],
    params: dict[str, Any],
    default: int,
    token_field: str = "nextToken",
    size_field: str = "maxResults",
) -> tuple[list[T], str | None]:
    """One page of ``items`` and the token of the next page.

    The token is bound to the query (every parameter but the token and the page size), so a
    token from another query is refused. The behaviour's ``page_cap`` caps the page size;
    ``short_pages`` cuts pages short (empty ones too, never two in a row: the token counts them).
    """
    query = {k: v for k, v in params.items() if k not in (token_field, size_field)}
    max_results, next_token, field = params.get(size_field), params.get(token_field), token_field
    digest = hashlib.sha256(json.dumps(query, sort_keys=True, default=str).encode()).hexdigest()[
        :16
    ]
    offset, empties = 0, 0
    if next_token:
        try:
            data = json.loads(base64.urlsafe_b64decode(next_token.encode()))
            offset, bound, empties = int(data["o"]), data["q"], int(data.get("e", 0))
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ServiceError("ValidationException", f"Invalid {field}") from None
        if bound != digest or offset < 0 or empties < 0:
            raise ServiceError("ValidationException", f"{field} does not belong to this query")
    size = max_results or default
    behaviour = ctx.behaviour
    if behaviour.page_cap is not None:
        size = min(size, behaviour.page_cap)
    if behaviour.short_pages and offset < len(items):
        # Deterministic per query and position: the same request gets the same page.
        size = random.Random(f"{digest}:{offset}:{empties}").randint(min(empties, 1), size)
    page = list(items[offset : offset + size])
    end = offset + size
    token = None
    if end < len(items):
        state: dict[str, Any] = {"o": end, "q": digest}
        if size == 0:
            state["e"] = empties + 1
        token = base64.urlsafe_b64encode(json.dumps(state).encode()).decode()
    return page, token
