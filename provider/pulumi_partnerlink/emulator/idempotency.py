"""Client-token idempotency, from the model's ``idempotencyToken`` trait (as AWS does it).

The same token with the same parameters replays the original answer for the behaviour's
``token_window`` of emulator time; the same token with other parameters is the behaviour's
``token_mismatch_error`` (ConflictException by default; IoT Wireless always answers its documented
409 ConflictException). A record remembers which store records
its request created; once one of them is gone (or a tombstone, ``deletedAt``) the object counts as
deleted, and ``token_after_delete`` decides: replay the original answer (the default), answer a
ConflictException, or forget the token. Sensitive members (the Sidewalk key) are never stored: a
replay refills them from the (identical) request.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from typing import Any

from botocore.model import ListShape, OperationModel, Shape, StructureShape

from .context import Context
from .errors import ServiceError
from .state import to_iso

IDEMPOTENCY = "emulator.idempotency"


class Idempotency:
    """One token lookup before a handler runs and one record after; both under the state lock."""

    def __init__(self, service: str, op: OperationModel, ctx: Context, params: dict[str, Any]):
        self.op, self.ctx, self.params, self.service = op, ctx, params, service
        member = token_member(op)
        self.member = member or ""
        self.token: str | None = params.get(member) if member else None
        self.key = f"{service}/{ctx.account}/{ctx.region}/{op.name}/{self.token}"
        self.digest = _digest({k: v for k, v in params.items() if k != member})

    def replay(self) -> dict[str, Any] | None:
        """The original answer for a repeated token, or None; an error if parameters differ or
        (``token_after_delete="conflict"``) if the object it created was deleted."""
        token = self.token
        if not token:
            return None
        behaviour = self.ctx.behaviour
        seen = self.ctx.store.get(IDEMPOTENCY, self.key)
        window = _dt.timedelta(seconds=behaviour.token_window)
        if seen is None or self.ctx.now() - _dt.datetime.fromisoformat(seen["at"]) > window:
            return None
        deleted = self._deleted(seen)
        if deleted and behaviour.token_after_delete == "new":
            return None  # forgotten with its object: this request creates anew
        if seen["digest"] != self.digest:
            raise self._mismatch(token)
        if deleted and behaviour.token_after_delete == "conflict":
            raise _token_conflict(
                token, f"Client token {token} created {deleted}, which was deleted since"
            )
        answer: dict[str, Any] = _refill(self.op.output_shape, seen["response"], self.params)
        return answer

    def remember(self, result: dict[str, Any], created: list[tuple[str, str]]) -> None:
        """Keep the answer (and which records the request created) for the token's window."""
        if self.token:
            self.ctx.store.put(
                IDEMPOTENCY,
                self.key,
                {
                    "digest": self.digest,
                    "at": to_iso(self.ctx.now()),
                    "response": _redact(self.op.output_shape, result),
                    "created": [list(c) for c in created],
                },
            )

    def _deleted(self, seen: dict[str, Any]) -> str | None:
        """The id of the first record the token's request created that is gone or a tombstone."""
        for table, key in seen.get("created") or []:  # records kept before it was stored: none
            record = self.ctx.store.get(table, key)
            if record is None or record.get("deletedAt"):
                return str(key).rsplit("/", 1)[-1]  # pma-…, rs-…, ch-…, an AmazonId
        return None

    def _mismatch(self, token: str) -> ServiceError:
        message = f"Client token {token} was already used with different parameters"
        # IoT Wireless documents the 409 ("an HTTP 409 conflict occurs"): the knob plays only
        # partnercentral-channel, whose docs say nothing.
        knob = self.ctx.behaviour.token_mismatch_error
        if knob == "ValidationException" and self.service == "partnercentral-channel":
            # partnercentral's shape keeps reason and fieldList; iotwireless's only Message.
            return ServiceError(
                "ValidationException",
                message,
                reason="REQUEST_VALIDATION_FAILED",
                fieldList=[{"name": self.member, "code": "idempotency", "message": message}],
            )
        return _token_conflict(token, message)


def _token_conflict(token: str, message: str) -> ServiceError:
    # Both services' spellings: the app keeps the fields the error shape has.
    return ServiceError(
        "ConflictException",
        message,
        resourceId=token,
        resourceType="ClientToken",
        ResourceId=token,
        ResourceType="ClientToken",
    )


def token_member(op: OperationModel) -> str | None:
    shape = op.input_shape
    if shape is None:
        return None
    return next((n for n, m in shape.members.items() if m.metadata.get("idempotencyToken")), None)


def _digest(params: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()


def _redact(shape: Shape | None, value: Any) -> Any:
    """The response as stored for replay, without sensitive members (e.g. a private key)."""
    if shape is None or value is None:
        return value
    if shape.metadata.get("sensitive"):
        return None
    if isinstance(shape, StructureShape):
        return {k: _redact(shape.members.get(k), v) for k, v in value.items()}
    if isinstance(shape, ListShape):
        return [_redact(shape.member, v) for v in value]
    if isinstance(value, _dt.datetime):
        return {"__datetime__": to_iso(value)}
    return value


def _refill(shape: Shape | None, stored: Any, request: Any) -> Any:
    """A stored response with sensitive members restored from the (identical) request."""
    if shape is None:
        return stored
    if isinstance(stored, dict) and "__datetime__" in stored:
        return _dt.datetime.fromisoformat(stored["__datetime__"])
    if isinstance(shape, StructureShape) and isinstance(stored, dict):
        out = {}
        for name, member in shape.members.items():
            req = request.get(name) if isinstance(request, dict) else None
            if member.metadata.get("sensitive") and name in stored:
                out[name] = req
            elif name in stored:
                out[name] = _refill(member, stored[name], req)
        return out
    if isinstance(shape, ListShape) and isinstance(stored, list):
        return [_refill(shape.member, v, None) for v in stored]
    return stored
