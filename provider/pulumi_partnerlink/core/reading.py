"""Read, update and delete, where absence is never taken for death (``SpecCore`` mixin).

- ``read``: NotFound -> gone (an empty id), said in the CLI output. A dead status (``is_gone``)
  is gone too, except where re-creating it is the user's choice (``kept_when_gone``: a
  handshake re-sent would reach a partner): kept in state as it is, with a warning. Within the
  consistency budget of our own write, AWS may not show the object yet: it is looked for again
  (announced) until the budget from that write has passed, then reported gone; refresh never
  keeps what it did not see. For ``get``, NotFound is an error (as pulumi-aws). The tags are
  read beside the record; an ARN AWS leaves out is the one in state.
- ``update``: the in-place inputs, tags by difference, then a fresh read within the budget.
- ``delete``: never with an empty id; NotFound (or AWS's ResourceNotFoundException) is success.
"""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from botocore.exceptions import ClientError

from ..config import ProviderSettings
from ..consistency import info, until_seen, warn
from ..errors import ProviderError, error_code, wrapped
from .creating import WRITTEN_AT, NotFound
from .hooks import SpecHooks
from .results import GET_MARK, LEGACY_TOKEN_SEED, PROBLEMS, TOKEN_SEED, Read, Updated

# Reads the provider runs beside another (a resource's tags next to its record). Each request
# needs at most one of these at once: the dynamic host runs four requests at a time, the native
# plugin up to its pool (native.provider.WORKERS), so as many as that.
_READS = ThreadPoolExecutor(max_workers=32, thread_name_prefix="partnerlink-read")


def parse_epoch(value: Any) -> float | None:
    """An ISO 8601 timestamp from state as seconds since the epoch (None if it is not one)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    return when.timestamp()


def _settle(soon: Future[Any] | None) -> None:
    """Wait for a read begun beside another whose answer no longer matters."""
    if soon is not None:
        soon.exception()


class Reading(SpecHooks):
    """Read, update and delete over the hooks."""

    def read(self, id_: str, props: dict[str, Any]) -> Read:
        if not id_:
            return Read(None, {})
        if props.get(PROBLEMS):  # a `get` that cannot find anything as written
            raise ProviderError("; ".join(map(str, props[PROBLEMS])))
        settings = self.settings_for(props)
        with wrapped("reading", self.spec.name, id_, self.secrets_in(props)):
            # The tags are read beside the record (their ARN is in state): two independent
            # calls at once, not one after the other.
            known_arn = props.get("arn") if self.spec.tags else None
            tags_soon = _READS.submit(self.read_tags, settings, known_arn) if known_arn else None
            live: dict[str, Any] | None
            try:
                live = self.find(settings, props, id_, fresh=False)
            except NotFound:
                # A listing may lag: absent there is not gone. Ask the freshest read there is
                # (a Get where one exists, else a listing narrowed to the object); a `get` has
                # only the id, not what a narrowed listing needs: its listing is the answer.
                live = None if props.get(GET_MARK) else self.seen(settings, props, id_)
            if live is None and not props.get(GET_MARK):
                live = self._look_again(settings, props, id_)
                if live is not None:  # the object is another read's: so are its tags
                    _settle(tags_soon)
                    tags_soon = None
            if live is not None and self.is_gone(live) and self.kept_when_gone:
                warn(self.kept_gone_warning(id_, live))
            elif live is None or self.is_gone(live):
                _settle(tags_soon)  # gone: whatever the tag read said does not matter
                if props.get(GET_MARK):  # `X.get(name, id)`: as pulumi-aws, an error
                    raise ProviderError(
                        f"{self.spec.name} {id_!r} does not exist (or these credentials "
                        "cannot see it): check the id given to get() and the connection"
                    )
                why = "is " + str(live.get("status")) if live is not None else "no longer exists"
                info(
                    f"refreshing {self.spec.name} ({id_}): it {why} in AWS (changed outside "
                    "Pulumi?): removed from state; the next `pulumi up` creates it again"
                )
                return Read(None, {})
            tags = self._tags_of(settings, props, live, known_arn, tags_soon)
        # Inputs stay as declared (the engine keeps them when read returns none): refreshed
        # outputs against unchanged inputs is what makes drift show up.
        outs = self.outputs(props, live, tags, props.get("client_token"))
        if props.get(WRITTEN_AT) is not None:
            outs[WRITTEN_AT] = props[WRITTEN_AT]
        return Read(id_, outs)

    def _tags_of(
        self,
        settings: ProviderSettings,
        props: Mapping[str, Any],
        live: Mapping[str, Any],
        known_arn: str | None,
        tags_soon: Future[dict[str, str]] | None,
    ) -> dict[str, str]:
        """The live tags: the read begun beside the record's, unless the ARN is not the one in
        state (an id's ARN does not change: when AWS leaves it out, the one in state stands)."""
        arn = self.arn_of(live) or known_arn
        if tags_soon is not None and arn == known_arn:
            return tags_soon.result()
        _settle(tags_soon)
        if not self.spec.tags:
            return {}
        if arn is None:  # no ARN to read them by: the tags as last known
            return dict(props.get("tags") or {})
        return self.read_tags(settings, arn)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Updated:
        settings = self.settings_for(olds)
        changed = self.in_place_changes(olds, news)
        with wrapped("updating", self.spec.name, id_, self.secrets_in(olds, news)):
            self.apply_in_place(settings, id_, olds, news, [k for k in changed if k != "tags"])
            if "tags" in changed:
                self.reconcile_tags(
                    settings,
                    olds.get("arn") or self.fresh_arn(settings, olds, id_),
                    news.get("tags") or {},
                    olds.get("tags") or {},
                )
            budget = settings.consistency_budget
            live = until_seen(
                lambda: self.seen(settings, olds, id_),
                budget,
                waiting_for=f"updating {self.spec.name} ({id_}): AWS accepted the update and "
                "does not show the object yet",
            )
            if live is None:
                raise ProviderError(
                    f"AWS accepted the update but has not shown {id_} within {budget:g} s "
                    "(partnerlink:consistencyBudget); run `pulumi up` again once AWS shows it"
                )
        merged = {**news, TOKEN_SEED: news.get(TOKEN_SEED) or olds.get(LEGACY_TOKEN_SEED)}
        outs = self.outputs(merged, live, news.get("tags") or {}, olds.get("client_token"))
        if "arn" in outs and not outs["arn"]:  # left out of this answer: the ARN does not change
            outs["arn"] = olds.get("arn")
        outs[WRITTEN_AT] = time.time()
        return Updated(self.after_update(olds, news, outs))

    def _look_again(
        self, settings: ProviderSettings, props: Mapping[str, Any], id_: str
    ) -> dict[str, Any] | None:
        """A read did not find what state holds. Written by us within the consistency budget,
        AWS may not show it yet: look again until the budget from that write has passed."""
        left, ago = self.budget_left(props, settings)
        if left <= 0:
            return None
        found: dict[str, Any] | None = until_seen(
            lambda: self.seen(settings, props, id_),
            left,
            waiting_for=f"refreshing {self.spec.name} ({id_}): AWS does not show it, and it "
            f"was written {ago:.0f} s ago (AWS may not show a new write at once)",
        )
        return found

    def budget_left(
        self, props: Mapping[str, Any], settings: ProviderSettings
    ) -> tuple[float, float]:
        """Seconds of the consistency budget left since our last write of it, and how long
        ago that write was ((0, 0) when none is known within the budget)."""
        now = time.time()
        ours = props.get(WRITTEN_AT)
        if isinstance(ours, int | float) and not isinstance(ours, bool):
            written: float | None = float(ours)
        else:
            # State written before 0.3 has no stamp of ours: AWS's own timestamps (not from the
            # future: a clock that far off says nothing).
            stamps = [parse_epoch(props.get(k)) for k in ("created_at", "updated_at")]
            known = [t for t in stamps if t is not None and t <= now + 60]
            written = max(known) if known else None
        if written is None:
            return 0.0, 0.0
        ago = max(0.0, now - written)
        return max(0.0, settings.consistency_budget - ago), ago

    def after_update(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], outs: dict[str, Any]
    ) -> dict[str, Any]:
        return outs

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        if not id_:  # never address a resource with an empty id
            return
        settings = self.settings_for(props)
        with wrapped("deleting", self.spec.name, id_, self.secrets_in(props)):
            try:
                self.delete_call(settings, id_, props)
            except NotFound:
                return  # already gone: that is success
            except ClientError as exc:
                if error_code(exc) != "ResourceNotFoundException":
                    raise
