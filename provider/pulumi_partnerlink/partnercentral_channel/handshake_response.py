"""``ChannelHandshakeResponse``: the receiving account accepts or rejects a handshake.

Declared in the receiver's stack (or with ``connection`` naming the receiver's profile in the
same program).

- ``create``: find the handshake among those this account received (the three types' RECEIVER
  listings, shared per process); PENDING -> accept or reject it; already decided the same way
  -> nothing to do; decided the other way, cancelled or expired -> a clear error.
- ``read`` shows the handshake's current ``status``; a handshake gone from the receiver's view
  drops the response.
- Every input replaces; ``delete`` does nothing, because a decision cannot be undone, and says so.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
from pulumi.dynamic import CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, Resource

from ..args import resolve_args, with_outputs
from ..errors import ProviderError, provider_error
from ..unknown import is_unknown
from .common import LISTING, PartnerCentralProvider, bare_id, check_request

RESOURCE = "ChannelHandshakeResponse"
DECISIONS = {"ACCEPT": "ACCEPTED", "REJECT": "REJECTED"}
TYPES = ("START_SERVICE_PERIOD", "REVOKE_SERVICE_PERIOD", "PROGRAM_MANAGEMENT_ACCOUNT")
INPUTS = ("catalog", "handshake_identifier", "decision", "connection")


class ChannelHandshakeResponseProvider(PartnerCentralProvider):
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = {**news, "catalog": news.get("catalog") or "AWS"}
        failures = check_request(
            "AcceptChannelHandshake",
            {"catalog": inputs["catalog"], "identifier": inputs.get("handshake_identifier")},
            inputs,
            rename={"identifier": "handshake_identifier"},
        )
        decision = news.get("decision")
        if not is_unknown(decision) and decision not in DECISIONS:
            failures.append(CheckFailure("decision", "decision must be ACCEPT or REJECT"))
        return CheckResult(inputs, failures)

    def _find(self, props: Mapping[str, Any], fresh: bool = False) -> dict[str, Any] | None:
        settings = self.settings_for(props)
        wanted = bare_id(props["handshake_identifier"])
        for htype in TYPES:
            params = {
                "catalog": props["catalog"],
                "handshakeType": htype,
                "participantType": "RECEIVER",
            }
            if fresh:
                LISTING.invalidate(settings, **params)
            item = LISTING.get(settings, **params).get(wanted)
            if item is not None:
                return item
        return None

    def create(self, props: dict[str, Any]) -> CreateResult:
        wanted = bare_id(props["handshake_identifier"])
        target = DECISIONS[props["decision"]]
        what = f"{props['decision']} {wanted}"
        try:
            item = self._find(props, fresh=True)
            if item is None:
                raise ProviderError(
                    f"creating {RESOURCE} ({what}): this account received no handshake "
                    f"{wanted} in catalog {props['catalog']} (is the connection the receiver's?)"
                )
            status = item["status"]
            if status == "PENDING":
                call = (
                    self.api(props).accept_channel_handshake
                    if target == "ACCEPTED"
                    else self.api(props).reject_channel_handshake
                )
                status = call(catalog=props["catalog"], identifier=wanted)[
                    "channelHandshakeDetail"
                ]["status"]
            elif status != target:
                raise ProviderError(
                    f"creating {RESOURCE} ({what}): handshake {wanted} is already {status}; "
                    "a decision cannot be changed, and only a PENDING handshake can be answered"
                )
            return CreateResult(wanted, self._outputs(props, {**item, "status": status}))
        except ProviderError:
            raise
        except Exception as exc:
            raise provider_error("creating", RESOURCE, what, exc) from None

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        if not id_:
            return ReadResult(None, {})
        try:
            item = self._find(props)
        except Exception as exc:
            raise provider_error("reading", RESOURCE, id_, exc) from None
        if item is None:
            return ReadResult(None, {})
        return ReadResult(id_, self._outputs(props, item))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = [k for k in INPUTS if (olds.get(k) or None) != (news.get(k) or None)]
        return DiffResult(changes=bool(replaces), replaces=replaces, delete_before_replace=True)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        print(
            f"partnerlink: the {props.get('decision')} of handshake {id_} cannot be undone; "
            "removing it from the stack only",
            file=sys.stderr,
            flush=True,
        )

    @staticmethod
    def _outputs(props: Mapping[str, Any], item: Mapping[str, Any]) -> dict[str, Any]:
        return {
            **{k: props.get(k) for k in INPUTS},
            "handshake_id": item["id"],
            "handshake_type": item.get("handshakeType"),
            "status": item["status"],
            "sender_account_id": item.get("senderAccountId"),
            "associated_resource_id": item.get("associatedResourceId"),
        }


@dataclass
class ChannelHandshakeResponseArgs:
    """Inputs of a ``ChannelHandshakeResponse`` (all replace).

    :param handshake_identifier: The handshake (``ch-`` id or ARN) this account received.
    :param decision: ACCEPT or REJECT.
    :param catalog: ``AWS`` (default) or ``Sandbox``.
    :param connection: ``{"profile", "region", "endpoint"}`` of the receiving account, when the
        same program also acts as the sender.
    """

    handshake_identifier: pulumi.Input[str]
    decision: pulumi.Input[str]
    catalog: pulumi.Input[str] = "AWS"
    connection: Mapping[str, str] | None = None


class ChannelHandshakeResponse(Resource, module="partnerlink", name="ChannelHandshakeResponse"):
    """The receiving account's answer to a channel handshake."""

    handshake_id: pulumi.Output[str]
    handshake_type: pulumi.Output[str]
    status: pulumi.Output[str]
    sender_account_id: pulumi.Output[str]
    associated_resource_id: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: ChannelHandshakeResponseArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        args = resolve_args(args, ChannelHandshakeResponseArgs, kwargs)
        props: dict[str, Any] = {
            "handshake_identifier": args.handshake_identifier,
            "decision": args.decision,
            "catalog": args.catalog,
            "connection": dict(args.connection) if args.connection else None,
        }
        super().__init__(
            ChannelHandshakeResponseProvider(), resource_name, with_outputs(type(self), props), opts
        )
