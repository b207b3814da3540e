"""``ChannelRelationship``: a relationship between a program management account and an account.

- ``create`` = CreateRelationship (derived client token, tags in the call), then GetRelationship
  proves it live; a replay of a deleted one, or a token conflict while no relationship exists for
  (PMA, account), steps the token generation.
- ``read`` = GetRelationship (+ tags); gone -> empty id.
- ``display_name`` and ``requested_support_plan`` update in place with the current ``revision``
  (re-read and retried when stale); ``tags`` in place; everything else replaces.
- ``adopt=True`` takes over the relationship of (PMA, associated account) if one exists.
- ``delete`` = DeleteRelationship with a client token; gone is success. Replacement deletes
  first: there is one relationship per (program management account, account).

GetRelationship does not return the requested support plan, so its drift cannot be seen; the
declared plan is kept in state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

import pulumi
from botocore.exceptions import ClientError

from ..config import ProviderSettings
from ..core import (
    NotFound,
    Prop,
    ResourceSpec,
    SpecCore,
    build_request,
)
from ..core.check import catalog_prop
from ..dynamic import ConnectionInput, SpecProvider, SpecResource
from ..errors import error_code
from .common import (
    REL_LISTING,
    SERVICE,
    bare_id,
    created_id,
    delete_token,
    of_pma,
    pcc,
    record_outputs,
    update_with_revision,
)

SPEC = ResourceSpec(
    name="ChannelRelationship",
    service=SERVICE,
    create="CreateRelationship",
    props=(
        catalog_prop(),
        Prop("program_management_account_identifier", create_only=True, required=True),
        Prop("association_type", create_only=True, required=True),
        Prop("associated_account_id", create_only=True, required=True),
        Prop("display_name", required=True),
        Prop("sector", create_only=True, required=True),
        Prop("resale_account_model", create_only=True),
        Prop("requested_support_plan"),
        Prop("tags", kind="tags"),
        Prop("client_token", create_only=True, diff=False),
        Prop("adopt", kind="bool", default=False, create_only=True, diff=False),
        Prop("connection", kind="connection", diff=False),
    ),
    tags=("tags", "key", "value"),
    # One relationship per (PMA, account): a replacement that keeps both must delete first.
    delete_before_replace=True,
    noun="relationship",
)


def find_relationship(settings: ProviderSettings, props: Mapping[str, Any], rs_id: str) -> Any:
    """GetRelationship; ``NotFound`` when it does not exist. Every member of the answer is
    optional: the id is the one asked for when AWS leaves it out."""
    if not rs_id:
        raise NotFound(rs_id)
    try:
        answer = pcc(settings).get_relationship(
            catalog=props["catalog"],
            identifier=rs_id,
            programManagementAccountIdentifier=props["program_management_account_identifier"],
        )
    except ClientError as exc:
        if error_code(exc) == "ResourceNotFoundException":
            raise NotFound(rs_id) from None
        raise
    detail: dict[str, Any] = dict(answer.get("relationshipDetail") or {})
    detail["id"] = detail.get("id") or rs_id
    return detail


class ChannelRelationshipCore(SpecCore):
    spec = SPEC

    def describe(self, props: Mapping[str, Any]) -> str:
        pma = bare_id(str(props.get("program_management_account_identifier")))
        return f"{props.get('associated_account_id')} in {pma}"

    def find(
        self, settings: ProviderSettings, props: Mapping[str, Any], id_: str, fresh: bool
    ) -> dict[str, Any]:
        """Right after a write: GetRelationship (the live proof), recorded into the shared
        listing. Otherwise (refresh): the PMA's relationships, listed once per process."""
        listing = of_pma(str(props["catalog"]), str(props["program_management_account_identifier"]))
        if fresh:
            found: dict[str, Any] = find_relationship(settings, props, id_)
            REL_LISTING.remember(settings, {found["id"]: found}, **listing)
            return found
        item = REL_LISTING.get(settings, **listing).get(id_) if id_ else None
        if item is None:
            raise NotFound(id_)
        return item

    def find_existing(
        self, settings: ProviderSettings, props: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        pma = bare_id(str(props["program_management_account_identifier"]))
        page = pcc(settings).list_relationships(
            catalog=props["catalog"],
            programManagementAccountIdentifiers=[pma],
            associatedAccountIds=[props["associated_account_id"]],
            maxResults=100,
        )
        for item in page.get("items") or []:
            if not item.get("id"):  # optional in the model: without one it cannot be read
                continue
            try:
                return self.find(settings, props, str(item["id"]), fresh=True)
            except NotFound:
                continue
        return None

    def send_create(
        self,
        settings: ProviderSettings,
        props: Mapping[str, Any],
        request: dict[str, Any],
        token: str,
    ) -> tuple[str, str | None]:
        created = pcc(settings).create_relationship(**{**request, "clientToken": token})
        # The ARN too: it lets the core ask AWS, by a no-op write, whether an object that
        # reads never showed exists at all.
        return created_id(created, "relationshipDetail"), (
            created.get("relationshipDetail") or {}
        ).get("arn")

    def apply_in_place(
        self,
        settings: ProviderSettings,
        id_: str,
        olds: Mapping[str, Any],
        news: Mapping[str, Any],
        changed: list[str],
    ) -> None:
        wanted = {
            k: news.get(k) for k in ("display_name", "requested_support_plan") if k in changed
        }
        request, _ = build_request(SPEC, {k: v for k, v in wanted.items() if v is not None})
        changes = {k: v for k, v in request.items() if k in ("displayName", "requestedSupportPlan")}
        if not changes:
            return
        update_with_revision(
            pcc(settings).update_relationship,
            olds,
            id_,
            lambda: self.find(settings, olds, id_, fresh=True),
            programManagementAccountIdentifier=olds["program_management_account_identifier"],
            **changes,
        )

    def delete_call(self, settings: ProviderSettings, id_: str, props: Mapping[str, Any]) -> None:
        try:
            pcc(settings).delete_relationship(
                catalog=props["catalog"],
                identifier=id_,
                programManagementAccountIdentifier=props["program_management_account_identifier"],
                clientToken=delete_token(props, id_),
            )
        finally:
            REL_LISTING.forget(
                settings,
                id_,
                **of_pma(
                    str(props["catalog"]), str(props["program_management_account_identifier"])
                ),
            )

    def outputs_from(self, props: Mapping[str, Any], live: Mapping[str, Any]) -> dict[str, Any]:
        return {**record_outputs(live, props), "relationship_id": live.get("id")}


class ChannelRelationshipProvider(SpecProvider):
    """The dynamic provider, pickled into state by reference (this path is public API)."""

    core_class = ChannelRelationshipCore


class SupportPlanTierArgsDict(TypedDict, total=False):
    coverage: pulumi.Input[str]
    tam_location: pulumi.Input[str]
    charge_account_id: pulumi.Input[str]
    provider: pulumi.Input[str]


@dataclass
class SupportPlanTierArgs:
    """One support-plan option: ``coverage`` (ENTIRE_ORGANIZATION | MANAGEMENT_ACCOUNT_ONLY) and
    ``tam_location``; ``charge_account_id`` (resold tiers) or ``provider`` (partner-led)."""

    coverage: pulumi.Input[str]
    tam_location: pulumi.Input[str]
    charge_account_id: pulumi.Input[str] | None = None
    provider: pulumi.Input[str] | None = None


SupportPlanTierInput = SupportPlanTierArgs | SupportPlanTierArgsDict


class SupportPlanArgsDict(TypedDict, total=False):
    resold_enterprise: pulumi.Input[SupportPlanTierInput]
    partner_led_support: pulumi.Input[SupportPlanTierInput]
    resold_unified_operations: pulumi.Input[SupportPlanTierInput]


@dataclass
class SupportPlanArgs:
    """The requested support plan: set exactly one of the three (Args or dicts)."""

    resold_enterprise: pulumi.Input[SupportPlanTierInput] | None = None
    partner_led_support: pulumi.Input[SupportPlanTierInput] | None = None
    resold_unified_operations: pulumi.Input[SupportPlanTierInput] | None = None


class ChannelRelationshipArgsDict(TypedDict, total=False):
    program_management_account_identifier: pulumi.Input[str]
    association_type: pulumi.Input[str]
    associated_account_id: pulumi.Input[str]
    display_name: pulumi.Input[str]
    sector: pulumi.Input[str]
    catalog: pulumi.Input[str]
    resale_account_model: pulumi.Input[str]
    requested_support_plan: pulumi.Input[SupportPlanArgs | SupportPlanArgsDict]
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    client_token: pulumi.Input[str]
    adopt: bool
    connection: pulumi.Input[ConnectionInput]


@dataclass
class ChannelRelationshipArgs:
    """Inputs of a ``ChannelRelationship``: ``display_name``, ``requested_support_plan`` and
    ``tags`` update in place; the rest replaces.

    :param program_management_account_identifier: The PMA (``pma-`` id or ARN; accepts a
        ``ProgramManagementAccount``'s ``program_management_account_id``).
    :param association_type: DOWNSTREAM_SELLER, END_CUSTOMER or INTERNAL.
    :param associated_account_id: The 12-digit account on the other side.
    :param sector: COMMERCIAL, GOVERNMENT or GOVERNMENT_EXCEPTION.
    :param adopt: Take over the relationship that already exists for (PMA, account) and apply the
        declared display name, support plan and tags. Only consulted at create.
    """

    program_management_account_identifier: pulumi.Input[str]
    association_type: pulumi.Input[str]
    associated_account_id: pulumi.Input[str]
    display_name: pulumi.Input[str]
    sector: pulumi.Input[str]
    catalog: pulumi.Input[str] = "AWS"
    resale_account_model: pulumi.Input[str] | None = None
    requested_support_plan: pulumi.Input[SupportPlanArgs | SupportPlanArgsDict] | None = None
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None
    client_token: pulumi.Input[str] | None = None
    adopt: bool = False
    connection: pulumi.Input[ConnectionInput] | None = None


class ChannelRelationship(SpecResource, module="partnerlink", name="ChannelRelationship"):
    """A Partner Central Channel relationship (``rs-…``) under a program management account."""

    _spec_provider = ChannelRelationshipProvider
    _spec_args = ChannelRelationshipArgs
    _get_by = ("program_management_account_identifier",)

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
        args: ChannelRelationshipArgs | ChannelRelationshipArgsDict | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(resource_name, args, opts, **kwargs)
