"""Injected faults (admin API ``POST faults``): throttle, internal-error, access-denied (the
model's AccessDeniedException, as an IAM policy without the action answers), validation-error
(a ValidationException that says nothing about the object), drop-response, delay,
delay-response (commit, then hold the answer: the window in which a crash loses it; taken
only by a call that committed, never by a replayed client token or an error)."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import socket
from typing import Any

FAULT_KINDS = (
    "throttle",
    "internal-error",
    "access-denied",
    "validation-error",
    "drop-response",
    "delay",
    "delay-response",
)


@dataclasses.dataclass
class Fault:
    operation: str
    fault: str
    times: int | None = None
    rate: float = 1.0
    delay_ms: int = 0

    def matches(self, service: str, operation: str) -> bool:
        return self.operation in (operation, f"{service}:{operation}", "*")


MAX_DELAY_MS = 600_000  # ten minutes: longer than any client waits


def _number(body: dict[str, Any], key: str, default: float) -> float:
    value = body.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{key} must be a number, not {json.dumps(value)[:40]}")
    return float(value)


def parse_fault(body: dict[str, Any]) -> Fault:
    kind = body.get("fault")
    if kind not in FAULT_KINDS:
        raise ValueError(f"fault must be one of {', '.join(FAULT_KINDS)}")
    operation = body.get("operation")
    if not isinstance(operation, str) or not operation:
        raise ValueError("operation is required (an operation name, 'service:Operation' or '*')")
    times = body.get("times")
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        raise ValueError("times must be a positive integer")
    rate = _number(body, "rate", 1.0)
    if not 0.0 <= rate <= 1.0:
        raise ValueError("rate must be between 0 and 1")
    delay_ms = _number(body, "delay_ms", 0)
    if kind in ("delay", "delay-response") and not 0 < delay_ms <= MAX_DELAY_MS:
        raise ValueError(f"a {kind} fault needs 0 < delay_ms <= {MAX_DELAY_MS}")
    return Fault(operation=operation, fault=kind, times=times, rate=rate, delay_ms=int(delay_ms))


def drop_connection(environ: dict[str, Any]) -> None:
    """Close the client's connection without answering (the operation already committed)."""
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
