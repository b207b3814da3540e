"""``ChannelHandshakeResponse``: the receiving account accepts or rejects a handshake.

Declared in the receiver's stack (or with ``connection`` naming the receiver's profile in the
same program).

- ``create``: find the handshake among those this account received (the three types' RECEIVER
  listings, shared per process); PENDING -> accept or reject it; already decided the same way
  -> nothing to do; decided the other way, cancelled or expired -> a clear error. There is no
  client token: answering is idempotent by nature (the same answer twice changes nothing).
- ``read`` shows the handshake's current ``status``; a handshake gone from the receiver's view
  drops the response.
- Every input replaces; ``delete`` does nothing, because a decision cannot be undone, and says so.
- No ``adopt``: there is nothing to take over. A decision already made the same way is simply
  recorded by ``create``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.exceptions import ClientError

from .._generated.handshake_response import (  # the typed surface, generated from SPEC
    ChannelHandshakeResponse,
    ChannelHandshakeResponseArgs,
    ChannelHandshakeResponseArgsDict,
)
from ..config import ProviderSettings
from ..consistency import until_seen
from ..core import (
    Created,
    NotFound,
    Output,
    Prop,
    ResourceSpec,
    SpecCore,
    log,
)
from ..core.check import catalog_prop
from ..dynamic import SpecProvider
from ..errors import ProviderError, error_code, wrapped
from ..handshake_types import TYPES
from .common import LISTING, SERVICE, bare_id, pcc

__all__ = [
    "ChannelHandshakeResponse",
    "ChannelHandshakeResponseArgs",
    "ChannelHandshakeResponseArgsDict",
    "ChannelHandshakeResponseProvider",
]

DECISIONS = {"ACCEPT": "ACCEPTED", "REJECT": "REJECTED"}

SPEC = ResourceSpec(
    name="ChannelHandshakeResponse",
    service=SERVICE,
    create="AcceptChannelHandshake",  # validated as the answer we would send
    props=(
        catalog_prop(
            doc="``AWS`` or ``Sandbox`` (default: ``partnerlink:catalog``, else ``AWS``)."
        ),
        Prop(
            "handshake_identifier",
            create_only=True,
            wire=("identifier",),
            required=True,
            doc="The handshake (``ch-`` id or ARN) this account received.",
        ),
        Prop(
            "decision",
            create_only=True,
            wire=(),
            enum=tuple(DECISIONS),
            required=True,
            doc="ACCEPT or REJECT.",
        ),
        Prop(
            "connection",
            create_only=True,
            kind="connection",
            doc='``{"profile", "region", "endpoint"}`` of the receiving account, when the same '
            "program also acts as the sender.",
        ),
    ),
    delete_before_replace=True,
    noun="handshake response",
    doc="The receiving account's answer to a channel handshake.",
    args_doc="Inputs of a ``ChannelHandshakeResponse`` (all replace).",
    outputs=(
        Output("handshake_id"),
        Output("handshake_type"),
        Output("status"),
        Output("sender_account_id"),
        Output("associated_resource_id"),
    ),
)


def received(props: Mapping[str, Any], handshake_type: str) -> dict[str, str]:
    """Listing parameters for the handshakes of one type this account received."""
    return {
        "catalog": str(props["catalog"]),
        "handshakeType": handshake_type,
        "participantType": "RECEIVER",
    }


class ChannelHandshakeResponseCore(SpecCore):
    spec = SPEC

    def describe(self, props: Mapping[str, Any]) -> str:
        return f"{props.get('decision')} {bare_id(str(props.get('handshake_identifier')))}"

    def find(
        self, settings: ProviderSettings, props: Mapping[str, Any], id_: str, fresh: bool
    ) -> dict[str, Any]:
        """The received handshake from the shared listing of its type (known from state after
        create: one listing; before: each type in turn). ``fresh``: list again what the cache
        lacks (a handshake received after the listing was taken)."""
        wanted = bare_id(id_ or str(props["handshake_identifier"]))
        known = props.get("handshake_type")
        for htype in (known,) if known in TYPES else TYPES:
            item = LISTING.lookup(settings, wanted, fresh, **received(props, htype))
            if item is not None:
                # Optional in the answer; the listing it is in says which type it is.
                return {**item, "handshakeType": item.get("handshakeType") or htype}
        raise NotFound(wanted)

    def create(self, props: dict[str, Any]) -> Created:
        settings = self.settings_for(props)
        wanted = bare_id(str(props["handshake_identifier"]))
        target = DECISIONS[str(props["decision"])]
        what = self.describe(props)
        with wrapped("creating", SPEC.name, what):
            # A handshake sent a moment ago (perhaps in this very update) may not be listed
            # yet: absence is "not yet" for the consistency budget.
            budget = settings.consistency_budget
            item = until_seen(
                lambda: self.seen(settings, props, wanted),
                budget,
                waiting_for=f"creating {SPEC.name} ({what}): this account does not show "
                f"handshake {wanted} yet",
            )
            if item is None:
                raise ProviderError(
                    f"creating {SPEC.name} ({what}): this account has not received handshake "
                    f"{wanted} in catalog {props['catalog']} (AWS showed none within {budget:g} s; "
                    "is the connection the receiver's?)"
                )
            # A status left out of the listing is unknown: answer, and AWS says if it is not
            # PENDING (``answer`` then reads what it is).
            if item.get("status") in (None, "PENDING"):
                item = self.answer(settings, props, item)
            if item.get("status") != target:
                raise ProviderError(
                    f"creating {SPEC.name} ({what}): handshake {wanted} is already "
                    f"{item.get('status')}; a decision cannot be changed, and only a PENDING "
                    "handshake can be answered"
                )
            return Created(wanted, self.outputs(props, item, {}, None))

    def answer(
        self, settings: ProviderSettings, props: Mapping[str, Any], item: dict[str, Any]
    ) -> dict[str, Any]:
        """Accept or reject, as ``decision`` says; the shared listing records the answer. If the
        listing was stale (AWS says it is no longer PENDING), the handshake as AWS holds it now."""
        target = DECISIONS[str(props["decision"])]
        api = pcc(settings)
        call = (
            api.accept_channel_handshake if target == "ACCEPTED" else api.reject_channel_handshake
        )
        params = received(props, str(item["handshakeType"]))
        try:
            detail = call(catalog=props["catalog"], identifier=item["id"]).get(
                "channelHandshakeDetail"
            )
        except ClientError as exc:
            if error_code(exc) != "ValidationException":
                raise
            LISTING.invalidate(settings, **params)
            now = LISTING.lookup(settings, str(item["id"]), True, **params)
            if now is None or now.get("status") in (None, "PENDING"):
                raise
            return now
        # Answered: that is its status now, should AWS's answer leave it out.
        answered = {**item, "status": (detail or {}).get("status") or target}
        LISTING.remember(settings, {answered["id"]: answered}, **params)
        return answered

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        log(
            f"the {props.get('decision')} of handshake {id_} cannot be undone; "
            "removing it from the stack only"
        )

    def outputs_from(self, props: Mapping[str, Any], live: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "handshake_id": live.get("id"),  # optional members: absent, an empty output
            "handshake_type": live.get("handshakeType"),
            "status": live.get("status"),
            "sender_account_id": live.get("senderAccountId"),
            "associated_resource_id": live.get("associatedResourceId"),
        }


class ChannelHandshakeResponseProvider(SpecProvider, resource=ChannelHandshakeResponse):
    """The dynamic provider, pickled into state by reference (this path is public API)."""

    core_class = ChannelHandshakeResponseCore
