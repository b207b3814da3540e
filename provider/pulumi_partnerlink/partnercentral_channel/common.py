"""Shared by every Partner Central Channel resource: the client, the coalesced handshake listing.

There is no GetChannelHandshake: a handshake is read by listing. Every read in one provider
process shares one listing per (settings, catalog, handshake type) with
``participantType=SENDER`` and ``maxResults=100``, all pages. Reads that arrive together (the
dynamic-provider host runs 4 calls at a time) wait for the one listing in flight instead of
starting their own, so refreshing N handshakes costs about N/100 list calls. Our own writes
invalidate the listing they change.
"""

from __future__ import annotations

import threading
from typing import Any

import botocore.session

from ..config import ProviderSettings, client

SERVICE = "partnercentral-channel"
MODEL = botocore.session.get_session().get_service_model(SERVICE)
PAGE_SIZE = 100
TERMINAL_GONE = ("CANCELED", "EXPIRED")  # after refresh these count as gone


def pcc(settings: ProviderSettings) -> Any:
    return client(settings, SERVICE)


class HandshakeNotFound(Exception):
    pass


ListingKey = tuple[ProviderSettings, str, str]


class HandshakeListing:
    """Per-process cache of ``ListChannelHandshakes`` (SENDER) by catalog and handshake type."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key_locks: dict[ListingKey, threading.Lock] = {}
        self._pages: dict[ListingKey, dict[str, dict[str, Any]]] = {}

    def _key_lock(self, key: ListingKey) -> threading.Lock:
        with self._lock:
            return self._key_locks.setdefault(key, threading.Lock())

    def get(
        self, settings: ProviderSettings, catalog: str, handshake_type: str
    ) -> dict[str, dict[str, Any]]:
        key = (settings, catalog, handshake_type)
        with self._key_lock(key):
            found = self._pages.get(key)
            if found is None:
                found = self._list(settings, catalog, handshake_type)
                self._pages[key] = found
            return found

    def remember(
        self, settings: ProviderSettings, catalog: str, handshake_type: str, item: dict[str, Any]
    ) -> None:
        """Record a handshake we just wrote in a cached listing (if one is cached)."""
        key = (settings, catalog, handshake_type)
        with self._key_lock(key):
            cached = self._pages.get(key)
            if cached is not None:
                cached[item["id"]] = item

    def invalidate(self, settings: ProviderSettings, catalog: str, handshake_type: str) -> None:
        key = (settings, catalog, handshake_type)
        with self._key_lock(key):
            self._pages.pop(key, None)

    @staticmethod
    def _list(
        settings: ProviderSettings, catalog: str, handshake_type: str, **narrow: Any
    ) -> dict[str, dict[str, Any]]:
        api = pcc(settings)
        items: dict[str, dict[str, Any]] = {}
        kwargs: dict[str, Any] = {
            "catalog": catalog,
            "handshakeType": handshake_type,
            "participantType": "SENDER",
            "maxResults": PAGE_SIZE,
            **narrow,
        }
        while True:
            page = api.list_channel_handshakes(**kwargs)
            for item in page.get("items") or []:
                items[item["id"]] = item
            token = page.get("nextToken")
            if not token:
                return items
            kwargs["nextToken"] = token


LISTING = HandshakeListing()


def find_sent_for(
    settings: ProviderSettings,
    catalog: str,
    handshake_type: str,
    resource_id: str,
    handshake_id: str,
) -> dict[str, Any]:
    """One handshake right after we sent it: a listing narrowed to its resource (one call),
    recorded in the shared listing so later reads in this process see it."""
    found = HandshakeListing._list(
        settings, catalog, handshake_type, associatedResourceIdentifiers=[resource_id]
    ).get(handshake_id)
    if found is None:
        raise HandshakeNotFound(handshake_id)
    LISTING.remember(settings, catalog, handshake_type, found)
    return found


def find_handshake(
    settings: ProviderSettings, catalog: str, handshake_type: str, handshake_id: str
) -> dict[str, Any]:
    """The handshake's summary from the shared listing; ``HandshakeNotFound`` when absent."""
    if not handshake_id:
        raise HandshakeNotFound(handshake_id)
    found = LISTING.get(settings, catalog, handshake_type).get(handshake_id)
    if found is None:
        raise HandshakeNotFound(handshake_id)
    return found
