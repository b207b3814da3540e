"""Absence is not death: waiting for AWS to show our own writes, and what a create attempt proved.

AWS promises no read-after-write for these APIs (``List*`` above all; a ``Get`` may lag too).
A read that does not find what we just wrote proves nothing, so right after our own create or
update we look again with backoff for up to the consistency budget
(``partnerlink:consistencyBudget``, 30 s by default) before concluding anything.

A create attempt ends in one of three ways (``Attempt``):

- ``live``: AWS shows the object: done.
- ``dead``: AWS *positively* showed the object of this token dead (a status that says so, e.g. a
  CANCELED handshake or an INACTIVE program management account): the token belongs to an
  earlier, deleted object; a new token is safe.
- ``unproven``: AWS did not show the object within the budget, or refused the token while showing
  nothing it could belong to. Either the object lags beyond the budget or the token replayed an
  object deleted earlier; nothing tells which. The create loop (``tokens.create_with_tokens``)
  takes at most one new token per resource per ``up`` on such grounds, with a warning naming the
  old token, and otherwise fails with a clear error that says the next ``up`` replays it.

Warnings reach the engine (the CLI shows them) through its ``Log`` service: the dynamic-provider
host has no logging channel of its own, but the engine passes its address to every provider
plugin as the last argument. They are printed on stderr too.
"""

from __future__ import annotations

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
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> T | None:
    """``look()`` until it returns something, with backoff, for at most ``budget`` seconds."""
    deadline = clock() + budget
    step = 0
    while True:
        found = look()
        if found is not None:
            return found
        left = deadline - clock()
        if left <= 0:
            return None
        sleep(min(BACKOFF[min(step, len(BACKOFF) - 1)], left))
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
    print(f"partnerlink: warning: {message}", file=sys.stderr, flush=True)
    stub = _engine_stub()
    if stub is None:
        return
    try:
        from pulumi.runtime.proto import engine_pb2

        stub.Log(engine_pb2.LogRequest(severity=engine_pb2.WARNING, message=message), timeout=10)
    except Exception:  # the warning is on stderr already; never fail an operation over a log
        return
