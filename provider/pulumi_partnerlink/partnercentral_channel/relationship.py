"""``ChannelRelationship``: a relationship between a program management account and an account.

- ``create`` = CreateRelationship (derived client token, tags in the call), then GetRelationship
  proves it live; a replay of a deleted one steps the token.
- ``read`` = GetRelationship (+ tags); gone -> empty id.
- ``display_name`` and ``requested_support_plan`` update in place with the current ``revision``
  (re-read and retried when stale); ``tags`` in place; everything else replaces.
- ``delete`` = DeleteRelationship with a client token; gone is success. Replacement deletes
  first: there is one relationship per (program management account, account).

GetRelationship does not return the requested support plan, so its drift cannot be seen; the
declared plan is kept in state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import pulumi
from botocore.exceptions import ClientError
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, Resource, UpdateResult

from ..args import resolve_args, with_outputs
from ..errors import ProviderError, error_code, provider_error
from ..tokens import create_with_tokens, derive_token, seed_for
from .common import (
    PartnerCentralProvider,
    bare_id,
    check_request,
    reconcile_tags,
    revision_retry,
    when,
)

RESOURCE = "ChannelRelationship"
CREATE_ONLY = (
    "catalog",
    "program_management_account_identifier",
    "association_type",
    "associated_account_id",
    "sector",
    "resale_account_model",
)
IN_PLACE = ("display_name", "requested_support_plan")
WIRE = {
    "catalog": "catalog",
    "association_type": "associationType",
    "program_management_account_identifier": "programManagementAccountIdentifier",
    "associated_account_id": "associatedAccountId",
    "display_name": "displayName",
    "resale_account_model": "resaleAccountModel",
    "sector": "sector",
}
PLAN_WIRE = {
    "resold_enterprise": "resoldEnterprise",
    "partner_led_support": "partnerLedSupport",
    "resold_unified_operations": "resoldUnifiedOperations",
}
PLAN_FIELD_WIRE = {
    "coverage": "coverage",
    "tam_location": "tamLocation",
    "charge_account_id": "chargeAccountId",
    "provider": "provider",
}


def support_plan_wire(plan: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not plan:
        return None
    return {
        PLAN_WIRE[k]: {PLAN_FIELD_WIRE[f]: v for f, v in body.items() if v is not None}
        for k, body in plan.items()
        if body and k in PLAN_WIRE
    }


class RelationshipNotFound(Exception):
    pass


class ChannelRelationshipProvider(PartnerCentralProvider):
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        plan = news.get("requested_support_plan")
        if isinstance(plan, Mapping):
            plan = {
                k: {f: v for f, v in (body or {}).items() if v is not None}
                for k, body in plan.items()
                if body
            }
        inputs = {
            **news,
            "catalog": news.get("catalog") or "AWS",
            "tags": news.get("tags") or {},
            "requested_support_plan": plan or None,
        }
        request = {WIRE[k]: inputs.get(k) for k in WIRE}
        if isinstance(plan, Mapping):
            request["requestedSupportPlan"] = support_plan_wire(plan)
        return CheckResult(inputs, check_request("CreateRelationship", request, inputs))

    def _get(self, props: Mapping[str, Any], rs_id: str) -> dict[str, Any]:
        try:
            detail: dict[str, Any] = self.api(props).get_relationship(
                catalog=props["catalog"],
                identifier=rs_id,
                programManagementAccountIdentifier=props["program_management_account_identifier"],
            )["relationshipDetail"]
        except ClientError as exc:
            if error_code(exc) == "ResourceNotFoundException":
                raise RelationshipNotFound(rs_id) from None
            raise
        return detail

    def create(self, props: dict[str, Any]) -> CreateResult:
        pma = bare_id(props["program_management_account_identifier"])
        what = f"{props['associated_account_id']} in {pma}"
        api = self.api(props)
        request = {WIRE[k]: props[k] for k in WIRE if props.get(k) is not None}
        plan = support_plan_wire(props.get("requested_support_plan"))
        if plan:
            request["requestedSupportPlan"] = plan
        try:
            identity = [str(props.get(k)) for k in CREATE_ONLY]
            tags = props.get("tags") or {}

            def attempt(token: str) -> dict[str, Any] | None:
                created = api.create_relationship(
                    **request,
                    clientToken=token,
                    tags=[{"key": k, "value": v} for k, v in sorted(tags.items())],
                )["relationshipDetail"]
                try:
                    return self._get(props, created["id"])
                except RelationshipNotFound:
                    return None  # a replayed answer for a deleted one

            detail, token = create_with_tokens(
                attempt,
                props["token_seed"],
                identity,
                props.get("client_token"),
                f"creating {RESOURCE} ({what})",
                "relationship",
            )
            return CreateResult(detail["id"], self._outputs(props, detail, tags, token))
        except ProviderError:
            raise
        except Exception as exc:
            raise provider_error("creating", RESOURCE, what, exc) from None

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        if not id_:
            return ReadResult(None, {})
        try:
            detail = self._get(props, id_)
            tags = self.tags_of(props, detail["arn"])
        except RelationshipNotFound:
            return ReadResult(None, {})
        except Exception as exc:
            raise provider_error("reading", RESOURCE, id_, exc) from None
        return ReadResult(id_, self._outputs(props, detail, tags, props.get("client_token")))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = [k for k in CREATE_ONLY if (olds.get(k) or None) != (news.get(k) or None)]
        changed = replaces + [
            k for k in (*IN_PLACE, "tags") if (olds.get(k) or None) != (news.get(k) or None)
        ]
        # One relationship per (PMA, account): a replacement that keeps both must delete first.
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=True)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        api = self.api(olds)
        try:
            changes: dict[str, Any] = {}
            if olds.get("display_name") != news.get("display_name"):
                changes["displayName"] = news["display_name"]
            if (olds.get("requested_support_plan") or None) != (
                news.get("requested_support_plan") or None
            ):
                changes["requestedSupportPlan"] = support_plan_wire(
                    news.get("requested_support_plan")
                )
            if changes:

                def attempt(revision: str) -> Any:
                    return api.update_relationship(
                        catalog=olds["catalog"],
                        identifier=id_,
                        revision=revision,
                        programManagementAccountIdentifier=olds[
                            "program_management_account_identifier"
                        ],
                        **changes,
                    )

                revision_retry(attempt, olds["revision"], lambda: self._get(olds, id_)["revision"])
            reconcile_tags(api, olds["arn"], news.get("tags") or {}, olds.get("tags") or {})
            detail = self._get(olds, id_)
        except Exception as exc:
            raise provider_error("updating", RESOURCE, id_, exc) from None
        return UpdateResult(
            self._outputs(news, detail, news.get("tags") or {}, olds.get("client_token"))
        )

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        if not id_:
            return
        try:
            self.api(props).delete_relationship(
                catalog=props["catalog"],
                identifier=id_,
                programManagementAccountIdentifier=props["program_management_account_identifier"],
                clientToken=derive_token(props.get("token_seed") or id_, [id_, "delete"]),
            )
        except ClientError as exc:
            if error_code(exc) == "ResourceNotFoundException":
                return
            raise provider_error("deleting", RESOURCE, id_, exc) from None

    @staticmethod
    def _outputs(
        props: Mapping[str, Any],
        detail: Mapping[str, Any],
        tags: Mapping[str, str],
        token: str | None,
    ) -> dict[str, Any]:
        return {
            **{
                k: props.get(k)
                for k in (*CREATE_ONLY, "requested_support_plan", "connection", "token_seed")
            },
            "display_name": detail.get("displayName"),
            "tags": dict(tags),
            "client_token": token,
            "relationship_id": detail["id"],
            "arn": detail["arn"],
            "revision": detail.get("revision"),
            "created_at": when(detail.get("createdAt")),
            "updated_at": when(detail.get("updatedAt")),
            "start_date": when(detail.get("startDate")),
        }


@dataclass
class SupportPlanTierArgs:
    """One support-plan option: ``coverage`` (ENTIRE_ORGANIZATION | MANAGEMENT_ACCOUNT_ONLY) and
    ``tam_location``; ``charge_account_id`` (resold tiers) or ``provider`` (partner-led)."""

    coverage: pulumi.Input[str]
    tam_location: pulumi.Input[str]
    charge_account_id: pulumi.Input[str] | None = None
    provider: pulumi.Input[str] | None = None


@dataclass
class SupportPlanArgs:
    """The requested support plan: set exactly one of the three."""

    resold_enterprise: SupportPlanTierArgs | None = None
    partner_led_support: SupportPlanTierArgs | None = None
    resold_unified_operations: SupportPlanTierArgs | None = None


@dataclass
class ChannelRelationshipArgs:
    """Inputs of a ``ChannelRelationship``: ``display_name``, ``requested_support_plan`` and
    ``tags`` update in place; the rest replaces.

    :param program_management_account_identifier: The PMA (``pma-`` id or ARN; accepts a
        ``ProgramManagementAccount``'s ``program_management_account_id``).
    :param association_type: DOWNSTREAM_SELLER, END_CUSTOMER or INTERNAL.
    :param associated_account_id: The 12-digit account on the other side.
    :param sector: COMMERCIAL, GOVERNMENT or GOVERNMENT_EXCEPTION.
    """

    program_management_account_identifier: pulumi.Input[str]
    association_type: pulumi.Input[str]
    associated_account_id: pulumi.Input[str]
    display_name: pulumi.Input[str]
    sector: pulumi.Input[str]
    catalog: pulumi.Input[str] = "AWS"
    resale_account_model: pulumi.Input[str] | None = None
    requested_support_plan: SupportPlanArgs | None = None
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None
    client_token: pulumi.Input[str] | None = None
    connection: Mapping[str, str] | None = None


def _plan_dict(plan: SupportPlanArgs | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    out = {}
    for f in fields(plan):
        tier = getattr(plan, f.name)
        if tier is not None:
            out[f.name] = {t.name: getattr(tier, t.name) for t in fields(tier)}
    return out


class ChannelRelationship(Resource, module="partnerlink", name="ChannelRelationship"):
    """A Partner Central Channel relationship (``rs-…``) under a program management account."""

    relationship_id: pulumi.Output[str]
    arn: pulumi.Output[str]
    revision: pulumi.Output[str]
    display_name: pulumi.Output[str]
    tags: pulumi.Output[dict[str, str]]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]
    start_date: pulumi.Output[str | None]
    client_token: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: ChannelRelationshipArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        args = resolve_args(args, ChannelRelationshipArgs, kwargs)
        props: dict[str, Any] = {f.name: getattr(args, f.name) for f in fields(args)}
        props.update(
            tags=args.tags or {},
            requested_support_plan=_plan_dict(args.requested_support_plan),
            connection=dict(args.connection) if args.connection else None,
            token_seed=seed_for(pulumi.get_project(), pulumi.get_stack(), resource_name),
        )
        super().__init__(
            ChannelRelationshipProvider(), resource_name, with_outputs(type(self), props), opts
        )
