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
from typing import Any

from botocore.exceptions import ClientError

from .._generated.relationship import (  # the typed surface, generated from SPEC
    ChannelRelationship,
    ChannelRelationshipArgs,
    ChannelRelationshipArgsDict,
    SupportPlanArgs,
    SupportPlanArgsDict,
    SupportPlanTierArgs,
    SupportPlanTierArgsDict,
)
from ..clients import pages
from ..config import ProviderSettings
from ..core import NotFound, Prop, ResourceSpec, Struct
from ..core.check import catalog_prop
from ..core.spec import key_prop, lifecycle_props
from ..dynamic import SpecProvider
from ..errors import error_code
from .common import (
    REL_LISTING,
    SERVICE,
    TAGS,
    ChannelRecordCore,
    bare_id,
    of_pma,
    pcc,
    record_output_specs,
    record_outputs,
)

__all__ = [
    "ChannelRelationship",
    "ChannelRelationshipArgs",
    "ChannelRelationshipArgsDict",
    "ChannelRelationshipProvider",
    "SupportPlanArgs",
    "SupportPlanArgsDict",
    "SupportPlanTierArgs",
    "SupportPlanTierArgsDict",
    "SupportPlanTierInput",
]

TIER = "SupportPlanTierArgs | SupportPlanTierArgsDict"
SUPPORT_PLAN = (
    Struct(
        "SupportPlanTier",
        (
            Prop("coverage", required=True),
            Prop("tam_location", required=True),
            Prop("charge_account_id"),
            Prop("provider"),
        ),
        doc="One support-plan option: ``coverage`` (ENTIRE_ORGANIZATION | "
        "MANAGEMENT_ACCOUNT_ONLY) and ``tam_location``; ``charge_account_id`` (resold tiers) "
        "or ``provider`` (partner-led).",
    ),
    Struct(
        "SupportPlan",
        tuple(
            Prop(name, py=TIER)
            for name in ("resold_enterprise", "partner_led_support", "resold_unified_operations")
        ),
        doc="The requested support plan: set exactly one of the three (Args or dicts).",
    ),
)
SPEC = ResourceSpec(
    name="ChannelRelationship",
    service=SERVICE,
    create="CreateRelationship",
    props=(
        catalog_prop(
            doc="``AWS`` or ``Sandbox`` (default: ``partnerlink:catalog``, else ``AWS``)."
        ),
        key_prop(
            "program_management_account_identifier",
            doc="The PMA (``pma-`` id or ARN; accepts a ``ProgramManagementAccount``'s "
            "``program_management_account_id``).",
        ),
        key_prop("association_type", doc="DOWNSTREAM_SELLER, END_CUSTOMER or INTERNAL."),
        key_prop("associated_account_id", doc="The 12-digit account on the other side."),
        Prop("display_name", required=True),
        key_prop("sector", doc="COMMERCIAL, GOVERNMENT or GOVERNMENT_EXCEPTION."),
        Prop("resale_account_model", create_only=True),
        Prop("requested_support_plan", py="SupportPlanArgs | SupportPlanArgsDict"),
        *lifecycle_props(
            "",
            "Take over the relationship that already exists for (PMA, account) and apply "
            "the declared display name, support plan and tags. Only consulted at create.",
            token_doc="",
            connection_doc="",
        ),
    ),
    tags=TAGS,
    # One relationship per (PMA, account): a replacement that keeps both must delete first.
    delete_before_replace=True,
    noun="relationship",
    doc="A Partner Central Channel relationship (``rs-…``) under a program management account.",
    args_doc="Inputs of a ``ChannelRelationship``: ``display_name``, ``requested_support_plan`` "
    "and ``tags`` update in place; the rest replaces.",
    outputs=record_output_specs("relationship_id"),
    structs=SUPPORT_PLAN,
    get_by=("program_management_account_identifier",),
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


class ChannelRelationshipCore(ChannelRecordCore):
    spec = SPEC
    listing = REL_LISTING
    # AWS keeps one per (program management account, account) (adopt relies on it too): a
    # second create with another token cannot make a second one, so a replay is settled by the
    # next token at once.
    duplicate_free = True

    def describe(self, props: Mapping[str, Any]) -> str:
        pma = bare_id(str(props.get("program_management_account_identifier")))
        return f"{props.get('associated_account_id')} in {pma}"

    def find(
        self, settings: ProviderSettings, props: Mapping[str, Any], id_: str, fresh: bool
    ) -> dict[str, Any]:
        """Right after a write: GetRelationship (the live proof), recorded into the shared
        listing. Otherwise (refresh): the PMA's relationships, listed once per process."""
        listing = self.listed_in(props)
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
        listing = pages(
            pcc(settings),
            "list_relationships",
            catalog=props["catalog"],
            programManagementAccountIdentifiers=[pma],
            associatedAccountIds=[props["associated_account_id"]],
            maxResults=100,
        )
        for item in (item for page in listing for item in page.get("items") or []):
            if not item.get("id"):  # optional in the model: without one it cannot be read
                continue
            try:
                return self.find(settings, props, str(item["id"]), fresh=True)
            except NotFound:
                continue
        return None

    def scope(self, props: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "programManagementAccountIdentifier": props["program_management_account_identifier"]
        }

    def listed_in(self, props: Mapping[str, Any]) -> dict[str, Any]:
        return of_pma(str(props["catalog"]), str(props["program_management_account_identifier"]))

    def outputs_from(self, props: Mapping[str, Any], live: Mapping[str, Any]) -> dict[str, Any]:
        return {**record_outputs(live, props), "relationship_id": live.get("id")}


class ChannelRelationshipProvider(SpecProvider, resource=ChannelRelationship):
    """The dynamic provider, pickled into state by reference (this path is public API)."""

    core_class = ChannelRelationshipCore


SupportPlanTierInput = SupportPlanTierArgs | SupportPlanTierArgsDict
