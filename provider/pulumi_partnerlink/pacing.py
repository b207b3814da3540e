"""Calls paced to AWS's documented request rates, per account and operation, across processes.

The Partner Central Channel API allows each account 3 calls a second of every Create, Update,
Delete, Accept, Reject and Cancel operation and 5 a second of ListProgramManagementAccounts,
ListChannelHandshakes, ListRelationships and GetRelationship ("Quotas for the AWS Partner
Central Channel API"). A 1,000-relationship ``up`` sends 1,000 CreateRelationship calls; sent
as fast as the engine asks, most would be throttled and retried with back-off, and a fleet of
stacks would turn that into a retry storm. So every attempt (retries included: a botocore
``before-send`` hook) waits for its turn: one call of an operation every ``1/rate`` seconds per
account and endpoint, shared by every process on the machine through a small file per
(endpoint, access key, operation) under ``$XDG_CACHE_HOME/pulumi-partnerlink/pace``, locked
with ``flock`` while a turn is taken. A ``ThrottlingException`` that still comes (another
machine calling as the same account) is retried by botocore's retry mode.

The turn is "virtual scheduling": the file holds the next free time; a caller takes
``max(now, next)`` and moves it one interval on, then sleeps outside the lock. Operations
without a documented rate (the tag operations, IoT Wireless) are not paced.
``partnerlink:pacing: false`` turns it off (an account whose quotas AWS raised; or to let
botocore's ``adaptive`` retry mode find the rate instead).
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path
from typing import Any

READS = frozenset(
    {
        "ListProgramManagementAccounts",
        "ListChannelHandshakes",
        "ListRelationships",
        "GetRelationship",
    }
)
WRITES = frozenset(
    {
        "CreateProgramManagementAccount",
        "UpdateProgramManagementAccount",
        "DeleteProgramManagementAccount",
        "CreateChannelHandshake",
        "AcceptChannelHandshake",
        "RejectChannelHandshake",
        "CancelChannelHandshake",
        "CreateRelationship",
        "UpdateRelationship",
        "DeleteRelationship",
    }
)
# Calls a second per account, as documented (service -> operation -> rate).
RATES: dict[str, dict[str, float]] = {
    "partnercentral-channel": {**dict.fromkeys(WRITES, 3.0), **dict.fromkeys(READS, 5.0)}
}
_KEY_ID = re.compile(r"Credential=([^/,\s]+)/")
# A next-free time further ahead than this is a clock that moved back: start again from now.
_HORIZON = 600.0


def pace_directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pulumi-partnerlink" / "pace"


def install(client: Any) -> None:
    """Pace ``client``'s calls of operations with a documented rate."""
    service = client.meta.service_model.service_name
    rates = RATES.get(service)
    if rates:
        client.meta.events.register(f"before-send.{service}", _Pacer(rates))


class _Pacer:
    def __init__(self, rates: dict[str, float]) -> None:
        self.rates = rates
        self.directory: Path | None = None

    def __call__(self, request: Any, event_name: str = "", **_: Any) -> None:
        operation = event_name.rsplit(".", 1)[-1]
        rate = self.rates.get(operation)
        if not rate:
            return None
        authorization = request.headers.get("Authorization", b"")
        if isinstance(authorization, bytes):
            authorization = authorization.decode("latin-1")
        found = _KEY_ID.search(authorization)
        key_id = found.group(1) if found else ""
        host = request.url.split("/")[2] if "://" in request.url else request.url
        wait_turn(self._file(f"{host}|{key_id}|{operation}"), 1.0 / rate)
        return None  # botocore sends the request as usual

    def _file(self, name: str) -> Path:
        if self.directory is None:
            self.directory = pace_directory()
            self.directory.mkdir(parents=True, exist_ok=True)
            _prune(self.directory)
        return self.directory / hashlib.sha256(name.encode()).hexdigest()[:32]


def _prune(directory: Path) -> None:
    """Drop schedules nobody has used for a day (an emulator's endpoint, an old key)."""
    cutoff = time.time() - 86400
    for entry in os.scandir(directory):
        try:
            if entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
        except OSError:
            pass  # another process pruned it, or is using it


def wait_turn(path: Path, interval: float) -> float:
    """Take the next turn in ``path``'s schedule and sleep until it; returns the seconds slept."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no cross-process schedule (botocore's retries remain)
        return 0.0
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        raw = os.pread(fd, 64, 0)
        now = time.time()
        try:
            following = float(raw) if raw.strip() else now
        except ValueError:
            following = now
        if following > now + _HORIZON:
            following = now
        turn = max(now, following)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{turn + interval:.6f}".encode(), 0)
    finally:
        os.close(fd)  # releases the lock
    delay = turn - now
    if delay > 0:
        time.sleep(delay)
    return delay
