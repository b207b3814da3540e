"""Errors the emulator answers with, named after the models' error shapes.

A handler raises ``ServiceError("ConflictException", "...", resourceId=..., resourceType=...)``;
the protocol layer takes the HTTP status from the error shape in the service model (400 when
the model gives none) and the message member's casing from that shape (``Message`` for
iotwireless, ``message`` for partnercentral-channel). No handler types a status code.
"""

from __future__ import annotations

from typing import Any

from ..validation import Violation, summarize


class ServiceError(Exception):
    """An error response: ``code`` is the error shape's name; ``fields`` its other members."""

    def __init__(self, code: str, message: str, **fields: Any) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.fields = {k: v for k, v in fields.items() if v is not None}


class BadRequest(ServiceError):
    """The request cannot be mapped onto the model (unknown route, malformed body)."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__("SerializationException", message)


class TooLarge(ServiceError):
    """A request body over the emulator's limit (HTTP 413), refused before it is read."""

    status = 413

    def __init__(self, size: int | None, limit: int) -> None:
        got = f"{size} bytes" if size is not None else "the body"
        super().__init__(
            "SerializationException",
            f"request too large: {got} exceeds the limit of {limit} bytes",
        )


class NotImplementedOperation(ServiceError):
    """An operation of a served model that the emulator does not implement (HTTP 501)."""

    status = 501

    def __init__(self, service: str, operation: str) -> None:
        super().__init__(
            "NotImplemented",
            f"partnerlink-emulator does not implement {service}:{operation}",
        )


def validation_error(violations: list[Violation], with_field_list: bool) -> ServiceError:
    """A ValidationException naming every failed field (partnercentral's carries fieldList)."""
    fields: dict[str, Any] = {}
    if with_field_list:
        fields["reason"] = "REQUEST_VALIDATION_FAILED"
        fields["fieldList"] = [
            {"name": v.at(), "code": v.code, "message": v.message} for v in violations
        ]
    return ServiceError("ValidationException", summarize(violations), **fields)


def business_error(message: str, field: str | None = None) -> ServiceError:
    """A partnercentral ValidationException for a rule beyond the model's shapes."""
    field_list = [{"name": field, "code": "business", "message": message}] if field else None
    return ServiceError(
        "ValidationException", message, reason="BUSINESS_VALIDATION_FAILED", fieldList=field_list
    )
