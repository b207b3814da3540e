"""AWS's documented quotas for the Partner Central Channel API, enforced per account.

From the developer guide's "Quotas for the AWS Partner Central Channel API" (request quotas
"per AWS account", and the "additional quotas" table):

- **Request rates**: every Create/Update/Delete/Accept/Reject/Cancel operation 3 a second;
  ListProgramManagementAccounts, ListChannelHandshakes, ListRelationships and GetRelationship 5
  a second. A call over its rate is answered ``ThrottlingException`` (the model's
  ``throttling: true`` error) and does nothing. Played as a token bucket per account and
  operation holding one second of calls (the page does not say how AWS measures a second).
  The tag operations have no documented rate and are not limited.
- **Counts**: 50 program management accounts; 1,000 relationships per program management
  account; 100 active (PENDING) program management account handshakes; 200 active start- and
  200 active revoke-service-period handshakes; 5 handshakes of a type a day to the same
  receiving account. Over one: ``ServiceQuotaExceededException`` with ``quotaCode`` (AWS's
  codes are not documented: these are the emulator's own names) and nothing is created.
  The table lists them for the AWS catalog; the emulator counts each catalog on its own with
  the same figures.

Each figure is a behaviour knob (``write_rate``, ``max_relationships``, ...; 0 lifts it), as AWS
lets an account raise its quotas; the ``unlimited`` profile lifts them all. Rates use wall time;
the daily count uses the emulator's clock (``advance_clock`` moves a day on).
"""

from __future__ import annotations

import datetime as _dt
import threading
import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..pacing import READS, WRITES
from .behaviour import Behaviour
from .errors import ServiceError

SERVICE = "partnercentral-channel"
# The emulator's quotaCode for each count (knob -> (code, what it counts)).
CODES = {
    "max_pmas": ("program-management-accounts", "program management accounts"),
    "max_relationships": (
        "relationships-per-program-management-account",
        "relationships per program management account",
    ),
    "max_pma_handshakes": (
        "program-management-account-handshakes",
        "active program management account handshakes",
    ),
    "max_start_handshakes": (
        "start-service-period-handshakes",
        "active start service period handshakes",
    ),
    "max_revoke_handshakes": (
        "revoke-service-period-handshakes",
        "active revoke service period handshakes",
    ),
    "handshakes_per_day": (
        "handshakes-per-receiver-per-day",
        "handshakes of a type a day to the same receiving account",
    ),
}
HANDSHAKE_KNOB = {
    "PROGRAM_MANAGEMENT_ACCOUNT": "max_pma_handshakes",
    "START_SERVICE_PERIOD": "max_start_handshakes",
    "REVOKE_SERVICE_PERIOD": "max_revoke_handshakes",
}
DAY = _dt.timedelta(days=1)


def rate_of(operation: str, behaviour: Behaviour) -> float:
    """The calls a second ``operation`` may make per account (0: unlimited)."""
    if operation in WRITES:
        return behaviour.write_rate
    if operation in READS:
        return behaviour.read_rate
    return 0.0


class Rates:
    """A token bucket per (account, operation), one second of calls deep, on wall time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}
        self.throttled: Counter[str] = Counter()  # throttled calls, per "service:Operation"

    def take(self, account: str, service: str, operation: str, behaviour: Behaviour) -> None:
        """Spend one call of ``operation``'s rate, or answer ThrottlingException."""
        rate = rate_of(operation, behaviour) if service == SERVICE else 0.0
        if rate <= 0:
            return
        now = time.monotonic()
        with self._lock:
            tokens, then = self._buckets.get((account, operation), (rate, now))
            tokens = min(rate, tokens + (now - then) * rate)
            if tokens < 1.0:
                self._buckets[(account, operation)] = (tokens, now)
                self.throttled[f"{service}:{operation}"] += 1
                raise ServiceError(
                    "ThrottlingException",
                    f"Rate exceeded: {operation} allows {rate:g} requests per second per account",
                    serviceCode="partnercentral-channel",
                    quotaCode=f"rate-{operation}",
                )
            self._buckets[(account, operation)] = (tokens - 1.0, now)

    def clear(self) -> None:
        with self._lock:
            self._buckets.clear()
            self.throttled.clear()


def exceeded(knob: str, limit: int, kind: str, resource_id: str | None = None) -> ServiceError:
    code, what = CODES[knob]
    return ServiceError(
        "ServiceQuotaExceededException",
        f"You have reached the quota of {limit:,} {what}",
        quotaCode=code,
        resourceType=kind,
        resourceId=resource_id,
    )


def check_count(
    behaviour: Behaviour,
    knob: str,
    records: Iterable[Any],
    kind: str,
    resource_id: str | None = None,
) -> None:
    """ServiceQuotaExceededException if ``records`` (those that count) reach ``knob``'s limit."""
    limit = int(getattr(behaviour, knob))
    if limit > 0 and sum(1 for _ in records) >= limit:
        raise exceeded(knob, limit, kind, resource_id)


def check_handshake(
    behaviour: Behaviour,
    now: _dt.datetime,
    handshakes: Iterable[dict[str, Any]],
    sender: str,
    catalog: str,
    htype: str,
    receiver: str,
    created_at: Any,
    status_of: Any,
) -> None:
    """The active count of ``htype`` for ``sender`` and the daily count per receiver."""
    mine = [
        h
        for h in handshakes
        if (h["senderAccountId"], h["catalog"], h["handshakeType"]) == (sender, catalog, htype)
    ]
    check_count(
        behaviour,
        HANDSHAKE_KNOB[htype],
        (h for h in mine if status_of(h) == "PENDING"),
        "ChannelHandshake",
    )
    check_count(
        behaviour,
        "handshakes_per_day",
        (h for h in mine if h["receiverAccountId"] == receiver and now - created_at(h) < DAY),
        "ChannelHandshake",
        receiver,
    )
