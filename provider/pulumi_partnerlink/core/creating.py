"""Create with client tokens, where absence is never taken for death (``SpecProvider`` mixin).

One rule for every resource: a create is sent with a *new* client token only when AWS has
positively shown the object of the earlier token dead (``is_gone`` on what a read returned: a
CANCELED or EXPIRED handshake, an INACTIVE program management account), never because a read did
not find it. Right after our own create, "not found" means "not visible yet": we look again with
backoff for up to the consistency budget (``consistency.until_seen``). An object reads never
showed within the whole budget is then asked about by a write (``known_to_writes``: UntagResource
of a key no object of ours carries, a no-op on a live object): ResourceNotFoundException is AWS's
word that it is not there (a replay of an object deleted earlier: a new token is safe); success
says it exists but reads lag beyond the budget (a clear error, the next ``up`` replays the same
token). What is left unproven (no ARN to ask with) goes to ``tokens.create_with_tokens``, which
takes at most one new token per resource per ``up`` on such grounds, with a warning.

A refusal of the token (a ConflictException, or a ValidationException whose fields name the
client token) is read the same way: when AWS shows, within the budget, a live object the create
would collide with, that is a clear error (adopt it, or remove it); when it shows none, the
refusal is unproven grounds as above. Decisions come from error codes, structured error fields
and reads, never from message text.

Resources whose object is identified by what the user declares (``duplicate_free``: the Sidewalk
association is its Amazon ID) cannot be duplicated by a second create: for them a create whose
object is not shown at once is followed by one with the next token, and a conflict after our own
successful create in this update is our own object, waited for.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

from botocore.exceptions import ClientError

from ..config import ProviderSettings, client
from ..consistency import Attempt, until_seen
from ..errors import ProviderError, error_code, provider_error, wrapped
from ..tokens import create_with_tokens
from .check import build_request
from .results import LEGACY_TOKEN_SEED, TOKEN_SEED, Created

# The time of our last write, in outputs: on refresh, an object missing from a listing within
# the consistency budget of it is "not visible yet", not gone.
WRITTEN_AT = "__written_at"
TOKEN_MEMBERS = ("clientToken", "ClientRequestToken")
# The tag key of the no-op write that asks whether an object unseen for the budget exists.
PROBE_TAG = "partnerlink-probe"


class NotFound(Exception):
    """The one NotFound: a finder could not find the object (or it counts as gone)."""


def refuses_token(exc: ClientError, token: str) -> bool:
    """AWS's error says, in its structured fields, that the client token cannot be used."""
    error: Mapping[str, Any] = exc.response.get("Error", {}) or {}
    body: dict[str, Any] = {**exc.response, **error}
    code = error_code(exc)
    if code == "ConflictException":
        ids = {body.get("resourceId"), body.get("ResourceId")}
        kinds = {body.get("resourceType"), body.get("ResourceType")}
        return token in ids or "ClientToken" in kinds
    if code == "ValidationException":
        fields: list[Any] = body.get("fieldList") or []
        return any(isinstance(f, Mapping) and f.get("name") in TOKEN_MEMBERS for f in fields)
    return False


class Creating:
    """The create half of ``SpecProvider`` (it supplies the hooks used here)."""

    # The object's identity is what the user declared: a second create cannot duplicate it.
    duplicate_free = False
    # Whether an object AWS never showed may be taken for one deleted earlier (one new token per
    # update). False where AWS keeps dead objects visible with a status (handshakes): one never
    # shown is one we cannot see, and a new token could send a second.
    step_when_unseen = True

    def live_existing(self, settings: ProviderSettings, props: Mapping[str, Any]) -> Any:
        existing = self.find_existing(settings, props)  # type: ignore[attr-defined]
        return None if existing is None or self.is_gone(existing) else existing  # type: ignore[attr-defined]

    def known_to_writes(self, settings: ProviderSettings, arn: str | None) -> bool | None:
        """After reads missed an object for the whole budget: does a write naming it find it?

        The write is UntagResource of a key no object of ours carries, a no-op on a live object;
        ResourceNotFoundException says the object is not there. True: it exists; False: AWS says
        it does not; None: no ARN to ask with, or no such call (nothing concluded)."""
        me: Any = self
        if not arn or not me.spec.tags:
            return None
        member = me.spec.tags[0]
        names = ("ResourceArn", "TagKeys") if member == "Tags" else ("resourceArn", "tagKeys")
        api = client(settings, me.spec.service)
        try:
            api.untag_resource(**{names[0]: arn, names[1]: [PROBE_TAG]})
        except ClientError as exc:
            if error_code(exc) == "ResourceNotFoundException":
                return False
            return None
        return True

    def gone_status(self, live: Mapping[str, Any]) -> str:
        return str(live.get("status") or "gone")

    def create(self, props: dict[str, Any]) -> Created:
        me: Any = self
        settings = me.settings_for(props)
        what = me.describe(props)
        with wrapped("creating", me.spec.name, what, me.secrets_in(props)):
            if props.get("adopt"):
                existing = self.live_existing(settings, props)
                if existing is not None:
                    live = me.adopt(settings, props, existing)
                    outs = me.outputs(props, live, props.get("tags") or {}, None)
                    return Created(me.live_id(live), {**outs, WRITTEN_AT: time.time()})
            request, _ = build_request(me.spec, props)
            made: list[str] = []  # tokens whose create AWS accepted in this update
            refusals: list[str] = []  # tokens AWS refused

            def attempt(token: str) -> Attempt[dict[str, Any]]:
                return self.attempt_create(settings, props, request, token, made, refusals)

            identity = [json.dumps({k: props.get(k) for k in me.spec.create_only}, sort_keys=True)]
            live, token = create_with_tokens(
                attempt,
                str(props.get(TOKEN_SEED) or props.get(LEGACY_TOKEN_SEED) or ""),
                identity,
                props.get("client_token"),
                f"creating {me.spec.name} ({what})",
                me.spec.noun,
            )
            outs = me.outputs(props, live, props.get("tags") or {}, token)
            return Created(me.live_id(live), {**outs, WRITTEN_AT: time.time()})

    def attempt_create(
        self,
        settings: ProviderSettings,
        props: Mapping[str, Any],
        request: Mapping[str, Any],
        token: str,
        made: list[str],
        refusals: list[str],
    ) -> Attempt[dict[str, Any]]:
        """Send one create with ``token`` and say what AWS showed of its object."""
        me: Any = self
        budget = settings.consistency_budget
        prefix = f"creating {me.spec.name} ({me.describe(props)}): "
        try:
            created = me.created(props, me.send_create(settings, request, token))
        except ClientError as exc:
            return self.refused(settings, props, token, exc, made, refusals)
        made.append(token)
        new_id, arn = created if isinstance(created, tuple) else (created, None)
        if not new_id:
            raise ProviderError(
                f"{prefix}AWS answered {me.spec.create} without an id. Run `pulumi up` again: "
                f"the same client token ({token}) replays the create and nothing is duplicated"
            )
        if self.duplicate_free:
            live = me.seen(settings, props, new_id)
            if live is None:
                return Attempt(
                    dead=f"AWS does not show {new_id} (a replay of one removed earlier, or not "
                    f"visible yet; a second create cannot duplicate a {me.spec.noun})"
                )
        else:
            live = until_seen(lambda: me.seen(settings, props, new_id), budget)
        if live is None:
            why = (
                f"AWS answered with {new_id} but has not shown it within {budget:g} s "
                "(partnerlink:consistencyBudget)"
            )
            if not self.step_when_unseen:
                raise ProviderError(
                    f"{prefix}{why}. Run `pulumi up` again: it replays the same client token "
                    f"({token}), so no second {me.spec.noun} is sent"
                )
            known = self.known_to_writes(settings, arn)
            if known is False:
                return Attempt(
                    dead=f"{why}, and AWS answers ResourceNotFoundException to a write naming it"
                )
            if known is True:
                raise ProviderError(
                    f"{prefix}{why}, though AWS accepts a write naming it: it exists and reads do "
                    f"not show it yet. Run `pulumi up` again: it replays the same client token "
                    f"({token}), so no second {me.spec.noun} is made"
                )
            return Attempt(unproven=why)
        if me.is_gone(live):
            return Attempt(dead=f"{new_id} is {self.gone_status(live)}")
        return Attempt(live=live)

    def refused(
        self,
        settings: ProviderSettings,
        props: Mapping[str, Any],
        token: str,
        exc: ClientError,
        made: list[str],
        refusals: list[str],
    ) -> Attempt[dict[str, Any]]:
        """A create AWS refused: a clear error, our own object, or unproven grounds."""
        me: Any = self
        code = error_code(exc)
        # A ValidationException on input our check passed may be a token refusal that says so
        # only in its message (iotwireless's has no fields): where a second create cannot
        # duplicate, one try with the next token settles it (the same error again is shown).
        retry_safe = self.duplicate_free and code == "ValidationException" and not refusals
        if code != "ConflictException" and not refuses_token(exc, token) and not retry_safe:
            raise exc
        # Wait for what the refusal may be about, except on a first refusal of a create that
        # cannot duplicate (one more create is harmless; a second refusal waits).
        budget = settings.consistency_budget
        first_safe = self.duplicate_free and not made and not refusals
        refusals.append(token)
        existing = until_seen(
            lambda: self.live_existing(settings, props), 0.0 if first_safe else budget
        )
        if existing is not None and self.duplicate_free and made:
            return Attempt(live=existing)  # made by our own create a moment ago
        if existing is not None:
            raise provider_error(
                "creating",
                me.spec.name,
                me.describe(props),
                exc,
                secrets=me.secrets_in(props),
                hint=me.exists_hint(),
            ) from None
        if self.duplicate_free and len(refusals) <= 2:  # a third refusal is no token matter
            return Attempt(
                dead=f"AWS refused client token {token} ({code}) and shows no {me.spec.noun}; "
                f"a second create cannot duplicate a {me.spec.noun}"
            )
        return Attempt(
            unproven=f"AWS refused client token {token} ({code}) and has shown no "
            f"{me.spec.noun} it could belong to"
            + ("" if first_safe else f" within {budget:g} s (partnerlink:consistencyBudget)")
        )
