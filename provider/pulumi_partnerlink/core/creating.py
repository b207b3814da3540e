"""Create with client tokens, where absence is never taken for death (``SpecProvider`` mixin).

One rule for every resource: a create is sent with a *new* client token only when AWS has shown
that the earlier token's object is no longer there, never merely because a read did not find it.
Two kinds of proof, both from reads and AWS's answers, never from a write used as a probe:

- **A status that says so** (``is_gone`` on what a read returned: a CANCELED or EXPIRED
  handshake, an INACTIVE program management account).
- **AWS's own uniqueness** (``duplicate_free``). Where AWS keeps one object per what the user
  declared (the Sidewalk association is its Amazon ID; one program management account per
  catalog, program and account; one relationship per program management account and account),
  a second create cannot make a second object. So when a create's answer names an object a
  read does not show at once (a replay of one deleted earlier, or one not visible yet), the
  next token is sent at once, and AWS's answer settles it: a new object (the old token's was
  dead), or a ConflictException because the object exists, which is then waited for
  (announced) and taken when it is the one our create answered. ``destroy`` then ``up`` costs
  one create and one read more than the first ``up``, and no wait.

Elsewhere (handshakes, whose dead keep a status and stay listed) right after our own create
"not found" means "not visible yet": we look again with backoff for up to the consistency budget
(``consistency.until_seen``, announced past 2 s), then fail with a clear error; the next ``up``
replays the same token, so no second object is sent.

A refusal of the token (a ConflictException or ValidationException whose fields name the
client token: used with other parameters, or for an object deleted since) says nothing about
any object. Where a second create cannot duplicate, the next token is sent at once: it replays
our own object (an earlier create whose answer a crash lost), makes the one object, or is
refused because one exists. A business conflict (an object exists) after our own create was
answered is our object, waited for; otherwise a live object the create collides with that our
creates did not answer is a clear error (adopt it, or remove it). Where a second create could
duplicate (handshakes), a conflict with nothing in sight sends the *same* token once more at
once: it cannot duplicate (AWS answers an earlier commit of a token with its object). A
handshake's refused token with nothing in sight is unproven grounds: no new token (it would
send the partner a second handshake), a clear error instead (``tokens.create_with_tokens``).
Decisions come from error codes, structured error fields and reads, never from message text. An
error that says nothing about the object (AccessDenied on a read) is "cannot tell": it is
raised, naming the action, and no token is stepped.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from ..config import ProviderSettings
from ..consistency import BUDGET_SETTING, Attempt, until_seen, warn
from ..errors import ProviderError, error_code, provider_error, wrapped
from ..tokens import create_with_tokens
from .check import build_request
from .results import LEGACY_TOKEN_SEED, TOKEN_SEED, Created

# The time of our last write, in outputs: on refresh, an object missing from a listing within
# the consistency budget of it is "not visible yet", not gone.
WRITTEN_AT = "__written_at"
TOKEN_MEMBERS = ("clientToken", "ClientRequestToken")


@dataclass
class Tries:
    """What the creates of one update have shown so far."""

    made: list[str] = field(default_factory=list)  # ids the answers of our creates named
    refused: list[str] = field(default_factory=list)  # tokens AWS refused, for any reason
    conflicts: int = 0  # refusals that said an object exists (not about the token)
    resent: bool = False  # the same token sent again after a conflict with nothing in sight


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

    # AWS keeps one object per what the user declared (its natural key): a second create with
    # another token cannot make a second one (see the module docstring).
    duplicate_free = False

    def live_existing(self, settings: ProviderSettings, props: Mapping[str, Any]) -> Any:
        existing = self.find_existing(settings, props)  # type: ignore[attr-defined]
        return None if existing is None or self.is_gone(existing) else existing  # type: ignore[attr-defined]

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
            tries = Tries()

            def attempt(token: str) -> Attempt[dict[str, Any]]:
                return self.attempt_create(settings, props, request, token, tries)

            identity = [json.dumps({k: props.get(k) for k in me.spec.create_only}, sort_keys=True)]
            live, token = create_with_tokens(
                attempt,
                str(props.get(TOKEN_SEED) or props.get(LEGACY_TOKEN_SEED) or ""),
                identity,
                props.get("client_token"),
                f"creating {me.spec.name} ({what})",
                me.spec.noun,
                unproven_steps=getattr(me, "unproven_steps", 1),
            )
            tags = self.tags_after_create(settings, props, live)
            outs = me.outputs(props, live, tags, token)
            return Created(me.live_id(live), {**outs, WRITTEN_AT: time.time()})

    def tags_after_create(
        self, settings: ProviderSettings, props: Mapping[str, Any], live: Mapping[str, Any]
    ) -> dict[str, str]:
        """The tags in force after the create. Where the create does not carry them (a
        handshake's: see its spec) they are set now, by ARN; an AWS that names no ARN leaves
        them unset, said so (the diff then shows them)."""
        me: Any = self
        declared = dict(props.get("tags") or {})
        if not me.spec.tags or me.spec.prop("tags").wire != () or not declared:
            return declared
        arn = me.arn_of(live) or me.fresh_arn(settings, props, me.live_id(live))
        if arn is None:
            warn(
                f"creating {me.spec.name} ({me.describe(props)}): AWS answered without its ARN, "
                "and the tag calls need it: its tags are not set. `pulumi refresh` and `pulumi "
                "up` set them once AWS names it"
            )
            return {}
        me.reconcile_tags(settings, arn, declared, {})
        return declared

    def attempt_create(
        self,
        settings: ProviderSettings,
        props: Mapping[str, Any],
        request: Mapping[str, Any],
        token: str,
        tries: Tries,
    ) -> Attempt[dict[str, Any]]:
        """Send one create with ``token`` and say what AWS showed of its object."""
        me: Any = self
        budget = settings.consistency_budget
        prefix = f"creating {me.spec.name} ({me.describe(props)}): "
        try:
            created = me.created(props, me.send_create(settings, request, token))
        except ClientError as exc:
            return self.refused(settings, props, token, exc, tries, request)
        new_id, _arn = created if isinstance(created, tuple) else (created, None)
        if not new_id:
            raise ProviderError(
                f"{prefix}AWS answered {me.spec.create} without an id. Run `pulumi up` again: "
                f"the same client token ({token}) replays the create and nothing is duplicated"
            )
        tries.made.append(str(new_id))
        if self.duplicate_free:
            live = me.seen(settings, props, new_id)
            if live is None:
                return Attempt(
                    dead=f"AWS does not show {new_id} (a replay of one removed earlier, or not "
                    f"visible yet; a second create cannot duplicate a {me.spec.noun})"
                )
        else:
            live = until_seen(
                lambda: me.seen(settings, props, new_id),
                budget,
                waiting_for=f"{prefix}AWS answered with {new_id} and does not show it yet",
            )
        if live is None:
            raise ProviderError(
                f"{prefix}AWS answered with {new_id} but has not shown it within {budget:g} s "
                f"(partnerlink:consistencyBudget). Run `pulumi up` again: it replays the same "
                f"client token ({token}), so no second {me.spec.noun} is sent"
            )
        if me.is_gone(live):
            return Attempt(dead=f"{new_id} is {self.gone_status(live)}")
        return Attempt(live=live)

    def refused(
        self,
        settings: ProviderSettings,
        props: Mapping[str, Any],
        token: str,
        exc: ClientError,
        tries: Tries,
        request: Mapping[str, Any],
    ) -> Attempt[dict[str, Any]]:
        """A create AWS refused: a clear error, our own object, or grounds to step the token.

        A refusal *of the token* (its structured fields name it: used with other parameters,
        or for an object deleted since) says nothing about any object. Where a second create
        cannot duplicate, the next token settles it at once: it replays our own object (an
        earlier create of this stack, whose answer a crash lost), makes the one object, or is
        refused because one exists. A business conflict says an object exists: after our own
        create was answered in this update it is ours, not shown yet, and is waited for
        (announced); otherwise one look, and a second such refusal waits."""
        me: Any = self
        code = error_code(exc)
        # A ValidationException on input our check passed may be a token refusal that says so
        # only in its message (iotwireless's has no fields): where a second create cannot
        # duplicate, one try with the next token settles it (the same error again is shown).
        about_token = refuses_token(exc, token) or (
            self.duplicate_free and code == "ValidationException" and not tries.refused
        )
        if code != "ConflictException" and not about_token:
            raise exc
        tries.refused.append(token)
        if self.duplicate_free and about_token:
            return Attempt(
                dead=f"AWS refused client token {token} ({code}); a second create cannot "
                f"duplicate a {me.spec.noun}"
            )
        if not about_token:
            tries.conflicts += 1
        budget = settings.consistency_budget
        first = not self.duplicate_free and not tries.resent  # the same token may go again
        quick = (
            about_token
            or first
            or (self.duplicate_free and not tries.made and tries.conflicts == 1)
        )
        wait = 0.0 if quick else budget
        existing = until_seen(
            lambda: self.live_existing(settings, props),
            wait,
            waiting_for=f"creating {me.spec.name} ({me.describe(props)}): AWS refused the "
            f"create ({code}) and does not show the {me.spec.noun} it collides with yet",
        )
        if existing is None and first and not about_token:
            # A conflict with nothing in sight: the same token once more. It cannot duplicate
            # (an earlier commit of it is answered with its object); a second refusal waits.
            tries.resent = True
            return self.attempt_create(settings, props, request, token, tries)
        return self.after_refusal(exc, props, existing, tries, wait)

    def after_refusal(
        self,
        exc: ClientError,
        props: Mapping[str, Any],
        existing: Any,
        tries: Tries,
        waited: float,
    ) -> Attempt[dict[str, Any]]:
        """What a refused create means, given what AWS showed of the object it collides with."""
        me: Any = self
        code = error_code(exc)
        what = f"creating {me.spec.name} ({me.describe(props)})"
        if existing is not None and self.duplicate_free and me.live_id(existing) in tries.made:
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
        if self.duplicate_free and tries.made:
            # A second create refused after ours was answered: the object exists (it is ours),
            # AWS just does not show it yet. The next `up` replays the same tokens.
            raise ProviderError(
                f"{what}: AWS answered with {tries.made[-1]} and refuses a second create "
                f"({code}), but has not shown it within {waited:g} s ({BUDGET_SETTING}). Run "
                f"`pulumi up` again: it replays the same client tokens, so no second "
                f"{me.spec.noun} is made"
            )
        token = tries.refused[-1]
        if self.duplicate_free and tries.conflicts <= 2:
            return Attempt(
                dead=f"AWS refused client token {token} ({code}) and shows no {me.spec.noun}; "
                f"a second create cannot duplicate a {me.spec.noun}"
            )
        return Attempt(
            unproven=f"AWS refused client token {token} ({code}) and shows no {me.spec.noun} "
            "it could belong to"
            + ("" if waited == 0 else f" within {waited:g} s ({BUDGET_SETTING})")
        )
