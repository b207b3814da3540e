"""Shared by the Partner Central Channel resources: client, coalesced listings, timestamps, the
inputs and outputs they declare alike, and their shared hooks (``ChannelCore``: the create's
answer; ``ChannelRecordCore``: update and delete of a revisioned record).

There is no Get for handshakes or program management accounts: they are read by listing, and so
are relationships on refresh (their Get is kept for the live proof right after a write). Every
read in one provider process shares one listing per (settings, operation, parameters), all
pages at ``maxResults=100``. Reads that arrive together (the dynamic-provider host runs 4 calls
at a time) wait for the one listing in flight instead of starting their own, so refreshing N
resources costs about N/100 list calls. Right after a write, a listing narrowed to the written
resource (one call) proves it live and is recorded into the shared one.

Every member of these answers is optional in the model, and AWS may leave any out:

- an item without ``id`` matches nothing, so listings skip it; a Get answer without one is the
  object asked for; a Create answer without one is the one clear error (the core's: the next
  ``up`` replays the same client token);
- any other absent member is unknown: ``outputs_from`` gives None and the core keeps the value
  last known (else the output stays empty); an absent status is neither gone nor PENDING
  (delete and answer try the call and take AWS's "not pending" ValidationException);
  finders that filter on a member (program, status, associated resource) take absent as "may
  be it", so a token is never stepped past an object that may be ours;
- the ARN has no documented format here and is never invented: absent, the one in state stands
  (an id's ARN does not change), else it stays empty. Tags are addressed by ARN: without one,
  refresh keeps the tags as last known instead of reading them, and a tag change is a clear
  error (``SpecProvider.reconcile_tags``); an unknown revision sends updates without one (the
  model allows it).
"""

from __future__ import annotations

import datetime as _dt
import threading
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from botocore import xform_name
from botocore.exceptions import ClientError

from ..clients import client, pages
from ..config import ProviderSettings
from ..core import NotFound, Output, Prop, SpecCore
from ..core.spec import CONNECTION_DOC, lifecycle_props
from ..errors import error_code
from ..tokens import derive_token

SERVICE = "partnercentral-channel"
PAGE_SIZE = 100
TERMINAL_GONE = ("CANCELED", "EXPIRED")  # dead: proof for a new token; kept in state at refresh
REVISION_ATTEMPTS = 3
TOKEN_DOC = "Idempotency token; leave unset to let the provider derive one."
TAGS = ("tags", "key", "value")  # how every channel request spells tags


def channel_props(tags_doc: str, adopt_doc: str) -> tuple[Prop, ...]:
    """``tags``, ``client_token``, ``adopt`` and ``connection`` of a channel resource."""
    return lifecycle_props(tags_doc, adopt_doc, token_doc=TOKEN_DOC, connection_doc=CONNECTION_DOC)


def pcc(settings: ProviderSettings) -> Any:
    return client(settings, SERVICE)


def bare_id(identifier: str) -> str:
    """``pma-…`` / ``rs-…`` / ``ch-…`` from an id or an ARN."""
    return str(identifier).rsplit("/", 1)[-1]


def when(value: Any) -> str | None:
    """A timestamp from the API as ISO 8601 UTC (None stays None)."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        text: str = value.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return text
    return str(value)


ListingKey = tuple[ProviderSettings, tuple[tuple[str, str], ...]]


class CoalescedListing:
    """Per-process cache of one paginated list operation, keyed by settings and parameters."""

    def __init__(self, method: str) -> None:
        self.method = method
        self._lock = threading.Lock()
        self._key_locks: dict[ListingKey, threading.Lock] = {}
        self._pages: dict[ListingKey, dict[str, dict[str, Any]]] = {}

    def _key(self, settings: ProviderSettings, params: Mapping[str, str]) -> ListingKey:
        return settings, tuple(sorted(params.items()))

    def _key_lock(self, key: ListingKey) -> threading.Lock:
        with self._lock:
            return self._key_locks.setdefault(key, threading.Lock())

    def get(self, settings: ProviderSettings, **params: str) -> dict[str, dict[str, Any]]:
        """All items (by id), listed once per process and shared."""
        key = self._key(settings, params)
        with self._key_lock(key):
            found = self._pages.get(key)
            if found is None:
                found = self.fetch(settings, **params)
                self._pages[key] = found
            return found

    def lookup(
        self, settings: ProviderSettings, item_id: str, refetch_missing: bool, **params: Any
    ) -> dict[str, Any] | None:
        """One item from the shared listing. ``refetch_missing``: when the cached listing (not
        one fetched just now) lacks it, list again (it may be newer than the cache)."""
        key = self._key(settings, params)
        with self._key_lock(key):
            cached = self._pages.get(key)
            if cached is None or (refetch_missing and item_id not in cached):
                cached = self._pages[key] = self.fetch(settings, **params)
            return cached.get(item_id)

    def fetch(self, settings: ProviderSettings, **params: Any) -> dict[str, dict[str, Any]]:
        """All items (by id) of one uncached listing, e.g. one narrowed to a resource."""
        items: dict[str, dict[str, Any]] = {}
        for page in pages(pcc(settings), self.method, **params, maxResults=PAGE_SIZE):
            for item in page.get("items") or []:
                if item.get("id"):  # optional in the model: an item without one matches nothing
                    items[str(item["id"])] = item
        return items

    def remember(
        self, settings: ProviderSettings, items: Mapping[str, dict[str, Any]], **params: str
    ) -> None:
        """Record items we just wrote into the cached listing (if one is cached)."""
        key = self._key(settings, params)
        with self._key_lock(key):
            cached = self._pages.get(key)
            if cached is not None:
                cached.update(items)

    def forget(self, settings: ProviderSettings, item_id: str, **params: str) -> None:
        """Drop an item we just deleted from the cached listing (if one is cached)."""
        key = self._key(settings, params)
        with self._key_lock(key):
            cached = self._pages.get(key)
            if cached is not None:
                cached.pop(item_id, None)

    def invalidate(self, settings: ProviderSettings, **params: str) -> None:
        key = self._key(settings, params)
        with self._key_lock(key):
            self._pages.pop(key, None)


LISTING = CoalescedListing("list_channel_handshakes")
PMA_LISTING = CoalescedListing("list_program_management_accounts")
REL_LISTING = CoalescedListing("list_relationships")


def of_pma(catalog: str, pma: str) -> dict[str, Any]:
    """Listing parameters for the relationships of one program management account."""
    return {"catalog": catalog, "programManagementAccountIdentifiers": (bare_id(pma),)}


def sent(catalog: str, handshake_type: str) -> dict[str, str]:
    """Listing parameters for the handshakes this account sent."""
    return {"catalog": catalog, "handshakeType": handshake_type, "participantType": "SENDER"}


def find_sent_for(
    settings: ProviderSettings,
    catalog: str,
    handshake_type: str,
    resource_id: str,
    handshake_id: str,
) -> dict[str, Any]:
    """One handshake right after we sent it: a listing narrowed to its resource (one call),
    recorded in the shared listing so later reads in this process see it."""
    found = LISTING.fetch(
        settings, **sent(catalog, handshake_type), associatedResourceIdentifiers=[resource_id]
    )
    item = found.get(handshake_id)
    if item is None:
        raise NotFound(handshake_id)
    LISTING.remember(settings, {handshake_id: item}, **sent(catalog, handshake_type))
    return item


def find_handshake(
    settings: ProviderSettings, catalog: str, handshake_type: str, handshake_id: str
) -> dict[str, Any]:
    """The handshake's summary from the shared listing; ``NotFound`` when absent."""
    if not handshake_id:
        raise NotFound(handshake_id)
    found = LISTING.get(settings, **sent(catalog, handshake_type)).get(handshake_id)
    if found is None:
        raise NotFound(handshake_id)
    return found


def revision_retry(attempt: Callable[[str], Any], revision: str, reread: Callable[[], str]) -> Any:
    """Run an update with ``revision``; when AWS says it is stale, re-read it and try again."""
    for _ in range(REVISION_ATTEMPTS - 1):
        try:
            return attempt(revision)
        except ClientError as exc:
            if error_code(exc) != "ConflictException":
                raise
            revision = reread()
    return attempt(revision)


def update_with_revision(
    call: Callable[..., Any],
    olds: Mapping[str, Any],
    id_: str,
    reread: Callable[[], Mapping[str, Any]],
    **changes: Any,
) -> Any:
    """An Update* call with the current ``revision``, re-read and retried when AWS says stale."""

    def attempt(revision: str) -> Any:
        # The model lets an update go without a revision; AWS may leave it out of its answers.
        known = {"revision": revision} if revision else {}
        return call(catalog=olds["catalog"], identifier=id_, **known, **changes)

    def current() -> str:
        return str(reread().get("revision") or "")

    return revision_retry(attempt, str(olds.get("revision") or ""), current)


def delete_token(props: Mapping[str, Any], id_: str) -> str:
    """The client token of a Delete* call: derived from the resource's seed (either spelling)."""
    seed = str(props.get("__token_seed") or props.get("token_seed") or id_)
    return derive_token(seed, [id_, "delete"])


def created_id(answer: Mapping[str, Any], detail: str) -> str:
    """The id of a Create* answer's ``detail``, or "" when AWS left it out (optional in the
    model): the core then stops with a clear error, and the next ``up`` replays the token."""
    ident = (answer.get(detail) or {}).get("id")
    return str(ident) if ident else ""


# The outputs every revisioned channel record declares after its id and ARN (and status).
RECORD_OUTPUTS = (
    Output("revision"),
    Output("display_name"),
    Output("tags", "dict[str, str]"),
    Output("created_at"),
    Output("updated_at"),
    Output("start_date", "str | None"),
    Output("client_token"),
)


def record_output_specs(id_output: str, *more: Output) -> tuple[Output, ...]:
    """The declared outputs of a revisioned channel record: its id and ARN, ``more``, then
    ``RECORD_OUTPUTS`` (the values ``record_outputs`` reports)."""
    return (Output(id_output), Output("arn"), *more, *RECORD_OUTPUTS)


def record_outputs(live: Mapping[str, Any], props: Mapping[str, Any]) -> dict[str, Any]:
    """The outputs every revisioned channel record (PMA, relationship) reports alike.

    Every member is optional in the model; an absent one is None (unknown). The ARN has no
    documented format to derive it from: absent, the one in state (an id's ARN does not change)
    stands, else it stays empty."""
    return {
        "display_name": live.get("displayName"),
        "arn": live.get("arn") or props.get("arn"),
        "revision": live.get("revision"),
        "created_at": when(live.get("createdAt")),
        "updated_at": when(live.get("updatedAt")),
        "start_date": when(live.get("startDate")),
    }


class ChannelCore(SpecCore):
    """The hooks of the channel resources that are created (PMA, relationship, handshake): the
    new object is the one ``…Detail`` member of the Create* answer."""

    def created(
        self, props: Mapping[str, Any], answer: Mapping[str, Any]
    ) -> tuple[str, str | None]:
        """The id and ARN of the one ``…Detail`` member of a Create* answer. The ARN too: it
        lets the core ask AWS, by a no-op write, whether an object reads never showed exists."""
        output = self.spec.model.operation_model(str(self.spec.create)).output_shape
        (detail,) = output.members if output is not None else ("",)
        return created_id(answer, detail), (answer.get(detail) or {}).get("arn")


class ChannelRecordCore(ChannelCore):
    """A revisioned channel record (program management account, relationship): Update* with
    its current revision, Delete* with a client token, read through a shared listing."""

    listing: ClassVar[CoalescedListing]

    def scope(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """What every call about the record names beside its catalog and identifier."""
        return {}

    def listed_in(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters of the shared listing that holds the record."""
        return {"catalog": props["catalog"]}

    def operation(self, settings: ProviderSettings, verb: str) -> Any:
        """The record's ``verb`` operation (``Update`` -> ``update_relationship``)."""
        name = verb + str(self.spec.create).removeprefix("Create")
        return getattr(pcc(settings), xform_name(name))

    def send_update(
        self, settings: ProviderSettings, id_: str, olds: Mapping[str, Any], changes: dict[str, Any]
    ) -> None:
        update_with_revision(
            self.operation(settings, "Update"),
            olds,
            id_,
            lambda: self.find(settings, olds, id_, fresh=True),
            **self.scope(olds),
            **changes,
        )

    def delete_call(self, settings: ProviderSettings, id_: str, props: Mapping[str, Any]) -> None:
        try:
            self.operation(settings, "Delete")(
                catalog=props["catalog"],
                identifier=id_,
                **self.scope(props),
                clientToken=delete_token(props, id_),
            )
        finally:
            self.listing.forget(settings, id_, **self.listed_in(props))
