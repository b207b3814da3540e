"""Absence is not death: waiting for AWS to show our own writes, and what a create attempt proved.

AWS promises no read-after-write for these APIs (``List*`` above all; a ``Get`` may lag too).
A read that does not find what we just wrote proves nothing, so right after our own create or
update we look again with backoff for up to the consistency budget
(``partnerlink:consistencyBudget``, 30 s by default) before concluding anything.

A create attempt ends in one of three ways (``Attempt``):

- ``live``: AWS shows the object: done.
- ``dead``: a new token is safe: AWS *positively* showed the object of this token dead (a status
  that says so, e.g. a CANCELED handshake or an INACTIVE program management account), or the
  resource is one AWS keeps once per natural key, so the next create cannot make a second one.
- ``unproven``: AWS refused a handshake's token while showing nothing it could belong to; nothing
  tells a hidden object from one deleted earlier. The create loop (``tokens.create_with_tokens``)
  takes at most one new token per resource per ``up`` on such grounds, with a warning naming the
  old token, and otherwise fails with a clear error that says the next ``up`` replays it. (An
  object a handshake's create answered but AWS never shows is a clear error after the budget.)

Every wait longer than ``ANNOUNCE_AFTER`` seconds is announced as it starts (what is waited for,
and for how long at most): ``until_seen`` says so once, when its next pause would take it past
that mark, so the quick looks of the common paths stay silent.

Warnings and announcements reach the engine (the CLI shows them as they come) through its
``Log`` service: the dynamic-provider host has no logging channel of its own, but the engine
passes its address to every provider plugin as the last argument. Without an engine they go to
stderr.
"""

from __future__ import annotations

import math
import re
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# Backoff between looks while AWS has not shown a write: quick at first (most lags are short),
# then every 4 s until the budget is spent.
BACKOFF = (0.25, 0.5, 1.0, 2.0, 4.0)
# A wait that would pass this many seconds is announced in the CLI output as it starts.
ANNOUNCE_AFTER = 2.0
# The setting that bounds every wait, as the messages name it.
BUDGET_SETTING = "partnerlink:consistencyBudget"


@dataclass
class Attempt(Generic[T]):
    """What one create attempt proved about its client token's object."""

    live: T | None = None
    dead: str | None = None  # the proof, e.g. "ch-123 is CANCELED"
    unproven: str | None = None  # why nothing could be concluded


def until_seen(
    look: Callable[[], T | None],
    budget: float,
    *,
    waiting_for: str | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    announce: Callable[[str], None] | None = None,
) -> T | None:
    """``look()`` until it returns something, with backoff, for at most ``budget`` seconds.

    ``waiting_for`` says what is awaited ("creating X (...): AWS has not shown pma-1 yet"): the
    wait is announced with it (``announce``, the CLI's info line by default) once it is about to
    last longer than ``ANNOUNCE_AFTER`` seconds, with the most it can still take."""
    start = clock()
    deadline = start + budget
    step = 0
    announced = False
    while True:
        found = look()
        if found is not None:
            return found
        now = clock()
        left = deadline - now
        if left <= 0:
            return None
        pause = min(BACKOFF[min(step, len(BACKOFF) - 1)], left)
        if not announced and waiting_for and now + pause - start > ANNOUNCE_AFTER:
            announced = True
            (announce or info)(
                f"{waiting_for}; looking again for up to {math.ceil(left)} s ({BUDGET_SETTING})"
            )
        sleep(pause)
        step += 1


_ADDRESS = re.compile(r"^(127\.0\.0\.1|localhost|\[::1\]|[\w.-]+):\d{2,5}$")
_engine_lock = threading.Lock()
_engine: list[Any] = []  # [stub] once connected; [None] when there is no engine to talk to


def _engine_stub() -> Any:
    with _engine_lock:
        if not _engine:
            stub = None
            address = next((a for a in reversed(sys.argv[1:]) if _ADDRESS.match(a)), None)
            if address:
                try:
                    import grpc  # type: ignore[import-untyped]
                    from pulumi.runtime.proto import engine_pb2_grpc

                    stub = engine_pb2_grpc.EngineStub(grpc.insecure_channel(address))
                except Exception:  # no engine: stderr only
                    stub = None
            _engine.append(stub)
        return _engine[0]


def warn(message: str) -> None:
    """A warning the CLI shows (through the engine's Log service), and on stderr."""
    _log("WARNING", "warning", message)


def info(message: str) -> None:
    """An informational line the CLI shows as it comes (the engine's Log service), and on
    stderr: what the provider is waiting for."""
    _log("INFO", "info", message)


def _log(severity: str, label: str, message: str) -> None:
    """To the engine's Log service when there is an engine (the CLI shows it once); on stderr
    when there is none, or the engine did not take it (the provider host forwards its stderr
    to the CLI too, so writing both would show the line twice)."""
    stub = _engine_stub()
    if stub is not None:
        try:
            from pulumi.runtime.proto import engine_pb2

            level = getattr(engine_pb2, severity)
            stub.Log(engine_pb2.LogRequest(severity=level, message=message), timeout=10)
            return
        except Exception:  # never fail an operation over a log: stderr instead
            pass
    print(f"partnerlink: {label}: {message}", file=sys.stderr, flush=True)
