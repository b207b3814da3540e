"""``ChannelHandshake``: send a Partner Central Channel handshake, read it by listing, cancel it.

- ``check``: the model's rules for the CreateChannelHandshake request we would send, plus the
  documented ones: exactly the payload that matches ``handshake_type`` (none for
  PROGRAM_MANAGEMENT_ACCOUNT), MINIMUM_NOTICE_PERIOD needs ``minimum_notice_days``,
  FIXED_COMMITMENT_PERIOD needs a future ``end_date``, and identifiers of the right kind for the
  type (``pma-`` for PROGRAM_MANAGEMENT_ACCOUNT, ``rs-`` otherwise). No API call.
- ``create`` with a deterministic client token, tags in the same call, then a read through the
  listing: a replayed token whose handshake is CANCELED or EXPIRED steps to the next generation.
- ``read`` through the shared, coalesced listing (``common.LISTING``); CANCELED or EXPIRED count
  as gone (the next ``up`` sends a new handshake); ACCEPTED and REJECTED stay, visible in
  ``status``, and are not drift.
- ``diff``: every input but ``tags`` replaces, deleting first (a second PENDING handshake for the
  same resource would conflict); ``update`` = tags only.
- ``delete`` cancels a PENDING handshake; any other status has nothing to cancel (no call);
  already gone is success.
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import pulumi
from botocore import xform_name
from botocore.exceptions import ClientError
from botocore.model import Shape
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    UpdateResult,
)

from .. import tags as tagging
from ..args import resolve_args, with_outputs
from ..errors import ProviderError, error_code, provider_error
from ..tokens import create_with_tokens, seed_for
from ..unknown import is_unknown, present
from ..validation import Path, validate
from .common import (
    LISTING,
    MODEL,
    TERMINAL_GONE,
    HandshakeNotFound,
    PartnerCentralProvider,
    find_handshake,
    find_sent_for,
    reconcile_tags,
    sent,
)

RESOURCE = "ChannelHandshake"
TYPES = ("START_SERVICE_PERIOD", "REVOKE_SERVICE_PERIOD", "PROGRAM_MANAGEMENT_ACCOUNT")
PAYLOAD_PROPERTY = {
    "START_SERVICE_PERIOD": "start_service_period",
    "REVOKE_SERVICE_PERIOD": "revoke_service_period",
}
PAYLOAD_WIRE = {
    "start_service_period": "startServicePeriodPayload",
    "revoke_service_period": "revokeServicePeriodPayload",
}
DETAIL_WIRE = {
    "START_SERVICE_PERIOD": "startServicePeriodHandshakeDetail",
    "REVOKE_SERVICE_PERIOD": "revokeServicePeriodHandshakeDetail",
    "PROGRAM_MANAGEMENT_ACCOUNT": "programManagementAccountHandshakeDetail",
}
PAYLOAD_FIELDS = {
    "program_management_account_identifier": "programManagementAccountIdentifier",
    "service_period_type": "servicePeriodType",
    "minimum_notice_days": "minimumNoticeDays",
    "end_date": "endDate",
    "note": "note",
}
CREATE_ONLY = (
    "handshake_type",
    "catalog",
    "associated_resource_identifier",
    "start_service_period",
    "revoke_service_period",
)
_CREATE: Shape = MODEL.operation_model("CreateChannelHandshake").input_shape  # type: ignore[assignment]
READ_AFTER_CREATE_DELAYS = (0.5, 1.0)


def _snake_path(path: Path) -> str:
    """Wire path -> property path: ``payload.startServicePeriodPayload.note`` ->
    ``start_service_period.note``."""
    parts = list(path)
    if parts[:1] == ["payload"] and len(parts) > 1:
        wire = parts[1]
        prop = next((p for p, w in PAYLOAD_WIRE.items() if w == wire), str(wire))
        return ".".join([prop, *(xform_name(str(p)) for p in parts[2:] if not isinstance(p, int))])
    if parts[:1] == ["tags"]:
        return "tags"
    return xform_name(str(parts[0])) if parts else "(input)"


def _unknown_at(inputs: Mapping[str, Any], path: Path) -> bool:
    """Whether the user's value behind a payload member is unknown until apply."""
    if len(path) == 3 and path[0] == "payload":
        prop = next((p for p, w in PAYLOAD_WIRE.items() if w == path[1]), None)
        field = next((f for f, w in PAYLOAD_FIELDS.items() if w == path[2]), None)
        body = inputs.get(prop) if prop else None
        return isinstance(body, Mapping) and is_unknown(body.get(field))
    return False


def _iso(value: Any) -> str | None:
    """An ISO 8601 date or datetime (string or datetime) as a canonical UTC string, or None."""
    if isinstance(value, _dt.datetime):
        parsed = value
    elif isinstance(value, _dt.date):
        parsed = _dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            parsed = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.timezone.utc)
    return parsed.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _payload(props: Mapping[str, Any]) -> dict[str, Any] | None:
    """The wire payload for the declared type (None for PROGRAM_MANAGEMENT_ACCOUNT)."""
    prop = PAYLOAD_PROPERTY.get(props["handshake_type"])
    body = props.get(prop) if prop else None
    if not prop or not isinstance(body, Mapping) or not body:
        return None  # none for this type, or unknown until apply
    wire: dict[str, Any] = {}
    for key, value in body.items():
        if key not in PAYLOAD_FIELDS or not present(value):
            continue  # unknown until apply (or reported by check)
        if key == "end_date" and isinstance(value, str):
            value = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        wire[PAYLOAD_FIELDS[key]] = value
    return {PAYLOAD_WIRE[prop]: wire}


def _describe(props: Mapping[str, Any]) -> str:
    return f"{props.get('handshake_type')} for {props.get('associated_resource_identifier')}"


def _log(message: str) -> None:
    # The dynamic-provider host has no engine log channel; stderr reaches `pulumi ... --debug`
    # and the provider's log file.
    print(f"partnerlink: {message}", file=sys.stderr, flush=True)


class ChannelHandshakeProvider(PartnerCentralProvider):
    """The dynamic provider for ``ChannelHandshake``; holds only per-process settings."""

    # ------------------------------------------------------------------ check

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        failures: list[CheckFailure] = []
        inputs = dict(news)
        htype = news.get("handshake_type")
        catalog = news.get("catalog")
        if catalog is None or catalog == "":
            inputs["catalog"] = catalog = "AWS"
        assoc = news.get("associated_resource_identifier")
        if htype is None or htype == "":
            failures.append(CheckFailure("handshake_type", "handshake_type is required"))
        elif present(htype) and htype not in TYPES:
            failures.append(
                CheckFailure("handshake_type", f"handshake_type must be one of {', '.join(TYPES)}")
            )
        if assoc is None or assoc == "":
            failures.append(
                CheckFailure(
                    "associated_resource_identifier", "associated_resource_identifier is required"
                )
            )
        # Normalise the payloads: plain dicts, notice days as a string, end date canonical.
        for prop in PAYLOAD_WIRE:
            body = news.get(prop)
            if body is None or is_unknown(body):
                continue
            if not isinstance(body, Mapping):
                failures.append(CheckFailure(prop, f"{prop} must be an object"))
                continue
            body = {k: v for k, v in body.items() if v is not None}
            extra = sorted(set(body) - set(PAYLOAD_FIELDS))
            if extra:
                failures.append(
                    CheckFailure(prop, f"{prop} has unknown fields: {', '.join(extra)}")
                )
            days = body.get("minimum_notice_days")
            # Numbers reach the provider as floats (30 -> 30.0): the API wants a digit string.
            if (
                isinstance(days, int | float)
                and not isinstance(days, bool)
                and float(days).is_integer()
            ):
                body["minimum_notice_days"] = str(int(days))
            if present(body.get("end_date")):
                iso = _iso(body["end_date"])
                if iso is None:
                    failures.append(
                        CheckFailure(prop, f"{prop}.end_date must be an ISO 8601 date or date-time")
                    )
                else:
                    body["end_date"] = iso
            inputs[prop] = body
        if present(htype) and htype in TYPES:
            failures += self._type_rules(htype, assoc, inputs)
        if failures:
            return CheckResult(inputs, failures)

        request: dict[str, Any] = {
            "handshakeType": htype,
            "catalog": catalog,
            "associatedResourceIdentifier": assoc,
        }
        payload = _payload(inputs) if present(htype) else None
        if payload is not None:
            request["payload"] = payload
        if present(news.get("client_token")):
            request["clientToken"] = news["client_token"]
        tags = news.get("tags") or {}
        if present(tags):
            if not isinstance(tags, Mapping):
                return CheckResult(
                    inputs, [CheckFailure("tags", "tags must be a map of strings to strings")]
                )
            request["tags"] = [
                t for t in tagging.to_wire(tags, "key", "value") if present(t["value"])
            ]
        request = {k: v for k, v in request.items() if present(v)}
        for v in validate(_CREATE, request):
            if v.code == "required" and (
                tuple(v.path[:1]) in (("handshakeType",), ("associatedResourceIdentifier",))
                or _unknown_at(inputs, v.path)
            ):
                continue  # reported above, or unknown until apply
            prop = _snake_path(v.path)
            failures.append(
                CheckFailure(prop.split(".")[0], f"{prop} {v.message.removeprefix('Member ')}")
            )
        inputs["tags"] = dict(tags) if present(tags) else tags
        return CheckResult(inputs, failures)

    @staticmethod
    def _type_rules(htype: str, assoc: Any, inputs: dict[str, Any]) -> list[CheckFailure]:
        out: list[CheckFailure] = []
        wanted = PAYLOAD_PROPERTY.get(htype)
        for prop in PAYLOAD_WIRE:
            given = inputs.get(prop) is not None
            if prop == wanted and not given:
                out.append(CheckFailure(prop, f"a {htype} handshake needs {prop}"))
            elif prop != wanted and given:
                out.append(CheckFailure(prop, f"a {htype} handshake takes no {prop}"))
        if isinstance(assoc, str) and present(assoc):
            bare = assoc.rsplit("/", 1)[-1]
            kind = "pma-" if htype == "PROGRAM_MANAGEMENT_ACCOUNT" else "rs-"
            noun = "program management account" if kind == "pma-" else "relationship"
            if not bare.startswith(kind):
                out.append(
                    CheckFailure(
                        "associated_resource_identifier",
                        f"a {htype} handshake is associated with a {noun} ({kind}... id or ARN)",
                    )
                )
        body = inputs.get(wanted) if wanted else None
        if htype == "START_SERVICE_PERIOD" and isinstance(body, Mapping):
            ptype = body.get("service_period_type")
            if ptype == "MINIMUM_NOTICE_PERIOD" and body.get("minimum_notice_days") is None:
                out.append(
                    CheckFailure(
                        "start_service_period",
                        "start_service_period.minimum_notice_days is required for "
                        "MINIMUM_NOTICE_PERIOD",
                    )
                )
            if ptype == "FIXED_COMMITMENT_PERIOD":
                end = body.get("end_date")
                if end is None:
                    out.append(
                        CheckFailure(
                            "start_service_period",
                            "start_service_period.end_date is required for FIXED_COMMITMENT_PERIOD",
                        )
                    )
                elif present(end) and (_iso(end) or "") <= _now_iso():
                    out.append(
                        CheckFailure(
                            "start_service_period",
                            f"start_service_period.end_date must be in the future (got {end})",
                        )
                    )
        return out

    # ------------------------------------------------------------------ create

    def create(self, props: dict[str, Any]) -> CreateResult:
        what = _describe(props)
        api = self.api(props)
        try:
            identity = [json.dumps({k: props.get(k) for k in CREATE_ONLY}, sort_keys=True)]
            tags = props.get("tags") or {}

            def attempt(token: str) -> tuple[dict[str, Any], bool] | None:
                created = self._send(api, props, token)
                if created is None:  # adopt=True and a PENDING one of ours exists
                    adopted = self._adoptable(props)
                    assert adopted is not None
                    return adopted, True
                summary = self._read_after_create(props, created["id"])
                if summary is None or summary["status"] in TERMINAL_GONE:
                    return None  # a replayed answer for a handshake that is gone
                return summary, False

            (summary, adopted), token = create_with_tokens(
                attempt,
                props["token_seed"],
                identity,
                props.get("client_token"),
                f"creating {RESOURCE} ({what})",
                "handshake",
            )
            if adopted:
                reconcile_tags(api, summary["arn"], tags, known=None)
            outputs = self._outputs(props, summary, tags, None if adopted else token)
            return CreateResult(summary["id"], outputs)
        except ProviderError:
            raise
        except Exception as exc:
            raise provider_error("creating", RESOURCE, what, exc) from None

    def _send(self, api: Any, props: dict[str, Any], token: str) -> dict[str, Any] | None:
        kwargs: dict[str, Any] = {
            "handshakeType": props["handshake_type"],
            "catalog": props["catalog"],
            "associatedResourceIdentifier": props["associated_resource_identifier"],
            "clientToken": token,
            "tags": tagging.to_wire(props.get("tags"), "key", "value"),
        }
        payload = _payload(props)
        if payload is not None:
            kwargs["payload"] = payload
        try:
            created: dict[str, Any] = api.create_channel_handshake(**kwargs)[
                "channelHandshakeDetail"
            ]
            return created
        except ClientError as exc:
            if error_code(exc) != "ConflictException":
                raise
            if props.get("adopt") and self._adoptable(props) is not None:
                return None
            raise provider_error(
                "creating",
                RESOURCE,
                _describe(props),
                exc,
                hint="a PENDING handshake of this type for this resource already exists "
                "outside this stack (or the client token was used with other inputs). To manage "
                "the pending one, set adopt=True; to send a new one, cancel it first",
            ) from None

    def _adoptable(self, props: Mapping[str, Any]) -> dict[str, Any] | None:
        """The PENDING handshake we sent of this type for this resource, if any."""
        bare = str(props["associated_resource_identifier"]).rsplit("/", 1)[-1]
        params = sent(props["catalog"], props["handshake_type"])
        LISTING.invalidate(self.settings_for(props), **params)  # a fresh view
        for item in LISTING.get(self.settings_for(props), **params).values():
            if item.get("associatedResourceId") == bare and item.get("status") == "PENDING":
                return item
        return None

    def _read_after_create(
        self, props: Mapping[str, Any], handshake_id: str
    ) -> dict[str, Any] | None:
        resource = str(props["associated_resource_identifier"]).rsplit("/", 1)[-1]
        for delay in (*READ_AFTER_CREATE_DELAYS, None):
            try:
                return find_sent_for(
                    self.settings_for(props),
                    props["catalog"],
                    props["handshake_type"],
                    resource,
                    handshake_id,
                )
            except HandshakeNotFound:
                if delay is None:
                    return None
                time.sleep(delay)
        return None

    # ------------------------------------------------------------------ read

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        if not id_:
            return ReadResult(None, {})
        try:
            summary = find_handshake(
                self.settings_for(props), props["catalog"], props["handshake_type"], id_
            )
            if summary["status"] in TERMINAL_GONE:
                return ReadResult(None, {})
            tags = self.tags_of(props, summary["arn"])
        except HandshakeNotFound:
            return ReadResult(None, {})
        except Exception as exc:
            raise provider_error("reading", RESOURCE, f"{_describe(props)}, {id_}", exc) from None
        return ReadResult(id_, self._outputs(props, summary, tags, props.get("client_token")))

    # ------------------------------------------------------------------ diff / update / delete

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = [k for k in CREATE_ONLY if (olds.get(k) or None) != (news.get(k) or None)]
        changed = replaces + (
            ["tags"] if (olds.get("tags") or {}) != (news.get("tags") or {}) else []
        )
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=True)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        try:
            reconcile_tags(
                self.api(olds), olds["arn"], news.get("tags") or {}, olds.get("tags") or {}
            )
        except Exception as exc:
            raise provider_error("updating", RESOURCE, f"{_describe(olds)}, {id_}", exc) from None
        return UpdateResult(
            {**olds, "tags": dict(news.get("tags") or {}), "adopt": news.get("adopt")}
        )

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        if not id_:
            return
        settings = self.settings_for(props)
        try:
            summary = find_handshake(settings, props["catalog"], props["handshake_type"], id_)
        except HandshakeNotFound:
            return
        if summary["status"] != "PENDING":
            _log(f"handshake {id_} is {summary['status']}: nothing to cancel")
            return
        try:
            self.api(props).cancel_channel_handshake(catalog=props["catalog"], identifier=id_)
        except ClientError as exc:
            code = error_code(exc)
            if code == "ResourceNotFoundException":
                return
            if code == "ValidationException":  # decided or expired meanwhile: nothing to cancel
                _log(f"handshake {id_} is no longer pending: nothing to cancel")
                return
            raise provider_error("deleting", RESOURCE, f"{_describe(props)}, {id_}", exc) from None
        finally:
            LISTING.invalidate(settings, **sent(props["catalog"], props["handshake_type"]))

    # ------------------------------------------------------------------ outputs

    @staticmethod
    def _outputs(
        props: Mapping[str, Any],
        summary: Mapping[str, Any],
        tags: Mapping[str, str],
        token: str | None,
    ) -> dict[str, Any]:
        detail = (summary.get("detail") or {}).get(DETAIL_WIRE[props["handshake_type"]]) or {}

        def when(value: Any) -> str | None:
            return _iso(value) if value is not None else None

        return {
            **{k: props.get(k) for k in (*CREATE_ONLY, "adopt", "connection", "token_seed")},
            "tags": dict(tags),
            "client_token": token,
            "handshake_id": summary["id"],
            "arn": summary["arn"],
            "status": summary["status"],
            "sender_account_id": summary.get("senderAccountId"),
            "receiver_account_id": summary.get("receiverAccountId"),
            "associated_resource_id": summary.get("associatedResourceId"),
            "created_at": when(summary.get("createdAt")),
            "updated_at": when(summary.get("updatedAt")),
            "service_period_type": detail.get("servicePeriodType"),
            "minimum_notice_days": detail.get("minimumNoticeDays"),
            "start_date": when(detail.get("startDate")),
            "end_date": when(detail.get("endDate")),
            "program": detail.get("program"),
        }


@dataclass
class StartServicePeriodArgs:
    """Payload of a START_SERVICE_PERIOD handshake.

    :param program_management_account_identifier: The program management account (pma- id or ARN).
    :param service_period_type: MINIMUM_NOTICE_PERIOD or FIXED_COMMITMENT_PERIOD.
    :param minimum_notice_days: Required for MINIMUM_NOTICE_PERIOD (e.g. 14, 30, 60).
    :param end_date: Required for FIXED_COMMITMENT_PERIOD: an ISO 8601 date in the future.
    :param note: Up to 300 characters for the receiver.
    """

    program_management_account_identifier: pulumi.Input[str]
    service_period_type: pulumi.Input[str]
    minimum_notice_days: pulumi.Input[str | int] | None = None
    end_date: pulumi.Input[str] | None = None
    note: pulumi.Input[str] | None = None


@dataclass
class RevokeServicePeriodArgs:
    """Payload of a REVOKE_SERVICE_PERIOD handshake."""

    program_management_account_identifier: pulumi.Input[str]
    note: pulumi.Input[str] | None = None


@dataclass
class ChannelHandshakeArgs:
    """Inputs of a ``ChannelHandshake``; every input but ``tags`` replaces the handshake.

    :param handshake_type: START_SERVICE_PERIOD, REVOKE_SERVICE_PERIOD or
        PROGRAM_MANAGEMENT_ACCOUNT.
    :param associated_resource_identifier: The relationship (rs-) for service-period handshakes,
        the program management account (pma-) for PROGRAM_MANAGEMENT_ACCOUNT; id or ARN.
    :param catalog: The catalog, ``AWS`` (default) or ``Sandbox``.
    :param start_service_period: Payload, for START_SERVICE_PERIOD only.
    :param revoke_service_period: Payload, for REVOKE_SERVICE_PERIOD only.
    :param tags: Tags on the handshake (updated in place).
    :param client_token: Idempotency token; leave unset to let the provider derive one.
    :param adopt: Manage an existing PENDING handshake of this type for this resource instead of
        failing with a conflict. Only consulted at create.
    """

    handshake_type: pulumi.Input[str]
    associated_resource_identifier: pulumi.Input[str]
    catalog: pulumi.Input[str] = "AWS"
    start_service_period: StartServicePeriodArgs | None = None
    revoke_service_period: RevokeServicePeriodArgs | None = None
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None
    client_token: pulumi.Input[str] | None = None
    adopt: bool = False
    connection: Mapping[str, str] | None = None


def _plain(args: Any) -> dict[str, Any] | None:
    if args is None:
        return None
    return {f.name: getattr(args, f.name) for f in fields(args)}


class ChannelHandshake(Resource, module="partnerlink", name="ChannelHandshake"):
    """A Partner Central Channel handshake sent by this account.

    Type token ``pulumi-python:dynamic/partnerlink:ChannelHandshake``. Deleting it cancels it
    while PENDING; an ACCEPTED START_SERVICE_PERIOD handshake is not undone by deleting it (send
    a REVOKE_SERVICE_PERIOD handshake for that).
    """

    handshake_id: pulumi.Output[str]
    arn: pulumi.Output[str]
    status: pulumi.Output[str]
    """PENDING, ACCEPTED or REJECTED (CANCELED and EXPIRED ones drop out of state at refresh)."""
    sender_account_id: pulumi.Output[str]
    receiver_account_id: pulumi.Output[str]
    associated_resource_id: pulumi.Output[str]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]
    service_period_type: pulumi.Output[str | None]
    minimum_notice_days: pulumi.Output[str | None]
    start_date: pulumi.Output[str | None]
    end_date: pulumi.Output[str | None]
    program: pulumi.Output[str | None]
    tags: pulumi.Output[dict[str, str]]
    client_token: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: ChannelHandshakeArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        args = resolve_args(args, ChannelHandshakeArgs, kwargs)
        props: dict[str, Any] = {
            "handshake_type": args.handshake_type,
            "associated_resource_identifier": args.associated_resource_identifier,
            "catalog": args.catalog,
            "start_service_period": _plain(args.start_service_period),
            "revoke_service_period": _plain(args.revoke_service_period),
            "tags": args.tags or {},
            "client_token": args.client_token,
            "adopt": args.adopt,
            "connection": dict(args.connection) if args.connection else None,
            "token_seed": seed_for(pulumi.get_project(), pulumi.get_stack(), resource_name),
        }
        super().__init__(
            ChannelHandshakeProvider(), resource_name, with_outputs(type(self), props), opts
        )
