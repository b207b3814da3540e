"""``ChannelHandshake``: send a Partner Central Channel handshake, read it by listing, cancel it.

- ``check``: the core pipeline over the CreateChannelHandshake request, plus the documented rules
  (``rules``): exactly the payload that matches ``handshake_type`` (none for
  PROGRAM_MANAGEMENT_ACCOUNT), MINIMUM_NOTICE_PERIOD needs ``minimum_notice_days`` (1 or more),
  FIXED_COMMITMENT_PERIOD needs a future ``end_date``, and identifiers of the right kind for the
  type (``pma-`` for PROGRAM_MANAGEMENT_ACCOUNT, ``rs-`` otherwise). No API call.
- ``create`` with a derived client token, tags in the same call, then a listing narrowed to its
  resource proves it live: a replay whose handshake is CANCELED or EXPIRED, or a token conflict
  while nothing of ours is pending, steps to the next generation.
- ``read`` through the shared, coalesced listing (``common.LISTING``); every status stays in state
  (CANCELED and EXPIRED with a warning: nothing is re-sent to the partner unless the user says so
  with ``resend_when_expired`` or ``pulumi up --replace``), and none is drift.
- ``diff``: every input but ``tags`` replaces, deleting first (a second PENDING handshake for the
  same resource would conflict); ``update`` = tags only.
- ``delete`` cancels a PENDING handshake (and records the answer in the shared listing); any other
  status has nothing to cancel (no call); already gone is success. A refused cancel is followed
  by a fresh read: state is dropped only when it shows the handshake no longer PENDING.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from botocore.exceptions import ClientError

from .._generated.channel_handshake import (  # the typed surface, generated from SPEC
    ChannelHandshake,
    ChannelHandshakeArgs,
    ChannelHandshakeArgsDict,
    RevokeServicePeriodArgs,
    RevokeServicePeriodArgsDict,
    StartServicePeriodArgs,
    StartServicePeriodArgsDict,
)
from ..config import ProviderSettings
from ..core import (
    NotFound,
    Output,
    Problem,
    Prop,
    ResourceSpec,
    Struct,
    log,
)
from ..core.check import catalog_prop
from ..core.spec import key_prop
from ..dynamic import SpecProvider
from ..errors import error_code, provider_error
from ..handshake_types import DETAIL, PAYLOAD, TYPES
from .common import (
    LISTING,
    SERVICE,
    TAGS,
    TERMINAL_GONE,
    ChannelCore,
    bare_id,
    channel_props,
    find_handshake,
    find_sent_for,
    pcc,
    sent,
    when,
)
from .handshake_rules import PAYLOAD_PROPERTY, start_rules, type_rules

__all__ = [
    "ChannelHandshake",
    "ChannelHandshakeArgs",
    "ChannelHandshakeArgsDict",
    "ChannelHandshakeProvider",
    "RevokeServicePeriodArgs",
    "RevokeServicePeriodArgsDict",
    "StartServicePeriodArgs",
    "StartServicePeriodArgsDict",
]


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


PMA_ID = Prop(
    "program_management_account_identifier",
    required=True,
    doc="The program management account (pma- id or ARN).",
)
NOTE = Prop("note", doc="Up to 300 characters for the receiver.")
PAYLOADS = (
    Struct(
        "StartServicePeriod",
        (
            PMA_ID,
            Prop(
                "service_period_type",
                required=True,
                doc="MINIMUM_NOTICE_PERIOD or FIXED_COMMITMENT_PERIOD.",
            ),
            Prop(
                "minimum_notice_days",
                py="str | int",
                doc="Required for MINIMUM_NOTICE_PERIOD (e.g. 14, 30, 60): a whole number of "
                "days, as a number or a digit string.",
            ),
            Prop(
                "end_date",
                py="Any",
                py_dict="str",
                doc="Required for FIXED_COMMITMENT_PERIOD: a future date, as an ISO 8601 string "
                "or a ``datetime``/``date`` (naive values are UTC).",
            ),
            NOTE,
        ),
        doc="Payload of a START_SERVICE_PERIOD handshake.",
    ),
    Struct(
        "RevokeServicePeriod",
        (Prop(PMA_ID.name, required=True), Prop("note")),
        doc="Payload of a REVOKE_SERVICE_PERIOD handshake.",
    ),
)
SPEC = ResourceSpec(
    name="ChannelHandshake",
    service=SERVICE,
    create="CreateChannelHandshake",
    props=(
        key_prop(
            "handshake_type",
            enum=TYPES,
            doc="START_SERVICE_PERIOD, REVOKE_SERVICE_PERIOD or PROGRAM_MANAGEMENT_ACCOUNT.",
        ),
        key_prop(
            "associated_resource_identifier",
            doc="The relationship (rs-) for service-period handshakes, the program management "
            "account (pma-) for PROGRAM_MANAGEMENT_ACCOUNT; id or ARN.",
        ),
        catalog_prop(
            doc="``AWS`` or ``Sandbox`` (default: ``partnerlink:catalog``, else ``AWS``)."
        ),
        *(
            Prop(
                PAYLOAD_PROPERTY[t],
                create_only=True,
                wire=("payload", PAYLOAD[t]),
                py=f"{_pascal(PAYLOAD_PROPERTY[t])}Args | {_pascal(PAYLOAD_PROPERTY[t])}ArgsDict",
                doc=f"Payload, for {t} only (Args or dict).",
            )
            for t in PAYLOAD
        ),
        Prop(
            "resend_when_expired",
            kind="bool",
            default=False,
            diff=False,
            wire=(),
            doc="Send a new handshake at the next ``pulumi up`` when refresh finds this one "
            "EXPIRED (a replacement the diff shows). Default false: an EXPIRED or CANCELED "
            "handshake stays in state as it is, with a warning, and nothing reaches the partner "
            "until you choose (this, or ``pulumi up --replace <urn>``). AWS allows 5 handshakes "
            "of a type a day to the same receiving account.",
        ),
        # Tags go by TagResource after the create, not in it: the create request is then a
        # function of the identity alone, so destroy -> up after a tag change replays the token
        # (AWS answers the CANCELED handshake: proof, a new token at once) instead of a token
        # AWS refuses for other parameters, which proves nothing about a handshake.
        *(
            replace(p, wire=()) if p.name == "tags" else p
            for p in channel_props(
                "Tags on the handshake (updated in place; set by TagResource after the create).",
                "Manage an existing PENDING handshake of this type for this resource instead "
                "of failing with a conflict. Only consulted at create.",
            )
        ),
    ),
    tags=TAGS,
    delete_before_replace=True,
    noun="handshake",
    doc="A Partner Central Channel handshake sent by this account.\n\n"
    "Type token ``pulumi-python:dynamic/partnerlink:ChannelHandshake``. Deleting it cancels it "
    "while PENDING; an ACCEPTED START_SERVICE_PERIOD handshake is not undone by deleting it "
    "(send a REVOKE_SERVICE_PERIOD handshake for that).",
    args_doc="Inputs of a ``ChannelHandshake``; every input but ``tags`` replaces the handshake.",
    outputs=(
        Output("handshake_id"),
        Output("arn"),
        Output(
            "status",
            doc="PENDING, ACCEPTED, REJECTED, CANCELED or EXPIRED. A CANCELED or EXPIRED one "
            "stays in state at refresh, with a warning; it is sent again only with "
            "``resend_when_expired`` (EXPIRED) or ``pulumi up --replace``.",
        ),
        *(Output(n) for n in ("sender_account_id", "receiver_account_id")),
        *(Output(n) for n in ("associated_resource_id", "created_at", "updated_at")),
        *(
            Output(n, "str | None")
            for n in ("service_period_type", "minimum_notice_days", "start_date", "end_date")
        ),
        Output("program", "str | None"),
        Output("tags", "dict[str, str]"),
        Output("client_token"),
    ),
    structs=PAYLOADS,
    get_by=("handshake_type",),
)


def _describe(props: Mapping[str, Any]) -> str:
    return f"{props.get('handshake_type')} for {props.get('associated_resource_identifier')}"


class ChannelHandshakeCore(ChannelCore):
    """The dynamic provider for ``ChannelHandshake``; holds only per-process settings."""

    spec = SPEC
    # Not ``duplicate_free``: AWS lists dead handshakes with their status (CANCELED, EXPIRED),
    # so a replay is proven dead by a read at once, and one never shown after its create is one
    # this account cannot see yet: a new token could send a second (waited for, then an error).

    def describe(self, props: Mapping[str, Any]) -> str:
        return _describe(props)

    def rules(self, inputs: dict[str, Any]) -> list[Problem]:
        htype = inputs.get("handshake_type")
        if not (isinstance(htype, str) and htype in TYPES):
            return []  # unknown until apply, or reported by the model
        out = type_rules(htype, inputs)
        body = inputs.get("start_service_period")
        if htype == "START_SERVICE_PERIOD" and isinstance(body, Mapping):
            out += start_rules(body)
        return out

    def _params(self, props: Mapping[str, Any]) -> dict[str, str]:
        return sent(str(props["catalog"]), str(props["handshake_type"]))

    def find(
        self, settings: ProviderSettings, props: Mapping[str, Any], id_: str, fresh: bool
    ) -> dict[str, Any]:
        if fresh:
            return find_sent_for(
                settings,
                str(props["catalog"]),
                str(props["handshake_type"]),
                bare_id(str(props["associated_resource_identifier"])),
                id_,
            )
        return find_handshake(settings, str(props["catalog"]), str(props["handshake_type"]), id_)

    def find_existing(
        self, settings: ProviderSettings, props: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """The PENDING handshake this account sent of this type for this resource, if any.

        ``status`` and ``associatedResourceId`` are optional in the answer: absent is unknown,
        so such a handshake may be the one (a known PENDING one for this resource comes first)."""
        resource = bare_id(str(props["associated_resource_identifier"]))
        found = LISTING.fetch(
            settings, **self._params(props), associatedResourceIdentifiers=[resource]
        )
        candidates = [
            item
            for item in found.values()
            if item.get("associatedResourceId") in (None, resource)
            and item.get("status") in (None, "PENDING")
        ]
        if not candidates:
            return None
        item = min(
            candidates,
            key=lambda i: (i.get("status") is None, i.get("associatedResourceId") is None),
        )
        LISTING.remember(settings, {item["id"]: item}, **self._params(props))
        return item

    def is_gone(self, live: Mapping[str, Any]) -> bool:
        return live.get("status") in TERMINAL_GONE

    # A dead handshake is not re-sent as a side effect of refresh: a new one reaches a partner
    # and spends one of AWS's 5 a day to that receiver. Sending again is the user's choice.
    kept_when_gone = True
    unproven_steps = 0  # never a new token (= a new handshake) on grounds a read cannot prove

    def kept_gone_warning(self, id_: str, live: Mapping[str, Any]) -> str:
        status = live.get("status")
        how = (
            "set resend_when_expired=True, or run `pulumi up --replace <urn>`"
            if status == "EXPIRED"
            else "run `pulumi up --replace <urn>`"
        )
        return (
            f"refreshing ChannelHandshake ({id_}): it is {status} in AWS; kept in state as "
            f"{status}, and no new handshake is sent to the partner. To send a new one: {how}"
        )

    def replace_reasons(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        if olds.get("status") == "EXPIRED" and news.get("resend_when_expired"):
            return ["status"]  # EXPIRED, and the user asked for a new one then
        return []

    def exists_hint(self) -> str:
        return (
            "a PENDING handshake of this type for this resource already exists (sent outside "
            "this stack, or by an earlier create of this stack whose answer was lost, with other "
            "inputs). To manage the pending one, set adopt=True; to send a new one, cancel it first"
        )

    def delete_call(self, settings: ProviderSettings, id_: str, props: Mapping[str, Any]) -> None:
        try:
            summary: dict[str, Any] = self.find(settings, props, id_, fresh=False)
        except NotFound:
            # Not listed proves nothing (a listing may lag behind our own create): cancel by id;
            # AWS's ResourceNotFoundException is what says it is gone.
            summary = {"id": id_}
        status = summary.get("status")
        if status not in (None, "PENDING"):
            log(f"handshake {id_} is {status}: nothing to cancel")
            return
        params = self._params(props)
        try:
            answer = (
                pcc(settings)
                .cancel_channel_handshake(catalog=props["catalog"], identifier=id_)
                .get("channelHandshakeDetail")
                or {}
            )
        except ClientError as exc:
            if error_code(exc) == "ResourceNotFoundException":
                raise  # AWS says it is gone: success
            # Decided or expired meanwhile, or a refusal that says nothing about the handshake
            # (a wrong catalog, throttling, a malformed id): only a fresh read tells which.
            LISTING.invalidate(settings, **params)
            try:
                seen: dict[str, Any] | None = self.find(settings, props, id_, fresh=True)
            except NotFound:
                seen = None
            now = (seen or {}).get("status")
            if seen is not None and now is None and error_code(exc) == "ValidationException":
                # Listed, but AWS leaves its status out (an optional member): the refusal of a
                # cancel of a handshake we can see is all there is to go on.
                log(f"handshake {id_}: AWS refused the cancel and shows no status: not pending")
                return
            if now in (None, "PENDING"):  # may still be PENDING: state keeps it
                raise provider_error(
                    "deleting",
                    "ChannelHandshake",
                    id_,
                    exc,
                    hint=f"AWS refused the cancel and does not show the handshake "
                    f"{'PENDING' if now else 'decided, canceled or expired'}, so it stays in "
                    "state: run `pulumi destroy` again later (if AWS shows it is no longer "
                    "PENDING, `pulumi state delete <urn>` drops it)",
                ) from None
            log(f"handshake {id_} is {now}: nothing to cancel")
            return
        # Record AWS's answer in the shared listing instead of throwing the listing away, so N
        # deletes cost N cancels and no re-listing.
        # A cancel that succeeded leaves it CANCELED, should the answer leave the status out.
        status = answer.get("status") or "CANCELED"
        LISTING.remember(settings, {id_: {**summary, "status": status}}, **params)

    def outputs_from(self, props: Mapping[str, Any], live: Mapping[str, Any]) -> dict[str, Any]:
        htype = str(props.get("handshake_type"))
        detail = (live.get("detail") or {}).get(DETAIL.get(htype, "")) or {}
        return {
            # Optional members: absent is None, unknown (an absent status too); the ARN has
            # no documented format: the one in state stands, else it stays empty.
            "handshake_id": live.get("id"),
            "arn": live.get("arn") or props.get("arn"),
            "status": live.get("status"),
            "sender_account_id": live.get("senderAccountId"),
            "receiver_account_id": live.get("receiverAccountId"),
            "associated_resource_id": live.get("associatedResourceId"),
            "created_at": when(live.get("createdAt")),
            "updated_at": when(live.get("updatedAt")),
            "service_period_type": detail.get("servicePeriodType"),
            "minimum_notice_days": detail.get("minimumNoticeDays"),
            "start_date": when(detail.get("startDate")),
            "end_date": when(detail.get("endDate")),
            "program": detail.get("program"),
        }


class ChannelHandshakeProvider(SpecProvider, resource=ChannelHandshake):
    """The dynamic provider, pickled into state by reference (this path is public API)."""

    core_class = ChannelHandshakeCore
