"""Emulator state: tables of JSON records in memory, optionally backed by SQLite; the clock.

Handlers read and write records through ``Store``; the server runs each request under one lock
and calls ``commit()`` after it, which writes the request's changes to SQLite in a single
transaction (``--state-file``). Without a file, state lives in memory only.

Records are plain JSON-able dicts; timestamps are stored as ISO-8601 strings and converted at
the edges (``to_iso`` / ``from_iso``). The clock is wall time plus an offset that the admin API
advances, so expiry windows can be tested without waiting.
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Record = dict[str, Any]
BUSY_SECONDS = 2.0  # wait this long for another process's write lock, then answer throttling


class Clock:
    """Wall time plus an offset; ``advance`` moves emulator time forward."""

    def __init__(self) -> None:
        self.offset = _dt.timedelta()

    def now(self) -> _dt.datetime:
        return _dt.datetime.now(_dt.timezone.utc) + self.offset

    # Emulator time stays within the calendar every handler can compute with (expiry dates,
    # token windows): moving past this year is refused, never a broken clock.
    LATEST_YEAR = 9000

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the emulator clock only moves forward")
        try:
            offset = self.offset + _dt.timedelta(seconds=seconds)
            later = _dt.datetime.now(_dt.timezone.utc) + offset
        except OverflowError:
            later = None
        if later is None or later.year > self.LATEST_YEAR:
            raise ValueError(
                f"advance_seconds would move the emulator clock past the year {self.LATEST_YEAR}"
            )
        self.offset = offset


def to_iso(value: _dt.datetime) -> str:
    return value.astimezone(_dt.timezone.utc).isoformat()


def from_iso(value: str) -> _dt.datetime:
    return _dt.datetime.fromisoformat(value)


class Store:
    """Named tables of records; changes since the last ``commit`` go to SQLite together."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.lock = threading.RLock()
        self._tables: dict[str, dict[str, Record]] = {}
        self._dirty: set[tuple[str, str]] = set()
        self._created: list[tuple[str, str]] = []  # keys new since the last commit, in order
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._db = sqlite3.connect(
                str(path), check_same_thread=False, isolation_level=None, timeout=BUSY_SECONDS
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS records ("
                " tbl TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
                " PRIMARY KEY (tbl, key))"
            )
            for tbl, key, value in self._db.execute("SELECT tbl, key, value FROM records"):
                self._tables.setdefault(tbl, {})[key] = json.loads(value)

    # reads ------------------------------------------------------------------------------

    def get(self, table: str, key: str) -> Record | None:
        return self._tables.get(table, {}).get(key)

    def scan(self, table: str) -> Iterator[Record]:
        yield from list(self._tables.get(table, {}).values())

    # writes -----------------------------------------------------------------------------

    def put(self, table: str, key: str, record: Record) -> None:
        rows = self._tables.setdefault(table, {})
        if key not in rows:
            self._created.append((table, key))
        rows[key] = record
        self._dirty.add((table, key))

    def delete(self, table: str, key: str) -> None:
        if self._tables.get(table, {}).pop(key, None) is not None:
            self._dirty.add((table, key))

    def created(self) -> list[tuple[str, str]]:
        """The (table, key) of the records this request created that still exist, in order."""
        return [(t, k) for t, k in self._created if k in self._tables.get(t, {})]

    def commit(self) -> None:
        """Write this request's changes in one transaction (no-op in memory)."""
        self._created.clear()
        if self._db is None or not self._dirty:
            self._dirty.clear()
            return
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            for table, key in self._dirty:
                record = self._tables.get(table, {}).get(key)
                if record is None:
                    db.execute("DELETE FROM records WHERE tbl = ? AND key = ?", (table, key))
                else:
                    db.execute(
                        "INSERT OR REPLACE INTO records (tbl, key, value) VALUES (?, ?, ?)",
                        (table, key, json.dumps(record, sort_keys=True)),
                    )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._dirty.clear()

    def rollback(self) -> None:
        """Forget uncommitted changes by reloading the touched records (SQLite) or keeping them.

        In memory there is nothing to roll back to: handlers validate before they write.
        """
        self._created.clear()
        if self._db is None:
            self._dirty.clear()
            return
        for table, key in self._dirty:
            row = self._db.execute(
                "SELECT value FROM records WHERE tbl = ? AND key = ?", (table, key)
            ).fetchone()
            if row is None:
                self._tables.get(table, {}).pop(key, None)
            else:
                self._tables.setdefault(table, {})[key] = json.loads(row[0])
        self._dirty.clear()

    def reset(self) -> None:
        self._tables.clear()
        self._dirty.clear()
        self._created.clear()
        if self._db is not None:
            self._db.execute("DELETE FROM records")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
